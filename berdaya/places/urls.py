from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("autocomplete/", views.autocomplete, name="autocomplete"),
    path("<str:code>/", views.place_detail, name="place_detail"),
]
