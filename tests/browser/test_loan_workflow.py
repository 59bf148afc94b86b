"""A treasurer records a loan application, the manager approves it, the treasurer pays it out and records a
repayment — all on a 360 px phone — and the loan card shows the schedule and the effective rate."""

import datetime as dt

from berdaya.books import savings
from berdaya.books.loans.models import Loan
from berdaya.groups.models import Bylaws
from berdaya.groups.services import local_today


def test_apply_approve_disburse_repay_on_a_phone(page, world, login, shot):
    group = world.group_a
    Bylaws.objects.create(
        group=group, loan_rate_percent_month="1.00", loan_method="flat", joint_liability=True
    )
    savings.deposit(
        group=group,
        person=world.people_a[3],
        kind="sukarela",
        amount=5_000_000,
        on_date=dt.date(2025, 1, 5),
        acting_user=world.users["officer"],
    )
    today = local_today(group.place)
    first_due = today + dt.timedelta(days=30)

    login(page, "officer")
    page.goto(f"/loans/group/{group.pk}/")
    page.click("text=New loan application")
    page.select_option("select[name=person]", label="Anggota A2")
    page.fill("input[name=principal]", "1000000")
    page.fill("input[name=term_periods]", "10")
    page.fill("input[name=first_due_on]", first_due.isoformat())
    page.fill("input[name=purpose]", "Tanah liat dan glasir")
    shot(page, "loan-apply-360")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/loans/*/")
    loan = Loan.objects.get()
    assert loan.status == Loan.Status.APPLIED

    page.context.clear_cookies()
    login(page, "manager")
    page.goto(f"/loans/{loan.pk}/")
    page.click("a:text('Approve')")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/loans/{loan.pk}/")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED

    page.context.clear_cookies()
    login(page, "officer")
    page.goto(f"/loans/{loan.pk}/")
    page.click("a:text('Pay out')")
    page.fill("input[name=on_date]", today.isoformat())
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/loans/{loan.pk}/")
    assert page.locator("[data-testid=schedule] tbody tr").count() == 10
    assert "Effective annual rate" in page.locator("[data-testid=effective-rate]").inner_text()

    page.click("a:text('Record repayment')")
    page.fill("input[name=amount]", "110000")
    page.fill("input[name=on_date]", today.isoformat())
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/loans/{loan.pk}/")
    assert "110.000" in page.locator("[data-testid=payments]").inner_text()
    loan.refresh_from_db()
    assert loan.principal_paid == 100_000
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    shot(page, "loan-detail-360")

    page.goto(f"/loans/{loan.pk}/card/")
    assert "Loan card" in page.content()
