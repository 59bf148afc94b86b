from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "people"
# Persons live under /people/persons/ rather than /people/ itself so that the navigation's
# "starts with" highlighting does not mark People active on the Enterprises pages too.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="people:person_list", permanent=False)),
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("pick/persons/", views.person_pick, name="person_pick"),
    path("pick/households/", views.household_pick, name="household_pick"),
]
