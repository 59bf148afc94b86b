"""Every write of the cluster map and the cooperation records: one service per change of state.

Pages, the API, the demo and field-form ingestion all call these. Each runs in one transaction, locks
what it reads before it changes it, refuses with a translated reason (nothing half-saved) and is
audit-logged.

Process steps move pending → in progress → done, or → rejected. They move in order: a step cannot start
before every earlier step is done, and a rejected step ends the process — nothing after it moves. For
credit (bank, LKM, local government) the standard steps are applied → assessed → approved/rejected →
disbursed (seed 001), so "cannot disburse before it is approved" is the same rule, explained with the
step names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record, snapshot
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.core.errors import ServiceError, check_fields
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency

from .models import (
    INTERNAL_KINDS,
    ActorLink,
    ClusterActor,
    CoopActor,
    Cooperation,
    CoopInput,
    CoopResult,
    CoopStep,
)

Kind = Cooperation.Kind
Status = CoopStep.Status
INTERNAL = {Kind(k) for k in INTERNAL_KINDS}
CREDIT = {Kind.BANK_CREDIT, Kind.LKM_CREDIT, Kind.GOVERNMENT_CREDIT}
ACTOR_EDITABLE = ("role", "name", "enterprise", "agency", "notes")
COOP_EDITABLE = ("title", "description", "started_on", "ended_on")

# The standard process of each kind, from seed 001's description of how each cooperation runs. The code
# identifies a standard step whatever language its name was shown in.
_EXHIBITION_STEPS = [
    ("ex_offer", gettext_lazy("Offer received")),
    ("ex_decide", gettext_lazy("Decided to take part")),
    ("ex_prepare", gettext_lazy("Prepared (transport, accommodation, stand)")),
    ("ex_held", gettext_lazy("Exhibition held")),
]
_CREDIT_STEPS = [
    ("applied", gettext_lazy("Applied")),
    ("assessed", gettext_lazy("Assessed")),
    ("decision", gettext_lazy("Approved or rejected")),
    ("disbursed", gettext_lazy("Disbursed")),
]
DEFAULT_STEPS = {
    Kind.JOINT_PRODUCTION: [
        ("jp_order", gettext_lazy("Large order received")),
        ("jp_split", gettext_lazy("Order split among the units by capacity")),
        ("jp_produce", gettext_lazy("Each unit produced its share")),
        ("jp_deliver", gettext_lazy("Delivered to the buyer")),
    ],
    Kind.SUB_PRODUCTION: [
        ("sp_agree", gettext_lazy("Quantity, time and quality agreed")),
        ("sp_produce", gettext_lazy("Outside producer produced")),
        ("sp_deliver", gettext_lazy("Delivered and checked")),
    ],
    Kind.JOINT_PROCUREMENT: [
        ("pr_pool", gettext_lazy("Needs pooled")),
        ("pr_order", gettext_lazy("Ordered from one supplier")),
        ("pr_deliver", gettext_lazy("Delivered to the sentra")),
        ("pr_pay", gettext_lazy("Supplier paid")),
    ],
    Kind.JOINT_MARKETING: _EXHIBITION_STEPS,
    Kind.EXHIBITION: _EXHIBITION_STEPS,
    Kind.GOVERNMENT_EXHIBITION: _EXHIBITION_STEPS,
    Kind.INNOVATION: [
        ("in_design", gettext_lazy("Design brought")),
        ("in_trial", gettext_lazy("Tried out")),
        ("in_ready", gettext_lazy("Ready for use")),
    ],
    Kind.UNIVERSITY_INNOVATION: [
        ("in_design", gettext_lazy("Design brought")),
        ("in_trial", gettext_lazy("Tried out")),
        ("in_ready", gettext_lazy("Ready for use")),
    ],
    Kind.BI_TRAINING: [
        ("bi_offer", gettext_lazy("Offer received")),
        ("bi_accept", gettext_lazy("Offer accepted")),
        ("bi_held", gettext_lazy("Training or study visit held")),
    ],
    **dict.fromkeys(CREDIT, _CREDIT_STEPS),
}
STEP_LABELS = {code: label for steps in DEFAULT_STEPS.values() for code, label in steps}
CREDIT_STAGES = ("applied", "assessed", "approved", "rejected", "disbursed")


def scope_of(kind: str) -> str:
    """Internal cooperation is between the sentra's units; every other kind reaches outside it."""
    return Cooperation.Scope.INTERNAL if kind in INTERNAL else Cooperation.Scope.EXTERNAL


