import datetime as dt

import pytest
from django.urls import reverse

from berdaya.groups import services
from berdaya.groups.models import Assignment, Bylaws, Group, Meeting, Membership, OfficerTerm
from berdaya.people.models import Person
from berdaya.programs.models import StaffMember

D = dt.date
ROLES = ["manager", "facilitator", "officer", "member", "auditor", "partner", "outsider"]
READ = {
    "manager": 200,
    "facilitator": 200,
    "officer": 200,
    "member": 200,
    "auditor": 200,
    "partner": 200,
    "outsider": 404,
}
WRITE = {
    "manager": 200,
    "facilitator": 200,
    "officer": 200,
    "member": 403,
    "auditor": 403,
    "partner": 403,
    "outsider": 404,
}
MANAGE = {
    "manager": 200,
    "facilitator": 403,
    "officer": 403,
    "member": 403,
    "auditor": 403,
    "partner": 403,
    "outsider": 404,
}


@pytest.fixture
def objs(world):
    """One of each row of KUBE Alpha, so every page has something to show."""
    meeting = services.record_meeting(
        acting_user=world.users["admin"],
        group=world.group_a,
        held_on=D(2024, 3, 1),
        present=[world.people_a[0].pk],
    )
    return {
        "group": world.group_a.pk,
        "membership": Membership.objects.get(group=world.group_a, person=world.people_a[3]).pk,
        "term": OfficerTerm.objects.get(group=world.group_a).pk,
        "meeting": meeting.pk,
        "assignment": Assignment.objects.get(group=world.group_a).pk,
    }


