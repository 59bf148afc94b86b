from django.urls import path

from . import views

app_name = "conveyor"
urlpatterns = [
    path("", views.index, name="index"),
    path("sentra/<int:sentra_pk>/", views.line_list, name="line_list"),
    path("sentra/<int:sentra_pk>/new/", views.line_create, name="line_create"),
    path("<int:pk>/", views.line_detail, name="line_detail"),
    path("<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/print/", views.line_print, name="line_print"),
    path("<int:pk>/stages/new/", views.stage_add, name="stage_add"),
    path("<int:pk>/week/", views.week_entry, name="week_entry"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/remove/", views.stage_remove, name="stage_remove"),
]
