"""The ledger: balanced, immutable, idempotent entries; reversals; closed periods — on both databases."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from berdaya.books import chart
from berdaya.books.models import Book, ImmutableError, JournalEntry, Leg
from berdaya.books.queries import account_balances, balance, trial_balance
from berdaya.books.services import Line, close_account, close_period, open_book, post_entry, reverse_entry
from berdaya.core.errors import ServiceError

from .conftest import DAY


def _grant(world, user, amount=1_000_000, key=None, on=DAY):
    return post_entry(
        group=world.group_a,
        on_date=on,
        memo="Hibah Dinas Sosial",
        lines=[Line(chart.CASH, debit=amount), Line(chart.GRANTS, credit=amount)],
        acting_user=user,
        idempotency_key=key,
    )


def test_book_opens_from_the_group_kinds_template(world):
    book = open_book(group=world.group_a)
    codes = set(book.accounts.values_list("code", flat=True))
    assert {chart.CASH, chart.LOANS, chart.PRINCIPAL, chart.SALES} <= codes  # a KUBE runs a business
    assert open_book(group=world.group_a).pk == book.pk  # opening again changes nothing
    world.group_b.kind = "paguyuban"
    world.group_b.save()
    assert chart.SALES not in set(open_book(group=world.group_b).accounts.values_list("code", flat=True))


def test_a_balanced_entry_moves_balances(world, treasurer):
    entry = _grant(world, treasurer)
    book = entry.book
    assert balance(book, chart.CASH) == 1_000_000
    assert balance(book, chart.GRANTS) == 1_000_000
    tb = trial_balance(book)
    assert tb["total_debit"] == tb["total_credit"] == 1_000_000
    assert entry.created_by == treasurer


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([Line(chart.CASH, debit=100), Line(chart.GRANTS, credit=90)], "unbalanced"),
        ([Line(chart.CASH, debit=100)], "legs"),
        ([Line(chart.CASH, debit=100, credit=100), Line(chart.GRANTS, credit=0)], "legs"),
        ([Line(chart.CASH, debit=0), Line(chart.GRANTS, credit=0)], "legs"),
        ([Line(chart.CASH, debit=-5), Line(chart.GRANTS, credit=-5)], "amount"),
        ([Line(chart.CASH, debit=1.5), Line(chart.GRANTS, credit=1.5)], "amount"),
        ([Line("9999", debit=100), Line(chart.GRANTS, credit=100)], "account"),
        ([Line(chart.CASH, debit=100), Line(chart.VOLUNTARY, credit=100)], "member"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_posted(world, treasurer, lines, code):
    with pytest.raises(ServiceError) as err:
        post_entry(group=world.group_a, on_date=DAY, memo="x", lines=lines, acting_user=treasurer)
    assert err.value.code == code
    assert not JournalEntry.objects.exists() and not Leg.objects.exists()


def test_a_leg_for_someone_who_never_was_a_member_is_refused(world, treasurer):
    outsider = world.people_b[0]
    with pytest.raises(ServiceError) as err:
        post_entry(
            group=world.group_a,
            on_date=DAY,
            memo="x",
            lines=[Line(chart.CASH, debit=5), Line(chart.VOLUNTARY, credit=5, person_id=outsider.pk)],
            acting_user=treasurer,
        )
    assert err.value.code == "member"


def test_the_same_idempotency_key_posts_once(world, treasurer):
    first = _grant(world, treasurer, key="hibah-2025-03")
    again = _grant(world, treasurer, key="hibah-2025-03")
    assert first.pk == again.pk
    assert JournalEntry.objects.count() == 1
    assert balance(first.book, chart.CASH) == 1_000_000


def test_a_future_date_is_refused(world, treasurer):
    with pytest.raises(ServiceError) as err:
        _grant(world, treasurer, on=dt.date.today() + dt.timedelta(days=3))
    assert err.value.code == "future_date"


def test_a_reversal_mirrors_the_entry_and_links_to_it(world, treasurer):
    entry = _grant(world, treasurer)
    reversal = reverse_entry(entry=entry, on_date=DAY, reason="salah catat", acting_user=treasurer)
    assert reversal.reverses_id == entry.pk
    assert balance(entry.book, chart.CASH) == 0
    with pytest.raises(ServiceError):
        reverse_entry(entry=entry, on_date=DAY, reason="again", acting_user=treasurer)
    with pytest.raises(ServiceError):
        reverse_entry(entry=reversal, on_date=DAY, reason="undo", acting_user=treasurer)


def test_posted_entries_and_legs_cannot_be_changed(world, treasurer):
    entry = _grant(world, treasurer)
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    leg = entry.legs.first()
    with pytest.raises(ImmutableError):
        leg.delete()
    # Below the ORM the database refuses too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(debit=leg.debit + leg.credit + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")


def test_the_database_refuses_a_leg_with_two_sides(world, treasurer):
    entry = _grant(world, treasurer)
    account = entry.book.accounts.get(code=chart.CASH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.bulk_create([Leg(entry=entry, account=account, debit=5, credit=5)])


def test_closing_a_period_refuses_postings_on_or_before_it(world, treasurer):
    _grant(world, treasurer, on=dt.date(2025, 1, 5))
    close_period(group=world.group_a, through=dt.date(2025, 1, 31), acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        _grant(world, treasurer, on=dt.date(2025, 1, 31))
    assert err.value.code == "closed_period"
    _grant(world, treasurer, on=dt.date(2025, 2, 1))
    with pytest.raises(ServiceError):
        close_period(group=world.group_a, through=dt.date(2025, 1, 15), acting_user=treasurer)
    # The database refuses it as well, whoever writes.
    book = Book.objects.get(group=world.group_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.bulk_create([JournalEntry(book=book, on_date=dt.date(2025, 1, 20), memo="late")])


def test_a_closed_account_takes_no_postings(world, treasurer):
    _grant(world, treasurer)
    close_account(group=world.group_a, code=chart.BANK, acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        post_entry(
            group=world.group_a,
            on_date=DAY,
            memo="to bank",
            lines=[Line(chart.BANK, debit=10), Line(chart.CASH, credit=10)],
            acting_user=treasurer,
        )
    assert err.value.code == "closed_account"


def test_a_leg_on_another_groups_account_is_refused_by_the_database(world, treasurer):
    entry = _grant(world, treasurer)
    other = open_book(group=world.group_b).accounts.get(code=chart.CASH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.bulk_create([Leg(entry=entry, account=other, debit=7)])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred balance trigger is PostgreSQL's")
def test_postgresql_refuses_an_unbalanced_entry_at_commit(world, treasurer):
    book = open_book(group=world.group_a)
    cash = book.accounts.get(code=chart.CASH)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry = JournalEntry.objects.create(book=book, on_date=DAY, memo="half an entry")
        Leg.objects.create(entry=entry, account=cash, debit=100)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would do


def test_balances_per_account_come_from_one_query(world, treasurer, django_assert_max_num_queries):
    for i in range(10):
        _grant(world, treasurer, amount=1000 + i, key=f"k{i}")
    book = open_book(group=world.group_a)
    with django_assert_max_num_queries(2):
        rows = account_balances(book)
    assert next(r for r in rows if r["code"] == chart.CASH)["balance"] == sum(1000 + i for i in range(10))


def test_reversing_a_deposit_already_withdrawn_is_refused(world, bylaws, treasurer):
    from berdaya.books.savings import deposit, withdraw

    siti = world.people_a[1]
    entry = deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=20_000, on_date=DAY, acting_user=treasurer
    )
    withdraw(group=world.group_a, person=siti, amount=15_000, on_date=DAY, acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        reverse_entry(entry=entry, on_date=DAY, reason="salah", acting_user=treasurer)
    assert err.value.code == "insufficient" and "Anggota A2" in err.value.message
    assert balance(entry.book, chart.VOLUNTARY, person_id=siti.pk) == 5_000


def test_a_manual_entry_cannot_take_a_member_below_zero(world, bylaws, treasurer):
    siti = world.people_a[1]
    with pytest.raises(ServiceError) as err:
        post_entry(
            group=world.group_a,
            on_date=DAY,
            memo="koreksi",
            lines=[Line(chart.VOLUNTARY, debit=1, person_id=siti.pk), Line(chart.CASH, credit=1)],
            acting_user=treasurer,
        )
    assert err.value.code == "insufficient"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statement-level leg trigger is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)  # the entry must be committed, as a posted entry is
def test_postgresql_refuses_a_leg_added_to_a_posted_entry(world, treasurer):
    entry = _grant(world, treasurer)
    cash = entry.book.accounts.get(code=chart.CASH)
    grants = entry.book.accounts.get(code=chart.GRANTS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.bulk_create([Leg(entry=entry, account=cash, debit=5)])
    # Two legs balancing each other still change a posted entry: refused as well.
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.bulk_create(
            [Leg(entry=entry, account=cash, debit=5), Leg(entry=entry, account=grants, credit=5)]
        )
    assert entry.legs.count() == 2