PAGES = [
    ("group_detail", "group", READ),
    ("meeting_list", "group", READ),
    ("meeting_detail", "meeting", READ),
    ("group_edit", "group", WRITE),
    ("member_add", "group", WRITE),
    ("member_end", "membership", WRITE),
    ("officer_appoint", "group", WRITE),
    ("officer_end", "term", WRITE),
    ("bylaws_edit", "group", WRITE),
    ("meeting_create", "group", WRITE),
    ("meeting_edit", "meeting", WRITE),
    ("stage_record", "group", WRITE),
    ("assignment_add", "group", MANAGE),
    ("assignment_end", "assignment", MANAGE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,key,expected", PAGES, ids=[p[0] for p in PAGES])
def test_page_permissions(client_for, objs, name, key, expected):
    url = reverse(f"groups:{name}", args=[objs[key]])
    for role in ROLES:
        assert client_for(role).get(url).status_code == expected[role], role


WRITE_PAGES = [p for p in PAGES if p[2] is not READ]


@pytest.mark.django_db
@pytest.mark.parametrize("name,key,expected", WRITE_PAGES, ids=[p[0] for p in WRITE_PAGES])
def test_post_by_reader_is_refused_and_changes_nothing(client_for, objs, name, key, expected):
    url = reverse(f"groups:{name}", args=[objs[key]])
    data = {
        "left_on": "2024-06-01",
        "leave_reason": "x",
        "end_on": "2024-06-01",
        "name": "Diganti",
        "kind": "kube",
    }
    before = (
        Membership.objects.filter(left_on=None).count(),
        Meeting.objects.count(),
        OfficerTerm.objects.filter(end_on=None).count(),
    )
    for role, status in (("auditor", 403), ("member", 403), ("outsider", 404)):
        assert client_for(role).post(url, data).status_code == status, role
    after = (
        Membership.objects.filter(left_on=None).count(),
        Meeting.objects.count(),
        OfficerTerm.objects.filter(end_on=None).count(),
    )
    assert before == after
    assert not Group.objects.filter(name="Diganti").exists()


@pytest.mark.django_db
def test_member_cannot_see_other_groups(client_for, world):
    c = client_for("member")
    assert c.get(reverse("groups:group_detail", args=[world.group_b.pk])).status_code == 404
    body = c.get(reverse("groups:group_list")).content.decode()
    assert "KUBE Alpha" in body and "KUBE Beta" not in body


@pytest.mark.django_db
def test_group_list_search_filters_and_warning_badges(client_for, world, django_assert_max_num_queries):
    c = client_for("admin")
    body = c.get(reverse("groups:group_list")).content.decode()
    assert "KUBE Alpha" in body and "KUBE Beta" in body
    assert 'data-warning="size"' in body  # KUBE Beta has 3 members
    assert "KUBE Beta" not in c.get(reverse("groups:group_list"), {"q": "alpha"}).content.decode()
    assert (
        "KUBE Alpha" not in c.get(reverse("groups:group_list"), {"programme": world.beta.pk}).content.decode()
    )
    assert "KUBE Alpha" not in c.get(reverse("groups:group_list"), {"kind": "cbo"}).content.decode()
    for i in range(30):
        Group.objects.create(
            name=f"Kelompok {i:02d}", kind="kube", programme=world.alpha, place=world.banyumulek
        )
    with django_assert_max_num_queries(20):  # a page of 25 groups: no query per row
        r = c.get(reverse("groups:group_list"))
    assert r.status_code == 200


@pytest.mark.django_db
def test_group_list_empty_state_says_what_next(client_for, world):
    Membership.objects.filter(group__programme=world.beta).delete()
    Group.objects.filter(programme=world.beta).delete()
    body = client_for("outsider").get(reverse("groups:group_list")).content.decode()
    assert reverse("groups:group_create") in body


@pytest.mark.django_db
def test_group_create_permissions_and_programme_choice(client_for, world):
    url = reverse("groups:group_create")
    for role, status in {
        "manager": 200,
        "outsider": 200,
        "facilitator": 403,
        "officer": 403,
        "member": 403,
        "auditor": 403,
    }.items():
        assert client_for(role).get(url).status_code == status, role
    body = client_for("manager").get(url).content.decode()
    assert "Alpha" in body and ">Beta<" not in body
    # The outsider manages Beta only: posting Alpha is refused by the form's choices.
    r = client_for("outsider").post(
        url, {"programme": world.alpha.pk, "name": "X", "kind": "kube", "place": world.banyumulek.pk}
    )
    assert r.status_code == 200 and not Group.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_manager_founds_a_group_and_sees_site_error(client_for, world):
    c = client_for("manager")
    url = reverse("groups:group_create")
    r = c.post(
        url, {"programme": world.alpha.pk, "name": "KUBE Jauh", "kind": "kube", "place": world.kediri.pk}
    )
    assert r.status_code == 200 and "outside the sites" in r.content.decode()
    r = c.post(
        url,
        {"programme": world.alpha.pk, "name": "KUBE Gerabah", "kind": "kube", "place": world.banyumulek.pk},
    )
    group = Group.objects.get(name="KUBE Gerabah")
    assert r.status_code == 302 and r.url == reverse("groups:group_detail", args=[group.pk])
    assert Bylaws.objects.filter(group=group).exists()


@pytest.mark.django_db
def test_detail_shows_warnings_members_bylaws_and_untrained_badge(client_for, world, manager):
    services.set_bylaws(acting_user=manager, group=world.group_a, mandatory_saving=10_000)
    m = Membership.objects.get(group=world.group_a, person=world.people_a[4])
    services.end_membership(
        acting_user=manager, membership=m, left_on=D(2024, 5, 1), leave_reason="pindah ke Mataram"
    )
    world.staff.trained = False
    world.staff.save()
    body = client_for("member").get(reverse("groups:group_detail", args=[world.group_a.pk])).content.decode()
    assert "No Chair (ketua) in office." in body
    assert "4 active members" in body  # size warning after A5 left
    assert "pindah ke Mataram" in body
    assert "Rp10.000" in body
    assert "not trained" in body
    assert reverse("groups:member_add", args=[world.group_a.pk]) not in body  # members get no write links


@pytest.mark.django_db
def test_facilitator_adds_new_and_existing_member(client_for, world):
    c = client_for("facilitator")
    url = reverse("groups:member_add", args=[world.group_a.pk])
    r = c.post(
        url,
        {
            "mode": "new",
            "full_name": "Inaq Rumini",
            "sex": "P",
            "place": world.banyumulek.pk,
            "joined_on": "2024-04-01",
        },
    )
    assert r.status_code == 302, r.content.decode()
    assert Membership.objects.filter(
        group=world.group_a, person__full_name="Inaq Rumini", left_on=None
    ).exists()
    # An existing person in the facilitator's scope: a former member who rejoins.
    m = Membership.objects.get(group=world.group_a, person=world.people_a[4])
    services.end_membership(
        acting_user=world.users["manager"], membership=m, left_on=D(2024, 5, 1), leave_reason="x"
    )
    body = c.get(url, {"q": "Anggota A5"}).content.decode()
    assert f'value="{world.people_a[4].pk}"' in body
    r = c.post(url, {"mode": "existing", "person": world.people_a[4].pk, "joined_on": "2024-04-01"})
    assert r.status_code == 200 and "rejoining" in r.content.decode()
    r = c.post(url, {"mode": "existing", "person": world.people_a[4].pk, "joined_on": "2024-06-01"})
    assert r.status_code == 302
    # A person outside the facilitator's scope is not a valid choice.
    r = c.post(url, {"mode": "existing", "person": world.people_b[0].pk, "joined_on": "2024-06-01"})
    assert (
        r.status_code == 200
        and not Membership.objects.filter(group=world.group_a, person=world.people_b[0]).exists()
    )


@pytest.mark.django_db
def test_end_membership_asks_for_reason(client_for, world):
    m = Membership.objects.get(group=world.group_a, person=world.people_a[3])
    url = reverse("groups:member_end", args=[m.pk])
    c = client_for("officer")
    assert "Anggota A4" in c.get(url).content.decode()
    r = c.post(url, {"left_on": "2024-06-01", "leave_reason": ""})
    assert r.status_code == 200
    r = c.post(url, {"left_on": "2024-06-01", "leave_reason": "usaha tutup"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.leave_reason == "usaha tutup"


@pytest.mark.django_db
def test_officer_records_meeting_with_checkboxes(client_for, world):
    c = client_for("officer")
    url = reverse("groups:meeting_create", args=[world.group_a.pk])
    body = c.get(url).content.decode()
    assert body.count('type="checkbox"') == 5
    a = world.people_a
    r = c.post(url, {"held_on": "2024-03-05", "minutes": "Setoran wajib", "present": [a[0].pk, a[2].pk]})
    assert r.status_code == 302
    meeting = Meeting.objects.get(group=world.group_a, held_on=D(2024, 3, 5))
    assert set(meeting.attendance.filter(present=True).values_list("person_id", flat=True)) == {
        a[0].pk,
        a[2].pk,
    }
    edit = reverse("groups:meeting_edit", args=[meeting.pk])
    r = c.post(edit, {"held_on": "2024-03-05", "minutes": "Setoran wajib", "present": [a[1].pk]})
    assert r.status_code == 302
    assert list(meeting.attendance.filter(present=True).values_list("person_id", flat=True)) == [a[1].pk]
    assert "1 / 5" in c.get(reverse("groups:meeting_list", args=[world.group_a.pk])).content.decode()


@pytest.mark.django_db
def test_officer_appoints_chair_and_sets_bylaws_and_stage(client_for, world, stages):
    c = client_for("officer")
    r = c.post(
        reverse("groups:officer_appoint", args=[world.group_a.pk]),
        {"person": world.people_a[1].pk, "role": "chair", "start_on": "2024-02-01"},
    )
    assert r.status_code == 302
    assert OfficerTerm.objects.filter(group=world.group_a, role="chair", person=world.people_a[1]).exists()
    data = {
        "principal_saving": "50000",
        "mandatory_saving": "10000",
        "mandatory_period": "monthly",
        "dues": "0",
        "loan_rate_percent_month": "12",
        "loan_method": "flat",
        "arisan_amount": "10000",
        "meeting_cadence": "monthly",
        "quorum_percent": "50",
    }
    r = c.post(reverse("groups:bylaws_edit", args=[world.group_a.pk]), data)
    assert r.status_code == 200 and "1 % a month is 12 % a year" in r.content.decode()
    data["loan_rate_percent_month"] = "1"
    assert c.post(reverse("groups:bylaws_edit", args=[world.group_a.pk]), data).status_code == 302
    assert Bylaws.objects.get(group=world.group_a).mandatory_saving == 10_000
    r = c.post(
        reverse("groups:stage_record", args=[world.group_a.pk]),
        {"stage": stages[1].pk, "reached_on": "2024-04-01", "evidence": "Pelatihan selesai"},
    )
    assert r.status_code == 302
    assert Group.objects.get(pk=world.group_a.pk).stage == stages[1]


@pytest.mark.django_db
def test_manager_assigns_untrained_mentor_and_sees_warning(client_for, world):
    rookie = StaffMember.objects.create(full_name="Pendamping Baru", kind="mentor", trained=False)
    rookie.programmes.add(world.alpha)
    c = client_for("manager")
    r = c.post(
        reverse("groups:assignment_add", args=[world.group_a.pk]),
        {"staff": rookie.pk, "start_on": "2024-03-01"},
        follow=True,
    )
    assert "has not been trained" in r.content.decode()
    a = Assignment.objects.get(group=world.group_a, staff=rookie)
    r = c.post(reverse("groups:assignment_end", args=[a.pk]), {"end_on": "2024-09-30"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.end_on == D(2024, 9, 30)


@pytest.mark.django_db
def test_officer_ends_term(client_for, world):
    term = OfficerTerm.objects.get(group=world.group_a)
    r = client_for("manager").post(reverse("groups:officer_end", args=[term.pk]), {"end_on": "2024-12-31"})
    assert r.status_code == 302
    term.refresh_from_db()
    assert term.end_on == D(2024, 12, 31)


@pytest.mark.django_db
def test_group_edit(client_for, world):
    r = client_for("facilitator").post(
        reverse("groups:group_edit", args=[world.group_a.pk]),
        {
            "name": "KUBE Alpha Gerabah",
            "kind": "kube",
            "place": world.banyumulek.pk,
            "status": "active",
            "business_type": "gerabah",
        },
    )
    assert r.status_code == 302
    group = Group.objects.get(pk=world.group_a.pk)
    assert (group.name, group.business_type) == ("KUBE Alpha Gerabah", "gerabah")
    assert Person.objects.count() == 8  # nothing else touched
    # The confirmation names the group as it is now called.
    from django.contrib.messages import get_messages

    assert [str(m) for m in get_messages(r.wsgi_request)][-1].startswith("KUBE Alpha Gerabah")
