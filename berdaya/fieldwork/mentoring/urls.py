from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_draft, name="report_draft"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/print/", views.report_print, name="report_print"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/refresh/", views.report_refresh, name="report_refresh"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("coverage/", views.coverage, name="coverage"),
    path("intensity/", views.intensity, name="intensity"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("calendar-items/<int:pk>/done/", views.calendar_item_done, name="calendar_item_done"),
]
