from django.urls import path

from . import views

app_name = "innovation"
urlpatterns = [
    path("", views.innovation_list, name="innovation_list"),
    path("new/", views.innovation_create, name="innovation_create"),
    path("<int:pk>/", views.innovation_detail, name="innovation_detail"),
    path("<int:pk>/edit/", views.innovation_edit, name="innovation_edit"),
    path("<int:pk>/stages/new/", views.record_stage, name="record_stage"),
    path("steps/<int:pk>/remove/", views.step_remove, name="step_remove"),
]
