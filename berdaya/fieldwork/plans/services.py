"""Every write of a business plan: the plan itself, its success circle, SWOT, commitments, steps and
activity calendar. Pages, API and demo call these; nothing else saves a plan's rows.

Each function runs in one transaction, checks the plan's rules (dates in order, cash pledged with an
amount, no negative rupiah, owners who belong to the group), writes, and records the change in the
audit log. Creating functions take an optional client ``idempotency_key``: sending the same key for the
same plan again returns the first row instead of adding a second (a phone retrying on a bad link).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.groups.models import Group, Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from .models import BusinessPlan, CalendarItem, Commitment, PlanStep, SuccessFactor, SwotItem


def _fail(field: str, message: str, code: str = "invalid"):
    raise ServiceError(message, field_errors={field: message}, code=code)


def _text(value: str, field: str, what: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        _fail(field, _("%(what)s cannot be empty.") % {"what": what}, "required")
    if len(value) > max_length:
        _fail(
            field,
            _("%(what)s is longer than %(max)s characters.") % {"what": what, "max": max_length},
            "too_long",
        )
    return value


def _not_future(day: dt.date | None, group: Group, field: str, what: str) -> None:
    if day is not None and day > local_today(group.place):
        _fail(
            field,
            _("%(what)s (%(date)s) is in the future; record it once it has happened.")
            % {"what": what, "date": day.isoformat()},
            "future",
        )


def _member(group: Group, person: Person | None, field: str) -> None:
    """A pledge or a step named after a person must name a current member of the group."""
    if person is None:
        return
    if not Membership.objects.filter(group=group, person=person, left_on__isnull=True).exists():
        _fail(
            field,
            _("%(person)s is not a member of %(group)s; name a member, or write the name in the text field.")
            % {"person": person.full_name, "group": group.name},
            "not_member",
        )


def _repeat(model, plan: BusinessPlan, key: str | None):
    if not key:
        return None
    return model.objects.filter(plan=plan, idempotency_key=key).first()


def _create(model, plan: BusinessPlan, acting_user, **values):
    obj = model(plan=plan, **values)
    obj.save()
    record(actor=acting_user, action="create", obj=obj)
    return obj


def _save(obj, before: dict, acting_user, changes: dict):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*changes, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
    record(actor=acting_user, action="update", obj=obj, before=before)
    return obj


def _delete(obj, acting_user) -> None:
    record(
        actor=acting_user,
        action="delete",
        obj=obj,
        before=snapshot(obj),
        after={},
    )
    obj.delete()


# --- the plan ---------------------------------------------------------------------------------------

PLAN_FIELDS = ("business", "goal", "prepared_on", "notes")


def _check_plan(group: Group, values: dict) -> dict:
    values = dict(values)
    if "business" in values:
        values["business"] = _text(values["business"], "business", _("The business"), 150)
    if "prepared_on" in values:
        if values["prepared_on"] is None:
            _fail("prepared_on", _("Give the date the plan was prepared."), "required")
        _not_future(values["prepared_on"], group, "prepared_on", _("The date the plan was prepared"))
    for name in ("goal", "notes"):
        if name in values:
            values[name] = (values[name] or "").strip()
    return values


@transaction.atomic
def create_plan(
    *,
    group: Group,
    business: str,
    prepared_on: dt.date,
    goal: str = "",
    notes: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> BusinessPlan:
    """Start the group's business plan (one per group; the group revises it afterwards)."""
    group = Group.objects.select_for_update().select_related("place").get(pk=group.pk)
    existing = BusinessPlan.objects.filter(group=group).first()
    if existing is not None:
        if idempotency_key and existing.idempotency_key == idempotency_key:
            return existing
        _fail(
            "group",
            _("%(group)s already has a business plan; change that one instead of starting another.")
            % {"group": group.name},
            "exists",
        )
    if group.status != Group.Status.ACTIVE:
        _fail(
            "group",
            _("%(group)s is dissolved; it needs no business plan.") % {"group": group.name},
            "dissolved",
        )
    values = _check_plan(
        group, {"business": business, "goal": goal, "prepared_on": prepared_on, "notes": notes}
    )
    plan = BusinessPlan.objects.create(
        group=group, created_by=acting_user, idempotency_key=idempotency_key or None, **values
    )
    record(actor=acting_user, action="create", obj=plan)
    return plan


