"""Every write of the loans app: policy, application, approval, disbursement, repayment, cover, settlement.

Each service is keyword-only, runs in ``transaction.atomic()`` (a savepoint when the meeting sheet
calls it inside its own batch), locks the group's book first (``lock_book``) and the loan row
(``select_for_update``) before it reads what it then writes, and posts to the ledger only through
``books.services.post_entry``. A refused change raises ``ServiceError`` and leaves nothing behind.

Ledger legs (see README.md for why each account means what it says):
- disbursement: Dr LOANS (member) / Cr CASH
- repayment: Dr CASH / Cr LOANS (member) principal, Cr INTEREST_INCOME interest, Cr FINES late fee
- cover: Dr CASH members' contributions / Cr COVER_PAYABLE (each coverer);
         Dr COVER_RECEIVABLE (defaulter) the whole instalment / Cr LOANS, INTEREST_INCOME, FINES
- settlement: Dr CASH / Cr COVER_RECEIVABLE (defaulter); Dr COVER_PAYABLE (coverer) / Cr CASH
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from berdaya.audit.log import record, snapshot
from berdaya.books import chart, schedule, shares
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance, member_balances
from berdaya.books.services import Line, check_rupiah, lock_book, post_entry
from berdaya.core.errors import ServiceError, check_fields
from berdaya.core.money import rupiah, thousands
from berdaya.groups.models import Bylaws, Group, Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from .models import Cover, CoverDebt, CoverSettlement, Instalment, Loan, LoanPayment, LoanPolicy
from .queries import SETTLE_ORDER, amount_due, cover_owed, due_by_member, share_out  # noqa: F401  (re-exported for callers)

MAX_TERM = 520  # ten years of weekly instalments
MAX_KEY = 80  # idempotency keys are prefixed before they reach the ledger (100 characters there)
SAVINGS_CODES = [chart.PRINCIPAL, chart.MANDATORY, chart.VOLUNTARY]

POLICY_FIELDS = {
    "rounding_unit",
    "payment_order",
    "default_method",
    "default_frequency",
    "default_rate_percent",
    "lancar_max_days",
    "dpk_max_days",
    "kurang_lancar_max_days",
    "diragukan_max_days",
    "late_fee",
    "late_fee_grace_days",
    "cover_split",
    "fund_covers_first",
    "fund_cover_limit",
    "block_loans_while_cover_owed",
}


# --- policy -----------------------------------------------------------------------------------------


def policy_for(group: Group) -> LoanPolicy:
    """The group's loan policy, created on first use from its bylaws (method and monthly rate)."""
    policy = LoanPolicy.objects.filter(group=group).first()
    if policy is not None:
        return policy
    bylaws = getattr(group, "bylaws", None)
    defaults = {}
    if bylaws is not None:
        defaults["default_method"] = (
            bylaws.loan_method or LoanPolicy._meta.get_field("default_method").default
        )
        if bylaws.loan_rate_percent_month is not None:
            defaults["default_rate_percent"] = Decimal(bylaws.loan_rate_percent_month)
    policy, _created = LoanPolicy.objects.get_or_create(group=group, defaults=defaults)
    return policy


