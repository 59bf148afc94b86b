"""Every write of mentoring through its service: rules, idempotent retries, nothing half-saved, audit."""

import datetime as dt

import pytest
from django.utils import timezone

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.fieldwork.mentoring import services
from berdaya.fieldwork.mentoring.models import AgreedAction, MonthlyReport, Visit
from berdaya.groups.services import local_today
from berdaya.programs.models import StaffMember

D = dt.date


def _record(world, **overrides):
    kwargs = {
        "programme": world.alpha,
        "mentor": world.staff,
        "group": world.group_a,
        "visited_on": D(2025, 9, 4),
        "technique": "discussion",
        "acting_user": world.users["facilitator"],
    }
    kwargs.update(overrides)
    return services.record_visit(**kwargs)


@pytest.mark.django_db
def test_record_visit_with_actions_is_audited(world):
    visit, created = _record(
        world,
        welfare_topics="Anak putus sekolah",
        actions=[
            {"text": "Ajukan beasiswa", "owner": "Ketua", "due_on": D(2025, 9, 30)},
            {"text": "", "owner": "", "due_on": None},  # an empty row of the form is skipped
        ],
    )
    assert created
    assert list(visit.actions.values_list("text", "owner", "due_on")) == [
        ("Ajukan beasiswa", "Ketua", D(2025, 9, 30))
    ]
    entry = AuditEntry.objects.get(object_type="mentoring.visit")
    assert entry.action == "create" and entry.changes["_note"] == "mentoring visit recorded"
    assert entry.programme_id == world.alpha.pk
    assert entry.group_id == world.group_a.pk


@pytest.mark.django_db
def test_same_idempotency_key_returns_the_first_visit(world):
    first, created = _record(world, idempotency_key="phone-1-abc", issues="Kas belum dicatat")
    again, created_again = _record(world, idempotency_key="phone-1-abc", issues="Kas belum dicatat")
    assert created and not created_again
    assert again.pk == first.pk
    assert Visit.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="mentoring.visit").count() == 1


@pytest.mark.django_db
def test_home_visit_to_a_person(world):
    visit, _ = _record(world, group=None, person=world.people_a[2], technique="home_visit")
    assert visit.visited_name == world.people_a[2].full_name
    both, _ = _record(world, person=world.people_a[2], technique="home_visit")
    assert both.visited_name == f"{world.people_a[2].full_name} (KUBE Alpha)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"group": None}, "group"),
        ({"technique": "sermon"}, "technique"),
        ({"next_visit_on": D(2025, 9, 4)}, "next_visit_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"actions": [{"text": "", "owner": "Ketua", "due_on": None}]}, "actions"),
        ({"actions": [{"text": "Cek kas", "owner": "", "due_on": D(2025, 9, 1)}]}, "actions"),
    ],
)
def test_refusals_save_nothing(world, overrides, field):
    with pytest.raises(ServiceError) as e:
        _record(world, **overrides)
    assert field in e.value.field_errors
    assert Visit.objects.count() == 0 and AgreedAction.objects.count() == 0


@pytest.mark.django_db
def test_visit_date_cannot_be_in_the_future_at_the_place(world):
    tomorrow = local_today(world.banyumulek) + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as e:
        _record(world, visited_on=tomorrow)
    assert "future" in e.value.message
    assert _record(world, visited_on=local_today(world.banyumulek))[1]


@pytest.mark.django_db
def test_group_must_be_in_the_programme(world):
    with pytest.raises(ServiceError) as e:
        _record(world, group=world.group_b)
    assert "not in the programme Alpha" in e.value.message


@pytest.mark.django_db
def test_person_must_belong_to_the_group_or_programme(world):
    with pytest.raises(ServiceError) as e:
        _record(world, group=None, person=world.people_b[0], technique="home_visit")
    assert "not a member of Alpha" in e.value.message
    with pytest.raises(ServiceError):
        _record(world, person=world.people_b[0])


@pytest.mark.django_db
def test_mentor_must_work_in_the_programme(world):
    stranger = StaffMember.objects.create(full_name="Pendamping Lain", kind="mentor")
    with pytest.raises(ServiceError) as e:
        _record(world, mentor=stranger)
    assert "does not work in Alpha" in e.value.message
    stranger.programmes.add(world.alpha)
    assert _record(world, mentor=stranger)[1]
    stranger.active = False
    stranger.save()
    with pytest.raises(ServiceError):
        _record(world, mentor=stranger)


