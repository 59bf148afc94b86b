"""Every write of the revolving stimulant fund: grants and plans, deduction rules, receipts,
disbursements, repayments and re-lending.

Money movements go to the ledger through ``books.services.post_entry`` only, inside one transaction with
the fund rows that explain them, after ``lock_book`` serialises the group's postings (the fund balance
and the re-lendable repayments are read, then written). Non-ledger changes (a grant, a plan, a rule)
are audit-logged with ``record``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.services import Line, check_rupiah, lock_book, post_entry
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Group, Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme

from . import deductions as calc
from .models import (
    DEDUCTION_ACCOUNTS,
    RECEIVE_ACCOUNTS,
    Allocation,
    AllocationDeduction,
    AllocationSource,
    DeductionRule,
    Grant,
    GrantGroup,
    PlanLine,
    Repayment,
)

_RECEIVE_CODES = {code for code, _label in RECEIVE_ACCOUNTS}
_DEDUCTION_CODES = {code for code, _label in DEDUCTION_ACCOUNTS}


@dataclass(frozen=True)
class PlanItem:
    person_id: int
    amount: int
    planned_on: dt.date


@dataclass(frozen=True)
class RuleInput:
    name: str
    kind: str
    account: str
    percent: Decimal = Decimal(0)
    fixed_amount: int = 0
    rounding: int = 1


def _key(prefix: str, key: str | None) -> str | None:
    # The ledger's keys are unique per book across every product; a prefix keeps ours apart.
    return f"fund-{prefix}:{key}"[:100] if key else None


def _positive(value, what: str, field: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        msg = _("%(what)s must be more than zero.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="amount")
    try:
        check_rupiah(value, what)
    except ServiceError as e:
        raise ServiceError(e.message, field_errors={field: e.message}, code="amount") from None
    return value


def _active_member(group: Group, person_id, on_date: dt.date | None = None, field: str = "person") -> Person:
    membership = (
        Membership.objects.filter(group=group, person_id=person_id, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    if membership is None:
        name = Person.objects.filter(pk=person_id).values_list("full_name", flat=True).first()
        msg = _("%(person)s is not a member of %(group)s; only members can receive the fund.") % {
            "person": name or _("That person"),
            "group": group.name,
        }
        raise ServiceError(msg, field_errors={field: _("Not a member of this group.")}, code="member")
    return membership.person


def _share(grant: Grant, group: Group, *, lock: bool = False) -> GrantGroup:
    qs = GrantGroup.objects.filter(grant=grant, group=group)
    if lock:
        qs = qs.select_for_update()
    share = qs.first()
    if share is None:
        raise ServiceError(
            _("%(group)s has no share of this grant.") % {"group": group.name},
            field_errors={"group": _("Not a recipient of this grant.")},
            code="not_recipient",
        )
    return share


# --- grants and plans -------------------------------------------------------------------------------


def _check_plan(group: Group, share_amount: int, items: list[PlanItem]) -> None:
    seen: set[int] = set()
    for item in items:
        _positive(item.amount, _("A planned amount"), "plan")
        if item.person_id in seen:
            raise ServiceError(
                _("A beneficiary appears twice in the plan."),
                field_errors={"plan": _("Duplicate.")},
                code="plan",
            )
        seen.add(item.person_id)
        _active_member(group, item.person_id, field="plan")
    total = sum(i.amount for i in items)
    if total > share_amount:
        raise ServiceError(
            _("The plan for %(group)s adds up to Rp%(total)s, more than its share of the grant, Rp%(share)s.")
            % {"group": group.name, "total": thousands(total), "share": thousands(share_amount)},
            field_errors={"plan": _("More than the grant.")},
            code="plan_total",
        )


def create_grant(
    *,
    programme: Programme,
    agency: Agency,
    reference: str,
    amount: int,
    granted_on: dt.date,
    groups: list[tuple[Group, int]],
    plan: dict[int, list[PlanItem]] | None = None,
    source: str = "",
    note: str = "",
    acting_user,
) -> Grant:
    """Record a grant from ``agency`` to ``groups`` [(group, its share)], with an optional plan per group.

    The shares must add up to the grant; each group must belong to the programme; each group's plan
    must name its active members and add up to no more than its share.
    """
    _positive(amount, _("The grant amount"), "amount")
    if not (reference or "").strip():
        raise ServiceError(
            _("Give the grant's reference (decree or letter number)."),
            field_errors={"reference": _("Required.")},
        )
    if not groups:
        raise ServiceError(
            _("Name at least one group receiving the grant."), field_errors={"groups": _("Required.")}
        )
    ids = [g.pk for g, _amt in groups]
    if len(ids) != len(set(ids)):
        raise ServiceError(_("A group is named twice."), field_errors={"groups": _("Duplicate.")})
    for group, share in groups:
        _positive(share, _("A group's share"), "groups")
        if group.programme_id != programme.pk:
            raise ServiceError(
                _("%(group)s is not in the programme %(programme)s.")
                % {"group": group.name, "programme": programme.name},
                field_errors={"groups": _("Not in this programme.")},
            )
    total = sum(share for _g, share in groups)
    if total != amount:
        raise ServiceError(
            _("The groups' shares add up to Rp%(total)s but the grant is Rp%(amount)s.")
            % {"total": thousands(total), "amount": thousands(amount)},
            field_errors={"groups": _("Shares must add up to the grant.")},
            code="shares_total",
        )
    plan = plan or {}
    shares = {g.pk: s for g, s in groups}
    for group, _share_amount in groups:
        _check_plan(group, shares[group.pk], plan.get(group.pk, []))
    with transaction.atomic():
        grant = Grant.objects.create(
            programme=programme,
            agency=agency,
            reference=reference.strip(),
            source=(source or "").strip(),
            amount=amount,
            granted_on=granted_on,
            note=note or "",
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        GrantGroup.objects.bulk_create(GrantGroup(grant=grant, group=g, amount=s) for g, s in groups)
        PlanLine.objects.bulk_create(
            PlanLine(
                grant=grant, group_id=gid, person_id=i.person_id, amount=i.amount, planned_on=i.planned_on
            )
            for gid, items in plan.items()
            for i in items
        )
        record(actor=acting_user, action="create", obj=grant, note=_("stimulant grant recorded"))
    return grant


def add_group(*, grant: Grant, group: Group, amount: int, acting_user) -> GrantGroup:
    """Add another group to a grant; the grant's total grows by its share. Audit-logged."""
    _positive(amount, _("A group's share"), "amount")
    if group.programme_id != grant.programme_id:
        raise ServiceError(
            _("%(group)s is not in the programme %(programme)s.")
            % {"group": group.name, "programme": grant.programme.name},
            field_errors={"group": _("Not in this programme.")},
        )
    with transaction.atomic():
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if GrantGroup.objects.filter(grant=locked, group=group).exists():
            raise ServiceError(
                _("%(group)s already has a share of this grant.") % {"group": group.name},
                field_errors={"group": _("Already a recipient.")},
            )
        before = snapshot(locked)
        share = GrantGroup.objects.create(grant=locked, group=group, amount=amount)
        locked.amount += amount
        locked.save(update_fields=["amount"])
        grant.amount = locked.amount
        record(actor=acting_user, action="update", obj=locked, before=before, note=_("group added to grant"))
    return share


