import datetime as dt

from django.urls import path, register_converter

from . import views


class IsoDateConverter:
    """A date in a path (YYYY-MM-DD): printed statements carry their period in the path, so the
    "Download PDF" link (``?format=pdf``) of the print page keeps it."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise ValueError(value) from e

    def to_url(self, value):
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(IsoDateConverter, "booksdate")

app_name = "books"
urlpatterns = [
    path("<int:group_id>/", views.hub, name="hub"),
    path("<int:group_id>/savings/", views.savings_list, name="savings"),
    path("<int:group_id>/savings/deposit/", views.deposit, name="deposit"),
    path("<int:group_id>/savings/withdraw/", views.withdraw, name="withdraw"),
    path("<int:group_id>/savings/refund/<int:person_id>/", views.refund, name="refund"),
    path("<int:group_id>/members/<int:person_id>/passbook/", views.passbook, name="passbook"),
    path(
        "<int:group_id>/members/<int:person_id>/passbook/print/", views.passbook_print, name="passbook_print"
    ),
    path(
        "<int:group_id>/members/<int:person_id>/statement/", views.member_statement, name="member_statement"
    ),
    path(
        "<int:group_id>/members/<int:person_id>/statement/<booksdate:since>/<booksdate:until>/print/",
        views.member_statement_print,
        name="member_statement_print",
    ),
    path("<int:group_id>/journal/", views.journal, name="journal"),
    path("<int:group_id>/journal/new/", views.manual_entry, name="manual_entry"),
    path("<int:group_id>/journal/<int:entry_id>/", views.entry_detail, name="entry_detail"),
    path("<int:group_id>/journal/<int:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("<int:group_id>/close/", views.period_close, name="period_close"),
    path("<int:group_id>/statements/", views.statements, name="statements"),
    path("<int:group_id>/statements/cashbook/", views.cashbook, name="cashbook"),
    path("<int:group_id>/statements/trial-balance/", views.trial_balance, name="trial_balance"),
    path("<int:group_id>/statements/balance-sheet/", views.balance_sheet, name="balance_sheet"),
    path("<int:group_id>/statements/income/", views.income_statement, name="income_statement"),
    path(
        "<int:group_id>/statements/<slug:kind>/<booksdate:since>/<booksdate:until>/print/",
        views.statement_print,
        name="statement_print",
    ),
    path("<int:group_id>/shu/", views.shu_page, name="shu"),
    path("<int:group_id>/shu/policy/", views.shu_policy, name="shu_policy"),
    path("<int:group_id>/shu/<int:year>/", views.shu_record, name="shu_record"),
]
