from django.urls import path

from . import views

app_name = "monthend"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
]