def set_plan(*, grant: Grant, group: Group, items: list[PlanItem], acting_user) -> list[PlanLine]:
    """Replace the plan of one group of the grant. Audit-logged with the plan before and after."""
    with transaction.atomic():
        share = _share(grant, group, lock=True)
        _check_plan(group, share.amount, items)
        old = PlanLine.objects.filter(grant=grant, group=group)
        before = {
            str(p): [a, d.isoformat()] for p, a, d in old.values_list("person_id", "amount", "planned_on")
        }
        old.delete()
        lines = PlanLine.objects.bulk_create(
            PlanLine(
                grant=grant, group=group, person_id=i.person_id, amount=i.amount, planned_on=i.planned_on
            )
            for i in items
        )
        after = {str(i.person_id): [i.amount, i.planned_on.isoformat()] for i in items}
        record(
            actor=acting_user,
            action="update",
            obj=share,
            before={"plan": before},
            after={"plan": after},
            note=_("fund plan changed"),
        )
    return lines


def receive_grant(
    *,
    grant: Grant,
    group: Group,
    on_date: dt.date,
    into: str = chart.CASH,
    acting_user,
    idempotency_key: str | None = None,
) -> GrantGroup:
    """The group receives its share: debit cash (or bank) / credit the revolving fund."""
    if into not in _RECEIVE_CODES:
        raise ServiceError(
            _("Receive into cash or a bank account."), field_errors={"into": _("Unknown account.")}
        )
    with transaction.atomic():
        lock_book(group)
        share = _share(grant, group, lock=True)
        if share.entry_id:
            if idempotency_key and share.entry.idempotency_key == _key("receive", idempotency_key):
                return share
            raise ServiceError(
                _("%(group)s already received its share of this grant on %(date)s.")
                % {"group": group.name, "date": share.received_on.isoformat()},
                code="already_received",
            )
        if on_date < grant.granted_on:
            raise ServiceError(
                _("The grant was made on %(granted)s; it cannot be received before that.")
                % {"granted": grant.granted_on.isoformat()},
                field_errors={"on_date": _("Before the grant date.")},
            )
        entry = post_entry(
            group=group,
            on_date=on_date,
            memo=_("Stimulant grant %(ref)s from %(agency)s")
            % {"ref": grant.reference, "agency": grant.agency.name},
            lines=[Line(into, debit=share.amount), Line(chart.REVOLVING_FUND, credit=share.amount)],
            acting_user=acting_user,
            kind=JournalEntry.Kind.FUND,
            idempotency_key=_key("receive", idempotency_key),
        )
        before = snapshot(share)
        share.received_on, share.received_into, share.entry = on_date, into, entry
        share.save(update_fields=["received_on", "received_into", "entry"])
        record(actor=acting_user, action="update", obj=share, before=before, note=_("grant received"))
    return share


