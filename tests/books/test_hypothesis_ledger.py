"""Random sequences of deposits, withdrawals, manual entries and reversals keep every ledger invariant."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berdaya.books import chart
from berdaya.books.checks import run_checks
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance_sheet, member_balances, trial_balance
from berdaya.books.savings import SAVINGS_CODES, deposit, passbook, withdraw
from berdaya.books.services import Line, open_book, post_entry, reverse_entry
from berdaya.core.errors import ServiceError

PLAIN = [chart.CASH, chart.GRANTS, chart.OTHER_INCOME, chart.OPERATING, chart.ADMIN_FEES]
amounts = st.integers(min_value=1, max_value=2_000_000)
day = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))
op = st.one_of(
    st.tuples(
        st.just("deposit"), st.integers(0, 4), st.sampled_from(["pokok", "wajib", "sukarela"]), amounts, day
    ),
    st.tuples(st.just("withdraw"), st.integers(0, 4), amounts, day),
    st.tuples(
        st.just("manual"),
        st.lists(st.tuples(st.sampled_from(PLAIN), amounts), min_size=1, max_size=3),
        st.sampled_from(PLAIN),
        day,
    ),
    st.tuples(st.just("reverse"), st.integers(0, 50), day),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=8))
def test_random_operations_keep_the_books_sound(world, treasurer, ops):
    group = world.group_a
    people = world.people_a
    for o in ops:
        try:
            if o[0] == "deposit":
                _, who, kind, amount, on = o
                deposit(
                    group=group,
                    person=people[who],
                    kind=kind,
                    amount=amount,
                    on_date=on,
                    acting_user=treasurer,
                )
            elif o[0] == "withdraw":
                _, who, amount, on = o
                withdraw(group=group, person=people[who], amount=amount, on_date=on, acting_user=treasurer)
            elif o[0] == "manual":
                _, debits, credit_account, on = o
                total = sum(a for _, a in debits)
                lines = [Line(code, debit=a) for code, a in debits] + [Line(credit_account, credit=total)]
                post_entry(group=group, on_date=on, memo="random", lines=lines, acting_user=treasurer)
            else:
                _, index, on = o
                # Any entry may be reversed; reversing a deposit already withdrawn must be refused.
                candidates = list(
                    JournalEntry.objects.filter(book__group=group, reversed_by__isnull=True)
                    .exclude(kind=JournalEntry.Kind.REVERSAL)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                if candidates:
                    entry = JournalEntry.objects.get(pk=candidates[index % len(candidates)])
                    reverse_entry(entry=entry, on_date=on, reason="random", acting_user=treasurer)
        except ServiceError:
            pass  # refused (overdraft, reversing a withdrawal's deposit…): nothing posted, still sound
    book = open_book(group=group)
    assert run_checks([book]) == []
    assert trial_balance(book)["difference"] == 0
    assert balance_sheet(book)["difference"] == 0
    balances = member_balances(book, SAVINGS_CODES)
    for person in people:
        pb = passbook(group, person)
        assert pb["total"] == sum(balances.get(person.pk, {}).values())
