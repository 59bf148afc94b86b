"""Loan pages through HTTP: the workflow, the card and PDF, and who may see and do what."""

import datetime as dt

import pytest
from django.urls import reverse

from berdaya.books.loans import services
from berdaya.books.loans.models import Loan, LoanPayment
from berdaya.groups.services import local_today

from .conftest import FIRST_DUE, OPEN


@pytest.fixture
def loan(make_loan):
    return make_loan()


def test_workflow_through_pages(world, cash, client_for):
    officer, manager = client_for("officer"), client_for("manager")
    url = reverse("loans:loan_apply", args=[world.group_a.pk])
    page = officer.get(url)
    assert page.status_code == 200 and "maker-checker" in page.content.decode()
    r = officer.post(
        url,
        {
            "person": world.people_a[1].pk,
            "principal": 1_000_000,
            "term_periods": 10,
            "rate_percent": "1",
            "method": "flat",
            "frequency": "monthly",
            "first_due_on": "2026-12-28",
            "purpose": "clay",
        },
    )
    assert r.status_code == 302
    loan = Loan.objects.get()
    # The maker cannot approve: the page says why and nothing changes.
    r = officer.post(reverse("loans:loan_approve", args=[loan.pk]), follow=True)
    assert "someone else must approve" in r.content.decode()
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPLIED
    assert manager.get(reverse("loans:loan_approve", args=[loan.pk])).status_code == 200
    manager.post(reverse("loans:loan_approve", args=[loan.pk]))
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED
    r = officer.post(
        reverse("loans:loan_disburse", args=[loan.pk]),
        {"on_date": local_today(world.group_a.place).isoformat(), "idempotency_key": "d1"},
    )
    assert r.status_code == 302, [m for m in r.content.decode().splitlines() if "error" in m]
    loan.refresh_from_db()
    assert loan.status == Loan.Status.DISBURSED and loan.instalments.count() == 10


def test_repay_form_prefills_amount_due_and_refuses_overpayment(world, loan, client_for):
    c = client_for("officer")
    url = reverse("loans:loan_repay", args=[loan.pk])
    page = c.get(url).content.decode()
    assert 'value="1100000"' in page  # all ten instalments are due by today (2026-11-23)
    r = c.post(url, {"amount": 1_100_001, "on_date": "2025-12-01", "idempotency_key": "k1"})
    assert r.status_code == 200 and "more than is owed" in r.content.decode()
    assert not LoanPayment.objects.exists()
    r = c.post(url, {"amount": 110_000, "on_date": "2025-02-10", "idempotency_key": "k1"})
    assert r.status_code == 302 and LoanPayment.objects.count() == 1


def test_lists_detail_portfolio_covers_policy_pages(world, loan, client_for):
    c = client_for("officer")
    g = world.group_a.pk
    page = c.get(reverse("loans:group_loans", args=[g]), {"q": "A2", "status": "disbursed"}).content.decode()
    assert "Anggota A2" in page and "PAR30" in page
    assert (
        "No loan matches" in c.get(reverse("loans:group_loans", args=[g]), {"q": "nobody"}).content.decode()
    )
    detail = c.get(reverse("loans:loan_detail", args=[loan.pk])).content.decode()
    assert "Effective annual rate" in detail and "Record repayment" in detail
    portfolio = c.get(reverse("loans:portfolio", args=[g])).content.decode()
    assert "How PAR is computed" in portfolio and "Anggota A2" in portfolio
    assert "Nobody owes cover" in c.get(reverse("loans:covers", args=[g])).content.decode()
    r = c.post(
        reverse("loans:policy", args=[g]),
        {
            "rounding_unit": 500,
            "payment_order": "penalty,interest,principal",
            "default_method": "flat",
            "default_frequency": "monthly",
            "default_rate_percent": "1.5",
            "lancar_max_days": 0,
            "dpk_max_days": 90,
            "kurang_lancar_max_days": 120,
            "diragukan_max_days": 180,
            "late_fee": 2000,
            "late_fee_grace_days": 3,
            "cover_split": "pro_rata",
            "fund_cover_limit": "",
            "block_loans_while_cover_owed": "on",
        },
    )
    assert r.status_code == 302
    assert services.policy_for(world.group_a).rounding_unit == 500


