"""Charts of accounts: the template each group's books are opened from, by group kind.

Codes are fixed across groups so that services, reports and the month-end rollups can name an account
by its code ("1100" is always cash). Member sub-ledgers (a member's savings, loan, cover owed) are not
separate accounts: every leg may carry the member (``Leg.person``), so one account holds all members'
balances and a member's balance is a filtered sum.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ASSET, LIABILITY, EQUITY, INCOME, EXPENSE = "asset", "liability", "equity", "income", "expense"
KIND_CHOICES = [
    (ASSET, _("Asset")),
    (LIABILITY, _("Liability")),
    (EQUITY, _("Equity")),
    (INCOME, _("Income")),
    (EXPENSE, _("Expense")),
]
# Assets and expenses grow on the debit side; the rest on the credit side.
DEBIT_NORMAL = {ASSET, EXPENSE}

CASH = "1100"
BANK = "1110"
LOANS = "1200"
FUND_LOANS = "1210"
COVER_RECEIVABLE = "1300"
ARISAN_RECEIVABLE = "1400"
INVENTORY = "1500"
VOLUNTARY = "2100"
ARISAN_POT = "2200"
COVER_PAYABLE = "2300"
SHU_PAYABLE = "2400"
MANAGEMENT_FUND = "2510"
EDUCATION_FUND = "2520"
SOCIAL_FUND = "2530"
REVOLVING_FUND = "2600"
PRINCIPAL = "3100"
MANDATORY = "3200"
RESERVE = "3300"
GRANTS = "3400"
SURPLUS = "3900"
INTEREST_INCOME = "4100"
FINES = "4200"
DUES = "4300"
ADMIN_FEES = "4400"
SALES = "4500"
OTHER_INCOME = "4900"
OPERATING = "5100"
COST_OF_SALES = "5300"
OTHER_EXPENSE = "5900"

# (code, kind, name). The names are what the treasurer sees; Indonesian first in the translation.
_COMMON = [
    (CASH, ASSET, _("Cash (kas)")),
    (BANK, ASSET, _("Bank or other account")),
    (LOANS, ASSET, _("Member loans receivable")),
    (FUND_LOANS, ASSET, _("Revolving fund loans receivable")),
    (COVER_RECEIVABLE, ASSET, _("Joint-liability cover receivable")),
    (ARISAN_RECEIVABLE, ASSET, _("Arisan receivable")),
    (VOLUNTARY, LIABILITY, _("Voluntary savings (sukarela)")),
    (ARISAN_POT, LIABILITY, _("Arisan pot held")),
    (COVER_PAYABLE, LIABILITY, _("Cover owed to members")),
    (SHU_PAYABLE, LIABILITY, _("SHU payable to members")),
    (MANAGEMENT_FUND, LIABILITY, _("Management fund")),
    (EDUCATION_FUND, LIABILITY, _("Education fund")),
    (SOCIAL_FUND, LIABILITY, _("Social fund")),
    (REVOLVING_FUND, LIABILITY, _("Revolving stimulant fund")),
    (PRINCIPAL, EQUITY, _("Principal savings (pokok)")),
    (MANDATORY, EQUITY, _("Mandatory savings (wajib)")),
    (RESERVE, EQUITY, _("Reserve (cadangan)")),
    (GRANTS, EQUITY, _("Grants received")),
    (SURPLUS, EQUITY, _("Retained surplus (SHU)")),
    (INTEREST_INCOME, INCOME, _("Loan interest (jasa pinjaman)")),
    (FINES, INCOME, _("Fines and penalties (denda)")),
    (DUES, INCOME, _("Member dues (iuran)")),
    (ADMIN_FEES, INCOME, _("Administration fees")),
    (OTHER_INCOME, INCOME, _("Other income")),
    (OPERATING, EXPENSE, _("Operating expenses")),
    (OTHER_EXPENSE, EXPENSE, _("Other expenses")),
]
# A KUBE, a cooperative and a sentra association run a business together; a paguyuban or CBO mostly
# saves, lends and holds arisan, so its chart stays short for the treasurer.
_BUSINESS = [
    (INVENTORY, ASSET, _("Inventory (persediaan)")),
    (SALES, INCOME, _("Sales")),
    (COST_OF_SALES, EXPENSE, _("Cost of goods sold")),
]
TEMPLATES = {
    "kube": _COMMON + _BUSINESS,
    "kuw": _COMMON + _BUSINESS,
    "cooperative": _COMMON + _BUSINESS,
    "sentra_association": _COMMON + _BUSINESS,
    "paguyuban": _COMMON,
    "cbo": _COMMON,
}

# Accounts whose legs must name the member they belong to.
MEMBER_ACCOUNTS = {
    LOANS,
    FUND_LOANS,
    COVER_RECEIVABLE,
    ARISAN_RECEIVABLE,
    VOLUNTARY,
    COVER_PAYABLE,
    SHU_PAYABLE,
    PRINCIPAL,
    MANDATORY,
}
# Money the group holds: the cashbook (buku kas) lists movements of these.
CASH_ACCOUNTS = (CASH, BANK)


def template_for(kind: str) -> list[tuple[str, str, object]]:
    return sorted(TEMPLATES.get(kind, _COMMON), key=lambda row: row[0])


# The kind of every account code any template uses (the same code always has the same kind).
KIND_OF = {code: kind for code, kind, _name in _COMMON + _BUSINESS}