def update_policy(*, group: Group, changes: dict, acting_user) -> LoanPolicy:
    """Change the group's loan policy; the grade bounds must increase. Audit-logged with before/after."""
    check_fields(changes, POLICY_FIELDS)
    with transaction.atomic():
        policy = policy_for(group)
        policy = LoanPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy)
        for name, value in changes.items():
            setattr(policy, name, value)
        bounds = [
            policy.lancar_max_days,
            policy.dpk_max_days,
            policy.kurang_lancar_max_days,
            policy.diragukan_max_days,
        ]
        if any(b >= c for b, c in zip(bounds, bounds[1:], strict=False)):
            raise ServiceError(
                _(
                    "The grade bounds must increase: lancar < dalam perhatian khusus < kurang lancar < diragukan."
                ),
                field_errors={"dpk_max_days": _("Must be more than the bound before it.")},
                code="bounds",
            )
        if policy.payment_order not in LoanPolicy.Order.values:
            raise ServiceError(_("Unknown repayment order."), field_errors={"payment_order": _("Unknown.")})
        if policy.rounding_unit not in LoanPolicy.Rounding.values:
            raise ServiceError(
                _("The rounding unit must be Rp1, Rp100 or Rp500."),
                field_errors={"rounding_unit": _("Unknown.")},
            )
        if policy.late_fee < 0 or (policy.fund_cover_limit is not None and policy.fund_cover_limit < 0):
            raise ServiceError(_("Amounts cannot be negative."), code="amount")
        if policy.default_rate_percent < 0:
            raise ServiceError(
                _("The rate cannot be negative."), field_errors={"default_rate_percent": _("Not negative.")}
            )
        policy.save()
        record(actor=acting_user, action="update", obj=policy, before=before, after=snapshot(policy))
    return policy


# --- helpers ----------------------------------------------------------------------------------------

_SCHEDULE_MESSAGES = {
    "principal": ("principal", N_("The principal must be a whole number of rupiah above zero.")),
    "periods": ("term_periods", N_("The term must be at least one period.")),
    "rate": ("rate_percent", N_("The interest rate cannot be negative.")),
    "rounding": ("rounding_unit", N_("The rounding unit must be Rp1, Rp100 or Rp500.")),
    "method": ("method", N_("The method must be flat, declining or annuity.")),
    "frequency": ("frequency", N_("The frequency must be weekly or monthly.")),
}


def _schedule(loan: Loan) -> list[schedule.Instalment]:
    try:
        return schedule.build_schedule(
            principal=loan.principal,
            rate_percent_per_period=Decimal(loan.rate_percent),
            periods=loan.term_periods,
            method=loan.method,
            frequency=loan.frequency,
            first_due=loan.first_due_on,
            rounding_unit=loan.rounding_unit,
        )
    except schedule.ScheduleError as e:
        field, message = _SCHEDULE_MESSAGES.get(e.code, ("", str(e)))
        raise ServiceError(
            _(message), field_errors={field: _(message)} if field else None, code=e.code
        ) from None


def _active_member(group: Group, person: Person) -> None:
    if not Membership.objects.filter(group=group, person=person, left_on__isnull=True).exists():
        raise ServiceError(
            _("%(person)s is not an active member of %(group)s.")
            % {"person": person.full_name, "group": group.name},
            field_errors={"person": _("Not an active member of this group.")},
            code="member",
        )


def _check_key(key: str | None) -> str | None:
    key = (key or "").strip() or None
    if key and len(key) > MAX_KEY:
        raise ServiceError(
            _("The idempotency key is too long (at most %(n)s characters).") % {"n": MAX_KEY},
            code="idempotency",
        )
    return key


def _refuse_if_cover_owed(group: Group, policy: LoanPolicy) -> None:
    if not policy.block_loans_while_cover_owed:
        return
    owed = cover_owed(group)
    if owed:
        who = ", ".join(
            _("%(person)s owes Rp%(amount)s")
            % {"person": row["person_name"], "amount": thousands(row["owed"])}
            for row in owed
        )
        raise ServiceError(
            _(
                "No new loans in this group while joint-liability cover is owed (%(who)s). Settle the cover first, "
                "or change the group's loan policy."
            )
            % {"who": who},
            code="cover_owed",
        )


# --- application, decision, disbursement --------------------------------------------------------------


