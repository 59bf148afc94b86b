from django.urls import path

from . import views

app_name = "sheets"
urlpatterns = [
    path("group/<int:group_id>/", views.sheet_list, name="sheet_list"),
    path("group/<int:group_id>/start/", views.sheet_start, name="sheet_start"),
    path("meeting/<int:pk>/", views.sheet, name="sheet"),
    path("<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("<int:pk>/print/", views.sheet_print, name="sheet_print"),
    path("<int:pk>/receipt/<int:person_id>/", views.receipt, name="receipt"),
]
