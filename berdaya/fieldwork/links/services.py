"""Every write of proposals and market links: one service per change of state.

Proposals move draft → submitted → approved or rejected → (approved only) received; each transition has
its own service so the page, the API, the demo and ODK ingestion all enforce the same order and dates.
Market links are created, changed and ended; sales are recorded against them. Every write runs in one
transaction with the row locked when the state it checks is the state it changes, and is audit-logged.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.core.money import thousands
from berdaya.groups.models import Group
from berdaya.programs.models import Agency, Programme

from .models import MarketLink, Proposal, Sale

Status = Proposal.Status
PROPOSAL_EDITABLE = ("title", "purpose", "amount_asked", "agency", "group", "notes")
LINK_EDITABLE = ("partner_name", "agency", "kind", "quality_terms", "price_terms", "started_on", "group")


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    raise ServiceError(message, field_errors={field: message} if field else None, code=code)


def _user(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _rupiah(value, field: str, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        _refuse(_("%(what)s must be a whole number of rupiah above zero.") % {"what": what}, field, "amount")
    return value


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        _refuse(message, field, "required")
    return value


def _check_group(programme: Programme, group: Group | None) -> None:
    if group is not None and group.programme_id != programme.pk:
        _refuse(
            _("%(group)s belongs to another programme than %(programme)s.")
            % {"group": group.name, "programme": programme.name},
            "group",
            "group_programme",
        )


def _append_note(notes: str, day: dt.date, note: str) -> str:
    note = (note or "").strip()
    return (
        (f"{notes}\n{day.isoformat()}: {note}" if notes else f"{day.isoformat()}: {note}") if note else notes
    )


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("programme", "agency").get(pk=proposal.pk)


def _expect(proposal: Proposal, allowed: tuple[str, ...], action: str) -> None:
    if proposal.status not in allowed:
        _refuse(
            _("This proposal is %(status)s; it cannot be %(action)s.")
            % {"status": proposal.get_status_display().lower(), "action": action},
            None,
            "status",
        )


# --- proposals --------------------------------------------------------------------------------------


def create_proposal(
    *,
    programme: Programme,
    agency: Agency,
    title: str,
    amount_asked: int,
    acting_user,
    group: Group | None = None,
    purpose: str = "",
    notes: str = "",
) -> Proposal:
    """A draft proposal to ``agency`` asking ``amount_asked`` rupiah (for ``group`` when given)."""
    title = _text(title, "title", _("Give the proposal a title."))
    _rupiah(amount_asked, "amount_asked", _("The amount asked"))
    _check_group(programme, group)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            programme=programme,
            group=group,
            agency=agency,
            title=title,
            purpose=purpose.strip(),
            amount_asked=amount_asked,
            notes=notes.strip(),
            created_by=_user(acting_user),
        )
        record(actor=acting_user, action="create", obj=proposal, note=_("proposal drafted"))
    return proposal


def update_proposal(*, proposal: Proposal, changes: dict, acting_user) -> Proposal:
    """Change a draft. Once submitted only the notes change: the agency has the proposal as it was sent."""
    check_fields(changes, PROPOSAL_EDITABLE)
    if "title" in changes:
        changes["title"] = _text(changes["title"], "title", _("Give the proposal a title."))
    if "amount_asked" in changes:
        _rupiah(changes["amount_asked"], "amount_asked", _("The amount asked"))
    with transaction.atomic():
        proposal = _locked(proposal)
        before = snapshot(proposal)
        if proposal.status != Status.DRAFT and set(changes) - {"notes"}:
            _refuse(_("The proposal was submitted; only its notes can change now."), None, "status")
        if "group" in changes:
            _check_group(proposal.programme, changes["group"])
        for key, value in changes.items():
            setattr(proposal, key, value.strip() if isinstance(value, str) else value)
        proposal.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=proposal, before=before)
    return proposal


def submit_proposal(*, proposal: Proposal, submitted_on: dt.date, acting_user) -> Proposal:
    """Draft → submitted: the proposal reached the agency on ``submitted_on``."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _expect(proposal, (Status.DRAFT,), _("submitted"))
        before = snapshot(proposal)
        proposal.status, proposal.submitted_on = Status.SUBMITTED, submitted_on
        proposal.save(update_fields=["status", "submitted_on"])
        record(actor=acting_user, action="update", obj=proposal, before=before, note=_("proposal submitted"))
    return proposal


