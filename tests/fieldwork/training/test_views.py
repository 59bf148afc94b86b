"""Pages: who may read and who may write every page, and the main flows through HTTP."""

import datetime as dt

import pytest
from django.urls import reverse

from berdaya.fieldwork.training import services
from berdaya.fieldwork.training.models import (
    ChecklistItem,
    Outcome,
    SessionAttendance,
    Training,
    TrainingParticipant,
    TrainingPartner,
)

from .conftest import START

pytestmark = pytest.mark.django_db

READ = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITE = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 403,
    "partner": 403,
    "member": 404,
    "outsider": 404,
}


@pytest.fixture
def objects(world, training):
    admin = world.users["admin"]
    session = training.sessions.first()
    partner = services.add_partner(training=training, agency=world.agency, acting_user=admin)
    outcome = services.add_outcome(
        training=training, kind="group_formed", group=world.group_a, acting_user=admin
    )
    services.record_session_attendance(
        session=session, present_ids=[p.pk for p in world.people_a], acting_user=admin
    )
    for s in training.sessions.all():
        services.record_session_attendance(session=s, present_ids=[world.people_a[0].pk], acting_user=admin)
    return {
        "training": training,
        "session": session,
        "item": training.checklist.first(),
        "partner": partner,
        "outcome": outcome,
        "participant": training.participants.get(person=world.people_a[4]),
        "person": world.people_a[0],
    }


def _read_urls(o):
    t = o["training"]
    return [
        reverse("training:training_detail", args=[t.pk]),
        reverse("training:attendance", args=[o["session"].pk]),
        reverse("training:assessments", args=[t.pk]),
        reverse("training:attendance_list", args=[t.pk]),
        reverse("training:attendance_list", args=[t.pk]) + f"?session={o['session'].pk}",
        reverse("training:certificate", args=[t.pk, o["person"].pk]),
    ]


def _write_urls(o):
    t = o["training"]
    return [
        reverse("training:training_edit", args=[t.pk]),
        reverse("training:training_delete", args=[t.pk]),
        reverse("training:checklist_add", args=[t.pk]),
        reverse("training:checklist_remove", args=[o["item"].pk]),
        reverse("training:partner_add", args=[t.pk]),
        reverse("training:partner_remove", args=[o["partner"].pk]),
        reverse("training:session_add", args=[t.pk]),
        reverse("training:session_edit", args=[o["session"].pk]),
        reverse("training:session_remove", args=[o["session"].pk]),
        reverse("training:participants_add", args=[t.pk]),
        reverse("training:participant_remove", args=[o["participant"].pk]),
        reverse("training:outcome_add", args=[t.pk]),
        reverse("training:outcome_remove", args=[o["outcome"].pk]),
    ]


@pytest.mark.parametrize("role", list(READ))
def test_read_pages_by_role(client_for, objects, role):
    c = client_for(role)
    # The list answers everyone but a member; an outsider's is simply empty of Alpha's trainings.
    listing = c.get(reverse("training:training_list"))
    assert listing.status_code == (404 if role == "member" else 200)
    if role == "outsider":
        assert "Pelatihan gerabah modern" not in listing.content.decode()
    for url in _read_urls(objects):
        assert c.get(url).status_code == READ[role], url


@pytest.mark.parametrize("role", list(WRITE))
def test_write_pages_by_role(client_for, objects, role):
    c = client_for(role)
    for url in _write_urls(objects):
        assert c.get(url).status_code == WRITE[role], url
    expected_create = {"member": 404, "auditor": 403, "partner": 403}.get(role, 200)
    assert c.get(reverse("training:training_create")).status_code == expected_create


