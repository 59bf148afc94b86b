"""Cover settlements (tanggung renteng) and revolving-fund repayments on the meeting sheet, as worked examples.

The cover (conftest ``covered``): at the February meeting A2's Rp110.000 instalment was covered — the
group fund Rp10.000, A1, A3, A4 and A5 Rp25.000 each. At the March meeting A2 pays back Rp50.000 of it on
the sheet: oldest first, the fund's Rp10.000 stays in the box and Rp40.000 goes straight back out to A1
(Rp25.000) and A3 (Rp15.000). So the box gains only Rp10.000 from the Rp50.000 A2 hands over.
"""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.books import chart
from berdaya.books.funds import queries as fund_queries
from berdaya.books.funds.models import Repayment
from berdaya.books.loans.models import CoverDebt, CoverSettlement
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import (
    LineInput,
    opening_cash,
    post_meeting,
    prefill,
    preview,
    settlement_split,
    sheet_entries,
)
from berdaya.core.errors import ServiceError

from .conftest import MEETING_DAY, line


def _post(meeting, lines, user, *, key="sheet-m", counted=None, reason=""):
    if counted is None:
        counted = preview(meeting, lines)["expected"]
    return post_meeting(
        meeting=meeting,
        lines=lines,
        cash_counted=counted,
        difference_reason=reason,
        acting_user=user,
        idempotency_key=key,
    )


def bal(world, code, person=None, **kw):
    return balance(open_book(group=world.group_a), code, person_id=getattr(person, "pk", None), **kw)


def test_cover_at_one_meeting_settled_on_the_next_meetings_sheet(world, covered, meeting, treasurer):
    a1, a2, a3, a4, a5 = world.people_a
    february = covered.meeting
    # February's own sheet: the cover's members' Rp100.000 is already in the books' cash that day.
    feb_lines = [line(a1, mandatory_saving=5_000)]
    feb_opening = opening_cash(february)
    feb = _post(february, feb_lines, treasurer, key="feb", counted=feb_opening + 5_000)
    assert feb.difference == 0

    # March: the sheet offers the cover settlement to A2 alone, with what A2 owes and to whom.
    rows = {r["person_id"]: r for r in prefill(meeting)}
    assert rows[a2.pk]["cover_owed"] == 110_000 and rows[a2.pk]["cover_settlement"] == 0
    assert rows[a2.pk]["cover_debts"] == [
        (10_000, None),
        (25_000, "Anggota A1"),
        (25_000, "Anggota A3"),
        (25_000, "Anggota A4"),
        (25_000, "Anggota A5"),
    ]
    assert all(rows[p.pk]["cover_owed"] == 0 for p in (a1, a3, a4, a5))

    lines = [line(a1, mandatory_saving=5_000), line(a2, mandatory_saving=5_000, cover_settlement=50_000)]
    opening = opening_cash(meeting)
    shown = preview(meeting, lines)
    assert shown["totals"]["cover_handed_back"] == 40_000
    # In: 5.000 + 5.000 + 50.000; straight back out to A1 and A3: 40.000.
    assert shown["expected"] == opening + 20_000

    # The treasurer who forgets the hand-back counts Rp40.000 too much: refused, the message says why.
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, treasurer, counted=opening + 60_000)
    assert err.value.code == "cash_difference"
    assert "Rp40.000 of cover settlements handed back" in err.value.message
    assert f"Rp{opening + 20_000:,}".replace(",", ".") in err.value.message
    assert not CoverSettlement.objects.exists()

    sheet = _post(meeting, lines, treasurer, counted=opening + 20_000)
    assert (sheet.opening_cash, sheet.expected_cash, sheet.difference) == (opening, opening + 20_000, 0)
    assert bal(world, chart.CASH) == opening + 20_000  # the books hold what was counted
    settled = sheet.lines.get(person=a2)
    assert (settled.cover_settlement, settled.cover_handed_back, settled.paid_in, settled.net_cash) == (
        50_000,
        40_000,
        55_000,
        15_000,
    )
    # The coverers were paid back oldest first: the fund, then A1 in full, then A3 in part.
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 60_000
    assert [bal(world, chart.COVER_PAYABLE, p) for p in (a1, a3, a4, a5)] == [0, 10_000, 25_000, 25_000]
    debts = {d.coverer_id: (d.settled, d.settled_on) for d in CoverDebt.objects.filter(cover=covered)}
    assert debts[None] == (10_000, MEETING_DAY) and debts[a1.pk] == (25_000, MEETING_DAY)
    assert debts[a3.pk] == (15_000, None) and debts[a4.pk] == (0, None)
    settlement = CoverSettlement.objects.get()
    assert settlement.idempotency_key == f"sheet-m:c{a2.pk}" and settlement.amount == 50_000
    # The settlement is in the meeting's journal, with everything else the sheet posted.
    assert settlement.entry.meeting_id == meeting.pk
    assert settlement.entry in sheet_entries(CollectionSheet.objects.get(meeting=meeting))

    # Next time the sheet offers the rest.
    rows = {r["person_id"]: r for r in prefill(meeting)}
    assert rows[a2.pk]["cover_owed"] == 60_000


