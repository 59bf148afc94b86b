"""A list page and its API endpoint find the same rows for the same search words."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page,api,word,expected",
    [
        ("programs:programme_list", "/api/v1/programmes/", "APBD", "Alpha"),
        ("programs:staff_list", "/api/v1/staff/", "Sosial", "Pendamping Satu"),
        ("audit:entry_list", "/api/v1/audit/", "manager", "Beta"),
    ],
)
def test_page_and_api_search_alike(world, client_for, api_for, page, api, word, expected):
    from berdaya.audit.log import record
    from berdaya.programs import services

    services.update_programme(
        acting_user=world.users["admin"], programme=world.alpha, funding_source="APBD NTB"
    )
    world.staff.agency = world.agency
    world.staff.save(update_fields=["agency"])
    record(actor=world.users["manager"], action="update", obj=world.beta)
    role = "admin"
    html = client_for(role).get(reverse(page), {"q": word}).content.decode()
    data = api_for(role).get(api, {"q": word}).json()
    assert expected in html
    assert expected in str(data["results"])
