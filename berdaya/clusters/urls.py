from django.urls import path

from . import views

app_name = "clusters"
urlpatterns = [
    path("", views.sentra_list, name="sentra_list"),
    path("new/", views.sentra_create, name="sentra_create"),
    path("<int:pk>/", views.sentra_detail, name="sentra_detail"),
    path("<int:pk>/edit/", views.sentra_edit, name="sentra_edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("<int:pk>/history/add/", views.year_add, name="year_add"),
    path("history/<int:pk>/edit/", views.year_edit, name="year_edit"),
    path("history/<int:pk>/remove/", views.year_remove, name="year_remove"),
    path("<int:pk>/infrastructure/", views.infrastructure, name="infrastructure"),
    path("<int:pk>/infrastructure/add/", views.infrastructure_add, name="infrastructure_add"),
    path("<int:pk>/readiness/", views.assessment_list, name="assessment_list"),
    path("<int:pk>/readiness/new/", views.assessment_new, name="assessment_new"),
    path("readiness/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("criteria/<int:programme_pk>/", views.criteria_edit, name="criteria"),
]
