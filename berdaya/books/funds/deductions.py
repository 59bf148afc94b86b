"""Deductions from a revolving-fund disbursement, gross → each deduction → net. Pure: no Django.

Seed 004 (KUW "Tri Astha", Yogyakarta): of each member's Rp500.000, 10 % to the group's reserve, 10 % as
the member's shares, 1,5 % administration and a fixed monthly dues amount. Each rule rounds its own
amount (half up, to its rounding unit); the net is the gross minus the sum of the rounded deductions,
so gross = net + deductions always holds to the rupiah.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERCENT, FIXED = "percent", "fixed"


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # PERCENT or FIXED
    account: str  # chart code the deduction is credited to
    percent: Decimal = Decimal(0)
    fixed: int = 0
    rounding: int = 1  # rupiah unit the amount is rounded to (half up)
    rule_id: int | None = None


@dataclass(frozen=True)
class Deduction:
    rule: Rule
    amount: int


@dataclass(frozen=True)
class Breakdown:
    gross: int
    deductions: tuple[Deduction, ...]
    net: int

    @property
    def total_deducted(self) -> int:
        return sum(d.amount for d in self.deductions)


def rule_amount(gross: int, rule: Rule) -> int:
    """One rule's deduction from ``gross``, in whole rupiah."""
    if rule.kind == FIXED:
        return int(rule.fixed)
    unit = max(int(rule.rounding or 1), 1)
    exact = Decimal(gross) * Decimal(rule.percent) / Decimal(100) / Decimal(unit)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * unit


def breakdown(gross: int, rules: list[Rule]) -> Breakdown:
    """Gross → each deduction → net. The net may come out negative: the caller refuses that."""
    deductions = tuple(Deduction(rule, rule_amount(gross, rule)) for rule in rules)
    return Breakdown(gross=gross, deductions=deductions, net=gross - sum(d.amount for d in deductions))


def recovery_percent(repaid: int, disbursed: int) -> Decimal | None:
    """Repaid ÷ disbursed as a percentage with two decimals (half up); None when nothing was lent."""
    if not disbursed:
        return None
    return (Decimal(repaid) * 100 / Decimal(disbursed)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