def step_label(step: CoopStep) -> str:
    """A standard step's name in the reader's language; a step someone typed, as they typed it.

    The credit decision reads "Approved" or "Rejected" once it is decided."""
    if step.code == "decision" and step.status == Status.DONE:
        return _("Approved")
    if step.code == "decision" and step.status == Status.REJECTED:
        return _("Rejected")
    label = STEP_LABELS.get(step.code)
    return str(label) if label else step.name


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    raise ServiceError(message, field_errors={field: message} if field else None, code=code)


def _user(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        _refuse(message, field, "required")
    return value


def _not_future(day: dt.date | None, field: str) -> None:
    if day and day > timezone.localdate():
        _refuse(
            _("%(date)s is in the future; record what has happened.") % {"date": day.isoformat()},
            field,
            "future",
        )


# --- actors -----------------------------------------------------------------------------------------


def _check_actor(
    sentra: Sentra,
    *,
    role: str,
    name: str,
    enterprise: Enterprise | None,
    agency: Agency | None,
    exclude=None,
) -> None:
    if role not in ClusterActor.Role.values:
        _refuse(_("Choose the actor's role in the cluster."), "role", "role")
    others = ClusterActor.objects.filter(sentra=sentra).exclude(pk=getattr(exclude, "pk", None))
    if others.filter(name__iexact=name).exists():
        _refuse(_("%(name)s is already on the map of this sentra.") % {"name": name}, "name", "duplicate")
    if enterprise is not None:
        if others.filter(enterprise=enterprise).exists():
            _refuse(
                _("%(enterprise)s is already on the map of this sentra.") % {"enterprise": enterprise.name},
                "enterprise",
                "duplicate",
            )
        if (
            role == ClusterActor.Role.CORE
            and not SentraMember.objects.filter(sentra=sentra, enterprise=enterprise).exists()
        ):
            _refuse(
                _(
                    "%(enterprise)s is not a unit of %(sentra)s; a core actor is one of the sentra's own units. "
                    "Add it to the sentra first, or choose another role (e.g. supplier)."
                )
                % {"enterprise": enterprise.name, "sentra": sentra.name},
                "enterprise",
                "not_member",
            )
    if enterprise is not None and agency is not None:
        _refuse(_("An actor is either an enterprise or an agency, not both."), "agency", "both")


def create_actor(
    *,
    sentra: Sentra,
    role: str,
    name: str,
    acting_user,
    enterprise: Enterprise | None = None,
    agency: Agency | None = None,
    notes: str = "",
) -> ClusterActor:
    """Put an actor on the sentra's cluster map: a weaver, a yarn supplier, a Dinas, a university, a buyer …

    The name defaults to the enterprise's or agency's name when left empty."""
    name = (name or "").strip() or (enterprise.name if enterprise else agency.name if agency else "")
    name = _text(name, "name", _("Name the actor, e.g. the yarn supplier or the bank."))
    with transaction.atomic():
        Sentra.objects.select_for_update().filter(pk=sentra.pk).first()
        _check_actor(sentra, role=role, name=name, enterprise=enterprise, agency=agency)
        actor = ClusterActor.objects.create(
            sentra=sentra,
            role=role,
            name=name,
            enterprise=enterprise,
            agency=agency,
            notes=(notes or "").strip(),
        )
        record(actor=acting_user, action="create", obj=actor, note=_("cluster actor added"))
    return actor


def update_actor(*, actor: ClusterActor, changes: dict, acting_user) -> ClusterActor:
    """Change an actor's role, name, enterprise or agency, or notes."""
    check_fields(changes, ACTOR_EDITABLE)
    if "name" in changes:
        changes["name"] = _text(
            changes["name"], "name", _("Name the actor, e.g. the yarn supplier or the bank.")
        )
    with transaction.atomic():
        actor = ClusterActor.objects.select_for_update().select_related("sentra").get(pk=actor.pk)
        before = snapshot(actor)
        merged = {f: changes.get(f, getattr(actor, f)) for f in ("role", "name", "enterprise", "agency")}
        _check_actor(actor.sentra, exclude=actor, **merged)
        for key, value in changes.items():
            setattr(actor, key, value.strip() if isinstance(value, str) else value)
        actor.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=actor, before=before)
    return actor


