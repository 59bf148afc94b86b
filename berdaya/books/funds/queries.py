"""Reads of the revolving fund that are more than a filter: scoping, the fund's position, generations,
outstanding per beneficiary and the plan-versus-reality audit. Each figure is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.books import chart
from berdaya.books.models import Leg
from berdaya.core.lists import search
from berdaya.core.money import thousands

from .deductions import recovery_percent
from .models import RECEIVE_ACCOUNTS, Allocation, AllocationSource, Grant, GrantGroup, PlanLine, Repayment

DEFAULT_DAYS = 30


def visible_grants(user):
    """Grants with a share in a group whose books the user may read (members see none)."""
    if not access.can_see_books(user):
        return Grant.objects.none()
    shares = GrantGroup.objects.filter(access.group_q(user, "group__"))
    return Grant.objects.filter(pk__in=shares.values("grant_id"))


def grants_for_list(user, *, q: str = "", programme_id: str = ""):
    qs = visible_grants(user).select_related("programme", "agency")
    if programme_id:
        qs = qs.filter(programme_id=programme_id) if str(programme_id).isdigit() else qs.none()
    if q:
        qs = search(
            qs, q, ["reference", "source", "agency__name", "programme__name", "shares__group__name"]
        ).distinct()
    return qs.order_by("-granted_on", "-id")


def _gen1_lent():
    return Allocation.objects.filter(
        grant_id=OuterRef("grant_id"), group_id=OuterRef("group_id"), generation=1
    )


def shares_with_position(grant=None, group=None):
    """Each group's share with lent (generation 1), still in the fund, repaid and re-lent, in one query."""
    qs = GrantGroup.objects.select_related("group", "grant", "grant__agency")
    if grant is not None:
        qs = qs.filter(grant=grant)
    if group is not None:
        qs = qs.filter(group=group)
    allocs = Allocation.objects.filter(grant_id=OuterRef("grant_id"), group_id=OuterRef("group_id"))
    return qs.annotate(
        lent=Coalesce(
            Subquery(
                _gen1_lent().values("grant_id").annotate(s=Sum("gross")).values("s")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        lent_all=Coalesce(
            Subquery(
                allocs.values("grant_id").annotate(s=Sum("gross")).values("s")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        repaid=Coalesce(
            Subquery(
                Repayment.objects.filter(
                    allocation__grant_id=OuterRef("grant_id"), allocation__group_id=OuterRef("group_id")
                )
                .values("allocation__grant_id")
                .annotate(s=Sum("amount"))
                .values("s")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        relent=Coalesce(
            Subquery(
                AllocationSource.objects.filter(
                    source__grant_id=OuterRef("grant_id"), source__group_id=OuterRef("group_id")
                )
                .values("source__grant_id")
                .annotate(s=Sum("amount"))
                .values("s")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    ).order_by("group__name")


def position_rows(grant=None, group=None) -> list[dict]:
    rows = []
    for s in shares_with_position(grant, group):
        received = s.amount if s.entry_id else 0
        rows.append(
            {
                "share": s,
                "grant_id": s.grant_id,
                "group_id": s.group_id,
                "group_name": s.group.name,
                "amount": s.amount,
                "received": received,
                "received_on": s.received_on,
                "received_into": s.received_into,
                "lent_generation_1": s.lent,
                "in_fund": received - s.lent,
                "lent_total": s.lent_all,
                "repaid": s.repaid,
                "relent": s.relent,
                "relendable": s.repaid - s.relent,
                "outstanding": s.lent_all - s.repaid,
            }
        )
    return rows


def allocations(grant=None, group=None):
    """Allocations with what was repaid and what is outstanding, oldest generation first."""
    qs = Allocation.objects.select_related("person", "group", "grant")
    if grant is not None:
        qs = qs.filter(grant=grant)
    if group is not None:
        qs = qs.filter(group=group)
    repaid = (
        Repayment.objects.filter(allocation_id=OuterRef("pk"))
        .values("allocation_id")
        .annotate(s=Sum("amount"))
        .values("s")[:1]
    )
    return (
        qs.annotate(repaid=Coalesce(Subquery(repaid, output_field=IntegerField()), Value(0)))
        .annotate(outstanding=F("gross") - F("repaid"))
        .order_by("generation", "on_date", "id")
    )


def open_allocations_of(group, person_ids=None, on_date: dt.date | None = None):
    """A group's allocations still owing (``outstanding`` annotated), per beneficiary oldest first —
    the order the meeting sheet repays them. With ``on_date``, only money lent by that date (a
    repayment cannot come before the loan)."""
    qs = allocations(group=group).filter(outstanding__gt=0)
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    if on_date is not None:
        qs = qs.filter(on_date__lte=on_date)
    return qs.order_by("person_id", "on_date", "id")


def lineage(grant=None, group=None) -> dict[int, list[dict]]:
    """{allocation id: [{source id, source person, source generation, amount}]} for re-lent allocations."""
    qs = AllocationSource.objects.select_related("source__person")
    if grant is not None:
        qs = qs.filter(allocation__grant=grant)
    if group is not None:
        qs = qs.filter(allocation__group=group)
    out: dict[int, list[dict]] = {}
    for s in qs.order_by("allocation_id", "source_id"):
        out.setdefault(s.allocation_id, []).append(
            {
                "source": s.source_id,
                "person_name": s.source.person.full_name,
                "generation": s.source.generation,
                "amount": s.amount,
            }
        )
    return out


def generations(grant=None, group=None) -> list[dict]:
    """Per generation: how many allocations, disbursed (gross), repaid, outstanding and recovery rate."""
    allocs = Allocation.objects.all()
    reps = Repayment.objects.all()
    if grant is not None:
        allocs, reps = allocs.filter(grant=grant), reps.filter(allocation__grant=grant)
    if group is not None:
        allocs, reps = allocs.filter(group=group), reps.filter(allocation__group=group)
    lent = {
        r["generation"]: r
        for r in allocs.values("generation").annotate(n=Count("id"), gross=Sum("gross"), net=Sum("net"))
    }
    repaid = dict(
        reps.values("allocation__generation")
        .annotate(s=Sum("amount"))
        .values_list("allocation__generation", "s")
    )
    rows = []
    for gen in sorted(lent):
        r = lent[gen]
        paid = repaid.get(gen, 0)
        rows.append(
            {
                "generation": gen,
                "allocations": r["n"],
                "disbursed": r["gross"],
                "net_paid": r["net"],
                "repaid": paid,
                "outstanding": r["gross"] - paid,
                "recovery_percent": recovery_percent(paid, r["gross"]),
            }
        )
    return rows


@dataclass
class Finding:
    code: str
    message: str
    group_id: int
    group_name: str
    person_id: int | None = None
    person_name: str = ""
    figures: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def audit(*, grant=None, group=None, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> dict:
    """Plan versus reality for a grant (or a group's grants), each finding with its reason and figures.

    - ``off_plan``: a planned beneficiary got a different generation-1 amount than planned;
    - ``unpaid``: a planned beneficiary got nothing more than ``days`` days after the planned date;
    - ``not_in_plan``: generation-1 money went to someone the plan does not name;
    - ``held_back``: part of a received share is still undisbursed more than ``days`` days later;
    - ``moved_to_bank``: money moved from cash to a bank or other account after the grant arrived.
    Also returns the recovery rate per generation and the outstanding per beneficiary.
    """
    today = today or timezone.localdate()
    days = max(int(days), 0)
    cutoff = today - dt.timedelta(days=days)
    findings: list[Finding] = []

    plan = PlanLine.objects.select_related("person", "group")
    gen1 = Allocation.objects.filter(generation=1)
    shares = GrantGroup.objects.filter(entry__isnull=False)
    if grant is not None:
        plan, gen1, shares = plan.filter(grant=grant), gen1.filter(grant=grant), shares.filter(grant=grant)
    if group is not None:
        plan, gen1, shares = plan.filter(group=group), gen1.filter(group=group), shares.filter(group=group)

    paid = (
        Allocation.objects.filter(
            generation=1,
            grant_id=OuterRef("grant_id"),
            group_id=OuterRef("group_id"),
            person_id=OuterRef("person_id"),
        )
        .values("person_id")
        .annotate(s=Sum("gross"))
        .values("s")[:1]
    )
    plan = plan.annotate(paid=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0)))
    for line in (
        plan.filter(paid__gt=0).exclude(paid=F("amount")).order_by("group__name", "person__full_name")
    ):
        diff = line.paid - line.amount
        msg = (
            _("%(person)s received Rp%(paid)s, Rp%(diff)s more than the Rp%(planned)s planned.")
            if diff > 0
            else _("%(person)s received Rp%(paid)s, Rp%(diff)s less than the Rp%(planned)s planned.")
        )
        findings.append(
            Finding(
                "over_plan" if diff > 0 else "under_plan",
                msg
                % {
                    "person": line.person.full_name,
                    "paid": thousands(line.paid),
                    "diff": thousands(abs(diff)),
                    "planned": thousands(line.amount),
                },
                line.group_id,
                line.group.name,
                line.person_id,
                line.person.full_name,
                {"planned": line.amount, "disbursed": line.paid, "difference": diff},
            )
        )
    for line in plan.filter(paid=0, planned_on__lt=cutoff).order_by("planned_on", "person__full_name"):
        late = (today - line.planned_on).days
        findings.append(
            Finding(
                "unpaid",
                _(
                    "%(person)s was planned to receive Rp%(planned)s on %(date)s and has not been paid %(late)s days later."
                )
                % {
                    "person": line.person.full_name,
                    "planned": thousands(line.amount),
                    "date": line.planned_on.isoformat(),
                    "late": late,
                },
                line.group_id,
                line.group.name,
                line.person_id,
                line.person.full_name,
                {"planned": line.amount, "planned_on": line.planned_on.isoformat(), "days_late": late},
            )
        )
    in_plan = PlanLine.objects.filter(
        grant_id=OuterRef("grant_id"), group_id=OuterRef("group_id"), person_id=OuterRef("person_id")
    )
    for a in gen1.filter(~Exists(in_plan)).select_related("person", "group").order_by("on_date", "id"):
        findings.append(
            Finding(
                "not_in_plan",
                _("%(person)s received Rp%(gross)s on %(date)s but is not in the plan.")
                % {"person": a.person.full_name, "gross": thousands(a.gross), "date": a.on_date.isoformat()},
                a.group_id,
                a.group.name,
                a.person_id,
                a.person.full_name,
                {"disbursed": a.gross, "on_date": a.on_date.isoformat(), "allocation": a.pk},
            )
        )
    accounts = dict(RECEIVE_ACCOUNTS)
    lent = _gen1_lent().values("grant_id").annotate(s=Sum("gross")).values("s")[:1]
    held = (
        shares.annotate(lent=Coalesce(Subquery(lent, output_field=IntegerField()), Value(0)))
        .filter(received_on__lt=cutoff, lent__lt=F("amount"))
        .select_related("group")
    )
    for s in held.order_by("group__name"):
        undisbursed = s.amount - s.lent
        findings.append(
            Finding(
                "held_back",
                _(
                    "Rp%(held)s of the Rp%(amount)s received on %(date)s (into %(account)s) is still not disbursed "
                    "%(days)s days later."
                )
                % {
                    "held": thousands(undisbursed),
                    "amount": thousands(s.amount),
                    "date": s.received_on.isoformat(),
                    "account": accounts.get(s.received_into, s.received_into),
                    "days": (today - s.received_on).days,
                },
                s.group_id,
                s.group.name,
                figures={
                    "received": s.amount,
                    "disbursed": s.lent,
                    "held": undisbursed,
                    "account": s.received_into,
                    "received_on": s.received_on.isoformat(),
                },
            )
        )
    # Cash → bank transfers after the grant arrived: the entry debits BANK and credits CASH.
    for s in shares.select_related("group__book").order_by("group__name"):
        cash_out = Leg.objects.filter(entry_id=OuterRef("entry_id"), account__code=chart.CASH, credit__gt=0)
        moved = (
            Leg.objects.filter(
                entry__book__group_id=s.group_id,
                account__code=chart.BANK,
                debit__gt=0,
                entry__on_date__gte=s.received_on,
            )
            .filter(Exists(cash_out))
            .aggregate(s=Sum("debit"))["s"]
            or 0
        )
        if moved:
            findings.append(
                Finding(
                    "moved_to_bank",
                    _(
                        "Rp%(moved)s was moved from cash to a bank or other account since the grant arrived on %(date)s."
                    )
                    % {"moved": thousands(moved), "date": s.received_on.isoformat()},
                    s.group_id,
                    s.group.name,
                    figures={"moved": moved, "received_on": s.received_on.isoformat()},
                )
            )
    return {
        "days": days,
        "today": today,
        "findings": findings,
        "generations": generations(grant, group),
        "outstanding": [
            {
                "allocation": a.pk,
                "person_id": a.person_id,
                "person_name": a.person.full_name,
                "group_id": a.group_id,
                "generation": a.generation,
                "gross": a.gross,
                "repaid": a.repaid,
                "outstanding": a.outstanding,
            }
            for a in allocations(grant, group)
        ],
    }


def plan_rows(grant, group=None):
    qs = PlanLine.objects.filter(grant=grant).select_related("person", "group")
    if group is not None:
        qs = qs.filter(group=group)
    return qs.order_by("group__name", "planned_on", "person__full_name")
