"""Year-end close and SHU (sisa hasil usaha) distribution.

At the end of a year the group's income and expense accounts are closed into the retained surplus
(SURPLUS) by a closing entry, and the surplus is distributed by the group's ``ShuPolicy`` (from its
bylaws, PRODUCT "Domain rules": SHU): a reserve, the management / education / social funds, and the
members' share, split into *jasa modal* (proportional to each member's counted savings at year end)
and *jasa usaha* (proportional to the income their transactions brought in the year). Every split is
by largest remainder, so the parts add up to the surplus to the rupiah. Then the year is closed
(``services.close_period``): nothing more can be posted into it.

A deficit is not distributed: it stays in the income and expense accounts and is carried forward.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record
from berdaya.core.errors import ServiceError, check_fields
from berdaya.core.money import thousands
from berdaya.groups.models import Group, Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import chart
from .models import JournalEntry, ShuDistribution, ShuPolicy, ShuShare
from .queries import account_balances, income_from_members, member_balances
from .savings import KINDS
from .services import EntrySpec, Line, close_period, lock_book, open_book, post_entries

PERCENT_FIELDS = [
    "reserve_percent",
    "jasa_modal_percent",
    "jasa_usaha_percent",
    "management_percent",
    "education_percent",
    "social_percent",
]
POLICY_FIELDS = [*PERCENT_FIELDS, "modal_savings"]
# Where each non-member part of the surplus goes.
POOL_ACCOUNTS = {
    "reserve": chart.RESERVE,
    "management_fund": chart.MANAGEMENT_FUND,
    "education_fund": chart.EDUCATION_FUND,
    "social_fund": chart.SOCIAL_FUND,
}


def _split(total: int, weights: list) -> list[int]:
    from .shares import split_by_weights  # the one largest-remainder implementation of the project

    return list(split_by_weights(total, weights))


def policy_for(group: Group) -> ShuPolicy:
    """The group's SHU policy; an unsaved default one when the group has not set its own."""
    return ShuPolicy.objects.filter(group=group).first() or ShuPolicy(group=group)


def policy_dict(policy: ShuPolicy) -> dict:
    return {
        **{f: str(Decimal(getattr(policy, f)).normalize()) for f in PERCENT_FIELDS},
        "modal_savings": policy.modal_savings,
    }


def set_policy(*, group: Group, acting_user, **changes) -> ShuPolicy:
    """Change the group's SHU percentages (they must add up to exactly 100 %)."""
    check_fields(changes, POLICY_FIELDS)
    with transaction.atomic():
        policy = ShuPolicy.objects.select_for_update().filter(group=group).first()
        created = policy is None
        if created:
            policy = ShuPolicy(group=group)
        before = policy_dict(policy)
        for name, value in changes.items():
            setattr(policy, name, value)
        values = [Decimal(getattr(policy, f)) for f in PERCENT_FIELDS]
        if any(v < 0 or v > 100 for v in values):
            raise ServiceError(
                _("Each percentage must be between 0 and 100."), code="percent", field_errors={}
            )
        total = sum(values)
        if total != 100:
            raise ServiceError(
                _("The percentages add up to %(total)s %%; they must add up to exactly 100 %%.")
                % {"total": total.normalize()},
                field_errors={"reserve_percent": _("The six percentages must add up to 100.")},
                code="percent_total",
            )
        if policy.modal_savings not in ShuPolicy.ModalSavings.values:
            raise ServiceError(_("Unknown choice of savings."), field_errors={"modal_savings": _("Unknown.")})
        policy.save()
        record(
            actor=acting_user,
            action="create" if created else "update",
            obj=policy,
            before=None if created else before,
            after=policy_dict(policy),
        )
    return policy


def _modal_codes(policy: ShuPolicy) -> list[str]:
    if policy.modal_savings == ShuPolicy.ModalSavings.ALL:
        return list(KINDS.values())
    return [chart.PRINCIPAL, chart.MANDATORY]


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _members_at(group: Group, day: dt.date) -> list[Person]:
    ids = Membership.objects.filter(group=group, joined_on__lte=day).exclude(left_on__lte=day)
    return list(Person.objects.filter(pk__in=ids.values("person_id")).order_by("full_name", "pk"))