def delete_actor(*, actor: ClusterActor, acting_user) -> None:
    """Take an actor off the map, with its links. Refused while it takes part in a cooperation record:
    the record would lose who did it."""
    with transaction.atomic():
        actor = ClusterActor.objects.select_for_update().select_related("sentra__programme").get(pk=actor.pk)
        titles = list(
            Cooperation.objects.filter(participants__actor=actor)
            .order_by("title")
            .values_list("title", flat=True)[:3]
        )
        if titles:
            _refuse(
                _("%(name)s takes part in %(records)s; remove it from those records first.")
                % {"name": actor.name, "records": ", ".join(f"“{t}”" for t in titles)},
                None,
                "in_use",
            )
        record(actor=acting_user, action="delete", obj=actor, before=snapshot(actor), after={})
        actor.delete()


def add_core_enterprises(*, sentra: Sentra, acting_user) -> list[ClusterActor]:
    """Every current unit of the sentra not yet on the map becomes a core actor, in one step.

    Units that left the sentra are skipped; a name already used on the map gets the enterprise's id added
    so the two stay distinguishable. Returns the actors created (none when all are there already)."""
    with transaction.atomic():
        Sentra.objects.select_for_update().filter(pk=sentra.pk).first()
        present = set(
            ClusterActor.objects.filter(sentra=sentra, enterprise__isnull=False).values_list(
                "enterprise_id", flat=True
            )
        )
        names = {
            n.casefold() for n in ClusterActor.objects.filter(sentra=sentra).values_list("name", flat=True)
        }
        members = (
            SentraMember.objects.filter(sentra=sentra, left_on__isnull=True)
            .exclude(enterprise_id__in=present)
            .select_related("enterprise")
            .order_by("enterprise__name", "enterprise_id")
        )
        new = []
        for m in members:
            name = m.enterprise.name
            if name.casefold() in names:
                name = f"{name} (#{m.enterprise_id})"
            names.add(name.casefold())
            new.append(
                ClusterActor(sentra=sentra, role=ClusterActor.Role.CORE, name=name, enterprise=m.enterprise)
            )
        created = ClusterActor.objects.bulk_create(new)
        if created and created[0].pk is None:  # backends that do not return ids from bulk_create
            created = list(
                ClusterActor.objects.filter(sentra=sentra, enterprise__in=[a.enterprise for a in new])
            )
        for actor in created:
            actor.sentra = sentra
            record(actor=acting_user, action="create", obj=actor, note=_("sentra unit added as core actor"))
    return created


# --- links ------------------------------------------------------------------------------------------


