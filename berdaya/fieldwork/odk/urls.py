from django.urls import path

from . import views

app_name = "odk"
urlpatterns = [
    path("", views.form_list, name="form_list"),
    path("forms/<str:kind>/<int:scope_id>.<str:fmt>", views.form_download, name="form_download"),
    path("upload/", views.upload, name="upload"),
    path("upload/<str:token>/ingest/", views.upload_commit, name="upload_commit"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/retry/", views.submission_retry, name="submission_retry"),
    path("servers/", views.source_list, name="source_list"),
    path("servers/new/", views.source_create, name="source_create"),
    path("servers/<int:pk>/", views.source_detail, name="source_detail"),
    path("servers/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("servers/<int:pk>/pull/", views.source_pull, name="source_pull"),
]
