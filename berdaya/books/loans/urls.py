from django.urls import path

from . import views

app_name = "loans"
urlpatterns = [
    path("mine/", views.my_loans, name="my_loans"),
    path("group/<int:group_id>/", views.group_loans, name="group_loans"),
    path("group/<int:group_id>/apply/", views.loan_apply, name="loan_apply"),
    path("group/<int:group_id>/portfolio/", views.portfolio, name="portfolio"),
    path("group/<int:group_id>/policy/", views.policy_edit, name="policy"),
    path("group/<int:group_id>/covers/", views.covers, name="covers"),
    path("group/<int:group_id>/covers/<int:person_id>/settle/", views.cover_settle, name="cover_settle"),
    path("<int:pk>/", views.loan_detail, name="loan_detail"),
    path("<int:pk>/card/", views.loan_card, name="loan_card"),
    path("<int:pk>/approve/", views.loan_approve, name="loan_approve"),
    path("<int:pk>/reject/", views.loan_reject, name="loan_reject"),
    path("<int:pk>/disburse/", views.loan_disburse, name="loan_disburse"),
    path("<int:pk>/repay/", views.loan_repay, name="loan_repay"),
    path("<int:pk>/cover/", views.loan_cover, name="loan_cover"),
]