# --- deduction rules --------------------------------------------------------------------------------


def _check_rule(rule: RuleInput) -> None:
    if not (rule.name or "").strip():
        raise ServiceError(_("Name the deduction."), field_errors={"name": _("Required.")})
    if rule.account not in _DEDUCTION_CODES:
        raise ServiceError(
            _("Choose where the deduction goes."), field_errors={"account": _("Unknown account.")}
        )
    if rule.kind == DeductionRule.Kind.PERCENT:
        try:
            pct = Decimal(rule.percent)
        except (InvalidOperation, TypeError, ValueError):
            pct = Decimal(-1)
        if not (Decimal(0) < pct < Decimal(100)):
            raise ServiceError(
                _("A percentage deduction must be more than 0 and less than 100 %."),
                field_errors={"percent": _("Between 0 and 100.")},
            )
        if not isinstance(rule.rounding, int) or rule.rounding < 1:
            raise ServiceError(_("Round to at least Rp1."), field_errors={"rounding": _("At least 1.")})
    elif rule.kind == DeductionRule.Kind.FIXED:
        _positive(rule.fixed_amount, _("A fixed deduction"), "fixed_amount")
    else:
        raise ServiceError(
            _("A deduction is a percentage or a fixed amount."), field_errors={"kind": _("Unknown.")}
        )


def _rule_row(group: Group, rule: RuleInput, order: int) -> DeductionRule:
    is_pct = rule.kind == DeductionRule.Kind.PERCENT
    return DeductionRule(
        group=group,
        name=rule.name.strip(),
        kind=rule.kind,
        percent=Decimal(rule.percent) if is_pct else Decimal(0),
        fixed_amount=0 if is_pct else rule.fixed_amount,
        rounding=rule.rounding if is_pct else 1,
        account=rule.account,
        order=order,
    )


def _rules_snapshot(group: Group) -> dict:
    return {
        "rules": [
            [r.name, r.kind, str(r.percent), r.fixed_amount, r.rounding, r.account]
            for r in DeductionRule.objects.filter(group=group)
        ]
    }


@contextmanager
def _rules_change(group: Group, acting_user, note: str):
    """One transaction around a change to the group's rules, audited as the whole list before and after
    (the order of the rules matters to the breakdown, so one rule alone would not tell the change)."""
    with transaction.atomic():
        before = _rules_snapshot(group)
        yield
        record(
            actor=acting_user,
            action="update",
            obj=group,
            before=before,
            after=_rules_snapshot(group),
            note=note,
        )