def _refusal(group: Group, year: int, book) -> str | None:
    """Why the year cannot be closed now, or None."""
    start, end = _year_bounds(year)
    today = local_today(group.place)
    if end >= today:
        return _(
            "%(year)s is not over yet at the group's place; a year is closed from 1 January after it."
        ) % {"year": year}
    if ShuDistribution.objects.filter(group=group, year=year).exists():
        return _("The SHU of %(year)s has already been distributed.") % {"year": year}
    if book.closed_through and book.closed_through >= end:
        return _(
            "The books are already closed through %(date)s, so %(year)s can no longer be closed here."
        ) % {"date": book.closed_through.isoformat(), "year": year}
    return None


def preview_shu(group: Group, year: int) -> dict:
    """What closing ``year`` would post: the surplus, each pool, and each member's shares with reasons.

    Returns a dict with ``surplus`` (income − expenses of the year), ``income`` and ``expenses`` rows,
    the pools (``reserve``, ``management_fund``, ``education_fund``, ``social_fund``, ``jasa_modal``,
    ``jasa_usaha``), ``members`` (person, counted savings, transaction income, jasa modal, jasa usaha,
    total), ``notes`` (how leftovers were handled), ``refusal`` (why it cannot be closed, or None)
    and the ``closing_lines`` and ``distribution_lines`` that ``close_year`` posts.
    """
    book = open_book(group=group)
    policy = policy_for(group)
    start, end = _year_bounds(year)
    rows = [
        r
        for r in account_balances(book, since=start, as_of=end)
        if r["kind"] in (chart.INCOME, chart.EXPENSE) and r["debit"] != r["credit"]
    ]
    income = [r for r in rows if r["kind"] == chart.INCOME]
    expenses = [r for r in rows if r["kind"] == chart.EXPENSE]
    surplus = sum(r["balance"] for r in income) - sum(r["balance"] for r in expenses)
    # Closing entry: every income and expense account of the year back to zero, the net to SURPLUS.
    closing_lines = []
    for r in rows:
        net = r["debit"] - r["credit"]
        closing_lines.append(Line(r["code"], debit=-net) if net < 0 else Line(r["code"], credit=net))
    if surplus > 0:
        closing_lines.append(Line(chart.SURPLUS, credit=surplus))
    elif surplus < 0:
        closing_lines.append(Line(chart.SURPLUS, debit=-surplus))

    refusal = _refusal(group, year, book)
    if refusal is None and surplus <= 0:
        refusal = _(
            "%(year)s closed with no surplus (Rp%(surplus)s): a deficit is carried forward and nothing is distributed."
        ) % {"year": year, "surplus": thousands(surplus)}

    members = _members_at(group, end)
    person_ids = [p.pk for p in members]
    codes = _modal_codes(policy)
    balances = member_balances(book, codes, person_ids=person_ids, as_of=end)
    savings = {pk: max(sum(balances.get(pk, {}).values()), 0) for pk in person_ids}
    usaha_income = income_from_members(book, person_ids, since=start, until=end)
    usaha_weights = {pk: max(usaha_income.get(pk, 0), 0) for pk in person_ids}

    notes: list[str] = []
    pools = dict.fromkeys(
        ["reserve", "jasa_modal", "jasa_usaha", "management_fund", "education_fund", "social_fund"], 0
    )
    jasa_modal = dict.fromkeys(person_ids, 0)
    jasa_usaha = dict.fromkeys(person_ids, 0)
    if surplus > 0:
        # Percentages carry two decimals: weights in hundredths of a percent keep them exact integers.
        weights = [int(Decimal(getattr(policy, f)) * 100) for f in PERCENT_FIELDS]
        parts = _split(surplus, weights)
        pools = dict(zip(pools.keys(), parts, strict=True))
        for pool, weights_by_member, out, why in (
            ("jasa_modal", savings, jasa_modal, _("no member held savings that count for jasa modal")),
            ("jasa_usaha", usaha_weights, jasa_usaha, _("no member's transactions brought income")),
        ):
            if not pools[pool]:
                continue
            if not person_ids or not any(weights_by_member.values()):
                notes.append(
                    _("Rp%(amount)s for %(pool)s goes to the reserve: %(why)s.")
                    % {"amount": thousands(pools[pool]), "pool": pool.replace("_", " "), "why": why}
                )
                pools["reserve"] += pools[pool]
                pools[pool] = 0
                continue
            shares = _split(pools[pool], [weights_by_member[pk] for pk in person_ids])
            out.update(zip(person_ids, shares, strict=True))

    member_rows = [
        {
            "person": p,
            "person_id": p.pk,
            "counted_savings": savings[p.pk],
            "transactions_income": usaha_weights[p.pk],
            "jasa_modal": jasa_modal[p.pk],
            "jasa_usaha": jasa_usaha[p.pk],
            "total": jasa_modal[p.pk] + jasa_usaha[p.pk],
        }
        for p in members
    ]
    distribution_lines = []
    if surplus > 0:
        distribution_lines.append(Line(chart.SURPLUS, debit=surplus))
        for pool, code in POOL_ACCOUNTS.items():
            if pools[pool]:
                distribution_lines.append(Line(code, credit=pools[pool]))
        for row in member_rows:
            if row["total"]:
                distribution_lines.append(
                    Line(chart.SHU_PAYABLE, credit=row["total"], person_id=row["person_id"])
                )
    return {
        "group": group,
        "year": year,
        "start": start,
        "end": end,
        "policy": policy,
        "income": income,
        "expenses": expenses,
        "total_income": sum(r["balance"] for r in income),
        "total_expenses": sum(r["balance"] for r in expenses),
        "surplus": surplus,
        **pools,
        "members_total": pools["jasa_modal"] + pools["jasa_usaha"],
        "members": member_rows,
        "notes": notes,
        "refusal": refusal,
        "closing_lines": closing_lines,
        "distribution_lines": distribution_lines,
    }


