from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("group/<int:group_id>/", views.plan_for_group, name="plan_for_group"),
    path("group/<int:group_id>/new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/remove/", views.plan_remove, name="plan_remove"),
    path("<int:pk>/print/", views.plan_print, name="plan_print"),
    path("<int:pk>/calendar/", views.calendar_print, name="calendar"),
    # The five parts (circle, swot, commitments, steps, calendar) share these views; see views.PARTS.
    path("<int:pk>/<slug:part>/add/", views.part_add, name="part_add"),
    path("<slug:part>/<int:item_pk>/edit/", views.part_edit, name="part_edit"),
    path("<slug:part>/<int:item_pk>/remove/", views.part_remove, name="part_remove"),
    path("<slug:part>/<int:item_pk>/done/", views.part_done, name="part_done"),
]
