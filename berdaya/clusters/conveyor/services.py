"""Every write of conveyor lines: one keyword-only service per change, atomic and audit-logged.

Pages, the API and the demo all call these; access is checked by the caller (``access_sentra`` /
``access_fieldwork(..., write=True)``), the rules of the line are enforced here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.audit.log import record, snapshot
from berdaya.clusters.models import Sentra
from berdaya.core.errors import ServiceError, check_fields
from berdaya.groups.models import Group

from .models import FlowBatch, Line, Stage, WeeklyFlow

LINE_EDITABLE = ("product", "unit", "demand_per_week", "notes")
STAGE_EDITABLE = (
    "order",
    "name",
    "group",
    "producer",
    "unit",
    "units_per_product",
    "workers",
    "hours_per_week",
    "rate",
)


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    raise ServiceError(message, field_errors={field: message} if field else None, code=code)


def _user(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        _refuse(message, field, "required")
    return value


def _decimal(value, field: str, what: str, *, positive: bool, maximum: Decimal | None = None) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        _refuse(_("%(what)s must be a number.") % {"what": what}, field)
    if not number.is_finite() or number < 0 or (positive and number == 0):
        if positive:
            _refuse(_("%(what)s must be above zero.") % {"what": what}, field)
        _refuse(_("%(what)s cannot be negative.") % {"what": what}, field)
    if maximum is not None and number > maximum:
        _refuse(_("%(what)s cannot be more than %(max)s.") % {"what": what, "max": maximum}, field)
    return number


def _count(value, field: str, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        _refuse(_("%(what)s must be a whole number, zero or more.") % {"what": what}, field)
    return value


# --- lines ------------------------------------------------------------------------------------------


def _check_line(data: dict) -> dict:
    if "product" in data:
        data["product"] = _text(data["product"], "product", _("Name the product the line makes."))
    if "unit" in data:
        data["unit"] = _text(data["unit"], "unit", _("Say how a finished product is counted, e.g. piece."))
    if data.get("demand_per_week") is not None:
        demand = data["demand_per_week"]
        if not isinstance(demand, int) or isinstance(demand, bool) or demand <= 0:
            _refuse(_("The demand must be a whole number of products above zero."), "demand_per_week")
    if "notes" in data:
        data["notes"] = (data["notes"] or "").strip()
    return data


def _product_taken(sentra_id: int, product: str, exclude: int | None = None) -> None:
    qs = Line.objects.filter(sentra_id=sentra_id, product__iexact=product)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        _refuse(
            _("This sentra already has a line for %(product)s.") % {"product": product},
            "product",
            "duplicate",
        )


def create_line(
    *,
    sentra: Sentra,
    product: str,
    unit: str,
    acting_user,
    demand_per_week: int | None = None,
    notes: str = "",
) -> Line:
    """A conveyor line making ``product`` in ``sentra``; its stages come next."""
    data = _check_line({"product": product, "unit": unit, "demand_per_week": demand_per_week, "notes": notes})
    with transaction.atomic():
        _product_taken(sentra.pk, data["product"])
        line = Line.objects.create(sentra=sentra, created_by=_user(acting_user), **data)
        record(actor=acting_user, action="create", obj=line, note=_("conveyor line created"))
    return line


def update_line(*, line: Line, changes: dict, acting_user) -> Line:
    """Change the product, unit, demand or notes of a line."""
    check_fields(changes, LINE_EDITABLE)
    changes = _check_line(dict(changes))
    with transaction.atomic():
        line = (
            Line.objects.select_for_update(of=("self",)).select_related("sentra__programme").get(pk=line.pk)
        )
        if "product" in changes:
            _product_taken(line.sentra_id, changes["product"], exclude=line.pk)
        before = snapshot(line)
        for key, value in changes.items():
            setattr(line, key, value)
        line.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=line, before=before)
    return line


def delete_line(*, line: Line, acting_user) -> None:
    """Remove a line with its stages and recorded weeks (the pages ask for confirmation first)."""
    with transaction.atomic():
        line = (
            Line.objects.select_for_update(of=("self",)).select_related("sentra__programme").get(pk=line.pk)
        )
        weeks = WeeklyFlow.objects.filter(stage__line=line).values("week").distinct().count()
        record(
            actor=acting_user,
            action="delete",
            obj=line,
            before=snapshot(line),
            after={},
            note=ngettext(
                "conveyor line deleted with %(weeks)s recorded week",
                "conveyor line deleted with %(weeks)s recorded weeks",
                weeks,
            )
            % {"weeks": weeks},
        )
        line.delete()


# --- stages -----------------------------------------------------------------------------------------


def _check_stage(line: Line, data: dict) -> dict:
    if "name" in data:
        data["name"] = _text(data["name"], "name", _("Name the stage, e.g. feathers."))
    if "unit" in data:
        data["unit"] = _text(data["unit"], "unit", _("Say how this stage's output is counted, e.g. feather."))
    if "producer" in data:
        data["producer"] = (data["producer"] or "").strip()
    if "units_per_product" in data:
        data["units_per_product"] = _decimal(
            data["units_per_product"], "units_per_product", _("Units per product"), positive=True
        )
    if "workers" in data:
        data["workers"] = _count(data["workers"], "workers", _("The number of workers"))
    if "hours_per_week" in data:
        data["hours_per_week"] = _decimal(
            data["hours_per_week"],
            "hours_per_week",
            _("Hours per week"),
            positive=False,
            maximum=Decimal(168),
        )
    if "rate" in data:
        data["rate"] = _decimal(data["rate"], "rate", _("Output per worker-hour"), positive=False)
    if "order" in data:
        order = data["order"]
        if not isinstance(order, int) or isinstance(order, bool) or order < 1:
            _refuse(_("The order is a whole number from 1."), "order")
    group = data.get("group")
    if group is not None and (not isinstance(group, Group) or group.programme_id != line.sentra.programme_id):
        _refuse(
            _("%(group)s is not a group of the sentra's programme.")
            % {"group": getattr(group, "name", group)},
            "group",
            "group_programme",
        )
    return data


def _order_taken(line: Line, order: int, exclude: int | None = None) -> None:
    qs = Stage.objects.filter(line=line, order=order)
    if exclude:
        qs = qs.exclude(pk=exclude)
    taken = qs.first()
    if taken is not None:
        _refuse(
            _("Stage %(order)s is already %(name)s; choose another place on the line.")
            % {"order": order, "name": taken.name},
            "order",
            "duplicate",
        )


def add_stage(
    *,
    line: Line,
    name: str,
    unit: str,
    units_per_product,
    workers: int,
    hours_per_week,
    rate,
    acting_user,
    order: int | None = None,
    group: Group | None = None,
    producer: str = "",
) -> Stage:
    """A stage (one component or step) at the end of the line, or at ``order``.

    Who makes it is either a group of the sentra's programme or a producer's name — one of them is needed,
    since the point of a conveyor line is knowing which group holds up the others.
    """
    data = _check_stage(
        line,
        {
            "name": name,
            "unit": unit,
            "units_per_product": units_per_product,
            "workers": workers,
            "hours_per_week": hours_per_week,
            "rate": rate,
            "group": group,
            "producer": producer,
            **({"order": order} if order is not None else {}),
        },
    )
    if data["group"] is None and not data["producer"]:
        _refuse(_("Say which group or producer makes this stage."), "producer", "maker")
    with transaction.atomic():
        line = (
            Line.objects.select_for_update(of=("self",)).select_related("sentra__programme").get(pk=line.pk)
        )
        if "order" in data:
            _order_taken(line, data["order"])
        else:
            data["order"] = (Stage.objects.filter(line=line).aggregate(m=Max("order"))["m"] or 0) + 1
        stage = Stage.objects.create(line=line, **data)
        record(actor=acting_user, action="create", obj=stage, note=_("conveyor stage added"))
    return stage


def update_stage(*, stage: Stage, changes: dict, acting_user) -> Stage:
    """Change a stage: its place on the line, maker, unit, people, hours or pace."""
    check_fields(changes, STAGE_EDITABLE)
    with transaction.atomic():
        stage = (
            Stage.objects.select_for_update(of=("self",))
            .select_related("line__sentra__programme", "group")
            .get(pk=stage.pk)
        )
        changes = _check_stage(stage.line, dict(changes))
        group = changes.get("group", stage.group)
        producer = changes.get("producer", stage.producer)
        if group is None and not producer:
            _refuse(_("Say which group or producer makes this stage."), "producer", "maker")
        if "order" in changes:
            _order_taken(stage.line, changes["order"], exclude=stage.pk)
        before = snapshot(stage)
        for key, value in changes.items():
            setattr(stage, key, value)
        stage.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=stage, before=before)
    return stage


def remove_stage(*, stage: Stage, acting_user) -> None:
    """Take a stage off the line. Refused once weeks were recorded for it: that history would be lost."""
    with transaction.atomic():
        stage = (
            Stage.objects.select_for_update(of=("self",))
            .select_related("line__sentra__programme")
            .get(pk=stage.pk)
        )
        weeks = stage.flows.count()
        if weeks:
            _refuse(
                ngettext(
                    "%(name)s has %(weeks)s recorded week; it cannot be removed. Set its workers to 0 "
                    "if the group stopped.",
                    "%(name)s has %(weeks)s recorded weeks; it cannot be removed. Set its workers to 0 "
                    "if the group stopped.",
                    weeks,
                )
                % {"name": stage.name, "weeks": weeks},
                None,
                "has_flows",
            )
        record(actor=acting_user, action="delete", obj=stage, before=snapshot(stage), after={})
        stage.delete()


# --- weekly flows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowInput:
    stage_id: int
    produced: int
    workers: int
    hours: Decimal | int | str
    note: str = ""


def record_week(
    *,
    line: Line,
    week: dt.date,
    rows: list[FlowInput],
    acting_user,
    idempotency_key: str | None = None,
) -> list[WeeklyFlow]:
    """Record (or correct) what each stage made in ``week`` — all stages in one atomic batch.

    The week is named by its Monday; any other day is refused rather than silently moved, since the person
    entering it may have meant another week. Recording a week again replaces that week's figures. With an
    ``idempotency_key`` already used on this line nothing is written and the week as recorded is returned,
    so a phone retrying a lost answer cannot overwrite a later correction.
    """
    if idempotency_key:
        done = FlowBatch.objects.filter(line=line, idempotency_key=idempotency_key).first()
        if done is not None:
            return list(WeeklyFlow.objects.filter(stage__line=line, week=done.week).select_related("stage"))
    if not isinstance(week, dt.date) or week.weekday() != 0:
        _refuse(_("Name the week by its Monday."), "week", "week")
    if week > dt.date.today() + dt.timedelta(days=7):
        _refuse(_("This week has not come yet."), "week", "week")
    if not rows:
        _refuse(_("Enter what at least one stage made this week."), None, "empty")
    stages = {s.pk: s for s in Stage.objects.filter(line=line).select_related("line__sentra__programme")}
    seen: set[int] = set()
    clean = []
    for row in rows:
        stage = stages.get(row.stage_id)
        if stage is None:
            _refuse(_("A stage that is not on this line was sent."), None, "stage")
        if row.stage_id in seen:
            _refuse(_("%(name)s was sent twice for one week.") % {"name": stage.name}, None, "duplicate")
        seen.add(row.stage_id)
        what = {"name": stage.name}
        produced = _count(row.produced, "produced", _("What %(name)s produced") % what)
        workers = _count(row.workers, "workers", _("The workers of %(name)s") % what)
        hours = _decimal(
            row.hours, "hours", _("The hours of %(name)s") % what, positive=False, maximum=Decimal(168)
        )
        if produced and (workers == 0 or hours == 0):
            _refuse(
                _(
                    "%(name)s produced %(produced)s with no workers or no hours; enter who worked and how long."
                )
                % {"name": stage.name, "produced": produced},
                "workers",
                "no_work",
            )
        clean.append((stage, produced, workers, hours, (row.note or "").strip()[:200]))
    out = []
    with transaction.atomic():
        Line.objects.select_for_update(of=("self",)).filter(pk=line.pk).first()
        # Checked again under the line's lock: two retries racing each other write once.
        if idempotency_key and FlowBatch.objects.filter(line=line, idempotency_key=idempotency_key).exists():
            return list(WeeklyFlow.objects.filter(stage__line=line, week=week).select_related("stage"))
        existing = {
            f.stage_id: f
            for f in WeeklyFlow.objects.select_for_update(of=("self",))
            .filter(stage__line=line, week=week)
            .select_related("stage__line__sentra__programme")
        }
        for stage, produced, workers, hours, note in clean:
            flow = existing.get(stage.pk)
            if flow is None:
                flow = WeeklyFlow.objects.create(
                    stage=stage,
                    week=week,
                    produced=produced,
                    workers=workers,
                    hours=hours,
                    note=note,
                    recorded_by=_user(acting_user),
                )
                record(actor=acting_user, action="create", obj=flow)
            else:
                before = snapshot(flow)
                flow.produced, flow.workers, flow.hours, flow.note = produced, workers, hours, note
                flow.recorded_by = _user(acting_user)
                flow.save(
                    update_fields=[
                        "produced",
                        "workers",
                        "hours",
                        "note",
                        "recorded_by",
                        "recorded_at",
                    ]
                )
                record(actor=acting_user, action="update", obj=flow, before=before)
            out.append(flow)
        if idempotency_key:
            FlowBatch.objects.create(
                line=line, week=week, idempotency_key=idempotency_key, recorded_by=_user(acting_user)
            )
    return out
