import datetime as dt

import pytest


@pytest.fixture
def stages(world):
    """Alpha's stage template: formation → capacity building → independence."""
    from berdaya.programs.models import Stage

    keys = [
        ("group_formation", "Group formation"),
        ("capacity_building", "Capacity building"),
        ("independence", "Independence"),
    ]
    return [
        Stage.objects.create(programme=world.alpha, order=i, key=key, name=name)
        for i, (key, name) in enumerate(keys, 1)
    ]


@pytest.fixture
def other_village(world):
    """A second village in Lombok Barat, not Banyumulek."""
    from berdaya.places.models import Place

    return (
        Place.objects.filter(code__startswith="52.01.", level=4)
        .exclude(code=world.banyumulek.code)
        .order_by("code")
        .first()
    )


@pytest.fixture
def manager(world):
    return world.users["manager"]


@pytest.fixture
def at(monkeypatch):
    """at(2024, 3, 1, 17, 0) freezes django.utils.timezone.now at that UTC instant."""
    from django.utils import timezone

    def freeze(*args):
        instant = dt.datetime(*args, tzinfo=dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return instant

    return freeze
