"""PRA pages through HTTP: who may see and do what, and each workflow step."""

import pytest

from berdaya.fieldwork.pra import services
from berdaya.fieldwork.pra.models import (
    DotVote,
    Need,
    PairwiseChoice,
    Participant,
    Potential,
    PraSession,
    Problem,
)
from berdaya.groups.models import Group

from .conftest import HELD

pytestmark = pytest.mark.django_db

READERS = ["admin", "manager", "facilitator", "auditor", "partner", "officer"]
WRITERS = ["admin", "manager", "facilitator"]
READ_ONLY = ["auditor", "partner", "officer"]
NOBODY = ["member", "outsider"]


@pytest.fixture
def full(world, session, problems, participants):
    user = world.users["facilitator"]
    services.cast_dot_votes(
        session=session, person=world.people_a[0], votes={problems[0].pk: 2}, acting_user=user
    )
    pot = services.add_potential(session=session, kind="institution", name="Arisan RT", acting_user=user)
    need = services.add_need(session=session, kind="need", text="Modal kerja", votes=3, acting_user=user)
    [suggestion] = services.suggest_groups(session=session, acting_user=user)
    return {"pot": pot, "need": need, "suggestion": suggestion}


def _read_urls(session):
    return ["/pra/", f"/pra/{session.pk}/", f"/pra/{session.pk}/ranking/"]


