"""A PRA session and a training at the Alpha site (seed 004's problems, seed 002's pottery training),
and the export fixtures with their ids filled in.

The export files are real-shaped ODK Central and Kobo exports. Their choice values carry database ids
(``g12``, ``p45``), which differ from run to run, so the files hold ``@GROUP_A@``-style placeholders that
``export`` replaces with this run's ids (in the XLSX, cell by cell).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date


@pytest.fixture
def field(world):
    from berdaya.fieldwork.pra import services as pra
    from berdaya.fieldwork.training import services as training

    admin = world.users["admin"]
    session = pra.create_session(
        site=world.site_a, title="PRA Pedukuhan Senik", held_on=D(2025, 9, 2), dots_per_participant=3,
        acting_user=admin,
    )  # fmt: skip
    problems = [
        pra.add_problem(session=session, title=title, acting_user=admin)
        for title in ("Kekurangan modal usaha", "Rumah kontrakan sempit", "Kesehatan")
    ]
    for person in world.people_a:
        pra.add_participant(session=session, person=person, acting_user=admin)
    other = pra.create_session(
        site=world.site_a, title="PRA lanjutan", held_on=D(2025, 9, 20), acting_user=admin
    )
    course = training.create_training(
        programme=world.alpha, title="Pelatihan diversifikasi gerabah modern", starts_on=D(2025, 9, 15),
        ends_on=D(2025, 9, 17), site=world.site_a, acting_user=admin,
    )  # fmt: skip
    sessions = [
        training.add_session(training=course, on_date=D(2025, 9, 15), topic="Desain gerabah modern",
                             acting_user=admin),
        training.add_session(training=course, on_date=D(2025, 9, 16), topic="Praktik pembakaran",
                             method="practice", acting_user=admin),
        training.add_session(training=course, on_date=D(2025, 9, 17), topic="Kunjungan lapangan ke Kasongan",
                             method="field_visit", acting_user=admin),
    ]  # fmt: skip
    training.add_participants(training=course, people=world.people_a[:3], acting_user=admin)

    class Field:
        pass

    f = Field()
    f.session, f.problems, f.other_session = session, problems, other
    f.training, f.sessions = course, sessions
    return f


@pytest.fixture
def specs(world, field):
    from berdaya.fieldwork.odk.xlsform import spec_for

    return {
        "visit": spec_for("visit", world.alpha.pk),
        "pra_vote": spec_for("pra_vote", field.session.pk),
        "attendance": spec_for("attendance", field.training.pk),
    }


@pytest.fixture
def placeholders(world, field, specs):
    values = {
        "PROGRAMME": world.alpha.pk,
        "MENTOR": world.staff.pk,
        "GROUP_A": world.group_a.pk,
        "SESSION": field.session.pk,
        "OTHER_SESSION": field.other_session.pk,
        "TRAINING": field.training.pk,
    }
    values.update({f"PERSON_A{i}": p.pk for i, p in enumerate(world.people_a, start=1)})
    values.update({f"PROBLEM_{i}": p.pk for i, p in enumerate(field.problems, start=1)})
    values.update({f"TSESSION_{i}": s.pk for i, s in enumerate(field.sessions, start=1)})
    return values


@pytest.fixture
def export(placeholders, specs):
    """export("kobo_visits.csv") → the fixture's bytes with this run's ids (and the form version)."""

    def fill(text: str, kind: str) -> str:
        text = text.replace("@VERSION@", specs[kind].version)
        for key in sorted(placeholders, key=len, reverse=True):
            text = text.replace(f"@{key}@", str(placeholders[key]))
        return text

    def load(name: str) -> bytes:
        kind = "visit" if "visit" in name else "pra_vote" if "pra" in name else "attendance"
        data = (FIXTURES / name).read_bytes()
        if not name.endswith(".xlsx"):
            return fill(data.decode("utf-8"), kind).encode("utf-8")
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        for row in book.active.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = fill(cell.value, kind)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return load