def test_cover_and_settle_pages(world, loan, client_for):
    c = client_for("officer")
    r = c.post(
        reverse("loans:loan_cover", args=[loan.pk]), {"on_date": "2025-02-10", "idempotency_key": "c1"}
    )
    assert r.status_code == 302
    page = c.get(reverse("loans:covers", args=[world.group_a.pk])).content.decode()
    assert "Anggota A2" in page and "27.500" in page
    settle = reverse("loans:cover_settle", args=[world.group_a.pk, loan.person_id])
    assert 'value="110000"' in c.get(settle).content.decode()
    assert (
        c.post(settle, {"amount": 110_000, "on_date": "2025-02-20", "idempotency_key": "s1"}).status_code
        == 302
    )
    assert "Nobody owes cover" in c.get(reverse("loans:covers", args=[world.group_a.pk])).content.decode()


def test_loan_card_html_and_pdf(world, loan, client_for):
    c = client_for("officer")
    url = reverse("loans:loan_card", args=[loan.pk])
    page = c.get(url).content.decode()
    assert "Loan card" in page and "110.000" in page and "satu juta" in page.lower()
    pdf = c.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


# --- permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator", "officer", "auditor", "partner"])
def test_readers_see_the_books_pages(world, loan, client_for, role):
    c = client_for(role)
    for url in (
        reverse("loans:group_loans", args=[world.group_a.pk]),
        reverse("loans:loan_detail", args=[loan.pk]),
        reverse("loans:portfolio", args=[world.group_a.pk]),
        reverse("loans:loan_card", args=[loan.pk]),
    ):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_get_403_on_writes(world, loan, client_for, role):
    c = client_for(role)
    for url in (
        reverse("loans:loan_apply", args=[world.group_a.pk]),
        reverse("loans:loan_repay", args=[loan.pk]),
        reverse("loans:policy", args=[world.group_a.pk]),
        reverse("loans:loan_cover", args=[loan.pk]),
    ):
        assert c.post(url, {}).status_code == 403, url
    assert not LoanPayment.objects.exists()


def test_outsider_gets_404_everywhere(world, loan, client_for):
    c = client_for("outsider")
    for url in (
        reverse("loans:group_loans", args=[world.group_a.pk]),
        reverse("loans:loan_detail", args=[loan.pk]),
        reverse("loans:loan_card", args=[loan.pk]),
        reverse("loans:portfolio", args=[world.group_a.pk]),
        reverse("loans:covers", args=[world.group_a.pk]),
    ):
        assert c.get(url).status_code == 404, url
    assert c.post(reverse("loans:loan_repay", args=[loan.pk]), {"amount": 1}).status_code == 404


def test_member_sees_only_their_own_loan_card(world, make_loan, client_for):
    own = make_loan(world.people_a[1])  # the member user is people_a[1]
    other = make_loan(world.people_a[2])
    c = client_for("member")
    assert c.get(reverse("loans:loan_card", args=[own.pk])).status_code == 200
    assert c.get(reverse("loans:loan_card", args=[other.pk])).status_code == 404
    assert c.get(reverse("loans:loan_detail", args=[own.pk])).status_code == 404
    assert c.get(reverse("loans:group_loans", args=[world.group_a.pk])).status_code == 404
    mine = c.get(reverse("loans:my_loans")).content.decode()
    assert reverse("loans:loan_card", args=[own.pk]) in mine
    assert reverse("loans:loan_card", args=[other.pk]) not in mine


def test_empty_states(world, bylaws, client_for):
    page = client_for("officer").get(reverse("loans:group_loans", args=[world.group_a.pk])).content.decode()
    assert "Record the first application" in page
    assert "You have no loans" in client_for("member").get(reverse("loans:my_loans")).content.decode()
    assert dt.date(2025, 1, 1) < OPEN < FIRST_DUE