def decide_proposal(
    *,
    proposal: Proposal,
    approved: bool,
    decided_on: dt.date,
    acting_user,
    amount_granted: int | None = None,
    note: str = "",
) -> Proposal:
    """Submitted → approved (with the amount granted) or rejected.

    Refused: deciding a proposal that was not submitted (a received grant cannot be rejected), a decision
    dated before the submission, an approval without an amount, a rejection with an amount, and granting
    more than was asked without a note saying why (it happens — a Dinas adds a training budget — but it
    must be explained, or it reads as a typing mistake).
    """
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == Status.RECEIVED:
            _refuse(
                _("The money of this proposal was already received; it cannot be decided again or rejected."),
                None,
                "received",
            )
        _expect(proposal, (Status.SUBMITTED,), _("approved") if approved else _("rejected"))
        if proposal.submitted_on and decided_on < proposal.submitted_on:
            _refuse(
                _("The proposal was submitted on %(date)s; the decision cannot come before.")
                % {"date": proposal.submitted_on.isoformat()},
                "decided_on",
                "date_order",
            )
        if approved:
            if amount_granted is None:
                _refuse(_("Say how much the agency granted."), "amount_granted", "amount_missing")
            _rupiah(amount_granted, "amount_granted", _("The amount granted"))
            if amount_granted > proposal.amount_asked and not (note or "").strip():
                _refuse(
                    _(
                        "Rp%(granted)s is more than the Rp%(asked)s asked; add a note saying why "
                        "(e.g. the agency added a budget line)."
                    )
                    % {"granted": thousands(amount_granted), "asked": thousands(proposal.amount_asked)},
                    "note",
                    "granted_more",
                )
        elif amount_granted:
            _refuse(
                _("A rejected proposal grants nothing; leave the amount empty."), "amount_granted", "amount"
            )
        before = snapshot(proposal)
        proposal.status = Status.APPROVED if approved else Status.REJECTED
        proposal.amount_granted = amount_granted if approved else None
        proposal.decided_on = decided_on
        proposal.notes = _append_note(proposal.notes, decided_on, note)
        proposal.save(update_fields=["status", "amount_granted", "decided_on", "notes"])
        record(
            actor=acting_user,
            action="update",
            obj=proposal,
            before=before,
            note=_("proposal approved") if approved else _("proposal rejected"),
        )
    return proposal


def record_receipt(*, proposal: Proposal, received_on: dt.date, acting_user, note: str = "") -> Proposal:
    """Approved → received: the granted money reached the group or programme on ``received_on``.

    (Posting it into a group's books is the books' own service — a stimulant grant in ``books.funds``.)
    """
    with transaction.atomic():
        proposal = _locked(proposal)
        _expect(proposal, (Status.APPROVED,), _("recorded as received"))
        if proposal.decided_on and received_on < proposal.decided_on:
            _refuse(
                _("The proposal was approved on %(date)s; the money cannot arrive before.")
                % {"date": proposal.decided_on.isoformat()},
                "received_on",
                "date_order",
            )
        before = snapshot(proposal)
        proposal.status, proposal.received_on = Status.RECEIVED, received_on
        proposal.notes = _append_note(proposal.notes, received_on, note)
        proposal.save(update_fields=["status", "received_on", "notes"])
        record(
            actor=acting_user, action="update", obj=proposal, before=before, note=_("granted money received")
        )
    return proposal


# --- market links -----------------------------------------------------------------------------------


def create_link(
    *,
    programme: Programme,
    partner_name: str,
    kind: str,
    started_on: dt.date,
    acting_user,
    group: Group | None = None,
    agency: Agency | None = None,
    quality_terms: str = "",
    price_terms: str = "",
) -> MarketLink:
    """A market link: an offtaker, a showroom, an exhibition, souvenir buyers, an art shop …"""
    partner_name = _text(
        partner_name, "partner_name", _("Name the partner, e.g. the offtaker or the showroom.")
    )
    if kind not in MarketLink.Kind.values:
        _refuse(_("Choose the kind of link."), "kind", "kind")
    _check_group(programme, group)
    with transaction.atomic():
        link = MarketLink.objects.create(
            programme=programme,
            group=group,
            partner_name=partner_name,
            agency=agency,
            kind=kind,
            quality_terms=quality_terms.strip(),
            price_terms=price_terms.strip(),
            started_on=started_on,
            created_by=_user(acting_user),
        )
        record(actor=acting_user, action="create", obj=link, note=_("market link recorded"))
    return link


