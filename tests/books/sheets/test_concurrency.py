"""Concurrent meeting postings to one group lose nothing (real threads, real transactions, both databases)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from berdaya.books import chart
from berdaya.books.queries import balance, member_balances
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import LineInput, post_meeting
from berdaya.core.errors import ServiceError
from berdaya.groups.services import record_meeting


def _run_all(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
            outcomes.append("posted")
        except ServiceError as e:
            outcomes.append(f"refused: {e.code}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_four_meetings_posted_at_once_all_count(world, bylaws):
    officer = world.users["officer"]
    open_book(group=world.group_a)
    meetings = [
        record_meeting(acting_user=officer, group=world.group_a, held_on=dt.date(2025, 1, 6 + 7 * i))
        for i in range(4)
    ]
    people = world.people_a

    def job(meeting, i):
        lines = [
            LineInput(person_id=p.pk, present=True, mandatory_saving=5_000, voluntary_saving=1_000 * i)
            for p in people
        ]
        # Every sheet counts only its own takings: the cash box is counted as the lines' total plus what the
        # books held before; with concurrent sheets on other dates the "before" differs, so each explains
        # any difference rather than failing.
        return lambda: post_meeting(
            meeting=meeting,
            lines=lines,
            cash_counted=sum(line.net_cash for line in lines),
            difference_reason="dihitung per pertemuan",
            acting_user=officer,
            idempotency_key=f"sheet-{meeting.pk}",
        )

    outcomes = _run_all([job(m, i) for i, m in enumerate(meetings)])
    assert outcomes == ["posted"] * 4
    book = open_book(group=world.group_a)
    held = member_balances(book, [chart.MANDATORY, chart.VOLUNTARY])
    for p in people:
        assert held[p.pk] == {chart.MANDATORY: 20_000, chart.VOLUNTARY: 6_000}
    assert CollectionSheet.objects.count() == 4
    assert balance(book, chart.MANDATORY) == 5 * 20_000


@pytest.mark.django_db(transaction=True)
def test_the_same_sheet_sent_twice_at_once_posts_once(world, bylaws):
    officer = world.users["officer"]
    open_book(group=world.group_a)
    meeting = record_meeting(acting_user=officer, group=world.group_a, held_on=dt.date(2025, 2, 3))
    lines = [LineInput(person_id=p.pk, present=True, mandatory_saving=5_000) for p in world.people_a]

    def post():
        post_meeting(
            meeting=meeting, lines=lines, cash_counted=25_000, acting_user=officer, idempotency_key="same"
        )

    outcomes = _run_all([post, post])
    assert outcomes == ["posted", "posted"]  # the second returns the first posting
    assert CollectionSheet.objects.count() == 1
    assert balance(open_book(group=world.group_a), chart.CASH) == 25_000