@pytest.mark.django_db
def test_complete_action(world, visit):
    action = visit.actions.get()
    with pytest.raises(ServiceError):
        services.complete_action(action=action, done_on=D(2025, 9, 1), acting_user=world.users["facilitator"])
    done = services.complete_action(
        action=action, done_on=D(2025, 9, 15), note="Sudah disalin", acting_user=world.users["facilitator"]
    )
    assert done.done_on == D(2025, 9, 15) and done.done_note == "Sudah disalin"
    assert AuditEntry.objects.filter(
        object_type="mentoring.agreedaction", action="update", programme_id=world.alpha.pk
    ).exists()
    with pytest.raises(ServiceError) as e:
        services.complete_action(
            action=action, done_on=D(2025, 9, 16), acting_user=world.users["facilitator"]
        )
    assert "already done" in e.value.message


@pytest.mark.django_db
def test_report_life_cycle(world, visit):
    fac, manager = world.users["facilitator"], world.users["manager"]
    report = services.draft_monthly_report(
        mentor=world.staff, programme=world.alpha, month=D(2025, 9, 17), acting_user=fac
    )
    assert report.month == D(2025, 9, 1) and report.is_draft
    assert report.figures["visits"] == 1
    assert "Pendamping Satu: 1 (group discussions 1" in report.summary
    report = services.update_monthly_report(
        report=report, changes={"summary": "Ringkasan saya"}, acting_user=fac
    )
    # a second visit and a recount: the figures change, the mentor's words stay
    services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        person=world.people_a[3],
        visited_on=D(2025, 9, 20),
        technique="home_visit",
        welfare_topics="Kesehatan balita",
        acting_user=fac,
    )
    report = services.draft_monthly_report(
        mentor=world.staff, programme=world.alpha, month=D(2025, 9, 1), acting_user=fac
    )
    assert report.figures["visits"] == 2 and report.summary == "Ringkasan saya"
    report = services.submit_monthly_report(report=report, acting_user=fac, submitted_on=D(2025, 10, 3))
    assert report.status == MonthlyReport.Status.SUBMITTED and report.submitted_by == fac
    with pytest.raises(ServiceError):
        services.update_monthly_report(report=report, changes={"summary": "x"}, acting_user=fac)
    with pytest.raises(ServiceError):
        services.draft_monthly_report(
            mentor=world.staff, programme=world.alpha, month=D(2025, 9, 1), acting_user=fac
        )
    with pytest.raises(ServiceError):
        services.submit_monthly_report(report=report, acting_user=fac)
    with pytest.raises(ServiceError) as e:
        services.return_monthly_report(report=report, reason=" ", acting_user=manager)
    assert "reason" in e.value.field_errors
    report = services.return_monthly_report(report=report, reason="Lengkapi topik UKS", acting_user=manager)
    assert report.is_draft and report.returned_reason == "Lengkapi topik UKS" and report.submitted_on is None
    entry = AuditEntry.objects.filter(object_type="mentoring.monthlyreport").order_by("-id").first()
    assert entry.changes["_note"] == "monthly report returned to draft: Lengkapi topik UKS"
    assert entry.changes["status"] == ["submitted", "draft"]
    with pytest.raises(ServiceError):
        services.return_monthly_report(report=report, reason="lagi", acting_user=manager)


@pytest.mark.django_db
def test_report_needs_a_summary_and_a_started_month(world):
    fac = world.users["facilitator"]
    report = services.draft_monthly_report(
        mentor=world.staff, programme=world.alpha, month=D(2025, 9, 1), acting_user=fac
    )
    assert report.figures["visits"] == 0
    assert any(w["code"] == "no_visits" for w in report.figures["warnings"])
    services.update_monthly_report(report=report, changes={"summary": ""}, acting_user=fac)
    with pytest.raises(ServiceError) as e:
        services.submit_monthly_report(report=report, acting_user=fac)
    assert "summary" in e.value.field_errors
    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    with pytest.raises(ServiceError):
        services.draft_monthly_report(
            mentor=world.staff, programme=world.alpha, month=next_month, acting_user=fac
        )
    with pytest.raises(TypeError):
        services.update_monthly_report(report=report, changes={"status": "submitted"}, acting_user=fac)
