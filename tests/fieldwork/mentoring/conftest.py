"""Mentoring fixtures on top of the shared ``world``: a visit to KUBE Alpha by its mentor."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring import services

D = dt.date


@pytest.fixture
def visit(world):
    v, _created = services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        group=world.group_a,
        visited_on=D(2025, 9, 4),
        technique="discussion",
        productive_topics="Pembukuan kelompok dan dana stimulan",
        issues="Sebagian dana stimulan masih di kas koperasi",
        actions=[{"text": "Bendahara menyalin buku kas", "owner": "Anggota A1", "due_on": D(2025, 9, 18)}],
        next_visit_on=D(2025, 9, 18),
        acting_user=world.users["facilitator"],
    )
    return v


@pytest.fixture
def report(world, visit):
    return services.draft_monthly_report(
        mentor=world.staff, programme=world.alpha, month=D(2025, 9, 1), acting_user=world.users["facilitator"]
    )
