"""Members' savings (UU 25/1992): pokok once on joining, wajib periodically, sukarela at will.

Pokok and wajib are the member's capital in the group: they cannot be withdrawn while the person is a
member and are returned in full when they leave (``refund_on_leave``). Sukarela can be withdrawn up to
its balance. Every movement is a ledger entry through ``books.services``; balances are sums of legs.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person

from . import chart
from .models import JournalEntry
from .queries import balance, member_balances
from .services import Line, check_rupiah, lock_book, post_entry

KINDS = {
    "pokok": chart.PRINCIPAL,
    "wajib": chart.MANDATORY,
    "sukarela": chart.VOLUNTARY,
}
KIND_LABELS = {
    "pokok": gettext_lazy("Principal saving (pokok)"),
    "wajib": gettext_lazy("Mandatory saving (wajib)"),
    "sukarela": gettext_lazy("Voluntary saving (sukarela)"),
}
SAVINGS_CODES = list(KINDS.values())


def _membership(group: Group, person: Person, *, active: bool = True) -> Membership:
    qs = Membership.objects.filter(group=group, person=person)
    if active:
        qs = qs.filter(left_on__isnull=True)
    membership = qs.order_by("-joined_on").first()
    if membership is None:
        raise ServiceError(
            _("%(person)s is not a member of %(group)s.") % {"person": person.full_name, "group": group.name},
            field_errors={"person": _("Not a member of this group.")},
            code="member",
        )
    return membership


def _kind_code(kind: str) -> str:
    if kind not in KINDS:
        raise ServiceError(
            _("Unknown kind of saving: %(kind)s.") % {"kind": kind}, field_errors={"kind": _("Unknown.")}
        )
    return KINDS[kind]


def deposit(
    *,
    group: Group,
    person: Person,
    kind: str,
    amount: int,
    on_date: dt.date,
    acting_user,
    idempotency_key: str | None = None,
    meeting=None,
) -> JournalEntry:
    """A member pays a saving into the group's cash: debit cash, credit the member's savings account."""
    code = _kind_code(kind)
    check_rupiah(amount, _("The amount"))
    if amount <= 0:
        raise ServiceError(
            _("The amount must be more than zero."), field_errors={"amount": _("More than zero.")}
        )
    with transaction.atomic():
        book = lock_book(group)
        _membership(group, person)
        if kind == "pokok":
            required = getattr(getattr(group, "bylaws", None), "principal_saving", 0) or 0
            paid = balance(book, code, person_id=person.pk)
            if required and paid + amount > required:
                raise ServiceError(
                    _(
                        "The principal saving (pokok) in the bylaws is Rp%(required)s; %(person)s has paid "
                        "Rp%(paid)s, so at most Rp%(left)s more can be paid."
                    )
                    % {
                        "required": thousands(required),
                        "person": person.full_name,
                        "paid": thousands(paid),
                        "left": thousands(max(required - paid, 0)),
                    },
                    field_errors={"amount": _("More than the bylaws ask.")},
                    code="pokok_limit",
                )
        return post_entry(
            group=group,
            on_date=on_date,
            memo=_("%(kind)s from %(person)s") % {"kind": KIND_LABELS[kind], "person": person.full_name},
            lines=[Line(chart.CASH, debit=amount), Line(code, credit=amount, person_id=person.pk)],
            acting_user=acting_user,
            kind=JournalEntry.Kind.SAVING,
            idempotency_key=idempotency_key,
            meeting=meeting,
        )


def withdraw(
    *,
    group: Group,
    person: Person,
    amount: int,
    on_date: dt.date,
    acting_user,
    kind: str = "sukarela",
    idempotency_key: str | None = None,
    meeting=None,
) -> JournalEntry:
    """A member takes out voluntary savings, up to their balance. Pokok and wajib are refused."""
    _kind_code(kind)
    if kind != "sukarela":
        raise ServiceError(
            _(
                "Principal (pokok) and mandatory (wajib) savings cannot be withdrawn while the person is a member; "
                "they are returned in full when the member leaves the group."
            ),
            field_errors={"kind": _("Only voluntary savings can be withdrawn.")},
            code="not_withdrawable",
        )
    check_rupiah(amount, _("The amount"))
    if amount <= 0:
        raise ServiceError(
            _("The amount must be more than zero."), field_errors={"amount": _("More than zero.")}
        )
    with transaction.atomic():
        book = lock_book(group)  # held until commit: two withdrawals cannot both pass the balance check
        _membership(group, person)
        available = balance(book, chart.VOLUNTARY, person_id=person.pk)
        if amount > available:
            raise ServiceError(
                _("%(person)s has Rp%(available)s in voluntary savings; Rp%(amount)s cannot be withdrawn.")
                % {
                    "person": person.full_name,
                    "available": thousands(available),
                    "amount": thousands(amount),
                },
                field_errors={"amount": _("More than the balance.")},
                code="insufficient",
            )
        return post_entry(
            group=group,
            on_date=on_date,
            memo=_("Withdrawal of voluntary savings by %(person)s") % {"person": person.full_name},
            lines=[Line(chart.VOLUNTARY, debit=amount, person_id=person.pk), Line(chart.CASH, credit=amount)],
            acting_user=acting_user,
            kind=JournalEntry.Kind.WITHDRAWAL,
            idempotency_key=idempotency_key,
            meeting=meeting,
        )


def refund_on_leave(
    *, group: Group, person: Person, on_date: dt.date, acting_user, idempotency_key: str | None = None
) -> JournalEntry | None:
    """Return all savings of a member who has left the group. Returns None when nothing is held."""
    with transaction.atomic():
        book = lock_book(group)
        if Membership.objects.filter(group=group, person=person, left_on__isnull=True).exists():
            raise ServiceError(
                _(
                    "%(person)s is still a member; record that they left the group before returning their savings."
                )
                % {"person": person.full_name},
                code="still_member",
            )
        _membership(group, person, active=False)
        held = member_balances(book, SAVINGS_CODES, person_ids=[person.pk]).get(person.pk, {})
        lines = [Line(code, debit=amount, person_id=person.pk) for code, amount in held.items() if amount > 0]
        total = sum(line.debit for line in lines)
        if not total:
            return None
        entry = post_entry(
            group=group,
            on_date=on_date,
            memo=_("Savings returned to %(person)s on leaving") % {"person": person.full_name},
            lines=[*lines, Line(chart.CASH, credit=total)],
            acting_user=acting_user,
            kind=JournalEntry.Kind.SAVINGS_REFUND,
            idempotency_key=idempotency_key,
        )
        record(actor=acting_user, action="update", obj=group, note=_("savings returned to a leaving member"))
        return entry


def passbook(group: Group, person: Person) -> dict:
    """The member's savings movements in date order with a running balance per kind and in total."""
    from .models import Leg
    from .services import open_book

    book = open_book(group=group)
    code_kind = {code: kind for kind, code in KINDS.items()}
    legs = (
        Leg.objects.filter(entry__book=book, person=person, account__code__in=SAVINGS_CODES)
        .select_related("entry", "account")
        .order_by("entry__on_date", "entry_id", "id")
    )
    running = dict.fromkeys(KINDS, 0)
    rows = []
    for leg in legs:
        kind = code_kind[leg.account.code]
        change = leg.credit - leg.debit
        running[kind] += change
        rows.append(
            {
                "date": leg.entry.on_date,
                "entry_id": leg.entry_id,
                "memo": leg.entry.memo,
                "kind": kind,
                "kind_label": KIND_LABELS[kind],
                "deposit": leg.credit,
                "withdrawal": leg.debit,
                "balances": dict(running),
                "total": sum(running.values()),
            }
        )
    return {"rows": rows, "balances": running, "total": sum(running.values())}