def create_link(
    *, sentra: Sentra, source: ClusterActor, target: ClusterActor, kind: str, acting_user, notes: str = ""
) -> ActorLink:
    """A link on the map: ``source`` supplies / buys from / trains / finances / coordinates ``target``."""
    if kind not in ActorLink.Kind.values:
        _refuse(_("Choose the kind of link."), "kind", "kind")
    if source.sentra_id != sentra.pk or target.sentra_id != sentra.pk:
        _refuse(_("Both actors must be on the map of this sentra."), "target", "sentra")
    if source.pk == target.pk:
        _refuse(_("A link joins two different actors."), "target", "self")
    with transaction.atomic():
        if ActorLink.objects.filter(source=source, target=target, kind=kind).exists():
            _refuse(
                _("%(source)s already %(kind)s %(target)s.")
                % {"source": source.name, "kind": ActorLink.Kind(kind).label, "target": target.name},
                "kind",
                "duplicate",
            )
        link = ActorLink.objects.create(
            sentra=sentra, source=source, target=target, kind=kind, notes=(notes or "").strip()
        )
        record(actor=acting_user, action="create", obj=link, note=_("cluster link added"))
    return link


def delete_link(*, link: ActorLink, acting_user) -> None:
    with transaction.atomic():
        link = ActorLink.objects.select_for_update().select_related("sentra__programme").get(pk=link.pk)
        record(actor=acting_user, action="delete", obj=link, before=snapshot(link), after={})
        link.delete()


# --- cooperation records ----------------------------------------------------------------------------


def create_cooperation(
    *,
    sentra: Sentra,
    kind: str,
    title: str,
    started_on: dt.date,
    acting_user,
    ended_on: dt.date | None = None,
    description: str = "",
    default_steps: bool = True,
    idempotency_key: str | None = None,
) -> Cooperation:
    """A cooperation record; its scope (internal or external) follows from its kind.

    With ``default_steps`` the standard process of the kind is laid out as pending steps (for credit:
    applied → assessed → approved/rejected → disbursed). A repeated ``idempotency_key`` returns the first
    record."""
    if kind not in Kind.values:
        _refuse(_("Choose the kind of cooperation."), "kind", "kind")
    title = _text(title, "title", _("Give the cooperation a title, e.g. Kredit investasi ATBM Bank Jatim."))
    _not_future(started_on, "started_on")
    if ended_on and ended_on < started_on:
        _refuse(_("It cannot end before it started."), "ended_on", "date_order")
    with transaction.atomic():
        Sentra.objects.select_for_update().filter(pk=sentra.pk).first()
        if idempotency_key:
            done = Cooperation.objects.filter(sentra=sentra, idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        coop = Cooperation.objects.create(
            sentra=sentra,
            scope=scope_of(kind),
            kind=kind,
            title=title,
            description=(description or "").strip(),
            started_on=started_on,
            ended_on=ended_on,
            idempotency_key=idempotency_key or None,
            created_by=_user(acting_user),
        )
        if default_steps:
            CoopStep.objects.bulk_create(
                CoopStep(cooperation=coop, order=i, code=code, name=str(label))
                for i, (code, label) in enumerate(DEFAULT_STEPS.get(kind, []), start=1)
            )
        record(actor=acting_user, action="create", obj=coop, note=_("cooperation recorded"))
    return coop


def update_cooperation(*, cooperation: Cooperation, changes: dict, acting_user) -> Cooperation:
    """Change the title, description or dates. The kind stays: its steps were laid out for it."""
    check_fields(changes, COOP_EDITABLE)
    if "title" in changes:
        changes["title"] = _text(
            changes["title"],
            "title",
            _("Give the cooperation a title, e.g. Kredit investasi ATBM Bank Jatim."),
        )
    with transaction.atomic():
        coop = (
            Cooperation.objects.select_for_update().select_related("sentra__programme").get(pk=cooperation.pk)
        )
        before = snapshot(coop)
        started = changes.get("started_on", coop.started_on)
        ended = changes.get("ended_on", coop.ended_on)
        _not_future(started, "started_on")
        if ended and ended < started:
            _refuse(_("It cannot end before it started."), "ended_on", "date_order")
        first = (
            coop.steps.filter(on_date__isnull=False)
            .order_by("on_date")
            .values_list("on_date", flat=True)
            .first()
        )
        if first and started > first:
            _refuse(
                _("A step is dated %(date)s; the cooperation cannot start later.")
                % {"date": first.isoformat()},
                "started_on",
                "date_order",
            )
        for key, value in changes.items():
            setattr(coop, key, value.strip() if isinstance(value, str) else value)
        coop.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=coop, before=before)
    return coop


