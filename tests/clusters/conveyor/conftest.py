"""A shuttlecock conveyor line (seed 003, Surakarta cluster III) in a sentra of programme Alpha.

Alpha, so the world's manager, auditor, facilitator and partner apply and the outsider (Beta) does not.
Four stages, each made by a different group or producer — feathers (16 to a shuttlecock), cork heads,
binding and gluing, packing — the seed's "bulu, gabus, jahit, finishing"; binding is the bottleneck
("kapasitas jahit menjadi hambatan alur ban berjalan").
"""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.clusters.conveyor import services
from berdaya.clusters.models import Sentra
from berdaya.groups.models import Group

WEEK1 = dt.date(2025, 10, 6)  # a Monday

# name, unit, units per product, workers, hours per worker a week, units per worker-hour
STAGES = [
    ("Feathers (bulu)", "feather", "16", 3, "40", "60"),  # 3×40×60 ÷ 16 = 450 shuttlecocks a week
    ("Cork heads (gabus)", "cork head", "1", 2, "40", "8"),  # 640
    ("Binding and gluing (jahit & lem)", "shuttlecock", "1", 2, "35", "4"),  # 280: the bottleneck
    ("Packing (kemas)", "shuttlecock", "1", 1, "20", "30"),  # 600
]


@pytest.fixture
def sentra(world):
    return Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Shuttlecock Sondakan",
        product_type="shuttlecock",
        place=world.banyumulek,
    )


@pytest.fixture
def feather_group(world):
    return Group.objects.create(
        name="KUBE Bulu Kok Sondakan", kind="kube", programme=world.alpha, place=world.banyumulek
    )


@pytest.fixture
def line(world, sentra, feather_group):
    user = world.users["facilitator"]
    line = services.create_line(sentra=sentra, product="Shuttlecock", unit="shuttlecocks", acting_user=user)
    makers = [
        {"group": feather_group},
        {"producer": "Pengrajin gabus Wahyu"},
        {"producer": "Shuttlecock Gunawan"},
        {"producer": "Kemas Bu Sri"},
    ]
    for (name, unit, per, workers, hours, rate), maker in zip(STAGES, makers, strict=True):
        services.add_stage(
            line=line,
            name=name,
            unit=unit,
            units_per_product=Decimal(per),
            workers=workers,
            hours_per_week=Decimal(hours),
            rate=Decimal(rate),
            acting_user=user,
            **maker,
        )
    return line


@pytest.fixture
def stages(line):
    return list(line.stages.order_by("order"))


def week_rows(stages, produced, workers=None, hours=None):
    workers = workers or [s.workers for s in stages]
    hours = hours or [s.hours_per_week for s in stages]
    return [
        services.FlowInput(s.pk, p, w, h) for s, p, w, h in zip(stages, produced, workers, hours, strict=True)
    ]


# Three recorded weeks: feathers, cork, binding, packing
WEEKS = [
    (WEEK1, [6400, 600, 260, 240]),
    (WEEK1 + dt.timedelta(days=7), [7040, 620, 275, 290]),
    (WEEK1 + dt.timedelta(days=14), [7200, 640, 270, 270]),
]


@pytest.fixture
def recorded(world, line, stages):
    for week, produced in WEEKS:
        services.record_week(
            line=line, week=week, rows=week_rows(stages, produced), acting_user=world.users["facilitator"]
        )
    return line