def apply(
    *,
    group: Group,
    person: Person,
    principal,
    term_periods,
    first_due_on: dt.date,
    acting_user,
    rate_percent=None,
    method: str | None = None,
    frequency: str | None = None,
    purpose: str = "",
    on_date: dt.date | None = None,
) -> Loan:
    """Record a member's loan application (the maker). Terms default to the group's loan policy.

    Refused: zero or negative principal or term, a negative rate, a first due date not after the
    application, a person who is not an active member, and — if the policy says so — any new loan
    while joint-liability cover is owed in the group.
    """
    policy = policy_for(group)
    if isinstance(principal, bool) or not isinstance(principal, int) or principal <= 0:
        raise ServiceError(
            _("The principal must be a whole number of rupiah above zero."),
            field_errors={"principal": _("More than zero.")},
            code="principal",
        )
    check_rupiah(principal, _("The principal"))
    if (
        isinstance(term_periods, bool)
        or not isinstance(term_periods, int)
        or not 0 < term_periods <= MAX_TERM
    ):
        raise ServiceError(
            _("The term must be between 1 and %(max)s periods.") % {"max": MAX_TERM},
            field_errors={"term_periods": _("At least one period.")},
            code="periods",
        )
    try:
        rate = Decimal(policy.default_rate_percent if rate_percent is None else rate_percent)
    except (InvalidOperation, TypeError, ValueError):
        raise ServiceError(
            _("The interest rate is not a number."), field_errors={"rate_percent": _("Not a number.")}
        ) from None
    if not rate.is_finite() or rate < 0 or rate >= 100:
        raise ServiceError(
            _("The interest rate must be between 0 and 100 % per period."),
            field_errors={"rate_percent": _("Between 0 and 100.")},
            code="rate",
        )
    on_date = on_date or local_today(group.place)
    if first_due_on is None or first_due_on <= on_date:
        raise ServiceError(
            _("The first instalment must fall due after the application date (%(date)s).")
            % {"date": on_date.isoformat()},
            field_errors={"first_due_on": _("After the application date.")},
            code="first_due",
        )
    with transaction.atomic():
        lock_book(group)
        _active_member(group, person)
        _refuse_if_cover_owed(group, policy)
        loan = Loan(
            group=group,
            person=person,
            principal=principal,
            term_periods=term_periods,
            rate_percent=rate,
            method=method or policy.default_method,
            frequency=frequency or policy.default_frequency,
            first_due_on=first_due_on,
            purpose=(purpose or "").strip()[:200],
            rounding_unit=policy.rounding_unit,
            applied_on=on_date,
            applied_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        _schedule(loan)  # refuse terms no schedule can be built from, before anything is saved
        loan.save()
        record(actor=acting_user, action="create", obj=loan, after=snapshot(loan), note=_("loan application"))
    return loan


def _locked(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().select_related("group", "person").get(pk=loan.pk)


def approve(*, loan: Loan, acting_user) -> Loan:
    """The checker approves an application. The user who applied may not approve it (maker-checker)."""
    with transaction.atomic():
        lock_book(loan.group)
        loan = _locked(loan)
        if loan.status != Loan.Status.APPLIED:
            raise ServiceError(
                _("Only an application can be approved; this loan is %(status)s.")
                % {"status": loan.get_status_display()},
                code="status",
            )
        if loan.applied_by_id and loan.applied_by_id == getattr(acting_user, "pk", None):
            raise ServiceError(
                _("You recorded this application, so someone else must approve it (maker-checker)."),
                code="maker_checker",
            )
        _refuse_if_cover_owed(loan.group, policy_for(loan.group))
        before = snapshot(loan)
        loan.status = Loan.Status.APPROVED
        loan.decided_by = acting_user
        loan.decided_at = timezone.now()
        loan.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            actor=acting_user,
            action="update",
            obj=loan,
            before=before,
            after=snapshot(loan),
            note=_("loan approved"),
        )
    return loan


def reject(*, loan: Loan, reason: str, acting_user) -> Loan:
    """Reject an application (or an approved loan not yet paid out), saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Say why the application is rejected."), field_errors={"reason": _("Required.")}, code="reason"
        )
    with transaction.atomic():
        lock_book(loan.group)
        loan = _locked(loan)
        if loan.status not in (Loan.Status.APPLIED, Loan.Status.APPROVED):
            raise ServiceError(
                _("Only a loan not yet paid out can be rejected; this loan is %(status)s.")
                % {"status": loan.get_status_display()},
                code="status",
            )
        before = snapshot(loan)
        loan.status = Loan.Status.REJECTED
        loan.rejection_reason = reason[:250]
        loan.decided_by = acting_user
        loan.decided_at = timezone.now()
        loan.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        record(
            actor=acting_user,
            action="update",
            obj=loan,
            before=before,
            after=snapshot(loan),
            note=_("loan rejected"),
        )
    return loan


def disburse(*, loan: Loan, on_date: dt.date, acting_user, idempotency_key: str | None = None) -> Loan:
    """Pay an approved loan out of the group's cash and fix its schedule (Dr LOANS member / Cr CASH).

    The schedule is built once here with the loan's terms and rounding unit and stored as instalment
    rows; later policy changes do not move it. Refused: a loan not approved, a date before the
    application or not before the first due date, not enough cash, or cover owed (policy).
    """
    key = _check_key(idempotency_key)
    with transaction.atomic():
        book = lock_book(loan.group)
        loan = _locked(loan)
        if (
            key
            and loan.disbursement_entry_id
            and loan.disbursement_entry.idempotency_key == f"loan-out:{key}"
        ):
            return loan  # the same payout request again (a phone that lost its connection)
        if loan.status != Loan.Status.APPROVED:
            raise ServiceError(
                _("Only an approved loan can be paid out; this loan is %(status)s.")
                % {"status": loan.get_status_display()},
                code="status",
            )
        if on_date < loan.applied_on or on_date >= loan.first_due_on:
            raise ServiceError(
                _(
                    "The loan must be paid out on or after the application (%(applied)s) and before the first due date (%(due)s)."
                )
                % {"applied": loan.applied_on.isoformat(), "due": loan.first_due_on.isoformat()},
                field_errors={"on_date": _("Between the application and the first due date.")},
                code="date",
            )
        _refuse_if_cover_owed(loan.group, policy_for(loan.group))
        cash = balance(book, chart.CASH, as_of=on_date)
        cash_now = balance(book, chart.CASH)
        if min(cash, cash_now) < loan.principal:
            raise ServiceError(
                _("The group's cash is %(cash)s, not enough to pay out %(principal)s.")
                % {"cash": rupiah(min(cash, cash_now)), "principal": rupiah(loan.principal)},
                code="cash",
            )
        rows = _schedule(loan)
        entry = post_entry(
            group=loan.group,
            on_date=on_date,
            memo=_("Loan #%(id)s paid out to %(person)s") % {"id": loan.pk, "person": loan.person.full_name},
            lines=[
                Line(chart.LOANS, debit=loan.principal, person_id=loan.person_id),
                Line(chart.CASH, credit=loan.principal),
            ],
            acting_user=acting_user,
            kind=JournalEntry.Kind.LOAN_DISBURSEMENT,
            idempotency_key=f"loan-out:{key}" if key else None,
        )
        Instalment.objects.bulk_create(
            Instalment(
                loan=loan, number=r.number, due_on=r.due_on, principal=r.principal, interest=r.interest
            )
            for r in rows
        )
        loan.status = Loan.Status.DISBURSED
        loan.disbursed_on = on_date
        loan.disbursement_entry = entry
        loan.save(update_fields=["status", "disbursed_on", "disbursement_entry"])
    return loan


# --- repayment --------------------------------------------------------------------------------------


def _assess_late_fees(loan: Loan, policy: LoanPolicy, on_date: dt.date) -> None:
    """Charge the policy's late fee once on every instalment still unpaid after the grace days."""
    if policy.late_fee <= 0:
        return
    cutoff = on_date - dt.timedelta(days=policy.late_fee_grace_days)
    Instalment.objects.filter(loan=loan, paid_on__isnull=True, penalty=0, due_on__lt=cutoff).update(
        penalty=policy.late_fee
    )


def _allocate(loan: Loan, amount: int, on_date: dt.date, order: tuple[str, ...], *, up_to: int | None = None):
    """Spread ``amount`` over the unpaid instalments, oldest first, each in the policy's order.

    Returns (totals by bucket, changed instalment rows). Raises if ``amount`` exceeds what is owed.
    """
    rows = list(Instalment.objects.filter(loan=loan, paid_on__isnull=True).order_by("number"))
    owed = sum(r.owed for r in rows)
    if amount > owed:
        raise ServiceError(
            _("That is more than is owed: the loan's whole outstanding amount is %(owed)s.")
            % {"owed": rupiah(owed)},
            field_errors={"amount": _("At most %(owed)s.") % {"owed": rupiah(owed)}},
            code="overpayment",
        )
    totals = {"penalty": 0, "interest": 0, "principal": 0}
    changed = []
    left = amount
    for row in rows:
        if left == 0:
            break
        due = {
            "penalty": row.penalty - row.paid_penalty,
            "interest": row.interest - row.paid_interest,
            "principal": row.principal - row.paid_principal,
        }
        split = schedule.allocate_payment(left, due=due, order=order)
        left = split["excess"]
        row.paid_penalty += split["penalty"]
        row.paid_interest += split["interest"]
        row.paid_principal += split["principal"]
        if row.owed == 0:
            row.paid_on = on_date
        for bucket in totals:
            totals[bucket] += split[bucket]
        changed.append(row)
    return totals, changed


def _legs_for(loan: Loan, totals: dict) -> list[Line]:
    lines = []
    if totals["principal"]:
        lines.append(Line(chart.LOANS, credit=totals["principal"], person_id=loan.person_id))
    if totals["interest"]:
        lines.append(Line(chart.INTEREST_INCOME, credit=totals["interest"]))
    if totals["penalty"]:
        lines.append(Line(chart.FINES, credit=totals["penalty"]))
    return lines


def _book_payment(loan: Loan, totals: dict, changed: list[Instalment], on_date: dt.date) -> None:
    Instalment.objects.bulk_update(changed, ["paid_principal", "paid_interest", "paid_penalty", "paid_on"])
    loan.principal_paid += totals["principal"]
    loan.interest_paid += totals["interest"]
    loan.penalty_paid += totals["penalty"]
    fields = ["principal_paid", "interest_paid", "penalty_paid"]
    if not Instalment.objects.filter(loan=loan, paid_on__isnull=True).exists():
        loan.status = Loan.Status.CLOSED
        loan.closed_on = on_date
        fields += ["status", "closed_on"]
    loan.save(update_fields=fields)


def _check_repayable(loan: Loan, on_date: dt.date) -> None:
    if loan.status == Loan.Status.CLOSED:
        raise ServiceError(
            _("This loan was repaid in full on %(date)s; nothing more can be paid on it.")
            % {"date": loan.closed_on.isoformat()},
            code="closed",
        )
    if loan.status != Loan.Status.DISBURSED:
        raise ServiceError(
            _("This loan has not been paid out (it is %(status)s), so nothing can be repaid on it yet.")
            % {"status": loan.get_status_display()},
            code="not_disbursed",
        )
    if on_date < loan.disbursed_on:
        raise ServiceError(
            _("A repayment cannot be dated before the loan was paid out (%(date)s).")
            % {"date": loan.disbursed_on.isoformat()},
            field_errors={"on_date": _("On or after the payout.")},
            code="date",
        )


def repay(
    *,
    loan: Loan,
    amount: int,
    on_date: dt.date,
    acting_user,
    idempotency_key: str | None = None,
    meeting=None,
) -> LoanPayment:
    """A member repays: late fees are charged first (policy), then the amount is allocated to the oldest
    unpaid instalment first, in the policy's order (default penalty → interest → principal).

    Ledger: Dr CASH / Cr LOANS (member) principal, Cr INTEREST_INCOME interest, Cr FINES late fee.
    The loan closes when every instalment is paid. Idempotent by ``idempotency_key``: the same key
    returns the first payment. Works inside an outer ``transaction.atomic()`` (the meeting sheet).
    Refused: amount not above zero, more than the whole outstanding amount (the message says how
    much is owed), a loan not paid out, a closed loan, a date before the payout.
    """
    check_rupiah(amount, _("The amount"))
    if amount <= 0:
        raise ServiceError(
            _("The amount must be more than zero."),
            field_errors={"amount": _("More than zero.")},
            code="amount",
        )
    key = _check_key(idempotency_key)
    with transaction.atomic():
        lock_book(loan.group)
        if key:
            first = LoanPayment.objects.filter(group_id=loan.group_id, idempotency_key=key).first()
            if first is not None:
                return first
        loan = _locked(loan)
        _check_repayable(loan, on_date)
        policy = policy_for(loan.group)
        _assess_late_fees(loan, policy, on_date)
        totals, changed = _allocate(loan, amount, on_date, policy.order)
        entry = post_entry(
            group=loan.group,
            on_date=on_date,
            memo=_("Repayment of loan #%(id)s by %(person)s")
            % {"id": loan.pk, "person": loan.person.full_name},
            lines=[Line(chart.CASH, debit=amount), *_legs_for(loan, totals)],
            acting_user=acting_user,
            kind=JournalEntry.Kind.LOAN_REPAYMENT,
            idempotency_key=f"loan-pay:{key}" if key else None,
            meeting=meeting,
        )
        _book_payment(loan, totals, changed, on_date)
        return LoanPayment.objects.create(
            loan=loan,
            group=loan.group,
            on_date=on_date,
            amount=amount,
            entry=entry,
            meeting=meeting,
            idempotency_key=key,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
            **totals,
        )


# --- tanggung renteng ---------------------------------------------------------------------------------


def cover_instalment(
    *, loan: Loan, on_date: dt.date, acting_user, meeting=None, idempotency_key: str | None = None
) -> Cover:
    """Joint liability: the group pays what is due and unpaid on ``loan`` on ``on_date``.

    The group fund pays first up to the policy's limit (if the policy says so); the other active
    members pay the rest, in equal shares or pro-rata to their savings (largest remainder, so the
    parts add up exactly; with no savings at all the split falls back to equal shares and says so).
    The instalment is then paid in full, and the defaulter owes each coverer their part.
    """
    key = _check_key(idempotency_key)
    group = loan.group
    with transaction.atomic():
        book = lock_book(group)
        if key:
            first = Cover.objects.filter(group=group, idempotency_key=key).first()
            if first is not None:
                return first
        # Read fresh: the bylaws may have changed since the group object was loaded.
        if not Bylaws.objects.filter(group=group, joint_liability=True).exists():
            raise ServiceError(
                _(
                    "%(group)s does not practise joint liability (tanggung renteng); switch it on in the bylaws first."
                )
                % {"group": group.name},
                code="not_joint",
            )
        loan = _locked(loan)
        _check_repayable(loan, on_date)
        policy = policy_for(group)
        _assess_late_fees(loan, policy, on_date)
        due = amount_due(loan, on_date)
        total = due["total_due"]
        if total <= 0:
            raise ServiceError(
                _("Nothing is due and unpaid on this loan on %(date)s, so there is nothing to cover.")
                % {"date": on_date.isoformat()},
                code="nothing_due",
            )
        fund = 0
        if policy.fund_covers_first:
            fund = total if policy.fund_cover_limit is None else min(total, policy.fund_cover_limit)
        members_part = total - fund
        coverers = list(
            Membership.objects.filter(group=group, left_on__isnull=True)
            .exclude(person_id=loan.person_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )
        names = dict(Person.objects.filter(pk__in=coverers).values_list("pk", "full_name"))
        explanation = []
        split_kind = policy.cover_split
        weights = dict.fromkeys(coverers, 1)
        if members_part and not coverers:
            raise ServiceError(
                _(
                    "No other active member can cover this instalment, and the group fund does not cover all of it."
                ),
                code="no_coverers",
            )
        if fund:
            explanation.append(_("The group fund pays %(fund)s.") % {"fund": rupiah(fund)})
        if members_part:
            if split_kind == LoanPolicy.Split.PRO_RATA:
                savings = member_balances(book, SAVINGS_CODES, person_ids=coverers, as_of=on_date)
                weights = {p: max(0, sum(savings.get(p, {}).values())) for p in coverers}
                if sum(weights.values()) == 0:
                    split_kind = LoanPolicy.Split.EQUAL
                    weights = dict.fromkeys(coverers, 1)
                    explanation.append(
                        _("No covering member has savings, so the members' part is split in equal shares.")
                    )
            if split_kind == LoanPolicy.Split.PRO_RATA:
                parts = shares.split_by_weights(members_part, weights)
                explanation.append(
                    _("The members pay %(amount)s in proportion to their savings (largest remainder):")
                    % {"amount": rupiah(members_part)}
                )
            else:
                parts = shares.split_equal(members_part, coverers)
                explanation.append(
                    _("The members pay %(amount)s in equal shares (the first members take the odd rupiah):")
                    % {"amount": rupiah(members_part)}
                )
            for p in coverers:
                line = _("%(person)s pays %(part)s") % {"person": names.get(p, p), "part": rupiah(parts[p])}
                if split_kind == LoanPolicy.Split.PRO_RATA:
                    line += " " + _("(savings %(savings)s)") % {"savings": rupiah(weights[p])}
                explanation.append(line)
        else:
            parts = {}
        totals, changed = _allocate(loan, total, on_date, policy.order)
        lines = []
        if members_part:
            lines.append(Line(chart.CASH, debit=members_part))
            lines += [
                Line(chart.COVER_PAYABLE, credit=part, person_id=p) for p, part in parts.items() if part
            ]
        lines.append(Line(chart.COVER_RECEIVABLE, debit=total, person_id=loan.person_id))
        lines += _legs_for(loan, totals)
        entry = post_entry(
            group=group,
            on_date=on_date,
            memo=_("Joint-liability cover of loan #%(id)s for %(person)s")
            % {"id": loan.pk, "person": loan.person.full_name},
            lines=lines,
            acting_user=acting_user,
            kind=JournalEntry.Kind.COVER,
            idempotency_key=f"loan-cover:{key}" if key else None,
            meeting=meeting,
        )
        _book_payment(loan, totals, changed, on_date)
        user = acting_user if getattr(acting_user, "pk", None) else None
        cover = Cover.objects.create(
            group=group,
            loan=loan,
            defaulter_id=loan.person_id,
            on_date=on_date,
            amount=total,
            fund_part=fund,
            split=split_kind,
            explanation="\n".join(str(x) for x in explanation),
            entry=entry,
            meeting=meeting,
            idempotency_key=key,
            created_by=user,
        )
        debts = (
            [
                CoverDebt(
                    cover=cover,
                    group=group,
                    defaulter_id=loan.person_id,
                    coverer_id=None,
                    amount=fund,
                    weight=0,
                )
            ]
            if fund
            else []
        )
        debts += [
            CoverDebt(
                cover=cover,
                group=group,
                defaulter_id=loan.person_id,
                coverer_id=p,
                amount=part,
                weight=weights[p],
            )
            for p, part in parts.items()
            if part
        ]
        CoverDebt.objects.bulk_create(debts)
        LoanPayment.objects.create(
            loan=loan,
            group=group,
            on_date=on_date,
            amount=total,
            source=LoanPayment.Source.COVER,
            cover=cover,
            entry=entry,
            meeting=meeting,
            created_by=user,
            **totals,
        )
    return cover


def settle_cover(
    *,
    amount: int,
    on_date: dt.date,
    acting_user,
    debt: CoverDebt | None = None,
    group: Group | None = None,
    defaulter: Person | None = None,
    idempotency_key: str | None = None,
    meeting=None,
) -> CoverSettlement:
    """The defaulter pays back cover: one debt (``debt``), or all their debts (``group`` + ``defaulter``),
    oldest cover first. The group fund's part stays in the group's cash; members' parts are paid back.

    Ledger: Dr CASH / Cr COVER_RECEIVABLE (defaulter) the amount; Dr COVER_PAYABLE (each coverer) /
    Cr CASH what they get back. Refused: not above zero, or more than is owed (the message says how
    much).
    """
    check_rupiah(amount, _("The amount"))
    if amount <= 0:
        raise ServiceError(
            _("The amount must be more than zero."),
            field_errors={"amount": _("More than zero.")},
            code="amount",
        )
    if debt is not None:
        group, defaulter = debt.group, debt.defaulter
    if group is None or defaulter is None:
        raise TypeError("settle_cover needs a debt, or a group and a defaulter")
    key = _check_key(idempotency_key)
    with transaction.atomic():
        lock_book(group)
        if key:
            first = CoverSettlement.objects.filter(group=group, idempotency_key=key).first()
            if first is not None:
                return first
        qs = CoverDebt.objects.select_for_update().filter(
            group=group, defaulter=defaulter, settled__lt=F("amount")
        )
        if debt is not None:
            qs = qs.filter(pk=debt.pk)
        debts = list(qs.order_by(*SETTLE_ORDER))
        owed = sum(d.remaining for d in debts)
        if owed == 0:
            raise ServiceError(
                _("%(person)s owes no cover.") % {"person": defaulter.full_name}, code="nothing_owed"
            )
        if amount > owed:
            raise ServiceError(
                _("That is more than is owed: %(person)s owes %(owed)s of cover.")
                % {"person": defaulter.full_name, "owed": rupiah(owed)},
                field_errors={"amount": _("At most %(owed)s.") % {"owed": rupiah(owed)}},
                code="overpayment",
            )
        parts: dict[str, int] = {}
        to_members: dict[int, int] = {}
        for d, part in zip(debts, share_out([d.remaining for d in debts], amount), strict=True):
            if not part:
                break
            d.settled += part
            if d.settled == d.amount:
                d.settled_on = on_date
            parts[str(d.pk)] = part
            if d.coverer_id:
                to_members[d.coverer_id] = to_members.get(d.coverer_id, 0) + part
        lines = [
            Line(chart.CASH, debit=amount),
            Line(chart.COVER_RECEIVABLE, credit=amount, person_id=defaulter.pk),
        ]
        lines += [Line(chart.COVER_PAYABLE, debit=v, person_id=p) for p, v in to_members.items()]
        if to_members:
            lines.append(Line(chart.CASH, credit=sum(to_members.values())))
        entry = post_entry(
            group=group,
            on_date=on_date,
            memo=_("%(person)s pays back joint-liability cover") % {"person": defaulter.full_name},
            lines=lines,
            acting_user=acting_user,
            kind=JournalEntry.Kind.COVER_SETTLEMENT,
            idempotency_key=f"loan-settle:{key}" if key else None,
            meeting=meeting,
        )
        CoverDebt.objects.bulk_update([d for d in debts if str(d.pk) in parts], ["settled", "settled_on"])
        return CoverSettlement.objects.create(
            group=group,
            defaulter=defaulter,
            on_date=on_date,
            amount=amount,
            parts=parts,
            entry=entry,
            idempotency_key=key,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )


def open_debts(group: Group):
    return CoverDebt.objects.filter(group=group).filter(~Q(settled=F("amount")))


def open_loans_of(*, group: Group, person_id: int) -> list[Loan]:
    """A member's loans being repaid in the group, oldest first (the order the meeting sheet pays them)."""
    return list(
        Loan.objects.filter(group=group, person_id=person_id, status=Loan.Status.DISBURSED)
        .select_related("group", "person")
        .order_by("disbursed_on", "id")
    )
