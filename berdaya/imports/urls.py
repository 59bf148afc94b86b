from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("result/<str:token>/", views.import_result, name="import_result"),
    path("export/<str:kind>.xlsx", views.export, name="export"),
    path("template/<str:kind>.xlsx", views.template, name="template"),
]
