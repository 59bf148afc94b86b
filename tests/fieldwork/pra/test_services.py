"""Every write of a PRA session through its service: rules refused with a message, nothing half-saved."""

import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.fieldwork.pra import services
from berdaya.fieldwork.pra.models import DotVote, PairwiseChoice, Participant, PraSession, SuggestedGroup
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person

from .conftest import HELD

pytestmark = pytest.mark.django_db


def test_create_session_is_audited_and_idempotent(world):
    user = world.users["facilitator"]
    s1 = services.create_session(
        site=world.site_a, title="PRA", held_on=HELD, idempotency_key="k1", acting_user=user
    )
    s2 = services.create_session(
        site=world.site_a, title="PRA", held_on=HELD, idempotency_key="k1", acting_user=user
    )
    assert s1 == s2 and PraSession.objects.count() == 1
    entry = AuditEntry.objects.get(object_type="pra.prasession", action="create")
    assert entry.programme_id == world.alpha.pk


def test_session_rules(world):
    user = world.users["manager"]
    with pytest.raises(ServiceError) as e:
        services.create_session(site=world.site_a, title="", held_on=HELD, acting_user=user)
    assert "title" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.create_session(site=world.site_a, title="X", held_on=dt.date(2999, 1, 1), acting_user=user)
    assert "future" in e.value.message
    with pytest.raises(ServiceError):
        services.create_session(
            site=world.site_a, title="X", held_on=HELD, dots_per_participant=0, acting_user=user
        )
    from berdaya.programs.models import StaffMember

    stranger = StaffMember.objects.create(full_name="Orang Lain", kind="facilitator")
    with pytest.raises(ServiceError) as e:
        services.create_session(
            site=world.site_a, title="X", held_on=HELD, facilitator=stranger, acting_user=user
        )
    assert "does not work in the programme" in e.value.message
    assert not PraSession.objects.exists()


def test_update_and_delete_session(world, session, problems, participants):
    user = world.users["facilitator"]
    services.cast_dot_votes(
        session=session, person=world.people_a[0], votes={problems[0].pk: 3}, acting_user=user
    )
    with pytest.raises(ServiceError) as e:
        services.update_session(session=session, dots_per_participant=2, acting_user=user)
    assert "already cast 3 dots" in e.value.message
    services.update_session(
        session=session, title="PRA Dusun Timur", dots_per_participant=5, acting_user=user
    )
    session.refresh_from_db()
    assert (session.title, session.dots_per_participant) == ("PRA Dusun Timur", 5)
    services.delete_session(session=session, acting_user=user)
    assert not PraSession.objects.exists() and not DotVote.objects.exists()


def test_participants_once_and_from_the_site_area(world, session):
    user = world.users["facilitator"]
    services.add_participant(
        session=session, person=world.people_a[0], skills="jahit, , masak ", acting_user=user
    )
    p = Participant.objects.get()
    assert p.skills == "jahit, masak" and p.skill_list == ["jahit", "masak"]
    with pytest.raises(ServiceError) as e:
        services.add_participant(session=session, person=world.people_a[0], acting_user=user)
    assert e.value.code == "duplicate"
    with pytest.raises(ServiceError) as e:
        services.add_participant(session=session, person=world.people_b[0], acting_user=user)
    assert e.value.code == "outside_site"
    services.update_participant(participant=p, business_interest="Gerabah hias", acting_user=user)
    p.refresh_from_db()
    assert p.business_interest == "Gerabah hias"
    services.remove_participant(participant=p, acting_user=user)
    assert not Participant.objects.exists()


def test_new_participant_registers_the_person_or_neither(world, session):
    user = world.users["facilitator"]
    p = services.add_new_participant(
        session=session,
        acting_user=user,
        full_name="Inaq Sahnun",
        sex="P",
        place=world.banyumulek,
        skills="gerabah",
    )
    assert p.person.full_name == "Inaq Sahnun"
    before = Person.objects.count()
    with pytest.raises(ServiceError):
        services.add_new_participant(
            session=session, acting_user=user, full_name="Orang Kediri", sex="L", place=world.kediri
        )
    assert Person.objects.count() == before


