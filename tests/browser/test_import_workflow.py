"""A manager imports people: the dry run names the bad row, nothing is saved; the corrected file commits."""

from berdaya.people.models import Person

HEADER = "nama,jenis_kelamin,kode_wilayah,nik,tanggal_lahir\n"
GOOD = "Siti Aminah,P,52.01.02.2006,,1990-01-01\nLalu Hamdi,L,5201022006,,1985-05-05\n"
BAD = "Nyoman Bad,L,52.01.02.2006,1234,1980-01-01\n"


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.goto("/import/")
    page.check("input[name=kind][value=people]")
    page.set_input_files("input[name=file]", str(path))
    page.click("form.form button[type=submit].primary")
    page.wait_for_load_state()


def test_dry_run_shows_row_errors_then_commit(page, world, login, shot, tmp_path):
    login(page, "manager")
    before = Person.objects.count()
    upload(page, tmp_path, "warga.csv", HEADER + GOOD + BAD)
    body = page.locator("main").inner_text()
    assert "4\tnik" in body  # row 4 (the header is row 1), column nik, with the reason
    assert page.locator("[data-testid=commit]").count() == 0
    shot(page, "import-dry-run-errors-360")
    assert Person.objects.count() == before

    upload(page, tmp_path, "warga-baik.csv", HEADER + GOOD)
    assert Person.objects.count() == before  # a dry run saves nothing
    page.click("[data-testid=commit]")
    page.wait_for_load_state()
    shot(page, "import-committed-360")
    assert Person.objects.count() == before + 2
    assert Person.objects.filter(full_name="Lalu Hamdi", place__code="52.01.02.2006").exists()
