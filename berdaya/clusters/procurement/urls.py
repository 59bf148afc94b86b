from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("sentra/<int:sentra_pk>/", views.purchase_list, name="purchase_list"),
    path("sentra/<int:sentra_pk>/new/", views.purchase_create, name="purchase_create"),
    path("sentra/<int:sentra_pk>/suppliers/", views.supplier_list, name="supplier_list"),
    path("sentra/<int:sentra_pk>/suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("prices/<int:pk>/remove/", views.price_break_remove, name="price_break_remove"),
    path("<int:pk>/", views.purchase_detail, name="purchase_detail"),
    path("<int:pk>/needs/", views.need_add, name="need_add"),
    path("needs/<int:pk>/remove/", views.need_remove, name="need_remove"),
    path("<int:pk>/order/", views.purchase_order, name="purchase_order"),
    path("<int:pk>/deliveries/", views.delivery_add, name="delivery_add"),
    path("<int:pk>/handouts/", views.handout_add, name="handout_add"),
    path("<int:pk>/close/", views.purchase_close, name="purchase_close"),
    path("<int:pk>/settle/", views.purchase_settle, name="purchase_settle"),
    path("<int:pk>/bills/<int:enterprise_pk>/", views.bill, name="bill"),
]
