import datetime as dt

import pytest

MEETING_DAY = dt.date(2025, 3, 10)


@pytest.fixture
def meeting(world, bylaws):
    from berdaya.groups.services import record_meeting

    return record_meeting(acting_user=world.users["officer"], group=world.group_a, held_on=MEETING_DAY)


def line(person, **amounts):
    from berdaya.books.sheets.services import LineInput

    return LineInput(person_id=person.pk, present=amounts.pop("present", True), **amounts)


from tests.books.loans.conftest import cash, checker, make_loan  # noqa: E402, F401  (shared loan fixtures)
