"""Worked example from seed 004 (Palembang): the two groups formed at the PRA write their business plans.

KUBE Sedap Malam (cakes, Kelurahan 13 Ilir) and KUBE Jaya Bersama (tailoring, 10 Ilir) get the plans of
the demo (``berdaya.demo.fieldwork_plans``), loaded through the services: success circle, SWOT,
pledges of a sewing machine, materials, labour and money, the steps the seed lists, and an activity
calendar running from the PRA of June 2025. The figures below are what the seed's plans add up to.
"""

import datetime as dt

import pytest

from berdaya.demo import fieldwork_plans
from berdaya.fieldwork.plans import queries
from berdaya.fieldwork.plans.models import BusinessPlan, CalendarItem
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Programme

D = dt.date
AS_OF = D(2026, 11, 23)  # the demo's day
SEDAP_MALAM = ["Nyimas Zubaidah", "Yusnita", "Rohani", "Erna Wati", "Siti Fatimah", "Maryati"]
JAYA_BERSAMA = ["Kgs. Abdul Rahman", "Nurlela", "Dewi Anggraini", "Ujang Sopian", "Sumarti", "Hendra Saputra"]


@pytest.fixture
def palembang(world):
    programme = Programme.objects.create(name=fieldwork_plans.PROGRAMME, model_type="migrant")
    groups = {}
    for name, code, people in [
        ("KUBE Sedap Malam", "16.71.05.1003", SEDAP_MALAM),
        ("KUBE Jaya Bersama", "16.71.18.1003", JAYA_BERSAMA),
    ]:
        place = Place.objects.get(code=code)
        group = Group.objects.create(name=name, kind="kube", programme=programme, place=place)
        for full_name in people:
            person = Person.objects.create(full_name=full_name, sex="P", place=place)
            Membership.objects.create(group=group, person=person, joined_on=D(2025, 6, 12))
        groups[name] = group
    return groups


@pytest.mark.django_db
def test_the_palembang_plans(world, palembang):
    created = fieldwork_plans.load(acting_user=world.users["admin"])
    assert created == 2 + 11 + 14 + 12 + 7 + 13  # plans, circle answers, SWOT, pledges, steps, calendar rows
    assert fieldwork_plans.load(acting_user=world.users["admin"]) == 0  # idempotent

    sedap = BusinessPlan.objects.get(group=palembang["KUBE Sedap Malam"])
    jaya = BusinessPlan.objects.get(group=palembang["KUBE Jaya Bersama"])
    assert {f.text for f in sedap.success_factors.filter(ring="family")} == {
        "Bisa menabung",
        "Menyekolahkan anak",
        "Kebutuhan keluarga tercukupi",
    }
    assert jaya.swot.filter(quadrant="W", text="Banyak kesulitan dalam keluarga").exists()

    # "menyumbang mesin jahit, bahan/alat, tenaga, modal": the totals per kind.
    totals = {t.kind: t for t in queries.commitment_totals(jaya)}
    assert (totals["tools"].count, totals["tools"].amount) == (2, 1_350_000)
    assert totals["tools"].quantities == [(1, "mesin")]
    assert totals["labour"].quantities == [(5, "hari/minggu")]
    assert (totals["cash"].count, totals["cash"].amount) == (1, 100_000)
    assert totals["other"].count == 1
    assert jaya.commitments.get(kind="tools", amount=1_200_000).who == "Kgs. Abdul Rahman"

    # The tailors' steps, in the seed's order, each with an owner and a date.
    assert [s.text for s in jaya.steps.all()] == [
        "Belajar menjahit",
        "Mencari tempat",
        "Mencari modal",
        "Mencari bahan",
    ]
    assert all(s.who and s.due_on for s in jaya.steps.all())

    # On the demo's day some activities are done, some overdue (the mentor's follow-ups), some ahead.
    statuses = {i.activity: queries.item_status(i, AS_OF) for i in CalendarItem.objects.all()}
    assert statuses["Belajar menjahit bersama"] == "done"
    assert statuses["Membeli kain dan benang"] == "overdue"
    assert statuses["Promosi ke sekolah dan kantor kelurahan"] == "running"
    assert statuses["Pesanan seragam tahun ajaran baru"] == "planned"
    overdue = [i.activity for i in queries.open_calendar_items() if i.due_on < AS_OF]
    assert overdue == [
        "Membeli kain dan benang",
        "Mencari tempat produksi bersama",
        "Pembukuan kas kelompok setiap rapat",
    ]

    grid = queries.calendar_grid(sedap.calendar.all(), AS_OF)
    assert grid.months[0] == D(2025, 7, 1) and grid.months[-1] == D(2027, 3, 1)
    stock = next(r for r in grid.rows if r["item"].activity == "Belanja tepung, gula dan telur")
    assert stock["cells"][0] and not any(stock["cells"][1:])


@pytest.mark.django_db
def test_the_printed_calendar_of_jaya_bersama(world, palembang, client_for):
    fieldwork_plans.load(acting_user=world.users["admin"])
    jaya = BusinessPlan.objects.get(group=palembang["KUBE Jaya Bersama"])
    page = client_for("admin").get(f"/plans/{jaya.pk}/calendar/").content.decode()
    for text in (
        "KUBE Jaya Bersama",
        "Menjahit pakaian dan seragam",
        "Membeli kain dan benang",
        "Chair of the group",
    ):
        assert text in page
    # June 2025 to July 2027: 26 month columns, all of them on the page.
    assert page.count('class="month"') == 26 and "Only the first" not in page
