"""Random sequences of meeting sheets keep the books sound and every member's balances equal to their lines."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berdaya.books import chart
from berdaya.books.checks import run_checks
from berdaya.books.queries import balance, member_balances
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import LineInput, opening_cash, post_meeting, sheet_totals
from berdaya.core.errors import ServiceError
from berdaya.groups.services import record_meeting

amount = st.sampled_from([0, 0, 500, 1_000, 2_000, 5_000, 12_345])
member_line = st.fixed_dictionaries(
    {
        "present": st.booleans(),
        "mandatory_saving": amount,
        "voluntary_saving": amount,
        "withdrawal": amount,
        "dues": amount,
        "fine": amount,
    }
)
sheet = st.tuples(st.lists(member_line, min_size=5, max_size=5), st.sampled_from([0, 0, 0, -700, 1_300]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.lists(sheet, min_size=1, max_size=4))
def test_random_sheets_keep_the_books_sound(world, bylaws, sheets):
    officer = world.users["officer"]
    group = world.group_a
    # Examples share the database (hypothesis reruns the body in one test): spread their dates.
    day = dt.date(2025, 1, 6) + dt.timedelta(days=30 * (group.meetings.count() % 20))
    expected_voluntary = {
        p.pk: balance(open_book(group=group), chart.VOLUNTARY, person_id=p.pk) for p in world.people_a
    }
    for n, (rows, difference) in enumerate(sheets):
        meeting = record_meeting(acting_user=officer, group=group, held_on=day + dt.timedelta(days=7 * n))
        lines = [LineInput(person_id=p.pk, **row) for p, row in zip(world.people_a, rows, strict=True)]
        counted = opening_cash(meeting) + sheet_totals(lines)["net_cash"] + difference
        try:
            post_meeting(
                meeting=meeting,
                lines=lines,
                cash_counted=max(counted, 0),
                difference_reason="selisih" if difference or counted < 0 else "",
                acting_user=officer,
                idempotency_key=f"prop-{meeting.pk}",
            )
        except ServiceError as err:
            # Refused (a withdrawal beyond the balance, a negative cash box): nothing of it may remain.
            assert err.code in {"insufficient", "amount"}, err.message
            assert not CollectionSheet.objects.filter(meeting=meeting).exists()
            continue
        for p, line in zip(world.people_a, lines, strict=True):
            expected_voluntary[p.pk] += line.voluntary_saving - line.withdrawal
        # The books hold, on the meeting date, exactly the cash that was counted.
        assert balance(open_book(group=group), chart.CASH, as_of=meeting.held_on) == max(counted, 0)
    book = open_book(group=group)
    held = member_balances(book, [chart.VOLUNTARY])
    for pk, value in expected_voluntary.items():
        assert held.get(pk, {}).get(chart.VOLUNTARY, 0) == value
    assert run_checks() == []