def test_problems(world, session):
    user = world.users["facilitator"]
    p = services.add_problem(session=session, title="  Modal  usaha ", acting_user=user)
    assert p.title == "Modal usaha"
    # Filed under the programme, so the audit log shows it to those who see the programme.
    assert AuditEntry.objects.get(object_type="pra.problem").programme_id == world.alpha.pk
    with pytest.raises(ServiceError):
        services.add_problem(session=session, title="modal USAHA", acting_user=user)
    services.update_problem(problem=p, title="Modal", description="Kurang modal kerja", acting_user=user)
    p.refresh_from_db()
    assert p.description == "Kurang modal kerja"
    services.remove_problem(problem=p, acting_user=user)
    assert not session.problems.exists()


def test_cast_dot_votes_replaces_and_refuses_whole_ballots(world, session, problems):
    user = world.users["facilitator"]
    person = world.people_a[2]
    modal, pasar, alat = problems
    rows = services.cast_dot_votes(
        session=session, person=person, votes={modal.pk: 2, pasar.pk: 1}, acting_user=user
    )
    assert len(rows) == 2 and Participant.objects.filter(session=session, person=person).exists()
    services.cast_dot_votes(
        session=session, person=person, votes={modal.pk: 2, pasar.pk: 1}, acting_user=user
    )
    assert DotVote.objects.count() == 2  # idempotent
    services.cast_dot_votes(session=session, person=person, votes={alat.pk: 3, modal.pk: 0}, acting_user=user)
    assert list(DotVote.objects.values_list("problem_id", "dots")) == [(alat.pk, 3)]
    # As an ODK submission sends them: ids and dots as text.
    services.cast_dot_votes(session=session, person=person, votes={str(alat.pk): "3"}, acting_user=user)
    assert list(DotVote.objects.values_list("problem_id", "dots")) == [(alat.pk, 3)]
    for bad, code in [
        ({modal.pk: "dua"}, "dots"),
        ({modal.pk: 1.5}, "dots"),
        ({modal.pk: 4}, "too_many_dots"),
        ({modal.pk: -1}, "negative"),
        ({999999: 1}, "unknown_problem"),
        ({modal.pk: 2, pasar.pk: 2}, "too_many_dots"),
    ]:
        with pytest.raises(ServiceError) as e:
            services.cast_dot_votes(session=session, person=person, votes=bad, acting_user=user)
        assert e.value.code == code
    assert list(DotVote.objects.values_list("problem_id", "dots")) == [(alat.pk, 3)]
    # Someone from outside the site cannot be made a participant by voting; nothing is saved.
    with pytest.raises(ServiceError):
        services.cast_dot_votes(
            session=session, person=world.people_b[0], votes={modal.pk: 1}, acting_user=user
        )
    assert not Participant.objects.filter(person=world.people_b[0]).exists()


def test_pairwise(world, session, problems, participants):
    user = world.users["facilitator"]
    modal, pasar, alat = problems
    services.record_pairwise(
        session=session,
        choices=[(modal.pk, pasar.pk, modal.pk), (modal.pk, alat.pk, alat.pk)],
        participant=participants[0],
        acting_user=user,
    )
    services.record_pairwise(
        session=session,
        choices=[(modal.pk, pasar.pk, modal.pk)],
        participant=participants[0],
        acting_user=user,
    )
    assert PairwiseChoice.objects.count() == 1
    for bad in [
        [(modal.pk, modal.pk, modal.pk)],
        [(modal.pk, pasar.pk, alat.pk)],
        [(modal.pk, 999999, modal.pk)],
    ]:
        with pytest.raises(ServiceError):
            services.record_pairwise(session=session, choices=bad, acting_user=user)
    assert PairwiseChoice.objects.count() == 1