def close_year(
    *, group: Group, year: int, acting_user, idempotency_key: str | None = None
) -> ShuDistribution:
    """Close ``year``: closing entry into SURPLUS, the SHU distribution entry, the record, the period close.

    Refused (``ServiceError``, nothing posted) when the year is not over, already closed or
    distributed, or ended without a surplus. Calling it again for a closed year with the same
    ``idempotency_key`` returns the earlier record instead of an error.
    """
    with transaction.atomic():
        lock_book(group)  # serialise with every other posting to this group while we read then write
        done = ShuDistribution.objects.filter(group=group, year=year).first()
        if (
            done is not None
            and idempotency_key
            and done.closing_entry.idempotency_key == f"{idempotency_key}:close"
        ):
            return done
        preview = preview_shu(group, year)
        if preview["refusal"]:
            raise ServiceError(
                preview["refusal"], field_errors={"year": preview["refusal"]}, code="shu_refused"
            )
        key = idempotency_key or None
        closing, distribution = post_entries(
            group=group,
            entries=[
                EntrySpec(
                    on_date=preview["end"],
                    memo=_("Year-end close %(year)s: income and expenses into the surplus") % {"year": year},
                    lines=preview["closing_lines"],
                    kind=JournalEntry.Kind.SHU,
                    idempotency_key=f"{key}:close" if key else None,
                ),
                EntrySpec(
                    on_date=preview["end"],
                    memo=_("SHU %(year)s distributed") % {"year": year},
                    lines=preview["distribution_lines"],
                    kind=JournalEntry.Kind.SHU,
                    idempotency_key=f"{key}:shu" if key else None,
                ),
            ],
            acting_user=acting_user,
        )
        dist = ShuDistribution.objects.create(
            group=group,
            year=year,
            surplus=preview["surplus"],
            reserve=preview["reserve"],
            management_fund=preview["management_fund"],
            education_fund=preview["education_fund"],
            social_fund=preview["social_fund"],
            jasa_modal=preview["jasa_modal"],
            jasa_usaha=preview["jasa_usaha"],
            policy=policy_dict(preview["policy"]),
            closing_entry=closing,
            distribution_entry=distribution,
            closed_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        ShuShare.objects.bulk_create(
            ShuShare(
                distribution=dist,
                person_id=row["person_id"],
                counted_savings=row["counted_savings"],
                transactions_income=row["transactions_income"],
                jasa_modal=row["jasa_modal"],
                jasa_usaha=row["jasa_usaha"],
            )
            for row in preview["members"]
        )
        record(actor=acting_user, action="create", obj=dist, note=_("SHU distributed"))
        close_period(group=group, through=preview["end"], acting_user=acting_user)
    return dist
