"""Statements worked example: cashbook running balance, trial balance zero, balance sheet balances."""

import datetime as dt

from berdaya.books import chart
from berdaya.books.queries import balance_sheet, income_statement, trial_balance
from berdaya.books.savings import deposit, withdraw
from berdaya.books.services import Line, open_book, post_entry


def seed(world, user):
    g = world.group_a
    a1, a2 = world.people_a[:2]
    # Before the period: opening cash Rp30.000.
    deposit(group=g, person=a1, kind="pokok", amount=10_000, on_date=dt.date(2024, 12, 1), acting_user=user)
    deposit(
        group=g, person=a2, kind="sukarela", amount=20_000, on_date=dt.date(2024, 12, 1), acting_user=user
    )
    # In 2025.
    deposit(group=g, person=a1, kind="wajib", amount=5_000, on_date=dt.date(2025, 1, 5), acting_user=user)
    withdraw(group=g, person=a2, amount=8_000, on_date=dt.date(2025, 2, 5), acting_user=user)
    post_entry(
        group=g,
        on_date=dt.date(2025, 3, 5),
        memo="admin fee",
        lines=[Line(chart.CASH, debit=3_000), Line(chart.ADMIN_FEES, credit=3_000)],
        acting_user=user,
    )
    post_entry(
        group=g,
        on_date=dt.date(2025, 4, 5),
        memo="ledger book",
        lines=[Line(chart.OPERATING, debit=1_000), Line(chart.CASH, credit=1_000)],
        acting_user=user,
    )


def test_statement_figures(world, treasurer):
    seed(world, treasurer)
    book = open_book(group=world.group_a)
    tb = trial_balance(book, as_of=dt.date(2025, 12, 31))
    assert tb["difference"] == 0 and tb["total_debit"] == tb["total_credit"]
    bs = balance_sheet(book, as_of=dt.date(2025, 12, 31))
    assert bs["total_assets"] == 30_000 + 5_000 - 8_000 + 3_000 - 1_000
    assert bs["current_surplus"] == 2_000
    assert bs["difference"] == 0
    inc = income_statement(book, since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31))
    assert (inc["total_income"], inc["total_expenses"], inc["surplus"]) == (3_000, 1_000, 2_000)


def test_cashbook_page_running_balance(world, treasurer, client_for):
    seed(world, treasurer)
    r = client_for("officer").get(
        f"/books/{world.group_a.pk}/statements/cashbook/", {"since": "2025-01-01", "until": "2025-12-31"}
    )
    assert r.status_code == 200
    assert r.context["opening"] == 30_000
    assert [row["balance"] for row in r.context["rows"]] == [35_000, 27_000, 30_000, 29_000]
    assert r.context["closing"] == 29_000
    assert (r.context["cash_in"], r.context["cash_out"]) == (8_000, 9_000)


def test_cashbook_running_balance_continues_on_page_two(world, treasurer, client_for):
    g = world.group_a
    for i in range(55):
        deposit(
            group=g,
            person=world.people_a[i % 5],
            kind="sukarela",
            amount=1_000,
            on_date=dt.date(2025, 1, 1 + i % 28),
            acting_user=treasurer,
        )
    c = client_for("officer")
    url = f"/books/{g.pk}/statements/cashbook/"
    first = c.get(url, {"since": "2025-01-01", "until": "2025-12-31"})
    second = c.get(url, {"since": "2025-01-01", "until": "2025-12-31", "page": 2})
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][-1]["balance"] == 50_000
    assert [r["balance"] for r in second.context["rows"]] == [51_000, 52_000, 53_000, 54_000, 55_000]


def test_statement_pages_and_prints(world, treasurer, client_for):
    seed(world, treasurer)
    c = client_for("auditor")
    g = world.group_a.pk
    for name in ("trial-balance", "balance-sheet", "income"):
        r = c.get(f"/books/{g}/statements/{name}/", {"since": "2025-01-01", "until": "2025-12-31"})
        assert r.status_code == 200, name
    r = c.get(f"/books/{g}/statements/trial-balance/", {"until": "2025-12-31"})
    assert r.context["tb"]["difference"] == 0
    assert b'data-testid="difference">Rp0' in r.content
    r = c.get(f"/books/{g}/statements/balance-sheet/", {"until": "2025-12-31"})
    assert r.context["bs"]["difference"] == 0
    for kind in ("cashbook", "trial_balance", "balance_sheet", "income_statement"):
        r = c.get(f"/books/{g}/statements/{kind}/2025-01-01/2025-12-31/print/")
        assert r.status_code == 200, kind
    r = c.get(f"/books/{g}/statements/balance_sheet/2025-01-01/2025-12-31/print/?format=pdf")
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert c.get(f"/books/{g}/statements/nope/2025-01-01/2025-12-31/print/").status_code == 404
    assert c.get(f"/books/{g}/statements/").status_code == 200
