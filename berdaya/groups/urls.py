from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="group_create"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("memberships/<int:pk>/end/", views.member_end, name="member_end"),
    path("<int:pk>/officers/appoint/", views.officer_appoint, name="officer_appoint"),
    path("officer-terms/<int:pk>/end/", views.officer_end, name="officer_end"),
    path("<int:pk>/bylaws/", views.bylaws_edit, name="bylaws_edit"),
    path("<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/stage/", views.stage_record, name="stage_record"),
    path("<int:pk>/assignments/add/", views.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
]
