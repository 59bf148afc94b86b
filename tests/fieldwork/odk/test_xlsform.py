"""The three forms are valid XLSForms (pyxform builds an XForm from each, as ODK Central and Kobo do),
carry both languages, and list exactly the programme's / session's / training's data."""

import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from berdaya.fieldwork.odk import xlsform

XF = "{http://www.w3.org/2002/xforms}"


def _xform(spec):
    warnings: list = []
    result = convert(xlsform.workbook_bytes(spec), file_type=".xlsx", warnings=warnings)
    root = ET.fromstring(result.xform)
    return root, warnings


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["visit", "pra_vote", "attendance"])
def test_each_form_is_a_valid_xform(specs, kind):
    spec = specs[kind]
    root, warnings = _xform(spec)
    assert warnings == []
    instance = root.find(f".//{XF}instance")
    data = instance[0]
    assert data.get("id") == spec.form_id
    assert data.get("version") == spec.version
    assert data.find(f"{XF}meta/{XF}instanceID") is not None
    langs = {t.get("lang") for t in root.iter(f"{XF}translation")}
    assert langs == {"Indonesian (id)", "English (en)"}


@pytest.mark.django_db
def test_visit_form_lists_the_programme(world, specs):
    spec = specs["visit"]
    book = load_workbook(io.BytesIO(xlsform.workbook_bytes(spec)))
    assert book.sheetnames == ["survey", "choices", "settings"]
    choices = {(r[0], r[1]): r[2] for r in book["choices"].iter_rows(min_row=2, values_only=True)}
    assert choices[("groups", f"g{world.group_a.pk}")] == "KUBE Alpha"
    assert ("groups", f"g{world.group_b.pk}") not in choices  # Beta's group is not in Alpha's form
    assert choices[("mentors", f"m{world.staff.pk}")] == "Pendamping Satu"
    assert choices[("techniques", "home_visit")] == "Kunjungan rumah"
    assert {name for (lst, name) in choices if lst == "people"} == {f"p{p.pk}" for p in world.people_a}
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][1] == f"berdaya_visit_p{world.alpha.pk}"


@pytest.mark.django_db
def test_pra_form_has_one_integer_per_problem_with_the_dot_limit(field, specs):
    spec = specs["pra_vote"]
    rows = {r["name"]: r for r in xlsform.survey_rows(spec)}
    for problem in field.problems:
        row = rows[f"problem_{problem.pk}"]
        assert row["type"] == "integer"
        assert ". <= 3" in row["constraint"] and ") <= 3" in row["constraint"]
    root, _warnings = _xform(spec)
    binds = {b.get("nodeset"): b for b in root.iter(f"{XF}bind")}
    bind = binds[f"/data/vote/problem_{field.problems[0].pk}"]
    assert bind.get("type") == "int" and "<= 3" in bind.get("constraint")


@pytest.mark.django_db
def test_version_changes_when_the_lists_change(world, field, specs):
    from berdaya.fieldwork.pra import services as pra

    before = specs["pra_vote"].version
    assert xlsform.spec_for("pra_vote", field.session.pk).version == before  # stable
    pra.add_problem(session=field.session, title="Pekerjaan tidak tetap", acting_user=world.users["admin"])
    assert xlsform.spec_for("pra_vote", field.session.pk).version != before


@pytest.mark.django_db
def test_an_empty_list_still_makes_a_valid_form(world, field):
    from berdaya.fieldwork.training import services as training

    empty = training.create_training(
        programme=world.alpha, title="Pelatihan kosong", starts_on=field.training.starts_on,
        ends_on=field.training.ends_on, acting_user=world.users["admin"],
    )  # fmt: skip
    spec = xlsform.spec_for("attendance", empty.pk)
    _root, warnings = _xform(spec)
    assert warnings == []
