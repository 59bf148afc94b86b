"""The meeting collection sheet: one atomic batch, a cash count that must agree or be explained, posted once."""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance, member_balances
from berdaya.books.savings import deposit
from berdaya.books.services import close_period, open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import post_meeting, prefill
from berdaya.core.errors import ServiceError
from berdaya.groups.models import Attendance

from .conftest import MEETING_DAY, line


def _post(meeting, lines, cash, user, key="sheet-1", reason=""):
    return post_meeting(
        meeting=meeting,
        lines=lines,
        cash_counted=cash,
        difference_reason=reason,
        acting_user=user,
        idempotency_key=key,
    )


def test_a_full_sheet_posts_attendance_savings_dues_and_fines(world, meeting, treasurer):
    a, b, c = world.people_a[:3]
    lines = [
        line(a, principal_saving=10_000, mandatory_saving=5_000, dues=2_000),
        line(b, mandatory_saving=5_000, voluntary_saving=12_500, dues=2_000, fine=1_000),
        line(c, present=False),
    ]
    sheet = _post(meeting, lines, 37_500, treasurer)
    book = open_book(group=world.group_a)
    assert sheet.expected_cash == 37_500 and sheet.difference == 0
    assert balance(book, chart.CASH) == 37_500
    assert balance(book, chart.DUES) == 4_000 and balance(book, chart.FINES) == 1_000
    held = member_balances(book, [chart.PRINCIPAL, chart.MANDATORY, chart.VOLUNTARY])
    assert held[a.pk] == {chart.PRINCIPAL: 10_000, chart.MANDATORY: 5_000, chart.VOLUNTARY: 0}
    assert held[b.pk][chart.VOLUNTARY] == 12_500
    present = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    assert present[a.pk] and present[b.pk] and not present[c.pk]
    # One entry per paying member, each linked to the meeting.
    assert JournalEntry.objects.filter(meeting=meeting).count() == 2
    assert sheet.lines.count() == 3


def test_submitting_twice_posts_once(world, meeting, treasurer):
    lines = [line(world.people_a[0], mandatory_saving=5_000)]
    first = _post(meeting, lines, 5_000, treasurer, key="abc")
    again = _post(meeting, lines, 5_000, treasurer, key="abc")
    assert first.pk == again.pk
    assert balance(open_book(group=world.group_a), chart.CASH) == 5_000
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, 5_000, treasurer, key="another-key")
    assert err.value.code == "already_posted"


def test_a_cash_difference_must_be_explained_and_is_posted(world, meeting, treasurer):
    lines = [line(world.people_a[0], mandatory_saving=5_000), line(world.people_a[1], mandatory_saving=5_000)]
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, 9_000, treasurer)
    assert err.value.code == "cash_difference"
    assert "1000" in err.value.message.replace(".", "") and "difference_reason" in err.value.field_errors
    assert not JournalEntry.objects.exists() and not CollectionSheet.objects.exists()
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()  # nothing half-saved
    sheet = _post(meeting, lines, 9_000, treasurer, reason="uang kembalian kurang Rp1.000")
    book = open_book(group=world.group_a)
    assert sheet.difference == -1_000
    assert balance(book, chart.CASH) == 9_000  # the books hold what was counted
    assert balance(book, chart.OTHER_EXPENSE) == 1_000


def test_a_withdrawal_beyond_the_balance_rolls_back_the_whole_sheet(world, meeting, treasurer):
    a, b = world.people_a[:2]
    lines = [line(a, mandatory_saving=5_000), line(b, withdrawal=1_000)]
    with pytest.raises(ServiceError) as err:
        _post(meeting, lines, 4_000, treasurer)
    assert err.value.code == "insufficient"
    assert not JournalEntry.objects.exists() and not CollectionSheet.objects.exists()


def test_a_withdrawal_can_use_sukarela_paid_in_at_the_same_meeting(world, meeting, treasurer):
    a = world.people_a[0]
    deposit(
        group=world.group_a,
        person=a,
        kind="sukarela",
        amount=3_000,
        on_date=dt.date(2025, 3, 1),
        acting_user=treasurer,
    )
    # The box held 3.000 before the meeting; 2.000 in and 4.000 out leave 1.000 to count.
    sheet = _post(meeting, [line(a, voluntary_saving=2_000, withdrawal=4_000)], 1_000, treasurer)
    assert (sheet.opening_cash, sheet.expected_cash, sheet.difference) == (3_000, 1_000, 0)
    book = open_book(group=world.group_a)
    assert balance(book, chart.VOLUNTARY, person_id=a.pk) == 1_000


@pytest.mark.parametrize(
    ("amounts", "code"),
    [
        ({"mandatory_saving": -5}, "amount"),
        ({"dues": 1.5}, "amount"),
        ({"principal_saving": 20_000}, "pokok_limit"),
    ],
)
def test_bad_lines_post_nothing(world, meeting, treasurer, amounts, code):
    bad = line(world.people_a[0], **amounts)
    total = sum(v for v in amounts.values() if isinstance(v, int) and v > 0)
    with pytest.raises(ServiceError) as err:
        _post(meeting, [bad], total, treasurer)
    assert err.value.code == code
    assert not JournalEntry.objects.exists()


def test_a_non_member_line_is_refused(world, meeting, treasurer):
    with pytest.raises(ServiceError) as err:
        _post(meeting, [line(world.people_b[0], dues=2_000)], 2_000, treasurer)
    assert err.value.code == "member"


def test_a_sheet_in_a_closed_period_is_refused(world, meeting, treasurer):
    close_period(group=world.group_a, through=dt.date(2025, 3, 31), acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        _post(meeting, [line(world.people_a[0], dues=2_000)], 2_000, treasurer)
    assert err.value.code == "closed_period"
    assert not CollectionSheet.objects.exists()


def test_prefill_suggests_the_bylaws_amounts(world, meeting, treasurer):
    rows = {row["person_id"]: row for row in prefill(meeting)}
    assert set(rows) == {p.pk for p in world.people_a}
    first = rows[world.people_a[0].pk]
    assert (first["principal_saving"], first["mandatory_saving"], first["dues"]) == (10_000, 5_000, 2_000)
    deposit(
        group=world.group_a,
        person=world.people_a[0],
        kind="pokok",
        amount=10_000,
        on_date=MEETING_DAY,
        acting_user=treasurer,
    )
    assert {r["person_id"]: r for r in prefill(meeting)}[world.people_a[0].pk]["principal_saving"] == 0
