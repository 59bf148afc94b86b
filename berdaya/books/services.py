"""Every write to the ledger: opening a book, posting entries, reversing them, closing a period.

Product services (savings, loans, tanggung renteng, arisan, funds, SHU, the meeting sheet) never write
entries or legs themselves; they build ``Line``s and call ``post_entry`` (one entry) or
``post_entries`` (many, in one set-based insert). Both lock the group's book row first, so postings to
one group are serialised (no lost update, no overdraft race) while different groups post in parallel.

The journal is its own audit trail: entries are immutable and carry who posted them and when. The
audit log records the state changes around it (a period closed, a loan approved, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Group
from berdaya.groups.services import local_today

from .chart import DEBIT_NORMAL, KIND_OF, MEMBER_ACCOUNTS, template_for
from .models import Account, Book, JournalEntry

_MAX_RUPIAH = 10**15  # a quadrillion rupiah: far above any group's books, far below BIGINT's limit
# Lazy: every leg of every posting is checked, and the label is only needed when the check fails.
_A_DEBIT = gettext_lazy("A debit")
_A_CREDIT = gettext_lazy("A credit")


@dataclass(frozen=True)
class Line:
    """One leg to post: an account code, exactly one positive side, and the member it belongs to."""

    account: str
    debit: int = 0
    credit: int = 0
    person_id: int | None = None


@dataclass
class EntrySpec:
    """One entry for ``post_entries``: what ``post_entry`` takes, minus the group and the user."""

    on_date: dt.date
    memo: str
    lines: Sequence[Line]
    kind: str = JournalEntry.Kind.MANUAL
    idempotency_key: str | None = None
    meeting_id: int | None = None
    reverses_id: int | None = None
    extra: dict = field(default_factory=dict)


def check_rupiah(value, what: str) -> int:
    # bool is an int in Python; a float or Decimal near money is a caller bug we refuse loudly.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(_("%(what)s must be a whole number of rupiah.") % {"what": what}, code="amount")
    if value < 0 or value > _MAX_RUPIAH:
        raise ServiceError(_("%(what)s is out of range.") % {"what": what}, code="amount")
    return value


def open_book(*, group: Group, on_date: dt.date | None = None, acting_user=None) -> Book:
    """The group's book, opened from its kind's chart template the first time it is asked for."""
    book = Book.objects.filter(group=group).first()
    if book is not None:
        return book
    with transaction.atomic():
        book, created = Book.objects.get_or_create(
            group=group, defaults={"opened_on": on_date or group.founded_on or local_today(group.place)}
        )
        if created:
            Account.objects.bulk_create(
                Account(book=book, code=code, kind=kind, name=str(name))
                for code, kind, name in template_for(group.kind)
            )
            record(actor=acting_user, action="create", obj=book)
    return book


def lock_book(group: Group) -> Book:
    """The group's book, row-locked until the transaction ends (opened first if it is new).

    Serialises postings per group: balance checks (withdrawal ≤ balance, cover owed) read then write.
    """
    book = Book.objects.select_for_update().filter(group_id=group.pk).first()
    if book is None:
        open_book(group=group)
        book = Book.objects.select_for_update().get(group_id=group.pk)
    return book


def _insert_legs(rows: list[tuple[int, int, int | None, int, int]]) -> None:
    """Insert legs (entry, account, person, debit, credit) without building a model object per row.

    A meeting posts about 70 legs; building and preparing Leg objects cost more than the INSERT itself
    (bench/books.py). PostgreSQL takes the whole batch as one statement over arrays, which also lets its
    statement-level trigger check every touched entry once (migration 0004).
    """
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = list(zip(*rows, strict=True))
            cursor.execute(
                "INSERT INTO books_leg (entry_id, account_id, person_id, debit, credit) "
                "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])",
                [list(column) for column in columns],
            )
        else:
            cursor.executemany(
                "INSERT INTO books_leg (entry_id, account_id, person_id, debit, credit) VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def _in(values) -> str:
    return ", ".join(["%s"] * len(values))


def _book_facts(book: Book, person_ids: set[int], keys: list[str]) -> tuple[dict, set[int], dict[str, int]]:
    """What a posting checks against, read in ONE round trip: the chart, the members, the keys seen.

    Returns the book's accounts ({code: (id, closed)}), which of ``person_ids`` have ever been members
    of the group, and the ids of entries already posted under any of ``keys``. These are three small
    index lookups; sent as three ORM queries they cost a meeting sheet more than the INSERTs themselves
    (bench/books.py), so they go as one ``UNION ALL`` of plain SQL, tagged by what each row is.
    """
    sql = ["SELECT 'a', code, id, is_closed FROM books_account WHERE book_id = %s"]
    params: list = [book.pk]
    if person_ids:
        sql.append(
            "SELECT 'm', NULL, person_id, NULL FROM groups_membership "
            f"WHERE group_id = %s AND person_id IN ({_in(person_ids)})"
        )
        params += [book.group_id, *person_ids]
    if keys:
        sql.append(
            "SELECT 'k', idempotency_key, id, NULL FROM books_journalentry "
            f"WHERE book_id = %s AND idempotency_key IN ({_in(keys)})"
        )
        params += [book.pk, *keys]
    accounts: dict[str, tuple[int, bool]] = {}
    members: set[int] = set()
    seen: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        for tag, text, pk, flag in cursor.fetchall():
            if tag == "a":
                accounts[text] = (pk, bool(flag))
            elif tag == "m":
                members.add(pk)
            else:
                seen[text] = pk
    return accounts, members, seen


def _insert_entries(book: Book, specs: Sequence[EntrySpec], created_by_id: int | None) -> list[JournalEntry]:
    """Insert the entries in one statement; return them as model instances carrying their new ids.

    On PostgreSQL the batch goes as arrays through ``unnest`` (one statement, rows inserted and returned
    in the arrays' order), which skips the ORM's per-object preparation: at 20 entries a meeting that
    preparation was the largest single cost of a posting. SQLite keeps ``bulk_create``.
    """
    now = timezone.now()
    entries = [
        JournalEntry(
            book=book,
            on_date=spec.on_date,
            kind=spec.kind,
            memo=spec.memo.strip()[:250],
            idempotency_key=spec.idempotency_key,
            meeting_id=spec.meeting_id,
            reverses_id=spec.reverses_id,
            created_by_id=created_by_id,
            created_at=now,
        )
        for spec in specs
    ]
    if connection.vendor != "postgresql":
        return JournalEntry.objects.bulk_create(entries)
    columns = [
        [e.book_id for e in entries],
        [e.on_date for e in entries],
        [e.kind for e in entries],
        [e.memo for e in entries],
        [e.idempotency_key for e in entries],
        [e.reverses_id for e in entries],
        [e.meeting_id for e in entries],
        [e.created_by_id for e in entries],
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO books_journalentry "
            "(book_id, on_date, kind, memo, idempotency_key, reverses_id, meeting_id, created_by_id, created_at) "
            "SELECT b, d, k, m, i, r, g, u, %s FROM unnest("
            "%s::bigint[], %s::date[], %s::varchar[], %s::varchar[], %s::varchar[], "
            "%s::bigint[], %s::bigint[], %s::bigint[]) WITH ORDINALITY AS t(b, d, k, m, i, r, g, u, n) "
            "ORDER BY n RETURNING id",
            [now, *columns],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for entry, pk in zip(entries, ids, strict=True):
        entry.pk = pk
        entry._state.adding = False
        entry._state.db = connection.alias
    return entries


def _check_entry(book: Book, spec: EntrySpec, accounts: dict, members: set[int], today: dt.date) -> None:
    lines = list(spec.lines)
    if not (spec.memo or "").strip():
        raise ServiceError(_("Every entry needs a description."), field_errors={"memo": _("Required.")})
    if len(lines) < 2:
        raise ServiceError(_("An entry needs at least two legs, a debit and a credit."), code="legs")
    if book.closed_through and spec.on_date <= book.closed_through:
        raise ServiceError(
            _(
                "The books are closed through %(closed)s; nothing can be posted on %(date)s. Post it on a later date."
            )
            % {"closed": book.closed_through.isoformat(), "date": spec.on_date.isoformat()},
            field_errors={"on_date": _("This period is closed.")},
            code="closed_period",
        )
    if spec.on_date > today:
        raise ServiceError(
            _(
                "%(date)s is after today at the group's place (%(today)s); entries are posted when they happen."
            )
            % {"date": spec.on_date.isoformat(), "today": today.isoformat()},
            field_errors={"on_date": _("This date is in the future.")},
            code="future_date",
        )
    debit = credit = 0
    for line in lines:
        check_rupiah(line.debit, _A_DEBIT)
        check_rupiah(line.credit, _A_CREDIT)
        if (line.debit > 0) == (line.credit > 0):
            raise ServiceError(_("Each leg has exactly one positive side, a debit or a credit."), code="legs")
        if line.account not in accounts:
            raise ServiceError(
                _("Account %(code)s is not in this group's chart of accounts.") % {"code": line.account},
                code="account",
            )
        if accounts[line.account][1]:
            raise ServiceError(
                _("Account %(code)s is closed and takes no postings.") % {"code": line.account},
                code="closed_account",
            )
        if line.account in MEMBER_ACCOUNTS and line.person_id is None:
            raise ServiceError(
                _("Account %(code)s holds members' balances; the leg must name the member.")
                % {"code": line.account},
                code="member",
            )
        if line.person_id is not None and line.person_id not in members:
            raise ServiceError(_("That person has never been a member of this group."), code="member")
        debit += line.debit
        credit += line.credit
    if debit != credit:
        raise ServiceError(
            _("The entry does not balance: debits Rp%(debit)s, credits Rp%(credit)s.")
            % {"debit": thousands(debit), "credit": thousands(credit)},
            code="unbalanced",
        )


def _check_member_balances(book: Book, specs: Sequence[EntrySpec]) -> None:
    """Refuse a batch that would take any member's balance on a member account below zero.

    A member cannot hold negative savings, be owed a negative cover, or owe a negative loan — whatever
    posts it: a withdrawal, a manual entry, or the reversal of a deposit that was already withdrawn.
    Only the (account, member) pairs the batch moves against their normal side are read, in one query.
    """
    deltas: dict[tuple[str, int], int] = {}
    for spec in specs:
        for line in spec.lines:
            if line.person_id is None or line.account not in MEMBER_ACCOUNTS:
                continue
            change = line.debit - line.credit
            if KIND_OF.get(line.account) not in DEBIT_NORMAL:
                change = -change
            key = (line.account, line.person_id)
            deltas[key] = deltas.get(key, 0) + change
    falling = {key: change for key, change in deltas.items() if change < 0}
    if not falling:
        return
    from .queries import member_balances

    codes = sorted({code for code, _pid in falling})
    held = member_balances(book, codes, person_ids=sorted({pid for _code, pid in falling}))
    for (code, pid), change in sorted(falling.items()):
        has = held.get(pid, {}).get(code, 0)
        if has + change < 0:
            from berdaya.people.models import Person

            name = Person.objects.filter(pk=pid).values_list("full_name", flat=True).first() or str(pid)
            account = book.accounts.filter(code=code).values_list("name", flat=True).first() or code
            raise ServiceError(
                _("%(person)s has Rp%(held)s on %(account)s; Rp%(amount)s cannot be taken from it.")
                % {"person": name, "held": thousands(has), "account": account, "amount": thousands(-change)},
                code="insufficient",
            )


def post_entries(*, group: Group, entries: Sequence[EntrySpec], acting_user) -> list[JournalEntry]:
    """Post many entries to one group's book in one transaction, with two set-based INSERTs.

    Entries whose idempotency key was already posted are not posted again; the earlier entry is
    returned in their place, so a retried request (a phone that lost its connection) posts once.
    Either every new entry is posted or none is (a ``ServiceError`` says why).
    """
    if not entries:
        return []
    with transaction.atomic():
        book = lock_book(group)
        keys = [spec.idempotency_key for spec in entries if spec.idempotency_key]
        if len(keys) != len(set(keys)):
            raise ServiceError(
                _("Two entries in one batch carry the same idempotency key."), code="idempotency"
            )
        person_ids = {line.person_id for spec in entries for line in spec.lines if line.person_id}
        accounts, members, seen = _book_facts(book, person_ids, keys)
        existing = JournalEntry.objects.in_bulk(list(seen.values())) if seen else {}
        todo = [spec for spec in entries if not (spec.idempotency_key and spec.idempotency_key in seen)]
        today = local_today(group.place)
        for spec in todo:
            _check_entry(book, spec, accounts, members, today)
        _check_member_balances(book, todo)
        created = _insert_entries(book, todo, getattr(acting_user, "pk", None))
        _insert_legs(
            [
                (entry.pk, accounts[line.account][0], line.person_id, line.debit, line.credit)
                for entry, spec in zip(created, todo, strict=True)
                for line in spec.lines
            ]
        )
        made = iter(created)
        return [
            existing[seen[spec.idempotency_key]] if spec.idempotency_key in seen else next(made)
            for spec in entries
        ]


def post_entry(
    *,
    group: Group,
    on_date: dt.date,
    memo: str,
    lines: Sequence[Line],
    acting_user,
    kind: str = JournalEntry.Kind.MANUAL,
    idempotency_key: str | None = None,
    meeting=None,
) -> JournalEntry:
    """Post one balanced entry; with an idempotency key already used, return that entry instead."""
    spec = EntrySpec(
        on_date=on_date,
        memo=memo,
        lines=lines,
        kind=kind,
        idempotency_key=idempotency_key or None,
        meeting_id=getattr(meeting, "pk", None),
    )
    return post_entries(group=group, entries=[spec], acting_user=acting_user)[0]


def entry_lines(entry: JournalEntry) -> list[Line]:
    return [
        Line(account=leg.account.code, debit=leg.debit, credit=leg.credit, person_id=leg.person_id)
        for leg in entry.legs.select_related("account")
    ]


def reverse_entry(
    *, entry: JournalEntry, on_date: dt.date, reason: str, acting_user, idempotency_key: str | None = None
) -> JournalEntry:
    """Post the mirror image of ``entry`` (debits become credits) on ``on_date``, linked to it.

    The original stays as it was: the books show both the mistake and its correction.
    """
    if not (reason or "").strip():
        raise ServiceError(_("Say why the entry is reversed."), field_errors={"reason": _("Required.")})
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ServiceError(_("This entry has already been reversed."), code="already_reversed")
    if entry.kind == JournalEntry.Kind.REVERSAL:
        raise ServiceError(
            _("A reversal cannot itself be reversed; post a new entry instead."), code="reversal"
        )
    group = entry.book.group
    lines = [
        Line(account=x.account, debit=x.credit, credit=x.debit, person_id=x.person_id)
        for x in entry_lines(entry)
    ]
    spec = EntrySpec(
        on_date=on_date,
        memo=_("Reversal of #%(id)s: %(reason)s") % {"id": entry.pk, "reason": reason.strip()},
        lines=lines,
        kind=JournalEntry.Kind.REVERSAL,
        idempotency_key=idempotency_key or None,
        reverses_id=entry.pk,
    )
    return post_entries(group=group, entries=[spec], acting_user=acting_user)[0]


def close_period(*, group: Group, through: dt.date, acting_user) -> Book:
    """Close the books through a date: nothing can be posted on or before it afterwards."""
    with transaction.atomic():
        book = lock_book(group)
        before = snapshot(book)
        if book.closed_through and through <= book.closed_through:
            raise ServiceError(
                _("The books are already closed through %(date)s.")
                % {"date": book.closed_through.isoformat()},
                field_errors={"through": _("Choose a later date.")},
            )
        if through >= local_today(group.place):
            raise ServiceError(
                _("Only days that are over can be closed."),
                field_errors={"through": _("Choose a date before today.")},
            )
        book.closed_through = through
        book.closed_at = timezone.now()
        book.save(update_fields=["closed_through", "closed_at"])
        record(actor=acting_user, action="update", obj=book, before=before, note=_("period closed"))
    return book


def close_account(*, group: Group, code: str, acting_user) -> Account:
    """Close an account so that nothing more is posted to it (its balance stays in the reports)."""
    with transaction.atomic():
        book = lock_book(group)
        account = Account.objects.select_for_update().filter(book=book, code=code).first()
        if account is None:
            raise ServiceError(
                _("Account %(code)s is not in this group's chart of accounts.") % {"code": code}
            )
        if account.is_closed:
            return account
        before = snapshot(account)
        account.is_closed = True
        account.closed_at = timezone.now()
        account.save(update_fields=["is_closed", "closed_at"])
        record(actor=acting_user, action="update", obj=account, before=before, note=_("account closed"))
    return account


def entries_for(book: Book, *, keys: Iterable[str]) -> dict[str, JournalEntry]:
    return {
        e.idempotency_key: e
        for e in JournalEntry.objects.filter(Q(book=book) & Q(idempotency_key__in=list(keys)))
    }
