"""Demo books: every recorded meeting of a demo group gets its collection sheet, posted through the
same services a treasurer uses, and the groups' products run alongside, meeting by meeting:

- **savings, dues, fines** from each group's bylaws: pokok at a member's first meeting, wajib and dues
  from everyone present, now and then some voluntary savings or a fine for lateness;
- **loans** in groups whose bylaws set a rate: three members borrow at the fifth meeting (applied by the
  administrator, approved by the programme manager) and repay what is due at later meetings; in KUBE
  Sedap Malam (Palembang) and KUBE Semanggi Bangkit a borrower stops paying (arrears), and in KUBE Mele Maju a
  missed instalment is covered by the group under tanggung renteng and settled on the next meeting's sheet;
- **arisan** in groups whose bylaws set a contribution: a cycle of one slot per member from the second
  meeting, drawn by lot and paid out at each meeting;
- **revolving stimulant funds** as in seed 004: Rp500.000 per member of the Yogyakarta KUW with 10 %
  reserve, 10 % shares and 1,5 % admin deducted, repaid on the sheet every other meeting and re-lent as a
  second generation; in Palembang the same grant was shared out unequally, which the fund audit shows.
Who pays what is drawn from a random generator seeded with the group's name and the date, so every
install shows the same books (only the arisan draws are real draws from a secret seed).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from berdaya.books import chart
from berdaya.books.arisan import services as arisan
from berdaya.books.arisan.models import Cycle, Round
from berdaya.books.funds import services as funds
from berdaya.books.funds.models import Allocation
from berdaya.books.funds.queries import open_allocations_of
from berdaya.books.loans import services as loans
from berdaya.books.loans.models import Loan
from berdaya.books.loans.queries import cover_owed, due_by_member
from berdaya.books.queries import balance, member_balances
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import LineInput, post_meeting, preview
from berdaya.groups.models import Group, Meeting
from berdaya.groups.services import members_on
from berdaya.programs.models import Agency

LOAN_MEETING = 4  # the fifth meeting: the group has saved enough to lend by then
ARISAN_MEETING = 1
STOPS_PAYING = {"KUBE Sedap Malam", "KUBE Semanggi Bangkit"}
COVERED_ONCE = {"KUBE Mele Maju"}
STIMULANT = {  # group name: (date of the grant, per member, shared out unequally)
    "KUW Tri Dharma Warga": (dt.date(2025, 8, 9), 500_000, False),
    "KUBE Sedap Malam": (dt.date(2025, 8, 6), 500_000, True),
}


def _month_later(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, 28))


class _GroupBooks:
    def __init__(self, group: Group, admin, manager):
        self.group, self.admin, self.checker = group, admin, manager or admin
        self.bylaws = group.bylaws
        self.borrowers: list[int] = []
        self.cycle: Cycle | None = None
        self.allocations = []
        self.stimulant = STIMULANT.get(group.name)

    # --- before a meeting's sheet ----------------------------------------------------------------------

    def before(self, index: int, meeting: Meeting, members: list[int]) -> None:
        if index == LOAN_MEETING and self.bylaws.loan_rate_percent_month > 0:
            self._lend(meeting, members)
        if index == ARISAN_MEETING and self.bylaws.arisan_amount and self._arisan_fits(meeting, members):
            self.cycle = arisan.start_cycle(
                group=self.group,
                name=f"Arisan {meeting.held_on:%Y}",
                start_on=meeting.held_on,
                slots=[[pid] for pid in members],
                contribution=self.bylaws.arisan_amount,
                acting_user=self.admin,
            )
        if self.stimulant and not self.allocations and meeting.held_on >= self.stimulant[0]:
            self._stimulant(meeting, members)

    def _lend(self, meeting: Meeting, members: list[int]) -> None:
        cash = balance(open_book(group=self.group), chart.CASH, as_of=meeting.held_on)
        principal = min(1_000_000, cash // 4 // 10_000 * 10_000)
        if principal < 50_000:
            return
        for pid in members[:3]:
            loan = loans.apply(
                group=self.group,
                person=self.group.memberships.get(person_id=pid, left_on__isnull=True).person,
                principal=principal,
                term_periods=10,
                first_due_on=_month_later(meeting.held_on),
                frequency="monthly",
                on_date=meeting.held_on,
                purpose="Modal usaha: bahan baku",
                acting_user=self.admin,
            )
            loans.approve(loan=loan, acting_user=self.checker)
            loans.disburse(loan=loan, on_date=meeting.held_on, acting_user=self.admin)
            self.borrowers.append(pid)

    def _arisan_fits(self, meeting: Meeting, members: list[int]) -> bool:
        # One round a month: run the cycle only where everyone stays a member until it ends.
        end = meeting.held_on + dt.timedelta(days=31 * len(members))
        later = Meeting.objects.filter(group=self.group, held_on__gte=end).exists()
        stay = self.group.memberships.filter(person_id__in=members, left_on__isnull=True).count() == len(
            members
        )
        return later and stay and len(members) >= 3

    def _stimulant(self, meeting: Meeting, members: list[int]) -> None:
        _day, per_member, unequal = self.stimulant
        agency = (
            Agency.objects.filter(roles__site__programme=self.group.programme).order_by("pk").first()
            or Agency.objects.order_by("pk").first()
        )
        total = per_member * len(members)
        plan = [
            funds.PlanItem(person_id=pid, amount=per_member, planned_on=meeting.held_on) for pid in members
        ]
        grant = funds.create_grant(
            programme=self.group.programme,
            agency=agency,
            reference=f"Stimulan KUBE {meeting.held_on:%Y}/{self.group.pk}",
            amount=total,
            granted_on=meeting.held_on,
            groups=[(self.group, total)],
            plan={self.group.pk: plan},
            source="APBD",
            acting_user=self.admin,
        )
        funds.receive_grant(grant=grant, group=self.group, on_date=meeting.held_on, acting_user=self.admin)
        if not self.group.fund_rules.exists():
            funds.replace_rules(
                group=self.group,
                rules=[
                    funds.RuleInput(
                        name="Cadangan 10 %", kind="percent", account=chart.RESERVE, percent=Decimal("10")
                    ),
                    funds.RuleInput(
                        name="Simpanan 10 %", kind="percent", account=chart.PRINCIPAL, percent=Decimal("10")
                    ),
                    funds.RuleInput(
                        name="Administrasi 1,5 %",
                        kind="percent",
                        account=chart.ADMIN_FEES,
                        percent=Decimal("1.5"),
                    ),
                ],
                acting_user=self.admin,
            )
        # Palembang: the grant was shared out unequally; one member got nothing at all (seed 004).
        amounts = [per_member] * len(members)
        if unequal and len(members) >= 3:
            amounts[0], amounts[1], amounts[-1] = per_member + 250_000, per_member + 250_000, 0
        for pid, gross in zip(members, amounts, strict=True):
            if gross:
                self.allocations.append(
                    funds.disburse(
                        grant=grant,
                        group=self.group,
                        person_id=pid,
                        gross=gross,
                        on_date=meeting.held_on,
                        acting_user=self.admin,
                    )
                )
        self.grant = grant

    # --- the sheet ---------------------------------------------------------------------------------------

    def lines(self, index: int, meeting: Meeting, members: list[int], present: set[int]) -> list[LineInput]:
        rng = random.Random(f"{self.group.name}|{meeting.held_on.isoformat()}")
        due_loans = due_by_member(self.group, meeting.held_on)
        rounds = arisan.open_round_for(self.group, meeting.held_on) if self.cycle else []
        # Pokok still owed by the bylaws (the stimulant's 10 % shares may already have paid some of it).
        paid = member_balances(open_book(group=self.group), [chart.PRINCIPAL], person_ids=members)
        # The cover paid for a missed instalment is paid back on the next meeting's sheet.
        settles = {}
        if self.group.name in COVERED_ONCE and index == LOAN_MEETING + 5:
            settles = {row["person_id"]: row["owed"] for row in cover_owed(self.group)}
        fund = self._fund_repayments(index)
        lines = []
        for pid in members:
            line = LineInput(person_id=pid, present=pid in present)
            if pid in present:
                line.principal_saving = max(
                    self.bylaws.principal_saving - paid.get(pid, {}).get(chart.PRINCIPAL, 0), 0
                )
                line.mandatory_saving = self.bylaws.mandatory_saving
                line.dues = self.bylaws.dues
                if rng.random() < 0.3:
                    line.voluntary_saving = rng.choice([5_000, 10_000, 20_000, 25_000])
                if rng.random() < 0.05:
                    line.fine = 1_000
                due = sum(row["total_due"] for row in due_loans.get(pid, []))
                if due and not self._skips(pid, index):
                    line.loan_repayment = due
                line.arisan = sum(r["outstanding"] for r in rounds if r["person_id"] == pid and r["is_due"])
            line.cover_settlement = settles.get(pid, 0)
            line.fund_repayment = fund.get(pid, 0)
            lines.append(line)
        return lines

    def _fund_repayments(self, index: int) -> dict[int, int]:
        """Every other meeting the beneficiaries pay Rp50.000 back into the revolving fund — except every
        fourth, who never does (seed 004's unpaid beneficiaries)."""
        out: dict[int, int] = {}
        if not self.allocations or index % 2:
            return out
        owed = {a.pk: a.outstanding for a in open_allocations_of(self.group)}
        for n, allocation in enumerate(self.allocations):
            if owed.get(allocation.pk, 0) > 0 and n % 4 != 3:
                out[allocation.person_id] = out.get(allocation.person_id, 0) + min(
                    owed[allocation.pk], 50_000
                )
        return out

    def _skips(self, pid: int, index: int) -> bool:
        if not self.borrowers or pid != self.borrowers[0]:
            return False
        if self.group.name in STOPS_PAYING:
            return index >= LOAN_MEETING + 4  # three or so instalments, then nothing
        if self.group.name in COVERED_ONCE:
            return index == LOAN_MEETING + 4  # one missed instalment, covered by the group
        return False

    # --- after the sheet ---------------------------------------------------------------------------------

    def after(self, index: int, meeting: Meeting, members: list[int], present: set[int]) -> None:
        day = meeting.held_on
        if self.borrowers and self.group.name in COVERED_ONCE and self.bylaws.joint_liability:
            loan = Loan.objects.filter(
                group=self.group, person_id=self.borrowers[0], status="disbursed"
            ).first()
            if index == LOAN_MEETING + 4 and loan and loans.amount_due(loan, day)["total_due"]:
                loans.cover_instalment(loan=loan, on_date=day, acting_user=self.admin, meeting=meeting)
        if self.cycle is not None:
            self._arisan_round(day, present)
        if self.allocations and index % 2 == 0:
            spare = sum(funds.relendable(self.grant, self.group).values())
            relent = Allocation.objects.filter(grant=self.grant, generation__gt=1).count()
            if spare >= 1_000_000 and relent < 2:  # a second generation of two loans, as seed 004 plans
                funds.relend(
                    grant=self.grant,
                    group=self.group,
                    person_id=members[index % len(members)],
                    gross=spare // 100_000 * 100_000,
                    on_date=day,
                    acting_user=self.admin,
                )

    def _arisan_round(self, day: dt.date, present: set[int]) -> None:
        rows = [
            r
            for r in arisan.open_round_for(self.group, day)
            if r["cycle_id"] == self.cycle.pk and r["is_due"]
        ]
        if not rows:
            return
        round = Round.objects.get(pk=rows[0]["round_id"])
        for row in rows:
            if row["outstanding"]:
                person = self.group.memberships.get(person_id=row["person_id"], left_on__isnull=True).person
                arisan.record_missed(round=round, person=person, on_date=day, acting_user=self.admin)
        arisan.draw_round(round=round, acting_user=self.admin)
        arisan.pay_pot(round=round, on_date=day, acting_user=self.admin)


def load_group_books(*, group: Group, acting_user, checker=None) -> int:
    """Post the sheets (and run the products) of the group's meetings that have none yet; returns how many."""
    if getattr(group, "bylaws", None) is None:
        return 0
    books = _GroupBooks(group, acting_user, checker)
    posted = 0
    for index, meeting in enumerate(group.meetings.order_by("held_on", "id").prefetch_related("attendance")):
        present = {a.person_id for a in meeting.attendance.all() if a.present}
        if CollectionSheet.objects.filter(meeting=meeting).exists():
            return posted  # loaded before: the demo is loaded whole or not at all
        # The members on the meeting date (attendance may still list someone recorded as leaving later).
        members = sorted(members_on(group, meeting.held_on))
        books.before(index, meeting, members)
        lines = books.lines(index, meeting, members, present)
        rng = random.Random(f"{group.name}|{meeting.held_on.isoformat()}|cash")
        expected = preview(meeting, lines)["expected"]
        short = rng.random() < 0.04 and expected >= 500
        post_meeting(
            meeting=meeting,
            lines=lines,
            cash_counted=expected - 500 if short else expected,
            difference_reason="Uang receh kurang Rp500 saat dihitung ulang" if short else "",
            acting_user=acting_user,
            idempotency_key=f"demo-sheet-{meeting.pk}",
        )
        books.after(index, meeting, members, present)
        posted += 1
    return posted