def test_settling_all_cover_and_splitting_like_the_service(world, covered, meeting, treasurer):
    a2 = world.people_a[1]
    debts = [
        {"id": 1, "coverer_id": None, "coverer_name": None, "remaining": 10_000},
        {"id": 2, "coverer_id": 7, "coverer_name": "Siti", "remaining": 25_000},
        {"id": 3, "coverer_id": 8, "coverer_name": "Rina", "remaining": 25_000},
    ]
    split = settlement_split(debts, 50_000)
    assert (split.to_fund, split.to_members, split.parts) == (
        10_000,
        {7: 25_000, 8: 15_000},
        {1: 10_000, 2: 25_000, 3: 15_000},
    )
    assert settlement_split(debts, 5_000).handed_back == 0  # the fund's part first: all of it stays

    sheet = _post(meeting, [line(a2, cover_settlement=110_000)], treasurer)
    assert sheet.expected_cash == sheet.opening_cash + 10_000
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 0
    assert not CoverDebt.objects.filter(settled_on__isnull=True).exists()


@pytest.mark.parametrize(
    ("who", "amount", "code", "says"),
    [
        (1, 110_001, "cover_overpaid", "owes Rp110.000 of cover"),
        (2, 5_000, "cover_nothing_owed", "owes no cover"),
    ],
)
def test_bad_cover_settlements_post_nothing(world, covered, meeting, treasurer, who, amount, code, says):
    person = world.people_a[who]
    lines = [line(world.people_a[0], mandatory_saving=5_000), line(person, cover_settlement=amount)]
    entries = JournalEntry.objects.count()
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, treasurer, counted=opening_cash(meeting) + 5_000 + amount)
    assert err.value.code == code and says in err.value.message
    assert f"cover_settlement-{person.pk}" in err.value.field_errors
    assert JournalEntry.objects.count() == entries
    assert not CollectionSheet.objects.exists() and not CoverSettlement.objects.exists()


def test_a_later_refusal_rolls_back_the_settlement(world, covered, meeting, treasurer):
    a2, a5 = world.people_a[1], world.people_a[4]
    lines = [line(a2, cover_settlement=50_000), line(a5, withdrawal=1_000)]  # A5 has no savings
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, treasurer)
    assert err.value.code == "insufficient"
    assert not CoverSettlement.objects.exists()
    assert not CoverDebt.objects.filter(settled__gt=0).exists()
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 110_000


def test_fund_repayment_on_the_sheet_oldest_allocation_first(world, lent, meeting, treasurer, grant):
    a1 = world.people_a[0]
    first, second = lent
    rows = {r["person_id"]: r for r in prefill(meeting)}
    assert rows[a1.pk]["fund_owed"] == 2_500_000 and rows[a1.pk]["fund_repayment"] == 0
    assert rows[world.people_a[1].pk]["fund_owed"] == 0

    opening = opening_cash(meeting)
    sheet = _post(meeting, [line(a1, mandatory_saving=5_000, fund_repayment=1_200_000)], treasurer)
    assert sheet.expected_cash == opening + 1_205_000 and bal(world, chart.CASH) == opening + 1_205_000
    repaid = dict(Repayment.objects.values_list("allocation_id", "amount"))
    assert repaid == {first.pk: 1_000_000, second.pk: 200_000}
    assert bal(world, chart.FUND_LOANS, a1) == 1_300_000
    # The fund's own pages see it: outstanding per beneficiary and recovery of generation 1.
    outstanding = {r["allocation"]: r["outstanding"] for r in fund_queries.audit(grant=grant)["outstanding"]}
    assert outstanding == {first.pk: 0, second.pk: 1_300_000}
    gen = fund_queries.generations(grant)[0]
    assert (gen["disbursed"], gen["repaid"], gen["recovery_percent"]) == (
        2_500_000,
        1_200_000,
        Decimal("48.00"),
    )
    keys = set(Repayment.objects.values_list("idempotency_key", flat=True))
    assert keys == {f"sheet-m:f{a1.pk}:{first.pk}", f"sheet-m:f{a1.pk}:{second.pk}"}
    assert set(Repayment.objects.values_list("entry__meeting_id", flat=True)) == {meeting.pk}
    assert set(sheet_entries(sheet)) >= {r.entry for r in Repayment.objects.all()}


