"""Plumbing shared by the benchmark scripts in ``bench/`` (``pages.py``, ``books.py``, ``month_end.py``).

Each script runs itself again in a subprocess per database (fresh settings, its own ``DATABASE_URL``), lets
that worker prepare its own bench database and measure, then writes its own section of ``BENCHMARKS.md``.
What is the same in all of them lives here: the subprocess run, the bench-database guard, migrate with a
rebuild on failure, the raw COPY / ``executemany`` insert path, the machine line and the section rewrite.
What differs (data sets, measurements, reports, database names) stays in each script.

The scripts are run as files (``.venv/bin/python bench/books.py``), so this directory is on ``sys.path``
and they import this module as ``common``. Nothing here imports Django at module level: the parent process
never sets Django up, only the workers do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"


def log(msg: str) -> None:
    print(f"   [{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------------------------------------
# Parent: one worker subprocess per database
# --------------------------------------------------------------------------------------------------------


def run_worker(script: str, db: str, *, database_url: str, out: Path, flags: list[str]) -> dict:
    """Run ``script --worker db --out out [flags]`` with fresh settings; its result, or a ``failed`` entry.

    A subprocess per database because settings (``DATABASE_URL``) are read once, at ``django.setup()``.
    """
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        BERDAYA_VAR_DIR=str(VAR),
        DJANGO_SETTINGS_MODULE="berdaya.settings",
        BERDAYA_DEBUG="0",
        BERDAYA_LOG_LEVEL="ERROR",
    )
    env.pop("BERDAYA_TEST_DATABASE_NAME", None)  # the worker uses DATABASE_URL as is, never a test name
    cmd = [sys.executable, str(Path(script).resolve()), "--worker", db, "--out", str(out), *flags]
    print(f"==> {db}: {' '.join(cmd[1:])}", flush=True)
    rc = subprocess.call(cmd, env=env, cwd=ROOT)
    if rc != 0 or not out.exists():
        print(f"!! {db}: the worker failed (exit {rc}); no results for it", flush=True)
        return {"db": db, "failed": f"worker exited with {rc}"}
    return json.loads(out.read_text())


# --------------------------------------------------------------------------------------------------------
# Worker: the bench database
# --------------------------------------------------------------------------------------------------------


def redact(url: str) -> str:
    """The URL without its password, for the results file and the report."""
    return re.sub(r"//([^:@/]+):[^@/]+@", r"//\1:***@", url)


def db_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite " + sqlite3.sqlite_version
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        return "PostgreSQL " + cur.fetchone()[0]


@dataclass(frozen=True)
class BenchDatabase:
    """How one script finds, drops and migrates its own bench database, and nothing else.

    ``pg_prefix`` / ``sqlite_prefix`` are guards: a PostgreSQL database is only created or dropped when its
    name starts with ``pg_prefix``, a SQLite file only deleted when it lies in ``VAR`` and its name starts
    with ``sqlite_prefix``, so a wrong ``DATABASE_URL`` can never cost the dev database.
    """

    pg_prefix: str
    sqlite_prefix: str
    migrate_note: str = "the existing bench database"  # how the log line names it when migrate fails

    def pg_ensure(self, url: str, *, recreate: bool) -> None:
        import psycopg

        name = urllib.parse.urlparse(url).path.lstrip("/")
        assert name.startswith(self.pg_prefix), name  # never touch any other database
        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and recreate:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def recreate(self, db: str) -> None:
        from django.db import connections

        connections.close_all()
        url = os.environ["DATABASE_URL"]
        if db == "postgresql":
            self.pg_ensure(url, recreate=True)
        else:
            path = Path(url.removeprefix("sqlite:///"))
            assert path.parent == VAR and path.name.startswith(self.sqlite_prefix), path
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)

    def migrate(self, db: str) -> None:
        from django.core.management import call_command

        try:
            call_command("migrate", verbosity=0, interactive=False)
        except Exception as e:  # migrations rewritten since the last run: start from an empty database
            log(f"migrate failed on {self.migrate_note} ({type(e).__name__}: {e}); recreating it")
            self.recreate(db)
            call_command("migrate", verbosity=0, interactive=False)


def build_record_path(stem: str) -> Path:
    """A note beside the bench database (``VAR/<stem>-build-<database name>.json``): what was built."""
    name = urllib.parse.urlparse(os.environ["DATABASE_URL"]).path.rsplit("/", 1)[-1]
    return VAR / f"{stem}-build-{name}.json"


# --------------------------------------------------------------------------------------------------------
# Bulk builds: raw inserts (COPY on PostgreSQL, executemany on SQLite; far faster than bulk_create)
# --------------------------------------------------------------------------------------------------------


def now_text(vendor: str) -> str:
    now = dt.datetime.now(dt.UTC)
    if vendor == "sqlite":  # how Django stores an aware datetime on SQLite: naive UTC text
        return now.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return now.isoformat(sep=" ", timespec="microseconds")


def fill_columns(model, given: list[str], vendor: str) -> tuple[list[str], tuple]:
    """All concrete columns of ``model``: the ``given`` ones first, then constants for the rest.

    Django keeps defaults in Python, not in the schema, so a raw insert must name every NOT NULL column.
    """
    rest, fill = [], []
    for f in model._meta.concrete_fields:
        if f.column in given or f.primary_key:  # a primary key not given comes from the sequence
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now_text(vendor)
        elif f.has_default():
            value = f.get_default()
            if isinstance(value, dict | list):
                value = json.dumps(value)
            elif isinstance(value, Decimal | dt.date):
                value = str(value)
        elif f.null:
            value = None
        elif f.empty_strings_allowed:
            value = ""
        else:
            raise RuntimeError(f"{model.__name__}.{f.name} needs a value in the raw insert")
        rest.append(f.column)
        fill.append(value)
    return given + rest, tuple(fill)


def next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return cur.fetchone()[0]


def raw_insert(table: str, columns: list[str], rows) -> int:
    """Insert an iterable of tuples: COPY on PostgreSQL, executemany on SQLite. Returns the row count."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    n = 0
    if connection.vendor == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        return n
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= 50_000:  # bounded memory for generators of millions of rows
            raw.executemany(sql, chunk)
            n += len(chunk)
            chunk = []
    if chunk:
        raw.executemany(sql, chunk)
        n += len(chunk)
    return n


