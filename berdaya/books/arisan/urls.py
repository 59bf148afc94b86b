from django.urls import path

from . import views

app_name = "arisan"
urlpatterns = [
    path("groups/<int:group_id>/", views.cycle_list, name="cycles"),
    path("groups/<int:group_id>/new/", views.cycle_create, name="cycle_create"),
    path("groups/<int:group_id>/receivables/", views.receivables, name="receivables"),
    path("groups/<int:group_id>/receivables/<int:person_id>/settle/", views.settle, name="settle"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/print/", views.cycle_print, name="cycle_print"),
    path("cycles/<int:pk>/verify/", views.verify, name="verify"),
    path("cycles/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/contribute/", views.round_contribute, name="round_contribute"),
    path("rounds/<int:pk>/missed/<int:person_id>/", views.round_missed, name="round_missed"),
    path("rounds/<int:pk>/draw/", views.round_draw, name="round_draw"),
    path("rounds/<int:pk>/pay/", views.round_pay, name="round_pay"),
]
