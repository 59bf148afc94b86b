import datetime as dt
from decimal import Decimal

import pytest

from berdaya.books import chart
from berdaya.books.funds import services
from berdaya.books.funds.services import PlanItem, RuleInput

GRANTED = dt.date(2025, 1, 10)
RECEIVED = dt.date(2025, 1, 15)
PLANNED = dt.date(2025, 2, 1)


@pytest.fixture
def rules(world):
    """Seed 004 (KUW Tri Astha): 10 % reserve, 10 % shares, 1,5 % administration."""
    admin = world.users["admin"]
    for rule in [
        RuleInput("Reserve (cadangan)", "percent", chart.RESERVE, Decimal("10")),
        RuleInput("Shares (saham)", "percent", chart.PRINCIPAL, Decimal("10")),
        RuleInput("Administration", "percent", chart.ADMIN_FEES, Decimal("1.5")),
    ]:
        services.add_rule(group=world.group_a, rule=rule, acting_user=admin)
    return world.group_a.fund_rules.all()


@pytest.fixture
def grant(world):
    """Rp10.000.000 from the agency to KUBE Alpha; the plan gives Rp2.500.000 to each of A1–A4."""
    return services.create_grant(
        programme=world.alpha,
        agency=world.agency,
        reference="SK 12/2025",
        source="APBD",
        amount=10_000_000,
        granted_on=GRANTED,
        groups=[(world.group_a, 10_000_000)],
        plan={world.group_a.pk: [PlanItem(p.pk, 2_500_000, PLANNED) for p in world.people_a[:4]]},
        acting_user=world.users["manager"],
    )


@pytest.fixture
def received(world, grant):
    return services.receive_grant(
        grant=grant, group=world.group_a, on_date=RECEIVED, acting_user=world.users["officer"]
    )
