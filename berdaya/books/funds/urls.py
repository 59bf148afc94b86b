from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.grant_list, name="grant_list"),
    path("new/", views.grant_create, name="grant_create"),
    path("<int:pk>/", views.grant_detail, name="grant_detail"),
    path("<int:pk>/audit/", views.grant_audit, name="grant_audit"),
    path("<int:pk>/groups/add/", views.grant_add_group, name="grant_add_group"),
    path("<int:pk>/groups/<int:group_id>/plan/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/groups/<int:group_id>/receive/", views.receive, name="receive"),
    path("<int:pk>/groups/<int:group_id>/disburse/", views.disburse, name="disburse"),
    path("<int:pk>/groups/<int:group_id>/relend/", views.relend, name="relend"),
    path("allocations/<int:pk>/repay/", views.repay, name="repay"),
    path("allocations/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("groups/<int:group_id>/", views.group_funds, name="group_funds"),
    path("groups/<int:group_id>/rules/", views.group_rules, name="group_rules"),
    path("groups/<int:group_id>/breakdown/", views.breakdown, name="breakdown"),
    path("rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
]