def test_potentials_and_needs(world, session, participants):
    user = world.users["facilitator"]
    pot = services.add_potential(session=session, kind="institution", name="Arisan", acting_user=user)
    services.add_potential(
        session=session, kind="skill", name="Menjahit", person=world.people_a[0], acting_user=user
    )
    with pytest.raises(ServiceError):
        services.add_potential(
            session=session, kind="skill", name="Las", person=world.people_b[0], acting_user=user
        )
    with pytest.raises(ServiceError):
        services.add_potential(session=session, kind="bogus", name="X", acting_user=user)
    services.remove_potential(potential=pot, acting_user=user)
    need = services.add_need(
        session=session, kind="business_interest", text="Usaha kue", votes=4, acting_user=user
    )
    services.update_need(need=need, votes=6, acting_user=user)
    need.refresh_from_db()
    assert need.votes == 6
    with pytest.raises(ServiceError):
        services.update_need(need=need, votes=-1, acting_user=user)
    services.remove_need(need=need, acting_user=user)
    assert session.potentials.count() == 1 and not session.needs.exists()


def test_suggest_adjust_and_create_groups(world, session, participants):
    user = world.users["facilitator"]
    made = services.suggest_groups(session=session, acting_user=user)
    assert len(made) == 1 and made[0].members.count() == 5
    suggestion = made[0]
    services.update_suggestion(suggestion=suggestion, name="KUBE Gerabah Timur", acting_user=user)
    # Taking one out makes the group too small: creation is refused, nothing is created.
    services.move_participant(session=session, participant=participants[0], to=None, acting_user=user)
    session.refresh_from_db()
    assert session.unplaced[str(participants[0].pk)]["code"] == "removed"
    groups_before = Group.objects.count()
    with pytest.raises(ServiceError) as e:
        services.create_groups_from_suggestions(session=session, acting_user=user)
    assert e.value.code == "size" and "4 members" in e.value.message
    assert Group.objects.count() == groups_before
    services.move_participant(session=session, participant=participants[0], to=suggestion, acting_user=user)
    groups = services.create_groups_from_suggestions(session=session, acting_user=user)
    assert [g.name for g in groups] == ["KUBE Gerabah Timur"]
    group = groups[0]
    assert group.business_type == "gerabah" and group.founded_on == HELD and group.place == world.banyumulek
    assert set(Membership.objects.filter(group=group).values_list("person_id", flat=True)) == {
        p.pk for p in world.people_a
    }
    suggestion.refresh_from_db()
    assert suggestion.created_group == group
    # Created suggestions are kept when suggesting again, and can no longer be edited or deleted.
    services.suggest_groups(session=session, acting_user=user)
    assert SuggestedGroup.objects.filter(session=session).count() == 1
    with pytest.raises(ServiceError):
        services.update_suggestion(suggestion=suggestion, name="X", acting_user=user)
    with pytest.raises(ServiceError):
        services.delete_session(session=session, acting_user=user)
    with pytest.raises(ServiceError):
        services.remove_participant(participant=participants[1], acting_user=user)


def test_create_groups_is_all_or_nothing(world, session, participants):
    """A second suggestion whose name is taken in the programme rolls back the first group too."""
    user = world.users["facilitator"]
    services.suggest_groups(session=session, acting_user=user)
    extra = services.add_suggestion(session=session, name="KUBE Alpha", business="gerabah", acting_user=user)
    # Fill the second suggestion with people registered on the spot.
    for i in range(5):
        p = services.add_new_participant(
            session=session,
            acting_user=user,
            full_name=f"Baru {i}",
            sex="P",
            place=world.banyumulek,
            business_interest="gerabah",
        )
        services.move_participant(session=session, participant=p, to=extra, acting_user=user)
    groups_before = Group.objects.count()
    with pytest.raises(ServiceError) as e:
        services.create_groups_from_suggestions(session=session, acting_user=user)
    assert "already has a group named KUBE Alpha" in e.value.message
    assert Group.objects.count() == groups_before
    assert not SuggestedGroup.objects.filter(created_group__isnull=False).exists()
    services.remove_suggestion(suggestion=extra, acting_user=user)
    session.refresh_from_db()
    assert sum(1 for r in session.unplaced.values() if r["code"] == "removed") == 5


def test_no_pending_suggestion(world, session):
    with pytest.raises(ServiceError) as e:
        services.create_groups_from_suggestions(session=session, acting_user=world.users["facilitator"])
    assert e.value.code == "nothing"