def delete_cooperation(*, cooperation: Cooperation, acting_user) -> None:
    """Delete a record with its actors' parts, inputs, steps, outputs and impacts (asked for first)."""
    with transaction.atomic():
        coop = (
            Cooperation.objects.select_for_update().select_related("sentra__programme").get(pk=cooperation.pk)
        )
        record(actor=acting_user, action="delete", obj=coop, before=snapshot(coop), after={})
        coop.delete()


def _locked(cooperation: Cooperation) -> Cooperation:
    return Cooperation.objects.select_for_update().select_related("sentra__programme").get(pk=cooperation.pk)


def add_participant(*, cooperation: Cooperation, actor: ClusterActor, role: str, acting_user) -> CoopActor:
    """An actor of the sentra's map takes part in the cooperation in ``role`` (lead, provider …)."""
    if role not in CoopActor.Role.values:
        _refuse(_("Choose the actor's part in the cooperation."), "role", "role")
    with transaction.atomic():
        coop = _locked(cooperation)
        if actor.sentra_id != coop.sentra_id:
            _refuse(_("Only actors on this sentra's map can take part."), "actor", "sentra")
        if CoopActor.objects.filter(cooperation=coop, actor=actor).exists():
            _refuse(_("%(name)s already takes part.") % {"name": actor.name}, "actor", "duplicate")
        part = CoopActor.objects.create(cooperation=coop, actor=actor, role=role)
        record(actor=acting_user, action="create", obj=part, note=_("actor added to cooperation"))
    return part


def remove_participant(*, participant: CoopActor, acting_user) -> None:
    with transaction.atomic():
        part = (
            CoopActor.objects.select_for_update()
            .select_related("cooperation__sentra__programme")
            .get(pk=participant.pk)
        )
        record(actor=acting_user, action="delete", obj=part, before=snapshot(part), after={})
        part.delete()