@pytest.mark.parametrize("role", ["auditor", "partner", "member", "outsider"])
def test_posts_refused_change_nothing(client_for, objects, role):
    c = client_for(role)
    o = objects
    before = SessionAttendance.objects.filter(present=True).count()
    r = c.post(reverse("training:attendance", args=[o["session"].pk]), {"present": []})
    assert r.status_code in (403, 404)
    r = c.post(reverse("training:checklist_tick", args=[o["item"].pk]), {"done": "1"})
    assert r.status_code in (403, 404)
    r = c.post(reverse("training:training_delete", args=[o["training"].pk]))
    assert r.status_code in (403, 404)
    assert SessionAttendance.objects.filter(present=True).count() == before
    assert not ChecklistItem.objects.filter(pk=o["item"].pk, done=True).exists()
    assert Training.objects.filter(pk=o["training"].pk).exists()


def test_outsider_gets_404_on_another_programmes_training(client_for, other_training):
    assert (
        client_for("manager").get(reverse("training:training_detail", args=[other_training.pk])).status_code
        == 404
    )
    assert (
        client_for("outsider").get(reverse("training:training_detail", args=[other_training.pk])).status_code
        == 200
    )


def test_list_search_upcoming_past_and_empty_state(client_for, world, training):
    services.create_training(
        programme=world.alpha,
        title="Pelatihan pembukuan",
        starts_on=dt.date(2099, 1, 5),
        ends_on=dt.date(2099, 1, 5),
        acting_user=world.users["admin"],
    )
    c = client_for("facilitator")
    body = c.get(reverse("training:training_list")).content.decode()
    assert "Pelatihan gerabah modern" in body and "Pelatihan pembukuan" in body
    body = c.get(reverse("training:training_list") + "?q=pembukuan").content.decode()
    assert "Pelatihan gerabah modern" not in body and "Pelatihan pembukuan" in body
    body = c.get(reverse("training:training_list") + "?when=upcoming").content.decode()
    assert "Pelatihan gerabah modern" not in body and "Pelatihan pembukuan" in body
    body = c.get(reverse("training:training_list") + "?when=past").content.decode()
    assert "Pelatihan gerabah modern" in body and "Pelatihan pembukuan" not in body
    body = c.get(reverse("training:training_list") + "?q=zzz").content.decode()
    assert "No training matches" in body
    body = client_for("outsider").get(reverse("training:training_list")).content.decode()
    assert "No trainings yet." in body and "Plan the first training" in body


def test_create_training_then_session_participants_attendance(client_for, world):
    c = client_for("facilitator")
    r = c.post(
        reverse("training:training_create"),
        {
            "programme": world.alpha.pk,
            "site": world.site_a.pk,
            "title": "Diversifikasi gerabah",
            "starts_on": "2025-11-03",
            "ends_on": "2025-11-05",
            "venue": "Balai Desa",
            "certificate_min_share": "75",
            "idempotency_key": "abc",
        },
    )
    t = Training.objects.get(title="Diversifikasi gerabah")
    assert r.status_code == 302 and r.url == reverse("training:training_detail", args=[t.pk])
    assert t.checklist.count() == 4
    # The same form posted twice (a double tap) creates one training.
    c.post(
        reverse("training:training_create"),
        {
            "programme": world.alpha.pk,
            "title": "Diversifikasi gerabah",
            "starts_on": "2025-11-03",
            "ends_on": "2025-11-05",
            "certificate_min_share": "75",
            "idempotency_key": "abc",
        },
    )
    assert Training.objects.filter(title="Diversifikasi gerabah").count() == 1
    r = c.post(
        reverse("training:session_add", args=[t.pk]),
        {"on_date": "2025-11-09", "topic": "X", "method": "lecture"},
    )
    assert r.status_code == 200 and b"within the training" in r.content
    r = c.post(
        reverse("training:session_add", args=[t.pk]),
        {
            "on_date": "2025-11-04",
            "starts_at": "09:00",
            "topic": "Praktik",
            "method": "practice",
            "speaker": "Agus Sugiharto",
            "speaker_agency": world.agency.pk,
        },
    )
    assert r.status_code == 302
    session = t.sessions.get()
    assert session.speaker_agency == world.agency and session.starts_at == dt.time(9, 0)
    r = c.post(reverse("training:participants_add", args=[t.pk]), {"group": world.group_a.pk})
    assert r.status_code == 302 and t.participants.count() == 5
    page = c.get(reverse("training:attendance", args=[session.pk])).content.decode()
    assert world.people_a[0].full_name in page
    r = c.post(
        reverse("training:attendance", args=[session.pk]),
        {"present": [world.people_a[0].pk, world.people_a[1].pk]},
    )
    assert r.status_code == 302
    assert SessionAttendance.objects.filter(session=session, present=True).count() == 2
    assert SessionAttendance.objects.filter(session=session, present=False).count() == 3
    r = c.post(reverse("training:attendance", args=[session.pk]), {"present": [world.people_b[0].pk]})
    assert r.status_code == 200 and b"Not participants of this training" in r.content


