from django.urls import path

from . import views

app_name = "pra"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("<int:pk>/ranking/", views.ranking_print, name="ranking_print"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/new/", views.participant_new, name="participant_new"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/problems/add/", views.problem_add, name="problem_add"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/remove/", views.problem_remove, name="problem_remove"),
    path("<int:pk>/vote/", views.voting, name="voting"),
    path("<int:pk>/pairwise/", views.pairwise, name="pairwise"),
    path("<int:pk>/potentials/add/", views.potential_add, name="potential_add"),
    path("potentials/<int:pk>/remove/", views.potential_remove, name="potential_remove"),
    path("<int:pk>/needs/add/", views.need_add, name="need_add"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/remove/", views.need_remove, name="need_remove"),
    path("<int:pk>/suggest/", views.suggest, name="suggest"),
    path("<int:pk>/suggestions/add/", views.suggestion_add, name="suggestion_add"),
    path("<int:pk>/suggestions/move/", views.move, name="move"),
    path("<int:pk>/create-groups/", views.create_groups, name="create_groups"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion_edit"),
    path("suggestions/<int:pk>/remove/", views.suggestion_remove, name="suggestion_remove"),
]
