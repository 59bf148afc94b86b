from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_create, name="training_create"),
    path("<int:pk>/", views.training_detail, name="training_detail"),
    path("<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("<int:pk>/delete/", views.training_delete, name="training_delete"),
    path("<int:pk>/checklist/add/", views.checklist_add, name="checklist_add"),
    path("checklist/<int:pk>/tick/", views.checklist_tick, name="checklist_tick"),
    path("checklist/<int:pk>/remove/", views.checklist_remove, name="checklist_remove"),
    path("<int:pk>/partners/add/", views.partner_add, name="partner_add"),
    path("partners/<int:pk>/remove/", views.partner_remove, name="partner_remove"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/remove/", views.session_remove, name="session_remove"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/participants/add/", views.participants_add, name="participants_add"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/skills/", views.assessments, name="assessments"),
    path("<int:pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:pk>/remove/", views.outcome_remove, name="outcome_remove"),
    path("<int:pk>/attendance-list/", views.attendance_list, name="attendance_list"),
    path("<int:pk>/certificates/<int:person_id>/", views.certificate, name="certificate"),
]
