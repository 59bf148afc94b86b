"""Month-end close: rollups equal the ledger, arrears and PAR at the month's end, incremental = full, re-runs
change nothing, and it runs as a background task."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from berdaya.books import chart
from berdaya.books.loans import services as loans
from berdaya.books.monthend import services
from berdaya.books.monthend.models import AccountMonth, ArrearsSnapshot, GroupMonth, MonthEndRun
from berdaya.books.queries import balance
from berdaya.books.services import open_book

FEB, MAR = dt.date(2025, 2, 1), dt.date(2025, 3, 1)


def _close(period):
    return services.run_month_end(MonthEndRun.objects.create(period=period).pk)


def _rows(period):
    return sorted(
        AccountMonth.objects.filter(period=period).values_list("account_id", "debit", "credit", "closing")
    )


@pytest.fixture
def late_loan(world, make_loan, treasurer):
    """A Rp1.000.000 loan at 1 % flat over 10 months, first due 10 February, of which only February is paid."""
    loan = make_loan(world.people_a[1])
    loans.repay(loan=loan, amount=110_000, on_date=dt.date(2025, 2, 10), acting_user=treasurer)
    return loan


def test_the_rollup_matches_the_ledger_and_the_arrears(world, late_loan):
    run = _close(MAR)
    assert run.status == "done" and run.books_done == run.books_total == 1
    book = open_book(group=world.group_a)
    cash = AccountMonth.objects.get(period=MAR, account__book=book, account__code=chart.CASH)
    assert cash.closing == balance(book, chart.CASH, as_of=dt.date(2025, 3, 31))
    snap = ArrearsSnapshot.objects.get(period=MAR, loan_id=late_loan.pk)
    # The 10 March instalment is unpaid on 31 March: 21 days past due, special mention (DPK).
    assert (snap.outstanding_principal, snap.days_past_due, snap.grade) == (900_000, 21, "dpk")
    month = GroupMonth.objects.get(period=MAR, group=world.group_a)
    assert month.loans_outstanding == 900_000 and month.loans_count == 1
    assert (month.par1, month.par30, month.par90) == (900_000, 0, 0)
    assert month.grade_dpk == 1 and month.grade_lancar == 0
    assert month.savings == balance(book, chart.VOLUNTARY, as_of=dt.date(2025, 3, 31))
    assert month.cash == cash.closing


def test_incremental_equals_full_and_a_rerun_changes_nothing(world, late_loan):
    _close(FEB)
    incremental = _close(MAR)
    assert incremental.incremental
    rows = _rows(MAR)
    again = _close(MAR)
    assert _rows(MAR) == rows and again.incremental
    AccountMonth.objects.filter(period=FEB).delete()
    full = _close(MAR)
    assert not full.incremental
    assert _rows(MAR) == rows
    assert GroupMonth.objects.filter(period=MAR).count() == 1
    assert ArrearsSnapshot.objects.filter(period=MAR).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connections, as a real worker does
def test_it_runs_as_a_background_task(world, late_loan):
    admin = world.users["admin"]
    run = services.request_month_end(period=MAR, acting_user=admin)  # enqueued when its transaction commits
    assert MonthEndRun.objects.get(pk=run.pk).status == "queued"
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    run.refresh_from_db()
    assert run.status == "done" and run.loans_snapshotted == 1


def test_a_month_that_is_not_over_is_refused(world):
    from berdaya.core.errors import ServiceError

    with pytest.raises(ServiceError) as err:
        services.request_month_end(period=dt.date.today(), acting_user=world.users["admin"])
    assert err.value.code == "month_not_over"


def test_pages_and_scope(world, late_loan, client_for):
    admin = client_for("admin")
    response = admin.post(reverse("monthend:run_list"), {"period": "2025-03"})
    run = MonthEndRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "monthend:run_detail", args=[run.pk]
    )
    services.run_month_end(run.pk)
    page = admin.get(reverse("monthend:run_detail", args=[run.pk])).content.decode()
    assert "Alpha" in page and "100.0 %" in page  # PAR1: all of Alpha's outstanding principal is late
    assert (
        "Alpha"
        not in client_for("outsider").get(reverse("monthend:run_detail", args=[run.pk])).content.decode()
    )
    assert client_for("manager").post(reverse("monthend:run_list"), {"period": "2025-02"}).status_code == 403
    assert client_for("member").get(reverse("monthend:run_list")).status_code == 404


def test_api(world, late_loan, api_for):
    response = api_for("admin").post("/api/v1/month-end/", {"period": "2025-03-01"}, format="json")
    assert response.status_code == 202
    run_id = response.json()["id"]
    services.run_month_end(run_id)
    assert api_for("manager").get(f"/api/v1/month-end/{run_id}/").json()["status"] == "done"
    rows = api_for("manager").get(f"/api/v1/month-end/{run_id}/groups/").json()["results"]
    assert [r["group_name"] for r in rows] == ["KUBE Alpha"] and rows[0]["par1"] == 900_000
    assert api_for("outsider").get(f"/api/v1/month-end/{run_id}/groups/").json()["results"] == []
    assert (
        api_for("manager").post("/api/v1/month-end/", {"period": "2025-02-01"}, format="json").status_code
        == 403
    )
