"""Every write of the sentra services, with its refusals and its audit entry."""

import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters import services
from berdaya.clusters.models import InfrastructureRecord, ReadinessAssessment, Sentra, SentraYear
from berdaya.core.errors import ServiceError

D = dt.date
pytestmark = pytest.mark.django_db


def test_create_and_update_sentra(world, sentra):
    assert sentra.product_type == "Tenun Ikat"
    assert AuditEntry.objects.filter(action="create", object_type="clusters.sentra").count() == 1
    with pytest.raises(ServiceError) as e:
        services.create_sentra(
            programme=world.alpha,
            name="sentra industri tenun ikat bandar kidul",
            product_type="x",
            place=world.banyumulek,
            acting_user=world.users["manager"],
        )
    assert "already has a sentra" in e.value.message and e.value.field_errors["name"]
    with pytest.raises(ServiceError):
        services.create_sentra(
            programme=world.alpha,
            name="S",
            product_type=" ",
            place=world.banyumulek,
            acting_user=world.users["manager"],
        )
    services.update_sentra(
        sentra=sentra,
        changes={"description": "Sejak 1946", "founded_year": 1946},
        acting_user=world.users["admin"],
    )
    assert Sentra.objects.get(pk=sentra.pk).description == "Sejak 1946"
    with pytest.raises(ServiceError):
        services.update_sentra(
            sentra=sentra, changes={"founded_year": 3000}, acting_user=world.users["admin"]
        )
    with pytest.raises(TypeError):
        services.update_sentra(
            sentra=sentra, changes={"programme": world.beta}, acting_user=world.users["admin"]
        )


def test_add_member_warns_on_another_product_type(world, sentra, weavers):
    ok = services.add_member(sentra=sentra, enterprise=weavers[0], acting_user=world.users["manager"])
    assert ok.warnings == []  # "tenun ikat" is "Tenun Ikat"
    other = services.add_member(sentra=sentra, enterprise=weavers[3], acting_user=world.users["manager"])
    assert other.member.pk and "makes benang, not Tenun Ikat" in other.warnings[0]
    with pytest.raises(ServiceError) as e:
        services.add_member(sentra=sentra, enterprise=weavers[0], acting_user=world.users["manager"])
    assert "already a member" in e.value.message
    assert AuditEntry.objects.filter(changes___note="enterprise joined the sentra").count() == 2


def test_end_member(world, sentra, members):
    m = members[0]
    with pytest.raises(ServiceError) as e:
        services.end_member(member=m, left_on=D(2019, 1, 1), acting_user=world.users["manager"])
    assert "2020-01-01" in e.value.message
    services.end_member(member=m, left_on=D(2024, 5, 1), acting_user=world.users["manager"])
    m.refresh_from_db()
    assert m.left_on == D(2024, 5, 1)
    with pytest.raises(ServiceError):
        services.end_member(member=m, left_on=D(2024, 6, 1), acting_user=world.users["manager"])
    with pytest.raises(ServiceError) as e:  # cannot silently reopen a past membership
        services.add_member(sentra=sentra, enterprise=m.enterprise, acting_user=world.users["manager"])
    assert "left this sentra" in e.value.message


def test_record_year_creates_then_replaces(world, sentra):
    row = services.record_year(
        sentra=sentra,
        year=1970,
        craftsmen=50,
        tools=2250,
        daily_capacity=1500,
        capacity_unit="sarung",
        acting_user=world.users["facilitator"],
    )
    assert row.units is None and row.tools == 2250
    services.record_year(sentra=sentra, year=1970, craftsmen=49, acting_user=world.users["facilitator"])
    assert SentraYear.objects.get(sentra=sentra, year=1970).craftsmen == 49
    assert SentraYear.objects.count() == 1
    with pytest.raises(ServiceError) as e:
        services.record_year(
            sentra=sentra, year=1990, daily_capacity=10, acting_user=world.users["facilitator"]
        )
    assert "capacity_unit" in e.value.field_errors
    with pytest.raises(ServiceError):
        services.record_year(sentra=sentra, year=1700, acting_user=world.users["facilitator"])
    with pytest.raises(ServiceError):
        services.record_year(sentra=sentra, year=2000, units=-1, acting_user=world.users["facilitator"])
    services.remove_year(row=row, acting_user=world.users["manager"])
    assert not SentraYear.objects.exists()
    assert AuditEntry.objects.filter(changes___note__startswith="history year").count() == 3


