"""Posting a meeting's collection sheet: attendance and every member's money, in one atomic batch.

``post_meeting`` is the one write path for the page, the API and the benchmark. It posts everything or
nothing: attendance, savings, dues and fines (one ledger entry per member, inserted set-based),
withdrawals of voluntary savings, loan repayments, arisan contributions, cover settlements (tanggung
renteng; the members' parts go straight back out of the box), revolving-fund repayments and — when the
cash counted differs from what the sheet adds up to — the explained difference. The client's idempotency key makes
a second submission (a double tap, a retried request on a bad connection) return the first posting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.db import transaction
from django.db.models import F
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record
from berdaya.books import chart
from berdaya.books.arisan.models import Round
from berdaya.books.arisan.services import contribute, open_round_for
from berdaya.books.funds import services as funds
from berdaya.books.funds.queries import open_allocations_of
from berdaya.books.loans import services as loans
from berdaya.books.loans.models import CoverDebt, CoverSettlement
from berdaya.books.loans.queries import cover_debts_to_settle, due_by_member, share_out
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance, member_balances
from berdaya.books.savings import withdraw
from berdaya.books.services import EntrySpec, Line, check_rupiah, lock_book, post_entries, post_entry
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Meeting
from berdaya.groups.services import members_on, update_meeting

from .models import CollectionSheet, SheetLine


@dataclass
class LineInput:
    """What the treasurer entered for one member (integer rupiah; 0 = nothing)."""

    person_id: int
    present: bool = False
    principal_saving: int = 0
    mandatory_saving: int = 0
    voluntary_saving: int = 0
    withdrawal: int = 0
    dues: int = 0
    fine: int = 0
    loan_repayment: int = 0
    arisan: int = 0
    cover_settlement: int = 0
    fund_repayment: int = 0

    @property
    def paid_in(self) -> int:
        return sum(getattr(self, name) for name in SheetLine.CASH_IN_FIELDS)

    @property
    def net_cash(self) -> int:
        """Paid in minus the withdrawal. A line with a cover settlement leaves less than this in the box
        (the members' parts are handed back): only the book knows how much — use ``preview``."""
        return self.paid_in - self.withdrawal


AMOUNT_FIELDS = SheetLine.AMOUNT_FIELDS
# Lazy: the labels are shown in the language of each request, not the one active at import.
FIELD_LABELS = {
    "principal_saving": gettext_lazy("pokok"),
    "mandatory_saving": gettext_lazy("wajib"),
    "voluntary_saving": gettext_lazy("sukarela"),
    "withdrawal": gettext_lazy("withdrawal"),
    "dues": gettext_lazy("dues"),
    "fine": gettext_lazy("fine"),
    "loan_repayment": gettext_lazy("loan repayment"),
    "cover_settlement": gettext_lazy("cover settlement"),
    "fund_repayment": gettext_lazy("revolving fund repayment"),
    "arisan": gettext_lazy("arisan"),
}
OPTIONAL_FIELDS = SheetLine.OPTIONAL_FIELDS


def sheet_totals(lines: Sequence, handed_back: dict[int, int] | None = None) -> dict:
    """The sheet's column totals and the cash it leaves in the box (``net_cash``).

    A cover settlement comes in in full but the members' parts of it go straight back out to the
    members who covered: ``handed_back`` ({person id: Rp}, from ``settlement_split``) says how much,
    for lines still to be posted; posted ``SheetLine``s carry it in ``cover_handed_back``.
    """
    totals = {name: sum(getattr(line, name) for line in lines) for name in AMOUNT_FIELDS}
    totals["paid_in"] = sum(line.paid_in for line in lines)
    if handed_back is None:
        totals["cover_handed_back"] = sum(getattr(line, "cover_handed_back", 0) for line in lines)
    else:
        totals["cover_handed_back"] = sum(handed_back.values())
    totals["net_cash"] = totals["paid_in"] - totals["withdrawal"] - totals["cover_handed_back"]
    totals["present"] = sum(1 for line in lines if line.present)
    return totals


def _subkey(key: str, suffix: str) -> str:
    """The idempotency key of one posting of the sheet: ``{key}:{suffix}``.

    Clients may send keys of 100 characters, but the ledger holds at most 100 and the products' services
    accept at most 80 (they prefix them), so a sheet key longer than 56 is replaced by its digest here;
    the result is the same for the same sheet key. Keys up to 56 characters (a uuid hex is 32) are kept.
    """
    base = key if len(key) <= 56 else "h" + hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"{base}:{suffix}"


@dataclass
class Settlement:
    """How a cover settlement of ``amount`` is shared out over a defaulter's debts, oldest cover first."""

    amount: int
    owed: int
    parts: dict[int, int] = field(default_factory=dict)  # debt id → Rp
    to_fund: int = 0  # stays in the box
    to_members: dict[int, int] = field(default_factory=dict)  # coverer's person id → Rp handed back
    names: dict[int, str] = field(default_factory=dict)  # coverer's person id → name

    @property
    def handed_back(self) -> int:
        return sum(self.to_members.values())

    def add(self, debt: dict, part: int) -> None:
        """``part`` of the settlement goes to ``debt``: to the group fund, or back to who covered."""
        self.parts[debt["id"]] = part
        if debt["coverer_id"] is None:
            self.to_fund += part
        else:
            self.to_members[debt["coverer_id"]] = self.to_members.get(debt["coverer_id"], 0) + part
            self.names[debt["coverer_id"]] = debt["coverer_name"]


def settlement_split(debts: Sequence[dict], amount: int) -> Settlement:
    """Share ``amount`` over ``debts`` (one defaulter's, from ``cover_debts_to_settle``) by the rule
    ``loans.services.settle_cover`` posts with (``share_out``). Anything beyond what is owed is left
    unshared (the caller refuses it)."""
    out = Settlement(amount=amount, owed=sum(d["remaining"] for d in debts))
    for d, part in zip(debts, share_out([d["remaining"] for d in debts], amount), strict=True):
        if part:
            out.add(d, part)
    return out


def _debts_by_person(group, person_ids) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    if person_ids:
        for d in cover_debts_to_settle(group, person_ids):
            out.setdefault(d["defaulter_id"], []).append(d)
    return out


def _check_cover(group, lines: Sequence[LineInput], members) -> dict[int, Settlement]:
    """Each cover settlement on the sheet, split over the member's debts; nothing owed or more than
    owed is refused with the figures."""
    settling = [line for line in lines if line.cover_settlement]
    debts = _debts_by_person(group, [line.person_id for line in settling])
    out = {}
    for line in settling:
        split = settlement_split(debts.get(line.person_id, []), line.cover_settlement)
        name = members[line.person_id].full_name
        cell = f"cover_settlement-{line.person_id}"
        if split.owed == 0:
            raise ServiceError(
                _(
                    "%(person)s pays Rp%(amount)s of cover but owes no cover; leave the cover settlement empty."
                )
                % {"person": name, "amount": thousands(line.cover_settlement)},
                field_errors={cell: _("Owes no cover.")},
                code="cover_nothing_owed",
            )
        if line.cover_settlement > split.owed:
            raise ServiceError(
                _(
                    "%(person)s pays Rp%(amount)s of cover but owes Rp%(owed)s of cover; correct the cover "
                    "settlement."
                )
                % {"person": name, "amount": thousands(line.cover_settlement), "owed": thousands(split.owed)},
                field_errors={cell: _("At most Rp%(owed)s.") % {"owed": thousands(split.owed)}},
                code="cover_overpaid",
            )
        out[line.person_id] = split
    return out


def _check_fund(group, lines: Sequence[LineInput], members, on_date: dt.date) -> dict[int, list]:
    """Each fund repayment on the sheet as [(allocation, part)], oldest allocation first; nothing owed
    or more than owed in all is refused with the figures."""
    repaying = [line for line in lines if line.fund_repayment]
    if not repaying:
        return {}
    open_by_person: dict[int, list] = {}
    for allocation in open_allocations_of(group, [line.person_id for line in repaying], on_date):
        open_by_person.setdefault(allocation.person_id, []).append(allocation)
    out = {}
    for line in repaying:
        allocations = open_by_person.get(line.person_id, [])
        owed = sum(a.outstanding for a in allocations)
        name = members[line.person_id].full_name
        cell = f"fund_repayment-{line.person_id}"
        if owed == 0:
            raise ServiceError(
                _(
                    "%(person)s pays Rp%(amount)s into the revolving fund but owes nothing to it; leave the "
                    "fund repayment empty."
                )
                % {"person": name, "amount": thousands(line.fund_repayment)},
                field_errors={cell: _("Owes nothing to the fund.")},
                code="fund_nothing_owed",
            )
        if line.fund_repayment > owed:
            raise ServiceError(
                _(
                    "%(person)s pays Rp%(amount)s into the revolving fund but owes Rp%(owed)s in all; correct "
                    "the fund repayment."
                )
                % {"person": name, "amount": thousands(line.fund_repayment), "owed": thousands(owed)},
                field_errors={cell: _("At most Rp%(owed)s.") % {"owed": thousands(owed)}},
                code="fund_overpaid",
            )
        plan, left = [], line.fund_repayment
        for allocation in allocations:
            if left <= 0:
                break
            part = min(left, allocation.outstanding)
            plan.append((allocation, part))
            left -= part
        out[line.person_id] = plan
    return out


def handed_back_text(split: Settlement) -> str:
    """ "Rp30.000 handed back to Siti and Rina" — what a settlement paid straight back out."""
    return _("Rp%(amount)s handed back to %(names)s") % {
        "amount": thousands(split.handed_back),
        "names": get_text_list([split.names[p] for p in split.to_members], _("and")),
    }


def _check_lines(meeting: Meeting, lines: Sequence[LineInput]) -> dict[int, object]:
    members = members_on(meeting.group, meeting.held_on)
    seen: set[int] = set()
    for line in lines:
        if line.person_id not in members:
            raise ServiceError(
                _("Line for someone who was not a member of the group on %(date)s.")
                % {"date": meeting.held_on},
                code="member",
            )
        if line.person_id in seen:
            raise ServiceError(_("A member appears twice on the sheet."), code="duplicate")
        seen.add(line.person_id)
        for name in AMOUNT_FIELDS:
            check_rupiah(getattr(line, name), FIELD_LABELS[name])
    return members


def _pay_loans(*, group, person, amount: int, on_date, acting_user, meeting, key: str) -> None:
    """Pay ``amount`` into the member's open loans, oldest first; more than they owe is refused."""
    remaining = amount
    for n, loan in enumerate(loans.open_loans_of(group=group, person_id=person.pk)):
        if remaining <= 0:
            break
        owed = loans.amount_due(loan, on_date)["outstanding"]
        part = min(remaining, owed)
        if part > 0:
            loans.repay(
                loan=loan,
                amount=part,
                on_date=on_date,
                acting_user=acting_user,
                meeting=meeting,
                idempotency_key=f"{key}:loan{n}",
            )
            remaining -= part
    if remaining > 0:
        raise ServiceError(
            _("%(person)s pays Rp%(amount)s on loans but owes Rp%(owed)s in all; correct the loan repayment.")
            % {
                "person": person.full_name,
                "amount": thousands(amount),
                "owed": thousands(amount - remaining),
            },
            code="loan_overpaid",
        )


def _pay_arisan(*, group, person, amount: int, on_date, acting_user, meeting, key: str, rounds) -> None:
    """Pay the member's arisan for the running cycles' current rounds, cycle by cycle.

    A contribution settles a member's whole share of a round (every slot they hold), so the amount must
    add up to whole rounds; otherwise the sheet says what each cycle asks.
    """
    due = [r for r in rounds if r["person_id"] == person.pk and r["outstanding"] > 0]
    remaining = amount
    for row in due:
        if remaining >= row["outstanding"]:
            contribute(
                round=Round.objects.get(pk=row["round_id"]),
                person=person,
                amount=row["outstanding"],
                on_date=on_date,
                acting_user=acting_user,
                meeting=meeting,
                idempotency_key=f"{key}:arisan{row['round_id']}",
            )
            remaining -= row["outstanding"]
    if remaining:
        asks = ", ".join(f"{r['cycle_name']}: Rp{thousands(r['outstanding'])}" for r in due) or _("nothing")
        raise ServiceError(
            _("%(person)s pays Rp%(amount)s into arisan; this meeting's rounds ask %(asks)s.")
            % {"person": person.full_name, "amount": thousands(amount), "asks": asks},
            code="arisan_amount",
        )


def post_meeting(
    *,
    meeting: Meeting,
    lines: Sequence[LineInput],
    cash_counted: int,
    acting_user,
    idempotency_key: str,
    difference_reason: str = "",
) -> CollectionSheet:
    """Post the meeting's sheet; everything or nothing. See the module docstring."""
    key = (idempotency_key or "").strip()
    if not key:
        raise ServiceError(
            _("The sheet has no idempotency key; reload the page and submit again."), code="key"
        )
    check_rupiah(cash_counted, _("The cash counted"))
    difference_reason = (difference_reason or "").strip()
    group = meeting.group
    with transaction.atomic():
        book = lock_book(group)
        existing = CollectionSheet.objects.filter(idempotency_key=key).select_related("meeting").first()
        if existing is not None:
            if existing.meeting_id != meeting.pk:
                raise ServiceError(_("This key was used for another meeting's sheet."), code="key")
            return existing  # the same submission again: posted once
        if CollectionSheet.objects.filter(meeting=meeting).exists():
            raise ServiceError(
                _(
                    "This meeting's sheet has already been posted. Correct a mistake with a reversal in the journal."
                ),
                code="already_posted",
            )
        members = _check_lines(meeting, lines)
        on_date = meeting.held_on
        # Read under the book's lock, before anything posts: the debts each repayment will settle.
        settlements = _check_cover(group, lines, members)
        fund_plans = _check_fund(group, lines, members, on_date)
        totals = sheet_totals(lines, {pid: split.handed_back for pid, split in settlements.items()})
        opening = balance(book, chart.CASH, as_of=meeting.held_on)
        expected = opening + totals["net_cash"]
        difference = cash_counted - expected
        if difference and not difference_reason:
            figures = {
                "counted": thousands(cash_counted),
                "expected": thousands(expected),
                "opening": thousands(opening),
                "net": thousands(totals["net_cash"]),
                "difference": thousands(difference),
                "handed_back": thousands(totals["cover_handed_back"]),
            }
            if totals["cover_handed_back"]:
                message = _(
                    "The cash counted (Rp%(counted)s) differs from what the box should hold (Rp%(expected)s: "
                    "Rp%(opening)s before the meeting and Rp%(net)s from the sheet, after Rp%(handed_back)s of "
                    "cover settlements handed back to the members who covered) by Rp%(difference)s. Check the "
                    "lines, or explain the difference before posting."
                )
            else:
                message = _(
                    "The cash counted (Rp%(counted)s) differs from what the box should hold (Rp%(expected)s: "
                    "Rp%(opening)s before the meeting and Rp%(net)s from the sheet) by Rp%(difference)s. Check the "
                    "lines, or explain the difference before posting."
                )
            raise ServiceError(
                message % figures,
                field_errors={"difference_reason": _("Explain the difference.")},
                code="cash_difference",
            )

        # Attendance through the groups service: the sheet is the meeting's record.
        update_meeting(
            acting_user=acting_user,
            meeting=meeting,
            held_on=meeting.held_on,
            venue=meeting.venue,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
            present=[line.person_id for line in lines if line.present],
        )

        # Pokok may not exceed the bylaws: one grouped query for everyone on the sheet.
        required = getattr(getattr(group, "bylaws", None), "principal_saving", 0) or 0
        payers = [line.person_id for line in lines if line.principal_saving]
        if required and payers:
            paid = member_balances(book, [chart.PRINCIPAL], person_ids=payers)
            for line in lines:
                already = paid.get(line.person_id, {}).get(chart.PRINCIPAL, 0)
                if line.principal_saving and already + line.principal_saving > required:
                    raise ServiceError(
                        _("%(person)s would pay Rp%(total)s of pokok; the bylaws ask Rp%(required)s.")
                        % {
                            "person": members[line.person_id].full_name,
                            "total": thousands(already + line.principal_saving),
                            "required": thousands(required),
                        },
                        code="pokok_limit",
                    )

        # Savings, dues and fines: one entry per member, all inserted in one set-based batch.
        specs = []
        for line in lines:
            credits = [
                (chart.PRINCIPAL, line.principal_saving, line.person_id),
                (chart.MANDATORY, line.mandatory_saving, line.person_id),
                (chart.VOLUNTARY, line.voluntary_saving, line.person_id),
                (chart.DUES, line.dues, None),
                (chart.FINES, line.fine, None),
            ]
            credits = [(code, amount, pid) for code, amount, pid in credits if amount]
            if not credits:
                continue
            total = sum(amount for _code, amount, _pid in credits)
            specs.append(
                EntrySpec(
                    on_date=on_date,
                    memo=_("Meeting %(date)s: %(person)s")
                    % {"date": on_date.isoformat(), "person": members[line.person_id].full_name},
                    lines=[Line(chart.CASH, debit=total)]
                    + [Line(code, credit=amount, person_id=pid) for code, amount, pid in credits],
                    kind=JournalEntry.Kind.SAVING,
                    idempotency_key=_subkey(key, f"m{line.person_id}"),
                    meeting_id=meeting.pk,
                )
            )
        post_entries(group=group, entries=specs, acting_user=acting_user)

        rounds = None
        for line in lines:
            person = members[line.person_id]
            if line.withdrawal:
                withdraw(
                    group=group,
                    person=person,
                    amount=line.withdrawal,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    idempotency_key=_subkey(key, f"w{line.person_id}"),
                )
            if line.loan_repayment:
                _pay_loans(
                    group=group,
                    person=person,
                    amount=line.loan_repayment,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    key=_subkey(key, f"p{line.person_id}"),
                )
            if line.arisan:
                if rounds is None:
                    rounds = open_round_for(group, on_date)
                _pay_arisan(
                    group=group,
                    person=person,
                    amount=line.arisan,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    key=_subkey(key, f"a{line.person_id}"),
                    rounds=rounds,
                )
            if line.cover_settlement:
                # Under the book's lock, with the same debts in the same order and the same rule
                # (``share_out``), this posts exactly the split the cash count above assumed.
                loans.settle_cover(
                    group=group,
                    defaulter=person,
                    amount=line.cover_settlement,
                    on_date=on_date,
                    acting_user=acting_user,
                    idempotency_key=_subkey(key, f"c{line.person_id}"),
                    meeting=meeting,
                )
            for allocation, part in fund_plans.get(line.person_id, []):
                funds.repay(
                    allocation=allocation,
                    amount=part,
                    on_date=on_date,
                    acting_user=acting_user,
                    idempotency_key=_subkey(key, f"f{line.person_id}:{allocation.pk}"),
                    meeting=meeting,
                )

        if difference:
            account = chart.OTHER_INCOME if difference > 0 else chart.OTHER_EXPENSE
            legs = (
                [Line(chart.CASH, debit=difference), Line(account, credit=difference)]
                if difference > 0
                else [Line(account, debit=-difference), Line(chart.CASH, credit=-difference)]
            )
            post_entry(
                group=group,
                on_date=on_date,
                memo=_("Cash difference at the meeting of %(date)s: %(reason)s")
                % {"date": on_date.isoformat(), "reason": difference_reason},
                lines=legs,
                acting_user=acting_user,
                kind=JournalEntry.Kind.MANUAL,
                idempotency_key=_subkey(key, "diff"),
                meeting=meeting,
            )

        sheet = CollectionSheet.objects.create(
            meeting=meeting,
            idempotency_key=key,
            opening_cash=opening,
            expected_cash=expected,
            cash_counted=cash_counted,
            difference_reason=difference_reason,
            posted_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        SheetLine.objects.bulk_create(
            SheetLine(
                sheet=sheet,
                cover_handed_back=settlements[line.person_id].handed_back if line.cover_settlement else 0,
                **{f.name: getattr(line, f.name) for f in fields(LineInput)},
            )
            for line in lines
        )
        record(
            actor=acting_user,
            action="create",
            obj=meeting,
            note=_("collection sheet posted: Rp%(cash)s counted, %(n)d lines")
            % {"cash": thousands(cash_counted), "n": len(lines)},
        )
        return sheet


def opening_cash(meeting: Meeting) -> int:
    """Cash the books hold on the meeting date before its sheet is posted."""
    from berdaya.books.services import open_book

    return balance(open_book(group=meeting.group), chart.CASH, as_of=meeting.held_on)


def prefill(meeting: Meeting) -> list[dict]:
    """What each member is expected to bring to this meeting, from the bylaws, loans and arisan.

    Only suggestions: the treasurer changes any figure to what was actually paid.
    """
    group = meeting.group
    members = members_on(meeting.group, meeting.held_on)
    bylaws = getattr(group, "bylaws", None)
    from berdaya.books.services import open_book

    book = open_book(group=group)
    principal_paid = member_balances(book, [chart.PRINCIPAL], person_ids=list(members))
    required = getattr(bylaws, "principal_saving", 0) or 0
    loans_due = _loans_due(group, meeting.held_on)
    arisan_due = _arisan_due(group, meeting.held_on)
    debts = _debts_by_person(group, list(members))
    fund_owed: dict[int, int] = {}
    for allocation in open_allocations_of(group, list(members), meeting.held_on):
        fund_owed[allocation.person_id] = fund_owed.get(allocation.person_id, 0) + allocation.outstanding
    rows = []
    for pid, person in members.items():
        cover = settlement_split(debts.get(pid, []), 0)
        paid = principal_paid.get(pid, {}).get(chart.PRINCIPAL, 0)
        rows.append(
            {
                "person": person,
                "person_id": pid,
                "present": True,
                "principal_saving": max(required - paid, 0),
                "mandatory_saving": getattr(bylaws, "mandatory_saving", 0) or 0,
                "voluntary_saving": 0,
                "withdrawal": 0,
                "dues": getattr(bylaws, "dues", 0) or 0,
                "fine": 0,
                "loan_repayment": loans_due.get(pid, 0),
                "arisan": arisan_due.get(pid, 0),
                # Neither has a schedule: nothing is suggested, the treasurer enters what is paid.
                "cover_settlement": 0,
                "fund_repayment": 0,
                "cover_owed": cover.owed,
                # Oldest first, as a settlement pays them: (Rp, coverer's name; None = the group fund).
                "cover_debts": [(d["remaining"], d["coverer_name"]) for d in debts.get(pid, [])],
                "fund_owed": fund_owed.get(pid, 0),
            }
        )
    return rows


def preview(meeting: Meeting, lines: Sequence[LineInput]) -> dict:
    """What the box should hold if ``lines`` were posted now: {opening, totals, expected, settlements}.

    For showing a sheet again after a refusal; ``post_meeting`` computes the same under the book's lock.
    A settlement beyond what is owed is shared out only up to the debt here (posting refuses it).
    """
    group = meeting.group
    settling = [line for line in lines if line.cover_settlement]
    debts = _debts_by_person(group, [line.person_id for line in settling])
    settlements = {
        line.person_id: settlement_split(debts.get(line.person_id, []), line.cover_settlement)
        for line in settling
    }
    totals = sheet_totals(lines, {pid: split.handed_back for pid, split in settlements.items()})
    opening = opening_cash(meeting)
    return {
        "opening": opening,
        "totals": totals,
        "expected": opening + totals["net_cash"],
        "settlements": settlements,
    }


def settlements_of(sheet: CollectionSheet, lines: Sequence[SheetLine]) -> dict[int, Settlement]:
    """{person id: Settlement} for the posted sheet's cover settlements: who got how much back."""
    keys = {
        _subkey(sheet.idempotency_key, f"c{line.person_id}"): line.person_id
        for line in lines
        if line.cover_settlement
    }
    if not keys:
        return {}
    found = list(
        CoverSettlement.objects.filter(group_id=sheet.meeting.group_id, idempotency_key__in=list(keys))
    )
    debt_ids = {int(k) for row in found for k in row.parts}
    debts = {
        d["id"]: d
        for d in CoverDebt.objects.filter(pk__in=debt_ids).values(
            "id", "coverer_id", coverer_name=F("coverer__full_name")
        )
    }
    out = {}
    for row in found:
        split = Settlement(amount=row.amount, owed=row.amount)
        for debt_id, part in row.parts.items():
            split.add(debts[int(debt_id)], part)
        out[keys[row.idempotency_key]] = split
    return out


def sheet_entries(sheet: CollectionSheet):
    """Every ledger entry the sheet posted: each one is linked to the meeting."""
    return sheet.meeting.entries.order_by("id")


def _loans_due(group, on_date: dt.date) -> dict[int, int]:
    due = due_by_member(group, on_date)
    return {pid: sum(row.get("total_due", 0) for row in rows) for pid, rows in due.items()}


def _arisan_due(group, on_date: dt.date) -> dict[int, int]:
    rows = open_round_for(group, on_date)
    out: dict[int, int] = {}
    for row in rows:
        if row["is_due"]:
            out[row["person_id"]] = out.get(row["person_id"], 0) + row["outstanding"]
    return out
