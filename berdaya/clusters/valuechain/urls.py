from django.urls import path

from . import views

app_name = "valuechain"
urlpatterns = [
    path("", views.index, name="index"),
    path("sentra/<int:sentra_pk>/", views.chain, name="chain"),
    path("sentra/<int:sentra_pk>/products/new/", views.product_create, name="product_create"),
    path("sentra/<int:sentra_pk>/prices/", views.price_list, name="price_list"),
    path("sentra/<int:sentra_pk>/prices/new/", views.price_create, name="price_create"),
    path("prices/<int:pk>/delete/", views.price_delete, name="price_delete"),
    path("sentra/<int:sentra_pk>/advance-sales/", views.advance_list, name="advance_list"),
    path("sentra/<int:sentra_pk>/advance-sales/new/", views.advance_create, name="advance_create"),
    path("sentra/<int:sentra_pk>/reference-rate/", views.rate_create, name="rate_create"),
    path("advance-sales/<int:pk>/", views.advance_detail, name="advance_detail"),
    path("advance-sales/<int:pk>/print/", views.advance_print, name="advance_print"),
    path("advance-sales/<int:pk>/delete/", views.advance_delete, name="advance_delete"),
]
