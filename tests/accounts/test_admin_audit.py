import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from berdaya.accounts.models import User
from berdaya.audit.models import AuditEntry
from berdaya.programs.models import Programme


@pytest.mark.django_db
def test_user_changes_in_admin_are_audited(world):
    admin_user = world.users["admin"]
    model_admin = site._registry[User]
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    target = world.users["auditor"]
    target.role = "manager"
    model_admin.save_model(request, target, form=None, change=True)
    entry = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(target.pk)).latest("id")
    assert entry.actor == admin_user
    assert entry.changes["role"] == ["auditor", "manager"]
    assert "password" not in entry.changes


@pytest.mark.django_db
def test_programme_data_is_read_only_in_admin(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    programme_admin = site._registry[Programme]
    assert not programme_admin.has_change_permission(request, world.alpha)
    assert not programme_admin.has_add_permission(request)
    assert not programme_admin.has_delete_permission(request, world.alpha)


@pytest.mark.django_db
def test_login_is_audited(world, client):
    assert client.post("/login/", {"username": "member", "password": "pw-berdaya-1"}).status_code == 302
    entry = AuditEntry.objects.filter(action="login").latest("id")
    assert entry.actor == world.users["member"]


def test_audit_snapshot_keeps_times_of_day_as_text():
    """A training session's start time must not break the audit record (JSON has no time type)."""
    import datetime as dt

    from berdaya.audit.log import _plain

    assert _plain(dt.time(9, 30)) == "09:30:00"
    assert _plain(dt.date(2024, 11, 4)) == "2024-11-04"


@pytest.mark.django_db
def test_audit_entry_of_a_nested_record_is_filed_under_its_programme(world):
    """A PRA problem hangs off its session, its site and then the programme: the entry is scoped there."""
    import datetime as dt

    from berdaya.audit.models import AuditEntry
    from berdaya.fieldwork.pra import services as pra

    admin = world.users["admin"]
    session = pra.create_session(
        site=world.site_a, title="PRA", held_on=dt.date(2025, 1, 5), acting_user=admin
    )
    problem = pra.add_problem(session=session, title="Modal", acting_user=admin)
    entry = AuditEntry.objects.get(object_type="pra.problem", object_id=str(problem.pk))
    assert entry.programme_id == world.alpha.pk


@pytest.mark.django_db
def test_the_database_refuses_an_invented_audit_action(world):
    """On SQLite as on PostgreSQL: what happened belongs in the note, the action is one of the five."""
    from django.db import DatabaseError, IntegrityError, transaction

    from berdaya.audit.log import record

    with pytest.raises(IntegrityError), transaction.atomic():  # short enough: the CHECK refuses it
        record(actor=world.users["admin"], action="moved", obj=world.alpha)
    with pytest.raises(DatabaseError), transaction.atomic():  # PostgreSQL: too long; SQLite: the CHECK
        record(actor=world.users["admin"], action="training.create", obj=world.alpha)
    entry = record(actor=world.users["admin"], action="update", obj=world.alpha, note="session added")
    assert entry.changes["_note"] == "session added"
    # The constraint spells the values out (a model's Meta cannot see its Action class): keep them in step.
    [check] = AuditEntry._meta.constraints
    assert set(dict(check.condition.children)["action__in"]) == set(AuditEntry.Action.values)