def test_participants_page_offers_people_at_the_site_and_search(client_for, world, training):
    TrainingParticipant.objects.filter(person=world.people_a[4]).delete()
    c = client_for("manager")
    url = reverse("training:participants_add", args=[training.pk])
    body = c.get(url).content.decode()
    assert world.people_a[4].full_name in body and world.people_a[0].full_name not in body
    assert world.people_b[0].full_name not in body
    r = c.post(url, {"people": [world.people_a[4].pk]})
    assert r.status_code == 302 and training.participants.count() == 5
    assert b"Choose at least one person" in c.post(url, {}).content


def test_checklist_tick_partner_outcome_and_removals(client_for, world, training):
    c = client_for("manager")
    item = training.checklist.get(kind="speakers")
    c.post(reverse("training:checklist_tick", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done and item.done_by == world.users["manager"]
    detail = c.get(reverse("training:training_detail", args=[training.pk])).content.decode()
    assert "ticked by manager" in detail
    c.post(reverse("training:checklist_add", args=[training.pk]), {"label": "Sewa motor", "note": ""})
    extra = training.checklist.get(label="Sewa motor")
    c.post(reverse("training:checklist_remove", args=[extra.pk]))
    assert not ChecklistItem.objects.filter(pk=extra.pk).exists()
    c.post(
        reverse("training:partner_add", args=[training.pk]),
        {"agency": world.agency.pk, "contribution": "Narasumber"},
    )
    partner = TrainingPartner.objects.get(training=training)
    r = c.post(reverse("training:partner_add", args=[training.pk]), {"agency": world.agency.pk})
    assert b"already a partner" in r.content
    c.post(reverse("training:partner_remove", args=[partner.pk]))
    assert not TrainingPartner.objects.exists()
    r = c.post(reverse("training:outcome_add", args=[training.pk]), {"kind": "group_formed"})
    assert b"Name the group" in r.content
    c.post(
        reverse("training:outcome_add", args=[training.pk]),
        {"kind": "group_formed", "group": world.group_a.pk, "description": "Paguyuban"},
    )
    outcome = Outcome.objects.get()
    assert (
        world.group_a.name in c.get(reverse("training:training_detail", args=[training.pk])).content.decode()
    )
    c.post(reverse("training:outcome_remove", args=[outcome.pk]))
    assert not Outcome.objects.exists()


def test_edit_and_delete_training_with_confirmation(client_for, world, training):
    c = client_for("manager")
    r = c.post(
        reverse("training:training_edit", args=[training.pk]),
        {
            "title": "Pelatihan gerabah",
            "starts_on": "2025-11-04",
            "ends_on": "2025-11-05",
            "certificate_min_share": "75",
        },
    )
    assert r.status_code == 200 and b"outside the new dates" in r.content
    r = c.post(
        reverse("training:training_edit", args=[training.pk]),
        {
            "title": "Pelatihan gerabah",
            "starts_on": "2025-11-03",
            "ends_on": "2025-11-05",
            "certificate_min_share": "80",
            "site": world.site_a.pk,
        },
    )
    assert r.status_code == 302
    training.refresh_from_db()
    assert training.title == "Pelatihan gerabah" and training.certificate_min_share == 80
    assert b"Delete" in c.get(reverse("training:training_delete", args=[training.pk])).content
    assert Training.objects.filter(pk=training.pk).exists()
    c.post(reverse("training:training_delete", args=[training.pk]))
    assert not Training.objects.filter(pk=training.pk).exists()


def test_assessment_page_saves_and_shows_the_change(client_for, world, training):
    c = client_for("facilitator")
    url = reverse("training:assessments", args=[training.pk])
    data = {"skill": "Cetak gypsum"}
    for p, (b, a) in zip(world.people_a, [(1, 4), (2, 4), (1, 3), ("", ""), ("", "")], strict=True):
        data[f"before_{p.pk}"], data[f"after_{p.pk}"] = b, a
    assert c.post(url, data).status_code == 302
    detail = c.get(reverse("training:training_detail", args=[training.pk])).content.decode()
    assert "Cetak gypsum" in detail and "+2.34" in detail and "3 participants assessed" in detail
    body = c.get(url + "?skill=Cetak+gypsum").content.decode()
    assert 'value="4" selected' in body
    assert b"Name the skill" in c.post(url, {"skill": ""}).content


def test_session_edit_and_remove(client_for, training):
    c = client_for("manager")
    session = training.sessions.first()
    r = c.post(
        reverse("training:session_edit", args=[session.pk]),
        {"on_date": "2025-11-04", "topic": "Pemasaran", "method": "lecture"},
    )
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.topic == "Pemasaran" and session.day == 2
    c.post(reverse("training:session_remove", args=[session.pk]))
    assert training.sessions.count() == 2


def test_participant_remove_after_confirmation(client_for, world, training):
    c = client_for("manager")
    participant = training.participants.get(person=world.people_a[0])
    url = reverse("training:participant_remove", args=[participant.pk])
    assert world.people_a[0].full_name in c.get(url).content.decode()
    c.post(url)
    assert training.participants.count() == 4
    assert START  # the fixture's first day


def test_pages_do_not_query_per_row(client_for, world, training):
    """The detail page, the attendance list and the API detail cost the same with more rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for("manager")
    admin = world.users["admin"]
    urls = [
        reverse("training:training_detail", args=[training.pk]),
        reverse("training:attendance_list", args=[training.pk]),
        reverse("training:training_list"),
        f"/api/v1/trainings/{training.pk}/",
    ]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    services.record_session_attendance(
        session=training.sessions.first(), present_ids=[p.pk for p in world.people_a], acting_user=admin
    )
    services.add_partner(training=training, agency=world.agency, acting_user=admin)
    services.add_outcome(training=training, kind="group_formed", group=world.group_a, acting_user=admin)
    services.tick_checklist_item(item=training.checklist.first(), done=True, acting_user=admin)
    before = counts()
    services.add_participants(training=training, people=world.people_b, acting_user=admin)
    services.add_session(training=training, on_date=START, topic="Finishing", acting_user=admin)
    services.add_outcome(training=training, kind="other", group=world.group_a, acting_user=admin)
    for item in training.checklist.all():
        services.tick_checklist_item(item=item, done=True, acting_user=world.users["manager"])
    for s in training.sessions.all():
        services.record_session_attendance(
            session=s, present_ids=[p.pk for p in world.people_a + world.people_b], acting_user=admin
        )
    services.record_assessments(
        training=training,
        skill="Cetak",
        scores=[services.Score(p.pk, 1, 3) for p in world.people_a + world.people_b],
        acting_user=admin,
    )
    assert counts() == before


def test_pages_render_in_indonesian(client_for, world, training, indonesian):
    c = client_for("manager")
    services.record_session_attendance(
        session=training.sessions.first(),
        present_ids=[world.people_a[0].pk],
        acting_user=world.users["admin"],
    )
    for url in [
        reverse("training:training_list"),
        reverse("training:training_detail", args=[training.pk]),
        reverse("training:attendance", args=[training.sessions.first().pk]),
        reverse("training:assessments", args=[training.pk]),
        reverse("training:attendance_list", args=[training.pk]),
    ]:
        assert c.get(url, HTTP_ACCEPT_LANGUAGE="id").status_code == 200, url
    refused = c.get(reverse("training:certificate", args=[training.pk, world.people_a[1].pk]))
    assert refused.status_code == 409