@transaction.atomic
def update_plan(*, plan: BusinessPlan, acting_user, **changes) -> BusinessPlan:
    """Change the plan's business, goal, date or notes."""
    check_fields(changes, PLAN_FIELDS)
    plan = BusinessPlan.objects.select_for_update().select_related("group__place").get(pk=plan.pk)
    before = snapshot(plan)
    return _save(plan, before, acting_user, _check_plan(plan.group, changes))


@transaction.atomic
def remove_plan(*, plan: BusinessPlan, acting_user) -> None:
    """Remove the plan with all its parts (the audit log keeps what it said)."""
    plan = BusinessPlan.objects.select_for_update().select_related("group__place").get(pk=plan.pk)
    _delete(plan, acting_user)


# --- success circle ---------------------------------------------------------------------------------


def _check_factor(values: dict) -> dict:
    values = dict(values)
    if "ring" in values and values["ring"] not in SuccessFactor.Ring.values:
        _fail("ring", _("Choose a ring of the success circle."), "choice")
    if "text" in values:
        values["text"] = _text(values["text"], "text", _("What success means"), 250)
    return values


@transaction.atomic
def add_success_factor(
    *, plan: BusinessPlan, ring: str, text: str, acting_user, idempotency_key: str | None = None
) -> SuccessFactor:
    if found := _repeat(SuccessFactor, plan, idempotency_key):
        return found
    values = _check_factor({"ring": ring, "text": text})
    return _create(SuccessFactor, plan, acting_user, idempotency_key=idempotency_key or None, **values)


@transaction.atomic
def update_success_factor(*, factor: SuccessFactor, acting_user, **changes) -> SuccessFactor:
    check_fields(changes, ("ring", "text"))
    return _save(factor, snapshot(factor), acting_user, _check_factor(changes))


@transaction.atomic
def remove_success_factor(*, factor: SuccessFactor, acting_user) -> None:
    _delete(factor, acting_user)


# --- SWOT -------------------------------------------------------------------------------------------


def _check_swot(values: dict) -> dict:
    values = dict(values)
    if "quadrant" in values and values["quadrant"] not in SwotItem.Quadrant.values:
        _fail("quadrant", _("Choose strength, weakness, opportunity or threat."), "choice")
    if "text" in values:
        values["text"] = _text(values["text"], "text", _("The SWOT item"), 250)
    return values


@transaction.atomic
def add_swot_item(
    *, plan: BusinessPlan, quadrant: str, text: str, acting_user, idempotency_key: str | None = None
) -> SwotItem:
    if found := _repeat(SwotItem, plan, idempotency_key):
        return found
    values = _check_swot({"quadrant": quadrant, "text": text})
    return _create(SwotItem, plan, acting_user, idempotency_key=idempotency_key or None, **values)


@transaction.atomic
def update_swot_item(*, item: SwotItem, acting_user, **changes) -> SwotItem:
    check_fields(changes, ("quadrant", "text"))
    return _save(item, snapshot(item), acting_user, _check_swot(changes))


@transaction.atomic
def remove_swot_item(*, item: SwotItem, acting_user) -> None:
    _delete(item, acting_user)


# --- commitments ------------------------------------------------------------------------------------

COMMITMENT_FIELDS = ("person", "pledged_by", "kind", "description", "amount", "quantity", "unit")