def pg_fix_sequences(tables: list[str]) -> None:
    """After raw inserts with explicit ids, move each ``id`` sequence past them, as ``bulk_create`` would."""
    from django.db import connection

    with connection.cursor() as cur:
        for t in tables:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {t}))"
            )


def sqlite_bulk_pragmas() -> None:
    """SQLite before a bulk build: the bench database is throw-away, so no fsync and a plain rollback journal.

    ``sqlite_normal_pragmas`` puts WAL back after the build, as the application runs.
    """
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode=DELETE")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-1000000")
        cur.execute("PRAGMA temp_store=MEMORY")


def sqlite_normal_pragmas() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")


@contextmanager
def ledger_triggers_off(vendor: str):
    """On PostgreSQL, the ledger's USER triggers off for a bulk build only, on again whatever happens.

    The triggers check every row (balance at commit, open period, account of the book); the data built
    raw is checked set-based afterwards instead. The timed postings always run with every trigger on.
    """
    from django.db import connection

    if vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE books_journalentry DISABLE TRIGGER USER")
        cur.execute("ALTER TABLE books_leg DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE books_journalentry ENABLE TRIGGER USER")
            cur.execute("ALTER TABLE books_leg ENABLE TRIGGER USER")


def bench_villages() -> list[int]:
    """Create Lombok Barat's Gerung district with 100 bench villages (``52.01.01.2001``…); their ids.

    A bulk build needs places only as the groups' and persons' homes, not the full Kemendagri list.
    """
    from berdaya.places.models import Place
    from berdaya.places.zones import WITA

    province = Place.objects.create(
        code="52", name="Nusa Tenggara Barat", kind="provinsi", level=1, path="Nusa Tenggara Barat",
        timezone=WITA,
    )  # fmt: skip
    regency = Place.objects.create(
        code="52.01", name="Lombok Barat", kind="kabupaten", level=2, parent=province,
        path="Lombok Barat, NTB", timezone=WITA,
    )  # fmt: skip
    district = Place.objects.create(
        code="52.01.01", name="Gerung", kind="kecamatan", level=3, parent=regency,
        path="Gerung, Lombok Barat, NTB", timezone=WITA,
    )  # fmt: skip
    villages = Place.objects.bulk_create(
        Place(
            code=f"52.01.01.{2000 + v}",
            name=f"Desa Bench {v}",
            kind="desa",
            level=4,
            parent=district,
            path=f"Desa Bench {v}, Gerung, Lombok Barat, NTB",
            timezone=WITA,
        )  # fmt: skip
        for v in range(1, 101)
    )
    return [v.pk for v in villages]


