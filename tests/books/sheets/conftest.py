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


from tests.books.funds.conftest import grant, received  # noqa: E402, F401  (shared fund fixtures)
from tests.books.loans.conftest import cash, checker, make_loan  # noqa: E402, F401  (shared loan fixtures)

COVER_DAY = dt.date(2025, 2, 10)  # the first instalment of make_loan's loan falls due


@pytest.fixture
def covered(world, make_loan, treasurer):  # noqa: F811
    """Tanggung renteng at the February meeting: A2 leaves the Rp110.000 instalment unpaid; the group
    fund covers the first Rp10.000 and A1, A3, A4, A5 Rp25.000 each (equal shares). Returns the cover.

    A2's debts, oldest first as a settlement pays them: group fund 10.000, A1, A3, A4, A5 25.000 each.
    """
    from berdaya.books.loans import services as loans
    from berdaya.groups.services import record_meeting

    loans.update_policy(
        group=world.group_a,
        changes={"fund_covers_first": True, "fund_cover_limit": 10_000},
        acting_user=treasurer,
    )
    loan = make_loan(world.people_a[1])
    february = record_meeting(acting_user=treasurer, group=world.group_a, held_on=COVER_DAY)
    return loans.cover_instalment(loan=loan, on_date=COVER_DAY, acting_user=treasurer, meeting=february)


@pytest.fixture
def lent(world, grant, received):  # noqa: F811
    """Revolving fund: A1 is lent Rp1.000.000 on 1 February and Rp1.500.000 on 5 February (gross, no
    deduction rules); A2 nothing."""
    from berdaya.books.funds import services as funds

    officer = world.users["officer"]
    return [
        funds.disburse(
            grant=grant,
            group=world.group_a,
            person_id=world.people_a[0].pk,
            gross=gross,
            on_date=day,
            acting_user=officer,
        )
        for gross, day in ((1_000_000, dt.date(2025, 2, 1)), (1_500_000, dt.date(2025, 2, 5)))
    ]
