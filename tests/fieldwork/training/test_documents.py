"""The printable attendance list and certificate: pages, PDFs that show the names, and the refusal."""

import pytest
from django.urls import reverse

from berdaya.fieldwork.training import services

from .pdftext import contains

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(world, training):
    admin = world.users["admin"]
    a = world.people_a
    s1, s2, s3 = training.sessions.all()
    services.record_session_attendance(session=s1, present_ids=[p.pk for p in a], acting_user=admin)
    services.record_session_attendance(session=s2, present_ids=[a[0].pk, a[1].pk, a[2].pk], acting_user=admin)
    services.record_session_attendance(session=s3, present_ids=[a[0].pk, a[1].pk], acting_user=admin)
    return training


def test_certificate_page_and_pdf(client_for, world, attended):
    c = client_for("facilitator")
    url = reverse("training:certificate", args=[attended.pk, world.people_a[0].pk])
    page = c.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anggota A1" in text and "Pelatihan gerabah modern" in text and "3 of 3 sessions (100%)" in text
    pdf = c.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert contains(pdf.content, "Anggota A1")
    assert contains(pdf.content, "Pelatihan gerabah modern")


def test_certificate_refused_with_the_reason(client_for, world, attended):
    c = client_for("manager")
    url = reverse("training:certificate", args=[attended.pk, world.people_a[4].pk])
    r = c.get(url)
    assert r.status_code == 409
    assert "Anggota A5 attended 1 of 3 sessions (33%), and at least 75% is needed." in r.content.decode()
    assert c.get(url + "?format=pdf")["Content-Type"] != "application/pdf"
    detail = c.get(reverse("training:training_detail", args=[attended.pk])).content.decode()
    assert "No certificate: Anggota A5 attended 1 of 3 sessions" in detail
    # Someone who is not a participant has no certificate page at all.
    assert c.get(reverse("training:certificate", args=[attended.pk, world.people_b[0].pk])).status_code == 404


def test_attendance_list_for_the_training_and_one_session(client_for, world, attended):
    c = client_for("auditor")
    url = reverse("training:attendance_list", args=[attended.pk])
    page = c.get(url).content.decode()
    assert "Signature" in page and all(p.full_name in page for p in world.people_a)
    assert "Kunjungan showroom" in page
    pdf = c.get(url + "?format=pdf")
    assert pdf.content.startswith(b"%PDF") and contains(pdf.content, "Anggota A5")
    session = attended.sessions.last()
    one = c.get(url + f"?session={session.pk}").content.decode()
    assert "Kunjungan showroom" in one and "Day 3" in one
    pdf = c.get(url + f"?session={session.pk}&format=pdf")
    assert pdf.content.startswith(b"%PDF") and contains(pdf.content, "Anggota A2")
    assert c.get(url + "?session=999999").status_code == 404
