import pytest
from django.urls import reverse

from berdaya.core.context_processors import _NAV


def test_every_navigation_entry_resolves():
    for name, _label, _who in _NAV:
        assert reverse(name)


@pytest.mark.django_db
def test_admin_sees_every_entry_but_the_members_own_and_member_fewer(client_for):
    admin_page = client_for("admin").get(reverse("home"))
    assert admin_page.status_code == 200
    labels = [str(item["label"]) for item in admin_page.context["nav_items"]]
    assert labels == [str(label) for _name, label, who in _NAV if who != "member"]
    member_page = client_for("member").get(reverse("home"))
    member_labels = [str(item["label"]) for item in member_page.context["nav_items"]]
    assert "My loans" in member_labels and "Audit log" not in member_labels
    assert len(member_labels) < len(_NAV)


@pytest.mark.django_db
def test_pages_need_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


@pytest.mark.django_db
def test_indonesian_by_default_english_on_switch(client_for, indonesian):
    c = client_for("manager")
    assert 'lang="id"' in c.get(reverse("home")).content.decode()
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in c.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_pages_speak_indonesian_by_default(client_for, indonesian):
    body = client_for("manager").get(reverse("groups:group_list")).content.decode()
    assert "Kelompok" in body and "Keluar" in body


@pytest.mark.django_db
def test_refusals_and_missing_pages_are_explained_in_the_layout(client_for):
    officer = client_for("officer")
    refused = officer.get(reverse("imports:import_start"))
    assert refused.status_code == 403
    assert "Not allowed" in refused.content.decode() and 'class="topbar"' in refused.content.decode()
    missing = client_for("member").get("/groups/999999/")
    assert missing.status_code == 404 and "Not found" in missing.content.decode()
