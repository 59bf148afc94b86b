"""The user's scope is read once per read-only request, and never cached outside one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berdaya.accounts import access, scope_cache


def _scope_reads(captured) -> int:
    # The one query that reads a user's explicitly assigned groups.
    return sum(1 for q in captured if "accounts_user_scope_groups" in q["sql"])


class _Request:
    """Open and close the request cache as its request_started / request_finished receivers do.

    (Sending the signals themselves would also run Django's close_old_connections inside the test's
    transaction; the last test below goes through the real handler.)
    """

    def __init__(self, method: str):
        self.method = method

    def __enter__(self):
        scope_cache._open(sender=None, environ={"REQUEST_METHOD": self.method})

    def __exit__(self, *exc):
        scope_cache._close(sender=None)


@pytest.mark.django_db
def test_outside_a_request_every_call_reads_the_scope_again(world):
    manager = world.users["manager"]
    assert set(access.visible_groups(manager)) == {world.group_a}
    manager.scope_groups.add(world.group_b)
    assert set(access.visible_groups(manager)) == {world.group_a, world.group_b}
    with CaptureQueriesContext(connection) as ctx:
        list(access.visible_groups(manager))
        list(access.visible_groups(manager))
    assert _scope_reads(ctx.captured_queries) == 2


@pytest.mark.django_db
def test_a_get_request_reads_the_scope_once(world):
    manager = world.users["manager"]
    with _Request("GET"), CaptureQueriesContext(connection) as ctx:
        first = set(access.visible_groups(manager))
        second = set(access.visible_groups(manager))
        programmes = set(access.visible_programmes(manager))
    assert first == second == {world.group_a} and programmes == {world.alpha}
    assert _scope_reads(ctx.captured_queries) == 1


@pytest.mark.django_db
def test_a_write_during_the_request_forgets_the_scope(world):
    from berdaya.programs.models import Site

    manager = world.users["manager"]
    with _Request("GET"):
        assert set(access.visible_persons(manager)) == set(world.people_a)
        Site.objects.create(programme=world.alpha, place=world.kediri)  # a save empties the cache
        assert set(access.visible_persons(manager)) == set(world.people_a) | set(world.people_b)
        assert set(access.visible_groups(manager)) == {world.group_a}
        manager.scope_groups.add(world.group_b)  # so does a many-to-many change
        assert set(access.visible_groups(manager)) == {world.group_a, world.group_b}


@pytest.mark.django_db
def test_a_post_request_does_not_cache(world):
    manager = world.users["manager"]
    with _Request("POST"), CaptureQueriesContext(connection) as ctx:
        list(access.visible_groups(manager))
        list(access.visible_groups(manager))
    assert _scope_reads(ctx.captured_queries) == 2


@pytest.mark.django_db
def test_pages_answer_the_same_with_the_cache(world, client_for):
    # The group list asks for the scope four times (list, count, programme filter, "new group" button).
    c = client_for("manager")
    with CaptureQueriesContext(connection) as ctx:
        body = c.get(reverse("groups:group_list")).content.decode()
    assert "KUBE Alpha" in body and "KUBE Beta" not in body
    assert _scope_reads(ctx.captured_queries) == 1