def add_input(
    *,
    cooperation: Cooperation,
    kind: str,
    description: str,
    acting_user,
    amount: int | None = None,
    quantity: Decimal | None = None,
    unit: str = "",
    idempotency_key: str | None = None,
) -> CoopInput:
    """What went into the cooperation: money (whole rupiah), material, equipment, training …

    Money needs an amount; a quantity needs its unit. A repeated key returns the first input."""
    if kind not in CoopInput.Kind.values:
        _refuse(_("Choose the kind of input."), "kind", "kind")
    description = _text(
        description, "description", _("Say what the input is, e.g. investment credit for 4 looms.")
    )
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0):
        _refuse(_("The amount is a whole number of rupiah above zero."), "amount", "amount")
    if kind == CoopInput.Kind.MONEY and amount is None:
        _refuse(_("Money needs an amount in rupiah."), "amount", "amount_missing")
    if quantity is not None and quantity <= 0:
        _refuse(_("The quantity must be more than zero."), "quantity", "quantity")
    unit = (unit or "").strip()
    if quantity is not None and not unit:
        _refuse(_("Give the unit of the quantity, e.g. kg of yarn or looms."), "unit", "unit")
    with transaction.atomic():
        coop = _locked(cooperation)
        if idempotency_key:
            done = CoopInput.objects.filter(cooperation=coop, idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        item = CoopInput.objects.create(
            cooperation=coop,
            kind=kind,
            description=description,
            amount=amount,
            quantity=quantity,
            unit=unit[:30],
            idempotency_key=idempotency_key or None,
        )
        record(actor=acting_user, action="create", obj=item, note=_("cooperation input recorded"))
    return item


def remove_input(*, item: CoopInput, acting_user) -> None:
    with transaction.atomic():
        item = (
            CoopInput.objects.select_for_update()
            .select_related("cooperation__sentra__programme")
            .get(pk=item.pk)
        )
        record(actor=acting_user, action="delete", obj=item, before=snapshot(item), after={})
        item.delete()


def add_result(
    *,
    cooperation: Cooperation,
    kind: str,
    text: str,
    acting_user,
    figure: Decimal | None = None,
    unit: str = "",
    idempotency_key: str | None = None,
) -> CoopResult:
    """An output (what it produced) or an impact (what changed), with an optional figure and its unit."""
    if kind not in CoopResult.Kind.values:
        _refuse(_("Choose output or impact."), "kind", "kind")
    text = _text(text, "text", _("Say what came out of it, e.g. 4 new looms in use."))
    unit = (unit or "").strip()
    if figure is not None and not unit:
        _refuse(_("Give the unit of the figure, e.g. sarongs per day or %."), "unit", "unit")
    with transaction.atomic():
        coop = _locked(cooperation)
        if idempotency_key:
            done = CoopResult.objects.filter(cooperation=coop, idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        result = CoopResult.objects.create(
            cooperation=coop,
            kind=kind,
            text=text,
            figure=figure,
            unit=unit[:40],
            idempotency_key=idempotency_key or None,
        )
        record(actor=acting_user, action="create", obj=result, note=_("output or impact recorded"))
    return result


def remove_result(*, result: CoopResult, acting_user) -> None:
    with transaction.atomic():
        result = (
            CoopResult.objects.select_for_update()
            .select_related("cooperation__sentra__programme")
            .get(pk=result.pk)
        )
        record(actor=acting_user, action="delete", obj=result, before=snapshot(result), after={})
        result.delete()


# --- process steps ----------------------------------------------------------------------------------


def add_step(*, cooperation: Cooperation, name: str, acting_user, notes: str = "") -> CoopStep:
    """Append a step to the process (after the last one). Refused once the process ended in a rejection."""
    name = _text(name, "name", _("Name the step, e.g. Samples checked by the buyer."))
    with transaction.atomic():
        coop = _locked(cooperation)
        rejected = coop.steps.filter(status=Status.REJECTED).first()
        if rejected is not None:
            _refuse(_ended_message(rejected), None, "ended")
        last = coop.steps.aggregate(m=Max("order"))["m"] or 0
        step = CoopStep.objects.create(
            cooperation=coop, order=last + 1, name=name, notes=(notes or "").strip()
        )
        record(actor=acting_user, action="create", obj=step, note=_("process step added"))
    return step


def _ended_message(rejected: CoopStep) -> str:
    if rejected.code == "decision":
        return _(
            "The process ended when the credit was rejected on %(date)s; nothing after it can change."
        ) % {"date": rejected.on_date.isoformat() if rejected.on_date else "—"}
    return _("The process ended when “%(step)s” was rejected on %(date)s; nothing after it can change.") % {
        "step": str(STEP_LABELS.get(rejected.code, rejected.name)),
        "date": rejected.on_date.isoformat() if rejected.on_date else "—",
    }


ALLOWED = {
    Status.PENDING: {Status.IN_PROGRESS, Status.DONE, Status.REJECTED},
    Status.IN_PROGRESS: {Status.DONE, Status.REJECTED},
    Status.DONE: set(),
    Status.REJECTED: set(),
}


def set_step_status(
    *, step: CoopStep, status: str, on_date: dt.date, acting_user, notes: str = ""
) -> CoopStep:
    """Move one step: pending → in progress → done, or → rejected (which ends the process).

    Refused, with the reason: moving a step while an earlier one is not done (e.g. disbursing a credit
    that is not approved); anything once an earlier step was rejected; going back (done and rejected are
    final — record a new step instead); a date before the cooperation started, before the previous step,
    or in the future."""
    if status not in Status.values or status == Status.PENDING:
        _refuse(_("Choose in progress, done or rejected."), "status", "status")
    if on_date is None:
        _refuse(_("Give the date."), "on_date", "required")
    _not_future(on_date, "on_date")
    with transaction.atomic():
        coop = _locked(step.cooperation)
        steps = list(coop.steps.select_for_update().order_by("order"))
        step = next(s for s in steps if s.pk == step.pk)
        earlier = [s for s in steps if s.order < step.order]
        rejected = next((s for s in steps if s.status == Status.REJECTED and s.pk != step.pk), None)
        name = step_label(step)
        if rejected is not None:
            _refuse(_ended_message(rejected), None, "ended")
        if status not in ALLOWED[step.status]:
            _refuse(
                _(
                    "“%(step)s” is already %(status)s; it cannot become %(new)s. Add a new step if something else happened."
                )
                % {
                    "step": name,
                    "status": step.get_status_display().lower(),
                    "new": Status(status).label.lower(),
                },
                "status",
                "final",
            )
        waiting = next((s for s in earlier if s.status != Status.DONE), None)
        if waiting is not None:
            if step.code == "disbursed" and any(s.code == "decision" for s in earlier):
                message = _(
                    "The credit cannot be disbursed before it is approved: “%(waiting)s” is still %(status)s."
                ) % {"waiting": step_label(waiting), "status": waiting.get_status_display().lower()}
            else:
                message = _("“%(step)s” cannot move before “%(waiting)s” is done (it is %(status)s).") % {
                    "step": name,
                    "waiting": step_label(waiting),
                    "status": waiting.get_status_display().lower(),
                }
            _refuse(message, "status", "order")
        if on_date < coop.started_on:
            _refuse(
                _("The cooperation started on %(date)s; a step cannot come before.")
                % {"date": coop.started_on.isoformat()},
                "on_date",
                "date_order",
            )
        previous = max((s.on_date for s in earlier if s.on_date), default=None)
        if previous and on_date < previous:
            _refuse(
                _("The step before is dated %(date)s; this one cannot come earlier.")
                % {"date": previous.isoformat()},
                "on_date",
                "date_order",
            )
        before = snapshot(step)
        step.status, step.on_date = status, on_date
        note = (notes or "").strip()
        if note:
            step.notes = f"{step.notes}\n{on_date.isoformat()}: {note}" if step.notes else note
        step.save(update_fields=["status", "on_date", "notes"])
        record(
            actor=acting_user,
            action="update",
            obj=step,
            before=before,
            note=_("step “%(step)s”: %(status)s")
            % {"step": step_label(step), "status": step.get_status_display()},
        )
    return step


def record_credit_stage(
    *, cooperation: Cooperation, stage: str, on_date: dt.date, acting_user, notes: str = ""
) -> CoopStep:
    """A credit moves: ``stage`` is applied, assessed, approved, rejected or disbursed (seed 001).

    Works on the standard credit steps laid out when the record was created; the rules are those of
    ``set_step_status`` (so: no disbursement before approval; a rejection ends the process)."""
    if cooperation.kind not in CREDIT:
        _refuse(_("Only a credit (bank, LKM or local government) has these stages."), None, "not_credit")
    if stage not in CREDIT_STAGES:
        _refuse(_("Choose applied, assessed, approved, rejected or disbursed."), "stage", "stage")
    code = {"approved": "decision", "rejected": "decision"}.get(stage, stage)
    step = CoopStep.objects.filter(cooperation=cooperation, code=code).first()
    if step is None:
        _refuse(_("This record has no standard credit steps; move its steps one by one."), None, "no_steps")
    status = Status.REJECTED if stage == "rejected" else Status.DONE
    return set_step_status(step=step, status=status, on_date=on_date, notes=notes, acting_user=acting_user)