def _check_commitment(group: Group, merged: dict) -> None:
    """Rules over the whole pledge (after an edit is merged with what was there)."""
    kind = merged["kind"]
    if kind not in Commitment.Kind.values:
        _fail("kind", _("Choose cash, tools, labour or other."), "choice")
    amount, quantity = merged["amount"], merged["quantity"]
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        _fail("amount", _("Give the amount in whole rupiah."), "amount")
    if amount is not None and amount < 0:
        _fail("amount", _("An amount cannot be negative (Rp%(amount)s).") % {"amount": amount}, "amount")
    if kind == Commitment.Kind.CASH and not amount:
        _fail("amount", _("A cash commitment needs the amount pledged, in rupiah."), "amount")
    if quantity is not None and quantity <= 0:
        _fail("quantity", _("A quantity must be more than zero."), "quantity")
    if kind != Commitment.Kind.CASH and not merged["description"].strip():
        _fail("description", _("Say what is pledged (e.g. a sewing machine, two days a week)."), "required")
    if merged["person"] is None and not merged["pledged_by"].strip():
        _fail("pledged_by", _("Name the member who pledges, or write who pledges."), "required")
    _member(group, merged["person"], "person")


@transaction.atomic
def add_commitment(
    *,
    plan: BusinessPlan,
    kind: str,
    person: Person | None = None,
    pledged_by: str = "",
    description: str = "",
    amount: int | None = None,
    quantity: int | None = None,
    unit: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> Commitment:
    """Record a pledge (*janji hati*). Cash needs an amount; tools, labour and other need a description."""
    if found := _repeat(Commitment, plan, idempotency_key):
        return found
    values = {
        "person": person,
        "pledged_by": (pledged_by or "").strip(),
        "kind": kind,
        "description": (description or "").strip(),
        "amount": amount,
        "quantity": quantity,
        "unit": (unit or "").strip(),
    }
    _check_commitment(plan.group, values)
    return _create(Commitment, plan, acting_user, idempotency_key=idempotency_key or None, **values)


@transaction.atomic
def update_commitment(*, commitment: Commitment, acting_user, **changes) -> Commitment:
    check_fields(changes, COMMITMENT_FIELDS)
    for name in ("pledged_by", "description", "unit"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    merged = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS} | changes
    _check_commitment(commitment.plan.group, merged)
    return _save(commitment, snapshot(commitment), acting_user, changes)


@transaction.atomic
def remove_commitment(*, commitment: Commitment, acting_user) -> None:
    _delete(commitment, acting_user)


# --- steps ------------------------------------------------------------------------------------------

STEP_FIELDS = ("order", "text", "owner", "owner_person", "due_on", "done_on")


def _check_step(plan: BusinessPlan, merged: dict) -> dict:
    merged["text"] = _text(merged["text"], "text", _("The step"), 250)
    if merged["due_on"] is None:
        _fail("due_on", _("Give the date the step is due."), "required")
    if merged["due_on"] < plan.prepared_on:
        _fail(
            "due_on",
            _("The step is due on %(due)s, before the plan was prepared (%(prepared)s).")
            % {"due": merged["due_on"].isoformat(), "prepared": plan.prepared_on.isoformat()},
            "dates",
        )
    _not_future(merged["done_on"], plan.group, "done_on", _("The date the step was done"))
    if merged["done_on"] is not None and merged["done_on"] < plan.prepared_on:
        _fail("done_on", _("A step cannot be done before the plan was prepared."), "dates")
    if merged["owner_person"] is None and not merged["owner"].strip():
        _fail("owner", _("Say who does this step."), "required")
    _member(plan.group, merged["owner_person"], "owner_person")
    return merged


@transaction.atomic
def add_step(
    *,
    plan: BusinessPlan,
    text: str,
    due_on: dt.date,
    owner: str = "",
    owner_person: Person | None = None,
    order: int | None = None,
    done_on: dt.date | None = None,
    acting_user,
    idempotency_key: str | None = None,
) -> PlanStep:
    """Add a step with who does it and by when; without ``order`` it goes last."""
    if found := _repeat(PlanStep, plan, idempotency_key):
        return found
    if order is None:
        last = plan.steps.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    values = _check_step(
        plan,
        {
            "order": order,
            "text": text,
            "owner": (owner or "").strip(),
            "owner_person": owner_person,
            "due_on": due_on,
            "done_on": done_on,
        },
    )
    return _create(PlanStep, plan, acting_user, idempotency_key=idempotency_key or None, **values)


@transaction.atomic
def update_step(*, step: PlanStep, acting_user, **changes) -> PlanStep:
    check_fields(changes, STEP_FIELDS)
    if "owner" in changes:
        changes["owner"] = (changes["owner"] or "").strip()
    merged = _check_step(step.plan, {name: getattr(step, name) for name in STEP_FIELDS} | changes)
    return _save(step, snapshot(step), acting_user, {name: merged[name] for name in changes})


@transaction.atomic
def complete_step(*, step: PlanStep, done_on: dt.date, acting_user) -> PlanStep:
    """Mark a step done on ``done_on`` (not in the future)."""
    if done_on is None:
        _fail("done_on", _("Give the date the step was done."), "required")
    return update_step(step=step, done_on=done_on, acting_user=acting_user)


@transaction.atomic
def remove_step(*, step: PlanStep, acting_user) -> None:
    _delete(step, acting_user)


# --- activity calendar ------------------------------------------------------------------------------

CALENDAR_FIELDS = ("activity", "starts_on", "due_on", "owner", "done_on", "notes")


def _check_calendar(plan: BusinessPlan, merged: dict) -> dict:
    merged["activity"] = _text(merged["activity"], "activity", _("The activity"), 200)
    if merged["starts_on"] is None:
        _fail("starts_on", _("Give the date the activity starts."), "required")
    if merged["due_on"] is None:
        _fail("due_on", _("Give the date the activity is due."), "required")
    if merged["due_on"] < merged["starts_on"]:
        _fail(
            "due_on",
            _("The activity is due on %(due)s, before it starts on %(start)s.")
            % {"due": merged["due_on"].isoformat(), "start": merged["starts_on"].isoformat()},
            "dates",
        )
    if merged["starts_on"] < plan.prepared_on:
        _fail(
            "starts_on",
            _("The activity starts on %(start)s, before the plan was prepared (%(prepared)s).")
            % {"start": merged["starts_on"].isoformat(), "prepared": plan.prepared_on.isoformat()},
            "dates",
        )
    _not_future(merged["done_on"], plan.group, "done_on", _("The date the activity was done"))
    if merged["done_on"] is not None and merged["done_on"] < plan.prepared_on:
        _fail("done_on", _("An activity cannot be done before the plan was prepared."), "dates")
    merged["owner"] = (merged["owner"] or "").strip()
    merged["notes"] = (merged["notes"] or "").strip()
    return merged


@transaction.atomic
def add_calendar_item(
    *,
    plan: BusinessPlan,
    activity: str,
    starts_on: dt.date,
    due_on: dt.date,
    owner: str = "",
    notes: str = "",
    done_on: dt.date | None = None,
    acting_user,
    idempotency_key: str | None = None,
) -> CalendarItem:
    """Add a row to the activity calendar; it shows as a follow-up until it is done."""
    if found := _repeat(CalendarItem, plan, idempotency_key):
        return found
    values = _check_calendar(
        plan,
        {
            "activity": activity,
            "starts_on": starts_on,
            "due_on": due_on,
            "owner": owner,
            "done_on": done_on,
            "notes": notes,
        },
    )
    return _create(CalendarItem, plan, acting_user, idempotency_key=idempotency_key or None, **values)


@transaction.atomic
def update_calendar_item(*, item: CalendarItem, acting_user, **changes) -> CalendarItem:
    check_fields(changes, CALENDAR_FIELDS)
    merged = _check_calendar(item.plan, {name: getattr(item, name) for name in CALENDAR_FIELDS} | changes)
    return _save(item, snapshot(item), acting_user, {name: merged[name] for name in changes})


@transaction.atomic
def complete_calendar_item(*, item: CalendarItem, done_on: dt.date, acting_user) -> CalendarItem:
    """Mark a calendar item done on ``done_on`` (not in the future); it leaves the follow-ups."""
    if done_on is None:
        _fail("done_on", _("Give the date the activity was done."), "required")
    item = CalendarItem.objects.select_for_update().select_related("plan__group__place").get(pk=item.pk)
    return update_calendar_item(item=item, done_on=done_on, acting_user=acting_user)


@transaction.atomic
def remove_calendar_item(*, item: CalendarItem, acting_user) -> None:
    _delete(item, acting_user)
