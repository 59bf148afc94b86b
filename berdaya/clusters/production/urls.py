from django.urls import path

from . import views

app_name = "production"
urlpatterns = [
    path("sentra/<int:sentra_pk>/capacities/", views.capacity_list, name="capacity_list"),
    path("sentra/<int:sentra_pk>/capacities/edit/", views.capacity_edit, name="capacity_edit"),
    path("sentra/<int:sentra_pk>/orders/", views.order_list, name="order_list"),
    path("sentra/<int:sentra_pk>/orders/new/", views.order_create, name="order_create"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/split/", views.order_split, name="order_split"),
    path("orders/<int:pk>/adjust/", views.order_adjust, name="order_adjust"),
    path("orders/<int:pk>/deliveries/new/", views.delivery_add, name="delivery_add"),
    path("deliveries/<int:pk>/remove/", views.delivery_remove, name="delivery_remove"),
    path("orders/<int:pk>/pay/", views.order_pay, name="order_pay"),
    path("orders/<int:pk>/payment/", views.payment_sheet, name="payment_sheet"),
    path("sentra/<int:sentra_pk>/contracts/", views.contract_list, name="contract_list"),
    path("sentra/<int:sentra_pk>/contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/deliveries/new/", views.sub_delivery_add, name="sub_delivery_add"),
]