def _write_urls(session, problems, participants, full):
    s = session.pk
    return [
        "/pra/new/",
        f"/pra/{s}/edit/",
        f"/pra/{s}/delete/",
        f"/pra/{s}/participants/add/",
        f"/pra/{s}/participants/new/",
        f"/pra/participants/{participants[0].pk}/edit/",
        f"/pra/participants/{participants[0].pk}/remove/",
        f"/pra/{s}/problems/add/",
        f"/pra/problems/{problems[0].pk}/edit/",
        f"/pra/problems/{problems[0].pk}/remove/",
        f"/pra/{s}/vote/",
        f"/pra/{s}/pairwise/",
        f"/pra/{s}/potentials/add/",
        f"/pra/potentials/{full['pot'].pk}/remove/",
        f"/pra/{s}/needs/add/",
        f"/pra/needs/{full['need'].pk}/edit/",
        f"/pra/needs/{full['need'].pk}/remove/",
        f"/pra/{s}/suggestions/add/",
        f"/pra/suggestions/{full['suggestion'].pk}/edit/",
        f"/pra/suggestions/{full['suggestion'].pk}/remove/",
        f"/pra/{s}/create-groups/",
        f"/pra/{s}/suggest/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_pages(client_for, session, full, role):
    c = client_for(role)
    for url in _read_urls(session):
        r = c.get(url)
        assert r.status_code == 200, url
    assert b"PRA Banyumulek" in c.get("/pra/").content


@pytest.mark.parametrize("role", WRITERS)
def test_writers_reach_every_form(client_for, session, problems, participants, full, role):
    c = client_for(role)
    for url in _write_urls(session, problems, participants, full):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_get_403_on_every_write(client_for, session, problems, participants, full, role):
    c = client_for(role)
    for url in _write_urls(session, problems, participants, full)[1:]:
        assert c.get(url).status_code == 403, url
        assert c.post(url, {}).status_code == 403, url
    assert c.get("/pra/new/").status_code == 403
    for url in [f"/pra/{session.pk}/suggestions/move/"]:
        assert c.post(url, {}).status_code == 403, url


@pytest.mark.parametrize("role", NOBODY)
def test_member_and_outsider_get_404(client_for, session, problems, participants, full, role):
    c = client_for(role)
    for url in _read_urls(session)[1:] + _write_urls(session, problems, participants, full)[1:]:
        assert c.get(url).status_code == 404, url
    if role == "member":
        assert c.get("/pra/").status_code == 404
    else:
        r = c.get("/pra/")
        assert r.status_code == 200 and b"PRA Banyumulek" not in r.content


def test_list_search_filter_and_empty_state(client_for, world, session):
    c = client_for("manager")
    assert b"PRA Banyumulek" in c.get("/pra/", {"q": "banyumulek"}).content
    assert b"No session matches" in c.get("/pra/", {"q": "surabaya"}).content
    assert b"PRA Banyumulek" in c.get("/pra/", {"programme": world.alpha.pk, "site": world.site_a.pk}).content
    assert b"No session matches" in c.get("/pra/", {"programme": world.beta.pk}).content
    PraSession.objects.all().delete()
    assert b"Open the first session" in c.get("/pra/").content


def test_facilitator_runs_the_workshop_through_the_pages(client_for, world):
    c = client_for("facilitator")
    r = c.post(
        "/pra/new/",
        {
            "site": world.site_a.pk,
            "title": "PRA Dusun",
            "held_on": HELD.isoformat(),
            "dots_per_participant": 3,
        },
    )
    session = PraSession.objects.get(title="PRA Dusun")
    assert r.status_code == 302
    for person in world.people_a:
        r = c.post(
            f"/pra/{session.pk}/participants/add/",
            {"person": person.pk, "business_interest": "gerabah", "skills": "membentuk"},
        )
        assert r.status_code == 302, r.content
    r = c.post(
        f"/pra/{session.pk}/participants/new/",
        {"full_name": "Inaq Baru", "sex": "P", "place": world.banyumulek.pk, "business_interest": "tenun"},
    )
    assert r.status_code == 302
    assert session.participants.count() == 6
    for title in ["Modal", "Pemasaran"]:
        assert c.post(f"/pra/{session.pk}/problems/add/", {"title": title}).status_code == 302
    modal, pasar = Problem.objects.filter(session=session).order_by("pk")
    parts = list(session.participants.order_by("pk"))
    data = {f"v-{p.pk}-{modal.pk}": "2" for p in parts}
    data.update({f"v-{p.pk}-{pasar.pk}": "1" for p in parts[:3]})
    assert c.post(f"/pra/{session.pk}/vote/", data).status_code == 302
    assert DotVote.objects.filter(problem=modal).count() == 6
    # One bad ballot: nothing is saved, the page says whose.
    data[f"v-{parts[0].pk}-{pasar.pk}"] = "2"
    r = c.post(f"/pra/{session.pk}/vote/", data)
    assert r.status_code == 200 and b"Nothing was saved" in r.content and b"cast 4 dots" in r.content
    assert DotVote.objects.filter(problem=pasar).count() == 3
    r = c.post(f"/pra/{session.pk}/pairwise/", {f"pair-{modal.pk}-{pasar.pk}": modal.pk})
    assert r.status_code == 302 and PairwiseChoice.objects.count() == 1
    assert (
        c.post(f"/pra/{session.pk}/potentials/add/", {"kind": "institution", "name": "Posyandu"}).status_code
        == 302
    )
    assert (
        c.post(f"/pra/{session.pk}/needs/add/", {"kind": "need", "text": "Modal", "votes": 5}).status_code
        == 302
    )
    detail = c.get(f"/pra/{session.pk}/").content.decode()
    assert 'data-testid="dot-chart"' in detail and "<rect" in detail and "1. Modal" in detail
    assert c.post(f"/pra/{session.pk}/suggest/").status_code == 302
    suggestion = session.suggestions.get()
    detail = c.get(f"/pra/{session.pk}/").content.decode()
    assert "All 5 chose gerabah." in detail
    assert "Only 1 person chose tenun; a group needs at least 5." in detail
    assert (
        c.post(
            f"/pra/suggestions/{suggestion.pk}/edit/", {"name": "KUBE Gerabah Dusun", "business": "gerabah"}
        ).status_code
        == 302
    )
    r = c.post(f"/pra/{session.pk}/create-groups/", {"kind": "kube", "founded_on": ""})
    assert r.status_code == 302
    group = Group.objects.get(name="KUBE Gerabah Dusun")
    assert group.memberships.count() == 5
    detail = c.get(f"/pra/{session.pk}/").content.decode()
    assert f"/groups/{group.pk}/" in detail


def test_printable_ranking_and_pdf(client_for, session, full):
    c = client_for("auditor")
    r = c.get(f"/pra/{session.pk}/ranking/")
    assert r.status_code == 200 and b"Problem ranking" in r.content and b"<svg" in r.content
    r = c.get(f"/pra/{session.pk}/ranking/", {"format": "pdf"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_removing_things_asks_first(client_for, session, problems, participants, full):
    c = client_for("manager")
    r = c.get(f"/pra/participants/{participants[0].pk}/remove/")
    assert b"Remove" in r.content and Participant.objects.filter(pk=participants[0].pk).exists()
    assert c.post(f"/pra/participants/{participants[0].pk}/remove/").status_code == 302
    assert not Participant.objects.filter(pk=participants[0].pk).exists()
    assert c.post(f"/pra/potentials/{full['pot'].pk}/remove/").status_code == 302
    assert not Potential.objects.exists()
    assert c.post(f"/pra/needs/{full['need'].pk}/remove/").status_code == 302
    assert not Need.objects.exists()
    assert c.post(f"/pra/problems/{problems[2].pk}/remove/").status_code == 302
    assert c.post(f"/pra/{session.pk}/delete/").status_code == 302
    assert not PraSession.objects.exists()


def test_move_between_suggestions(client_for, session, participants, full):
    c = client_for("facilitator")
    r = c.post(f"/pra/{session.pk}/suggestions/move/", {"participant": participants[0].pk, "to": ""})
    assert r.status_code == 302
    detail = c.get(f"/pra/{session.pk}/").content.decode()
    assert "Taken out of the suggestions by the facilitator." in detail
    assert "Not ready to create the groups" in detail
    assert (
        c.post(f"/pra/{session.pk}/suggestions/move/", {"participant": 999999, "to": ""}).status_code == 404
    )


def test_indonesian_page_draws_the_chart_without_decimal_commas(client_for, session, full, indonesian):
    """Indonesian formats 240.0 as "240,0"; SVG would then draw no bar at all."""
    import re

    r = client_for("manager").get(f"/pra/{session.pk}/")
    assert r.status_code == 200
    widths = re.findall(r'<rect x="0" y="([^"]+)" width="([^"]+)"', r.content.decode())
    assert len(widths) == 3
    assert all(re.fullmatch(r"[0-9.]+", y) and re.fullmatch(r"[0-9.]+", w) for y, w in widths)
    assert float(widths[0][1]) > 0


def test_pairwise_tie_is_explained_head_to_head(world, session, problems):
    from berdaya.fieldwork.pra import queries

    modal, pasar, alat = problems
    services.record_pairwise(
        session=session,
        choices=[(modal.pk, pasar.pk, modal.pk), (modal.pk, alat.pk, alat.pk), (pasar.pk, alat.pk, pasar.pk)],
        acting_user=world.users["facilitator"],
    )
    rows = queries.pairwise_ranking(session)
    assert [(r.name, r.score, r.rank) for r in rows] == [("Alat", 1, 1), ("Modal", 1, 1), ("Pemasaran", 1, 1)]
    assert queries.tie_note(rows[0], pairwise=True) == (
        "Tied with Modal, Pemasaran on 1 win; they share rank 1 "
        "(head to head with Modal: 1–0; head to head with Pemasaran: 0–1)."
    )


def test_session_page_queries_do_not_grow_with_participants(client_for, world, session, problems):
    """Set-based reads: twice the participants, votes and suggestions, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from berdaya.people.models import Person

    user = world.users["admin"]
    c = client_for("admin")

    def add(n):
        for i in range(n):
            person = Person.objects.create(
                full_name=f"Warga {Person.objects.count()}", sex="P", place=world.banyumulek
            )
            services.add_participant(
                session=session, person=person, business_interest="kue", skills="masak", acting_user=user
            )
            services.cast_dot_votes(
                session=session, person=person, votes={problems[i % 3].pk: 1}, acting_user=user
            )
        services.suggest_groups(session=session, acting_user=user)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/pra/{session.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert add(6) == add(6)


def test_suggesting_again_asks_before_replacing_adjusted_suggestions(client_for, session, participants, full):
    c = client_for("facilitator")
    services.update_suggestion(suggestion=full["suggestion"], name="KUBE Gerabah Timur", acting_user=None)
    r = c.get(f"/pra/{session.pk}/suggest/")
    assert b"Replace the 1 pending suggestion" in r.content
    assert session.suggestions.get().name == "KUBE Gerabah Timur"
    assert c.post(f"/pra/{session.pk}/suggest/").status_code == 302
    assert session.suggestions.get().name == "gerabah group"


def test_add_another_comes_back_to_the_same_form(client_for, world, session):
    """ "Save and add another" returns to the empty form (with a message); a plain save goes to the list."""
    c = client_for("facilitator")
    first, second = world.people_a[:2]
    r = c.post(f"/pra/{session.pk}/participants/add/", {"person": first.pk, "another": "1"})
    assert r.status_code == 302 and r.url == f"/pra/{session.pk}/participants/add/"
    assert f"{first.full_name} added." in [str(m) for m in r.wsgi_request._messages]
    r = c.post(f"/pra/{session.pk}/participants/add/", {"person": second.pk})
    assert r.status_code == 302 and r.url == f"/pra/{session.pk}/#participants"
    r = c.post(f"/pra/{session.pk}/problems/add/", {"title": "Pemasaran"})
    assert r.status_code == 302 and r.url == f"/pra/{session.pk}/#problems"
    assert "Problem added." not in [str(m) for m in r.wsgi_request._messages]
    r = c.post(f"/pra/{session.pk}/problems/add/", {"title": "Modal", "another": "1"})
    assert r.status_code == 302 and r.url == f"/pra/{session.pk}/problems/add/"
    assert "Problem added." in [str(m) for m in r.wsgi_request._messages]