def test_infrastructure_records_and_latest(world, sentra):
    user = world.users["facilitator"]
    first, rep = services.record_infrastructure(
        sentra=sentra,
        kind="clean_water",
        adequacy="partly",
        assessed_on=D(2024, 3, 1),
        notes="Air tanah keruh di musim kemarau; pewarnaan tertunda",
        acting_user=user,
        idempotency_key="k1",
    )
    again, rep2 = services.record_infrastructure(
        sentra=sentra,
        kind="clean_water",
        adequacy="partly",
        assessed_on=D(2024, 3, 1),
        notes="x",
        acting_user=user,
        idempotency_key="k1",
    )
    assert (rep, rep2, again.pk) == (False, True, first.pk)
    services.record_infrastructure(
        sentra=sentra, kind="clean_water", adequacy="adequate", assessed_on=D(2025, 3, 1), acting_user=user
    )
    latest = services.latest_infrastructure(sentra)
    assert latest["clean_water"].adequacy == "adequate" and InfrastructureRecord.objects.count() == 2
    with pytest.raises(ServiceError) as e:
        services.record_infrastructure(
            sentra=sentra,
            kind="electricity",
            adequacy="inadequate",
            assessed_on=D(2025, 3, 1),
            acting_user=user,
        )
    assert "notes" in e.value.field_errors
    with pytest.raises(ServiceError):
        services.record_infrastructure(
            sentra=sentra, kind="roads", adequacy="adequate", assessed_on=D(2025, 3, 1), acting_user=user
        )


def test_set_criteria_and_old_assessments_keep_theirs(world, sentra, members):
    F = services.FindingInput
    findings = [F("units", 20, "20 weavers counted")]
    before, _ = services.assess_readiness(
        sentra=sentra, assessed_on=D(2025, 1, 1), findings=findings, acting_user=world.users["manager"]
    )
    assert before.findings.get(criterion="units").verdict == "fail"
    services.set_criteria(
        programme=world.alpha,
        min_units=10,
        min_monthly_turnover=100_000_000,
        requires_technology=False,
        acting_user=world.users["manager"],
    )
    after, _ = services.assess_readiness(
        sentra=sentra, assessed_on=D(2025, 2, 1), findings=findings, acting_user=world.users["manager"]
    )
    assert after.findings.get(criterion="units").verdict == "pass"
    assert after.findings.get(criterion="technology").verdict == "not_required"
    rows, _level = services.explained(before)
    assert [r["verdict"] for r in rows if r["finding"].criterion == "units"] == ["fail"]
    assert before.min_units == 30 and after.min_units == 10
    with pytest.raises(ServiceError):
        services.set_criteria(
            programme=world.alpha, min_units=0, min_monthly_turnover=1, acting_user=world.users["manager"]
        )


def test_assess_computes_verdicts_never_trusts_the_caller(world, sentra):
    F = services.FindingInput
    a, repeated = services.assess_readiness(
        sentra=sentra,
        assessed_on=D(2025, 1, 1),
        findings=[F("units", 40, ""), F("technology", True, "ATBM innovation")],
        acting_user=world.users["facilitator"],
        idempotency_key="a1",
    )
    v = dict(a.findings.values_list("criterion", "verdict"))
    assert v == {
        "units": "unknown",  # 40 typed with no evidence: unknown, not pass
        "turnover": "unknown",
        "technology": "pass",
        "infrastructure": "unknown",
        "market_network": "unknown",
        "financial_institution": "unknown",
    }
    assert a.level == "sentra" and a.assessor == world.users["facilitator"]
    b, repeated = services.assess_readiness(
        sentra=sentra,
        assessed_on=D(2025, 1, 1),
        findings=[],
        acting_user=world.users["facilitator"],
        idempotency_key="a1",
    )
    assert repeated and b.pk == a.pk and ReadinessAssessment.objects.count() == 1
    for bad in (
        [F("units", "many", "x")],
        [F("technology", 1, "x")],
        [F("units", 1, "x"), F("units", 2, "y")],
        [F("size", 1, "x")],
    ):
        with pytest.raises(ServiceError):
            services.assess_readiness(
                sentra=sentra, assessed_on=D(2025, 1, 1), findings=bad, acting_user=world.users["admin"]
            )
    with pytest.raises(ServiceError):
        services.assess_readiness(
            sentra=sentra, assessed_on=D(2999, 1, 1), findings=[], acting_user=world.users["admin"]
        )


def test_prefill_from_the_records(world, sentra, members):
    user = world.users["manager"]
    pre = services.prefill(sentra, on_date=D(2025, 6, 1))
    assert pre["units"].value == 3 and "3 active enterprises" in pre["units"].evidence
    assert "turnover" not in pre and "infrastructure" not in pre
    services.record_year(sentra=sentra, year=2024, units=15, monthly_turnover=420_000_000, acting_user=user)
    for kind in ("electricity", "transport", "telecom"):
        services.record_infrastructure(
            sentra=sentra, kind=kind, adequacy="adequate", assessed_on=D(2025, 1, 5), acting_user=user
        )
    pre = services.prefill(sentra)
    assert pre["units"].value == 15 and "History 2024" in pre["units"].evidence
    assert pre["turnover"].value == 420_000_000 and "Rp420.000.000" in pre["turnover"].evidence
    # clean water never assessed: unknown (no value, no evidence), not "adequate"
    assert pre["infrastructure"].value is None and pre["infrastructure"].evidence == ""
    services.record_infrastructure(
        sentra=sentra, kind="clean_water", adequacy="adequate", assessed_on=D(2025, 1, 5), acting_user=user
    )
    pre = services.prefill(sentra)
    assert pre["infrastructure"].value is True and "Clean water: Adequate" in pre["infrastructure"].evidence
