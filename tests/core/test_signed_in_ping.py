"""The signed-in trivial view: the page benchmark's floor for any signed-in request."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_signed_in_ping_needs_login(client):
    r = client.get(reverse("signed_in_ping"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


@pytest.mark.django_db
def test_signed_in_ping_answers_one_line_reading_only_session_and_user(client_for, django_assert_num_queries):
    c = client_for("member")
    # Session and user and nothing else: no template, no context processor, no scope query.
    with django_assert_num_queries(2):
        r = c.get(reverse("signed_in_ping"))
    assert r.status_code == 200
    assert r.content == b"ok" and r["Content-Type"].startswith("text/plain")
