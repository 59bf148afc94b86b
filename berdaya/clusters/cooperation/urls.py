from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("", views.index, name="index"),
    path("sentra/<int:sentra_pk>/map/", views.actor_map, name="actor_map"),
    path("sentra/<int:sentra_pk>/actors/new/", views.actor_create, name="actor_create"),
    path("sentra/<int:sentra_pk>/actors/add-units/", views.core_enterprises, name="core_enterprises"),
    path("sentra/<int:sentra_pk>/links/new/", views.link_create, name="link_create"),
    path("sentra/<int:sentra_pk>/records/", views.record_list, name="record_list"),
    path("sentra/<int:sentra_pk>/records/new/", views.record_create, name="record_create"),
    path("actors/<int:pk>/edit/", views.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/delete/", views.actor_delete, name="actor_delete"),
    path("links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/print/", views.record_print, name="record_print"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("records/<int:pk>/actors/new/", views.participant_add, name="participant_add"),
    path("records/<int:pk>/inputs/new/", views.input_add, name="input_add"),
    path("records/<int:pk>/steps/new/", views.step_add, name="step_add"),
    path("records/<int:pk>/results/new/", views.result_add, name="result_add"),
    path("steps/<int:pk>/move/", views.step_move, name="step_move"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("inputs/<int:pk>/remove/", views.input_remove, name="input_remove"),
    path("results/<int:pk>/remove/", views.result_remove, name="result_remove"),
]
