import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def books_invariants(request):
    """After every books test that touched the database, every ledger invariant still holds."""
    if not ({"db", "world", "transactional_db"} & set(request.fixturenames)):
        yield  # a pure-function test: nothing to check
        return
    request.getfixturevalue("db")  # set up before us, so it is torn down after the check
    yield
    from berdaya.books.checks import run_checks

    findings = run_checks()
    assert not findings, findings


@pytest.fixture
def bylaws(world):
    """KUBE Alpha's bylaws as in seed 002: pokok Rp10.000, wajib Rp5.000 a month, 1 % flat a month."""
    from berdaya.groups.models import Bylaws

    return Bylaws.objects.create(
        group=world.group_a,
        principal_saving=10_000,
        mandatory_saving=5_000,
        dues=2_000,
        loan_rate_percent_month="1.00",
        loan_method="flat",
        arisan_amount=20_000,
        joint_liability=True,
    )


@pytest.fixture
def treasurer(world):
    return world.users["officer"]


DAY = dt.date(2025, 3, 10)