def add_rule(*, group: Group, rule: RuleInput, acting_user) -> DeductionRule:
    """Add one deduction rule at the end of the group's list."""
    _check_rule(rule)
    with _rules_change(group, acting_user, _("fund deduction rule added")):
        last = (
            DeductionRule.objects.filter(group=group)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        row = _rule_row(group, rule, (last or 0) + 1)
        row.save()
    return row


def remove_rule(*, rule: DeductionRule, acting_user) -> None:
    """Remove a rule; deductions already taken keep their own record (``AllocationDeduction``)."""
    with _rules_change(rule.group, acting_user, _("fund deduction rule removed")):
        rule.delete()


def replace_rules(*, group: Group, rules: list[RuleInput], acting_user) -> list[DeductionRule]:
    """Replace the group's whole list of deduction rules (the API's PUT)."""
    for rule in rules:
        _check_rule(rule)
    with _rules_change(group, acting_user, _("fund deduction rules replaced")):
        DeductionRule.objects.filter(group=group).delete()
        rows = DeductionRule.objects.bulk_create(_rule_row(group, r, i + 1) for i, r in enumerate(rules))
    return rows


def group_rules(group: Group) -> list[calc.Rule]:
    return [
        calc.Rule(
            name=r.name,
            kind=r.kind,
            account=r.account,
            percent=r.percent,
            fixed=r.fixed_amount,
            rounding=r.rounding,
            rule_id=r.pk,
        )
        for r in DeductionRule.objects.filter(group=group)
    ]


def preview(*, group: Group, gross: int) -> calc.Breakdown:
    """Gross → each deduction → net by the group's current rules (nothing is saved)."""
    _positive(gross, _("The gross amount"), "gross")
    result = calc.breakdown(gross, group_rules(group))
    if result.net < 0:
        raise ServiceError(
            _("The deductions (Rp%(deducted)s) are more than the gross amount Rp%(gross)s.")
            % {"deducted": thousands(result.total_deducted), "gross": thousands(gross)},
            field_errors={"gross": _("Less than the deductions.")},
            code="deductions",
        )
    return result


# --- disbursement, repayment, re-lending ------------------------------------------------------------


def fund_available(share: GrantGroup) -> int:
    """What the grant share still holds for generation 1: received minus what generation 1 was lent."""
    if not share.entry_id:
        return 0
    lent = (
        Allocation.objects.filter(grant_id=share.grant_id, group_id=share.group_id, generation=1).aggregate(
            s=Sum("gross")
        )["s"]
        or 0
    )
    return share.amount - lent


def relendable(grant: Grant, group: Group) -> dict[int, int]:
    """{allocation id: repaid and not yet re-lent} for the group's allocations of the grant."""
    repaid = dict(
        Repayment.objects.filter(allocation__grant=grant, allocation__group=group)
        .values("allocation_id")
        .annotate(s=Sum("amount"))
        .values_list("allocation_id", "s")
    )
    relent = dict(
        AllocationSource.objects.filter(source__grant=grant, source__group=group)
        .values("source_id")
        .annotate(s=Sum("amount"))
        .values_list("source_id", "s")
    )
    return {aid: r - relent.get(aid, 0) for aid, r in sorted(repaid.items()) if r - relent.get(aid, 0) > 0}


def _existing(group: Group, key: str | None) -> Allocation | None:
    if not key:
        return None
    return Allocation.objects.filter(group=group, idempotency_key=key).first()


def _lend(
    *,
    book,
    grant: Grant,
    group: Group,
    person_id,
    gross: int,
    on_date: dt.date,
    paid_from: str,
    generation: int,
    sources: list[tuple[int, int]],
    acting_user,
    idempotency_key: str | None,
    memo: str,
) -> Allocation:
    """Post one allocation (already checked against the fund) with its deductions and lineage."""
    person = _active_member(group, person_id)
    result = preview(group=group, gross=gross)
    cash = balance(book, paid_from)
    if result.net > cash:
        raise ServiceError(
            _("%(account)s holds Rp%(cash)s; the net Rp%(net)s cannot be paid from it.")
            % {
                "account": dict(RECEIVE_ACCOUNTS)[paid_from],
                "cash": thousands(cash),
                "net": thousands(result.net),
            },
            field_errors={"paid_from": _("Not enough money in this account.")},
            code="insufficient_cash",
        )
    lines = [Line(chart.FUND_LOANS, debit=gross, person_id=person.pk)]
    if result.net:
        lines.append(Line(paid_from, credit=result.net))
    for d in result.deductions:
        if d.amount:
            pid = person.pk if d.rule.account in chart.MEMBER_ACCOUNTS else None
            lines.append(Line(d.rule.account, credit=d.amount, person_id=pid))
    entry = post_entry(
        group=group,
        on_date=on_date,
        memo=memo % {"person": person.full_name, "generation": generation, "ref": grant.reference},
        lines=lines,
        acting_user=acting_user,
        kind=JournalEntry.Kind.FUND,
        idempotency_key=_key("lend", idempotency_key),
    )
    allocation = Allocation.objects.create(
        grant=grant,
        group=group,
        person=person,
        generation=generation,
        on_date=on_date,
        gross=gross,
        deducted=result.total_deducted,
        net=result.net,
        paid_from=paid_from,
        entry=entry,
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    AllocationDeduction.objects.bulk_create(
        AllocationDeduction(allocation=allocation, name=d.rule.name, account=d.rule.account, amount=d.amount)
        for d in result.deductions
    )
    AllocationSource.objects.bulk_create(
        AllocationSource(allocation=allocation, source_id=sid, amount=amt) for sid, amt in sources
    )
    return allocation


def _check_common(grant, group, on_date, paid_from):
    if paid_from not in _RECEIVE_CODES:
        raise ServiceError(
            _("Pay from cash or a bank account."), field_errors={"paid_from": _("Unknown account.")}
        )
    if on_date < grant.granted_on:
        raise ServiceError(
            _("The grant was made on %(granted)s; nothing can be lent from it before.")
            % {"granted": grant.granted_on.isoformat()},
            field_errors={"on_date": _("Before the grant date.")},
        )


def disburse(
    *,
    grant: Grant,
    group: Group,
    person_id: int,
    gross: int,
    on_date: dt.date,
    acting_user,
    paid_from: str = chart.CASH,
    idempotency_key: str | None = None,
) -> Allocation:
    """Generation 1: lend ``gross`` of the group's grant share to a member, minus the group's deductions.

    Ledger: debit fund loans (member, gross) / credit cash (net) / credit each deduction's account.
    Refused if the share was not received or holds less than ``gross``. A repeated idempotency key
    returns the first allocation.
    """
    _positive(gross, _("The gross amount"), "gross")
    _check_common(grant, group, on_date, paid_from)
    with transaction.atomic():
        book = lock_book(group)
        done = _existing(group, idempotency_key)
        if done is not None:
            return done
        share = _share(grant, group, lock=True)
        available = fund_available(share)
        if gross > available:
            msg = (
                _(
                    "The fund holds Rp%(available)s of %(group)s's Rp%(share)s share; Rp%(gross)s cannot be disbursed."
                )
                if share.entry_id
                else _("%(group)s has not received its share of the grant yet; record the receipt first.")
            )
            raise ServiceError(
                msg
                % {
                    "available": thousands(available),
                    "group": group.name,
                    "share": thousands(share.amount),
                    "gross": thousands(gross),
                },
                field_errors={"gross": _("More than the fund holds.")},
                code="fund_insufficient",
            )
        return _lend(
            book=book,
            grant=grant,
            group=group,
            person_id=person_id,
            gross=gross,
            on_date=on_date,
            paid_from=paid_from,
            generation=1,
            sources=[],
            acting_user=acting_user,
            idempotency_key=idempotency_key,
            memo=_("Revolving fund %(ref)s: disbursement to %(person)s (generation %(generation)s)"),
        )


def relend(
    *,
    grant: Grant,
    group: Group,
    person_id: int,
    gross: int,
    on_date: dt.date,
    acting_user,
    sources: list[tuple[int, int]] | None = None,
    paid_from: str = chart.CASH,
    idempotency_key: str | None = None,
) -> Allocation:
    """Lend repaid money to the next beneficiary. ``sources`` [(allocation id, amount)] name whose
    repayments fund it; without them the oldest unspent repayments are used. Its generation is one more
    than its youngest source's. Refused beyond what was repaid and not yet re-lent, with the figures.
    """
    _positive(gross, _("The gross amount"), "gross")
    _check_common(grant, group, on_date, paid_from)
    with transaction.atomic():
        book = lock_book(group)
        done = _existing(group, idempotency_key)
        if done is not None:
            return done
        _share(grant, group)
        free = relendable(grant, group)
        total_free = sum(free.values())
        if gross > total_free:
            raise ServiceError(
                _(
                    "Only Rp%(free)s has been repaid to this fund and not yet re-lent; Rp%(gross)s cannot be re-lent."
                )
                % {"free": thousands(total_free), "gross": thousands(gross)},
                field_errors={"gross": _("More than the repaid money available.")},
                code="relend_insufficient",
            )
        if sources:
            for sid, amount in sources:
                _positive(amount, _("A source amount"), "sources")
                if amount > free.get(sid, 0):
                    raise ServiceError(
                        _(
                            "Allocation #%(id)s has Rp%(free)s repaid and not yet re-lent; Rp%(amount)s cannot come from it."
                        )
                        % {"id": sid, "free": thousands(free.get(sid, 0)), "amount": thousands(amount)},
                        field_errors={"sources": _("More than that allocation's repayments.")},
                        code="relend_source",
                    )
            if sum(a for _s, a in sources) != gross:
                raise ServiceError(
                    _("The sources add up to Rp%(total)s but Rp%(gross)s is re-lent.")
                    % {"total": thousands(sum(a for _s, a in sources)), "gross": thousands(gross)},
                    field_errors={"sources": _("Must add up to the amount.")},
                )
            chosen = list(sources)
        else:
            chosen, left = [], gross
            for sid, amount in free.items():  # oldest allocation first
                take = min(amount, left)
                chosen.append((sid, take))
                left -= take
                if not left:
                    break
        generation = 1 + max(
            Allocation.objects.filter(pk__in=[s for s, _a in chosen]).values_list("generation", flat=True)
        )
        return _lend(
            book=book,
            grant=grant,
            group=group,
            person_id=person_id,
            gross=gross,
            on_date=on_date,
            paid_from=paid_from,
            generation=generation,
            sources=chosen,
            acting_user=acting_user,
            idempotency_key=idempotency_key,
            memo=_("Revolving fund %(ref)s: re-lent to %(person)s (generation %(generation)s)"),
        )


def outstanding(allocation: Allocation) -> int:
    repaid = allocation.repayments.aggregate(s=Sum("amount"))["s"] or 0
    return allocation.gross - repaid


def repay(
    *,
    allocation: Allocation,
    amount: int,
    on_date: dt.date,
    acting_user,
    into: str = chart.CASH,
    idempotency_key: str | None = None,
    meeting=None,
) -> Repayment:
    """A beneficiary pays back into the fund: debit cash / credit fund loans (member). Not beyond what is owed."""
    _positive(amount, _("The amount"), "amount")
    if into not in _RECEIVE_CODES:
        raise ServiceError(
            _("Receive into cash or a bank account."), field_errors={"into": _("Unknown account.")}
        )
    group = allocation.group
    with transaction.atomic():
        lock_book(group)
        if idempotency_key:
            done = Repayment.objects.filter(allocation__group=group, idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        if on_date < allocation.on_date:
            raise ServiceError(
                _("The money was lent on %(date)s; a repayment cannot come before.")
                % {"date": allocation.on_date.isoformat()},
                field_errors={"on_date": _("Before the loan.")},
            )
        owed = outstanding(allocation)
        if amount > owed:
            raise ServiceError(
                _("%(person)s owes Rp%(owed)s on this allocation; Rp%(amount)s is more than that.")
                % {
                    "person": allocation.person.full_name,
                    "owed": thousands(owed),
                    "amount": thousands(amount),
                },
                field_errors={"amount": _("More than is owed.")},
                code="overpayment",
            )
        entry = post_entry(
            group=group,
            on_date=on_date,
            memo=_("Revolving fund %(ref)s: repayment by %(person)s")
            % {"ref": allocation.grant.reference, "person": allocation.person.full_name},
            lines=[
                Line(into, debit=amount),
                Line(chart.FUND_LOANS, credit=amount, person_id=allocation.person_id),
            ],
            acting_user=acting_user,
            kind=JournalEntry.Kind.FUND,
            idempotency_key=_key("repay", idempotency_key),
            meeting=meeting,
        )
        return Repayment.objects.create(
            allocation=allocation,
            on_date=on_date,
            amount=amount,
            entry=entry,
            idempotency_key=idempotency_key or None,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )


def default_today(group: Group) -> dt.date:
    return local_today(group.place)
