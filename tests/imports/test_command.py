import io

import pytest
from django.core.management import CommandError, call_command

from berdaya.audit.models import AuditEntry
from berdaya.people.models import Person

from .conftest import NIK_SITI, csv_bytes, people_rows


@pytest.fixture
def people_file(tmp_path):
    path = tmp_path / "orang.csv"
    path.write_bytes(csv_bytes(people_rows()))
    return path


@pytest.mark.django_db
def test_dry_run_then_commit_from_the_console(world, people_file):
    out = io.StringIO()
    call_command("import", "people", str(people_file), stdout=out)
    assert "Dry run: nothing saved" in out.getvalue() and "persons 3" in out.getvalue()
    assert not Person.objects.filter(nik=NIK_SITI).exists()
    out = io.StringIO()
    call_command("import", "people", str(people_file), "--commit", stdout=out)
    assert "Saved: persons 3, households 1" in out.getvalue()
    assert Person.objects.filter(nik=NIK_SITI).exists()
    # The console import is attributed to the first superuser.
    assert AuditEntry.objects.get(action="import").actor == world.users["admin"]


@pytest.mark.django_db
def test_errors_are_listed_and_the_command_fails(world, tmp_path):
    rows = people_rows()
    rows[2][0] = ""
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("import", "people", str(path), "--commit", stdout=out)
    assert "row 3, nama" in out.getvalue()
    assert not Person.objects.filter(nik=NIK_SITI).exists()


@pytest.mark.django_db
def test_user_option_is_checked_against_the_import_rules(world, people_file):
    with pytest.raises(Exception, match="not change"):
        call_command("import", "people", str(people_file), "--commit", "--user", "auditor")
    with pytest.raises(CommandError, match="No active user"):
        call_command("import", "people", str(people_file), "--user", "nobody")
    with pytest.raises(CommandError, match="not a file"):
        call_command("import", "people", "/nonexistent.csv")
    call_command("import", "people", str(people_file), "--commit", "--user", "manager", stdout=io.StringIO())
    assert AuditEntry.objects.get(action="import").actor == world.users["manager"]