def insert_members(
    g0: int, n_groups: int, members: int, *, name: str, village_ids: list[int], joined_on: str, vendor: str
) -> int:
    """``members`` persons per group (``f"{name} 00001-01"``…) and their memberships; the first person id.

    Person ``p0 + i`` is member ``i % members`` of group ``g0 + i // members`` and lives in its village.
    """
    from berdaya.groups.models import Membership
    from berdaya.people.models import Person

    p0 = next_id("people_person")
    cols, fill = fill_columns(Person, ["id", "full_name", "sex", "place_id"], vendor)
    raw_insert(
        "people_person",
        cols,
        (
            (
                p0 + i,
                f"{name} {i // members + 1:05d}-{i % members + 1:02d}",
                "P" if i % 5 else "L",
                village_ids[(i // members) % 100],
            )
            + fill  # fmt: skip
            for i in range(n_groups * members)
        ),
    )
    cols, fill = fill_columns(Membership, ["group_id", "person_id", "joined_on"], vendor)
    raw_insert(
        "groups_membership",
        cols,
        ((g0 + i // members, p0 + i, joined_on) + fill for i in range(n_groups * members)),
    )
    return p0


def insert_books(g0: int, n_groups: int, *, opened_on: str, vendor: str) -> tuple[int, int, int, dict]:
    """A book per group with the KUBE chart of accounts: ``(b0, a0, accounts per book, code → offset)``.

    Book ``b0 + i`` belongs to group ``g0 + i``; its account ``code`` is ``a0 + i * n_acc + offset[code]``,
    so the entries built afterwards never look an id up.
    """
    from berdaya.books.chart import template_for
    from berdaya.books.models import Account, Book

    chart_rows = template_for("kube")
    n_acc = len(chart_rows)
    offset = {code: i for i, (code, _kind, _name) in enumerate(chart_rows)}
    b0, a0 = next_id("books_book"), next_id("books_account")
    cols, fill = fill_columns(Book, ["id", "group_id", "opened_on"], vendor)
    raw_insert("books_book", cols, ((b0 + i, g0 + i, opened_on) + fill for i in range(n_groups)))
    cols, fill = fill_columns(Account, ["id", "book_id", "code", "name", "kind"], vendor)
    names = [(code, kind, str(name)) for code, kind, name in chart_rows]
    raw_insert(
        "books_account",
        cols,
        (
            (a0 + i * n_acc + j, b0 + i, code, name, kind) + fill
            for i in range(n_groups)
            for j, (code, kind, name) in enumerate(names)
        ),
    )
    return b0, a0, n_acc, offset


# --------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------


def machine(last: str | None = None) -> str:
    """Cores, CPU model and RAM, then ``last`` (by default the operating system and its release)."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        ram = "RAM unknown"
    if last is None:
        last = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}), {ram}, {last}"


def write_section(section: str, start: str, end: str) -> None:
    """Replace the text between ``start`` and ``end`` in ``BENCHMARKS.md`` (append it the first time).

    Each script owns one section, so running one benchmark never touches the results of another.
    """
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nResults of the scripts in `bench/`.\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)