def update_link(*, link: MarketLink, changes: dict, acting_user) -> MarketLink:
    """Change a link's partner, kind or terms. Its start cannot move after its first sale."""
    check_fields(changes, LINK_EDITABLE)
    if "partner_name" in changes:
        changes["partner_name"] = _text(
            changes["partner_name"], "partner_name", _("Name the partner, e.g. the offtaker or the showroom.")
        )
    if "kind" in changes and changes["kind"] not in MarketLink.Kind.values:
        _refuse(_("Choose the kind of link."), "kind", "kind")
    with transaction.atomic():
        link = MarketLink.objects.select_for_update().select_related("programme").get(pk=link.pk)
        before = snapshot(link)
        if "group" in changes:
            _check_group(link.programme, changes["group"])
        if "started_on" in changes:
            first = link.sales.order_by("sold_on").values_list("sold_on", flat=True).first()
            if first and changes["started_on"] > first:
                _refuse(
                    _("The first sale was on %(date)s; the link cannot start later.")
                    % {"date": first.isoformat()},
                    "started_on",
                    "date_order",
                )
        for key, value in changes.items():
            setattr(link, key, value.strip() if isinstance(value, str) else value)
        link.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=link, before=before)
    return link


def end_link(*, link: MarketLink, ended_on: dt.date, acting_user, note: str = "") -> MarketLink:
    """The link stopped on ``ended_on``. Its sales stay; no sale can be recorded after that date."""
    with transaction.atomic():
        link = MarketLink.objects.select_for_update().get(pk=link.pk)
        if link.ended_on:
            _refuse(
                _("This link already ended on %(date)s.") % {"date": link.ended_on.isoformat()}, None, "ended"
            )
        if ended_on < link.started_on:
            _refuse(
                _("The link started on %(date)s; it cannot end before.")
                % {"date": link.started_on.isoformat()},
                "ended_on",
                "date_order",
            )
        last = link.sales.order_by("-sold_on").values_list("sold_on", flat=True).first()
        if last and ended_on < last:
            _refuse(
                _("A sale was recorded on %(date)s; the link cannot end before it.")
                % {"date": last.isoformat()},
                "ended_on",
                "date_order",
            )
        before = snapshot(link)
        link.ended_on = ended_on
        link.save(update_fields=["ended_on"])
        record(
            actor=acting_user,
            action="update",
            obj=link,
            before=before,
            note=" — ".join(filter(None, [_("market link ended"), note.strip()])),
        )
    return link


def record_sale(
    *,
    link: MarketLink,
    sold_on: dt.date,
    description: str,
    quantity: int,
    amount: int,
    acting_user,
    unit: str = "pcs",
    rejected_quantity: int = 0,
    idempotency_key: str | None = None,
) -> Sale:
    """What a delivery through ``link`` brought: ``quantity`` delivered, ``rejected_quantity`` of them
    refused against the agreed quality terms, ``amount`` rupiah paid. A repeated key returns the first sale."""
    description = _text(description, "description", _("Say what was sold, e.g. souvenir vases."))
    if not isinstance(quantity, int) or quantity <= 0:
        _refuse(_("The quantity delivered must be more than zero."), "quantity", "quantity")
    if not isinstance(rejected_quantity, int) or rejected_quantity < 0:
        _refuse(_("The rejected quantity cannot be negative."), "rejected_quantity", "quantity")
    if rejected_quantity > quantity:
        _refuse(
            _("%(rejected)s rejected is more than the %(quantity)s delivered.")
            % {"rejected": rejected_quantity, "quantity": quantity},
            "rejected_quantity",
            "quantity",
        )
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        _refuse(_("The amount paid is a whole number of rupiah, zero or more."), "amount", "amount")
    if amount == 0 and rejected_quantity < quantity:
        _refuse(
            _("Nothing was paid although %(accepted)s were accepted; enter the amount paid.")
            % {"accepted": quantity - rejected_quantity},
            "amount",
            "amount",
        )
    with transaction.atomic():
        link = MarketLink.objects.select_for_update().get(pk=link.pk)
        if idempotency_key:
            done = Sale.objects.filter(link=link, idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        if sold_on < link.started_on:
            _refuse(
                _("The link started on %(date)s; a sale through it cannot come before.")
                % {"date": link.started_on.isoformat()},
                "sold_on",
                "date_order",
            )
        if link.ended_on and sold_on > link.ended_on:
            _refuse(
                _("The link ended on %(date)s; a sale through it cannot come after.")
                % {"date": link.ended_on.isoformat()},
                "sold_on",
                "date_order",
            )
        sale = Sale.objects.create(
            link=link,
            sold_on=sold_on,
            description=description,
            quantity=quantity,
            unit=(unit or "pcs").strip()[:30],
            amount=amount,
            rejected_quantity=rejected_quantity,
            idempotency_key=idempotency_key or None,
            created_by=_user(acting_user),
        )
        record(actor=acting_user, action="create", obj=sale, note=_("sale recorded"))
    return sale
