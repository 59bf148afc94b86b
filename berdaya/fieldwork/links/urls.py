from django.urls import path

from . import views

app_name = "links"
urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/print/", views.proposal_print, name="proposal_print"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/approve/", views.proposal_approve, name="proposal_approve"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/receive/", views.proposal_receive, name="proposal_receive"),
    path("market/", views.link_list, name="link_list"),
    path("market/new/", views.link_create, name="link_create"),
    path("market/<int:pk>/", views.link_detail, name="link_detail"),
    path("market/<int:pk>/edit/", views.link_edit, name="link_edit"),
    path("market/<int:pk>/sales/new/", views.sale_create, name="sale_create"),
    path("market/<int:pk>/end/", views.link_end, name="link_end"),
]
