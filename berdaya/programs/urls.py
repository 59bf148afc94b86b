from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/stages/", views.programme_stages, name="programme_stages"),
    path("<int:pk>/stages/<int:stage_pk>/remove/", views.stage_remove, name="stage_remove"),
    path("<int:pk>/sites/", views.programme_sites, name="programme_sites"),
    path("<int:pk>/sites/<int:site_pk>/remove/", views.site_remove, name="site_remove"),
    path("<int:pk>/criteria/", views.programme_criteria, name="programme_criteria"),
    path("<int:pk>/roles/", views.role_matrix, name="role_matrix"),
    path("<int:pk>/roles/<int:role_pk>/withdraw/", views.role_withdraw, name="role_withdraw"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
]
