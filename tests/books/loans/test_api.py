"""Loans API: the workflow, idempotent repayments, cover and settlement, portfolio, policy, scoping."""

import pytest

from berdaya.books.loans.models import CoverDebt, Loan, LoanPayment

from .conftest import FIRST_DUE, OPEN


def test_apply_approve_disburse_repay_through_the_api(world, cash, api_for):
    officer, manager = api_for("officer"), api_for("manager")
    g = world.group_a.pk
    r = officer.post(
        f"/api/v1/groups/{g}/loans/",
        {
            "person": world.people_a[1].pk,
            "principal": 1_000_000,
            "term_periods": 10,
            "rate_percent": "1",
            "method": "flat",
            "first_due_on": FIRST_DUE.isoformat(),
            "on_date": OPEN.isoformat(),
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    loan_id = r.json()["id"]
    assert r.json()["effective_rate"]["flat_annual"] == "12.00"
    r = officer.post(f"/api/v1/loans/{loan_id}/approve/")
    assert r.status_code == 400 and "maker-checker" in r.json()["detail"]
    assert manager.post(f"/api/v1/loans/{loan_id}/approve/").status_code == 200
    r = officer.post(f"/api/v1/loans/{loan_id}/disburse/", {"on_date": "2025-01-10"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "disbursed"
    assert [row["total"] for row in r.json()["schedule"]] == [110_000] * 10
    body = {"amount": 110_000, "on_date": FIRST_DUE.isoformat(), "idempotency_key": "phone-1"}
    first = officer.post(f"/api/v1/loans/{loan_id}/repayments/", body, format="json")
    again = officer.post(f"/api/v1/loans/{loan_id}/repayments/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and LoanPayment.objects.count() == 1
    r = officer.get(f"/api/v1/loans/{loan_id}/")
    assert r.json()["outstanding_principal"] == 900_000
    assert officer.get(f"/api/v1/groups/{g}/loans/", {"q": "A2"}).json()["count"] == 1


def test_bad_input_gets_400_and_saves_nothing(world, cash, make_loan, api_for):
    api = api_for("officer")
    g = world.group_a.pk
    for principal, term in ((0, 10), (-1, 10), (100_000, 0)):
        r = api.post(
            f"/api/v1/groups/{g}/loans/",
            {
                "person": world.people_a[1].pk,
                "principal": principal,
                "term_periods": term,
                "first_due_on": FIRST_DUE.isoformat(),
                "on_date": OPEN.isoformat(),
            },
            format="json",
        )
        assert r.status_code == 400
    assert not Loan.objects.exists()
    applied = make_loan(disburse=False)
    r = api.post(
        f"/api/v1/loans/{applied.pk}/repayments/", {"amount": 10, "on_date": "2025-02-10"}, format="json"
    )
    assert r.status_code == 400 and r.json()["code"] == "not_disbursed"
    loan = make_loan(person=world.people_a[2])
    r = api.post(
        f"/api/v1/loans/{loan.pk}/repayments/", {"amount": 2_000_000, "on_date": "2025-02-10"}, format="json"
    )
    assert r.status_code == 400 and "Rp1.100.000" in r.json()["detail"]
    assert not LoanPayment.objects.exists()


def test_cover_settle_portfolio_policy(world, make_loan, api_for):
    api = api_for("officer")
    g = world.group_a.pk
    loan = make_loan()
    body = {"on_date": "2025-02-10", "idempotency_key": "cover-1"}
    r = api.post(f"/api/v1/loans/{loan.pk}/cover/", body, format="json")
    assert r.status_code == 201 and r.json()["amount"] == 110_000 and len(r.json()["debts"]) == 4
    again = api.post(f"/api/v1/loans/{loan.pk}/cover/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    covers = api.get(f"/api/v1/groups/{g}/covers/").json()
    assert covers["owed"] == [{"person_id": loan.person_id, "person_name": "Anggota A2", "owed": 110_000}]
    debt = CoverDebt.objects.order_by("id").first()
    body = {"amount": 27_500, "on_date": "2025-02-20", "idempotency_key": "settle-1"}
    r = api.post(f"/api/v1/cover-debts/{debt.pk}/settle/", body, format="json")
    assert r.status_code == 201 and r.json()["parts"] == {str(debt.pk): 27_500}
    again = api.post(f"/api/v1/cover-debts/{debt.pk}/settle/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    p = api.get(f"/api/v1/groups/{g}/loan-portfolio/", {"as_of": "2025-04-15"}).json()
    assert p["outstanding"] == 900_000 and p["par"]["30"]["late"] == 900_000
    assert p["arrears"][0]["days_past_due"] == 36  # March (due the 10th) is unpaid
    assert api.get(f"/api/v1/groups/{g}/loan-portfolio/", {"as_of": "nope"}).status_code == 400
    r = api.patch(
        f"/api/v1/groups/{g}/loan-policy/", {"rounding_unit": 100, "cover_split": "pro_rata"}, format="json"
    )
    assert r.status_code == 200 and r.json()["rounding_unit"] == 100
    assert (
        api.patch(f"/api/v1/groups/{g}/loan-policy/", {"dpk_max_days": 0}, format="json").status_code == 400
    )


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_read_but_get_403_on_writes(world, make_loan, api_for, role):
    loan = make_loan()
    api = api_for(role)
    g = world.group_a.pk
    assert api.get(f"/api/v1/groups/{g}/loans/").status_code == 200
    assert api.get(f"/api/v1/loans/{loan.pk}/").status_code == 200
    assert api.get(f"/api/v1/groups/{g}/loan-policy/").status_code == 200
    assert (
        api.post(
            f"/api/v1/loans/{loan.pk}/repayments/", {"amount": 1, "on_date": "2025-02-10"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api.patch(f"/api/v1/groups/{g}/loan-policy/", {"rounding_unit": 100}, format="json").status_code
        == 403
    )
    assert (
        api.post(f"/api/v1/loans/{loan.pk}/cover/", {"on_date": "2025-02-10"}, format="json").status_code
        == 403
    )
    assert not LoanPayment.objects.exists()


def test_outsider_gets_404(world, make_loan, api_for):
    loan = make_loan()
    api = api_for("outsider")
    g = world.group_a.pk
    for url in (
        f"/api/v1/groups/{g}/loans/",
        f"/api/v1/loans/{loan.pk}/",
        f"/api/v1/groups/{g}/covers/",
        f"/api/v1/groups/{g}/loan-portfolio/",
        f"/api/v1/groups/{g}/loan-policy/",
    ):
        assert api.get(url).status_code == 404, url
    assert (
        api.post(
            f"/api/v1/loans/{loan.pk}/repayments/", {"amount": 1, "on_date": "2025-02-10"}, format="json"
        ).status_code
        == 404
    )


def test_member_reads_only_own_loan(world, make_loan, api_for):
    own, other = make_loan(world.people_a[1]), make_loan(world.people_a[2])
    api = api_for("member")
    assert api.get(f"/api/v1/loans/{own.pk}/").status_code == 200
    assert api.get(f"/api/v1/loans/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/groups/{world.group_a.pk}/loans/").status_code == 404
    # A read-only role: writes are forbidden (403), as everywhere.
    assert (
        api.post(
            f"/api/v1/loans/{own.pk}/repayments/", {"amount": 1, "on_date": "2025-02-10"}, format="json"
        ).status_code
        == 403
    )