@pytest.mark.parametrize(
    ("who", "amount", "code", "says"),
    [
        (0, 2_500_001, "fund_overpaid", "owes Rp2.500.000 in all"),
        (1, 10_000, "fund_nothing_owed", "owes nothing to it"),
    ],
)
def test_bad_fund_repayments_post_nothing(world, lent, meeting, treasurer, who, amount, code, says):
    person = world.people_a[who]
    entries = JournalEntry.objects.count()
    with pytest.raises(ServiceError) as err:
        _post(
            meeting, [line(person, fund_repayment=amount)], treasurer, counted=opening_cash(meeting) + amount
        )
    assert err.value.code == code and says in err.value.message
    assert f"fund_repayment-{person.pk}" in err.value.field_errors
    assert JournalEntry.objects.count() == entries and not Repayment.objects.exists()
    assert not CollectionSheet.objects.exists()


def test_money_lent_after_the_meeting_is_not_owed_at_it(world, grant, received, bylaws, treasurer):
    from berdaya.books.funds import services as funds
    from berdaya.groups.services import record_meeting

    a1 = world.people_a[0]
    funds.disburse(
        grant=grant,
        group=world.group_a,
        person_id=a1.pk,
        gross=500_000,
        on_date=dt.date(2025, 4, 1),
        acting_user=treasurer,
    )
    march = record_meeting(acting_user=treasurer, group=world.group_a, held_on=MEETING_DAY)
    assert {r["person_id"]: r for r in prefill(march)}[a1.pk]["fund_owed"] == 0
    with pytest.raises(ServiceError) as err:
        _post(march, [line(a1, fund_repayment=1_000)], treasurer)
    assert err.value.code == "fund_nothing_owed"


def test_resubmitting_posts_once_even_with_a_long_key(world, covered, grant, received, meeting, treasurer):
    from berdaya.books.funds import services as funds

    a1, a2 = world.people_a[:2]
    funds.disburse(
        grant=grant,
        group=world.group_a,
        person_id=a2.pk,
        gross=300_000,
        on_date=dt.date(2025, 2, 1),
        acting_user=treasurer,
    )
    key = "k" * 100  # the longest key the API accepts: every posting of the sheet must still fit
    lines = [
        line(a2, cover_settlement=35_000, fund_repayment=100_000, loan_repayment=110_000),
        line(a1, mandatory_saving=5_000, withdrawal=1_000),
    ]
    counted = preview(meeting, lines)["expected"] - 500
    first = _post(meeting, lines, treasurer, key=key, counted=counted, reason="uang receh hilang")
    cash = bal(world, chart.CASH)
    again = _post(meeting, lines, treasurer, key=key, counted=counted, reason="uang receh hilang")
    assert again.pk == first.pk
    assert CoverSettlement.objects.count() == 1 and Repayment.objects.count() == 1
    assert bal(world, chart.CASH) == cash == counted and first.difference == -500
    assert first.lines.get(person=a2).cover_handed_back == 25_000  # fund 10.000 stays, A1 25.000 back


def test_lines_from_the_api_and_the_page_share_the_dataclass(world):
    # The two new amounts are plain LineInput fields, zero by default (the demo and the benchmark omit them).
    blank = LineInput(person_id=world.people_a[0].pk)
    assert (blank.cover_settlement, blank.fund_repayment, blank.paid_in) == (0, 0, 0)
