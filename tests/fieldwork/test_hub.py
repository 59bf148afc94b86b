import pytest
from django.urls import reverse

from berdaya.fieldwork.views import AREAS


def test_every_fieldwork_area_resolves():
    for name, _title, _purpose in AREAS:
        assert reverse(name)


@pytest.mark.django_db
def test_hub_lists_every_area_for_staff_and_hides_from_members(client_for):
    page = client_for("facilitator").get(reverse("fieldwork:hub"))
    assert page.status_code == 200
    assert len(page.context["areas"]) == len(AREAS)
    body = page.content.decode()
    for name, _title, _purpose in AREAS:
        assert reverse(name) in body
    assert client_for("member").get(reverse("fieldwork:hub")).status_code == 404


@pytest.mark.django_db
def test_group_page_leads_to_its_plan_and_visits(client_for, world):
    url = reverse("groups:group_detail", args=[world.group_a.pk])
    body = client_for("facilitator").get(url).content.decode()
    assert reverse("plans:plan_for_group", args=[world.group_a.pk]) in body
    assert f"{reverse('mentoring:visit_create')}?group={world.group_a.pk}" in body
    auditor_body = client_for("auditor").get(url).content.decode()
    assert reverse("plans:plan_for_group", args=[world.group_a.pk]) in auditor_body
    assert reverse("mentoring:visit_create") not in auditor_body
    member_body = client_for("member").get(url).content.decode()
    assert reverse("plans:plan_for_group", args=[world.group_a.pk]) not in member_body
