"""Page benchmark: the main list, search, detail and API pages against the trivial view, at field scale.

    .venv/bin/python bench/pages.py [--db sqlite|postgresql|both] [--quick]

For each database the script re-runs itself in a subprocess (fresh settings), which
1. prepares its OWN database (never the dev one): SQLite ``var/bench/bench.sqlite3`` or PostgreSQL
   ``berdaya_bench`` (``--quick``: ``bench-quick.sqlite3`` / ``berdaya_bench_quick``), migrates it and, unless
   data with the right counts is already there, loads every Kemendagri region plus programmes, groups,
   persons, memberships, enterprises, officers and bylaws with set-based ``bulk_create``;
2. counts the SQL queries of every page in-process (Django test ``Client`` + ``CaptureQueriesContext``) at
   two row counts, and flags a page whose query count grows with the rows it shows;
3. serves the project with gunicorn (1 worker, 1 thread) on a free loopback port and times every page over
   real HTTP as a programme manager scoped to one programme (the person list also as admin), next to the
   trivial ``/healthz`` view and the signed-in trivial view (``signed_in_ping``: login required, a one-line
   answer, timed with the manager's session) measured the same way in the same run.
The parent writes the results to ``BENCHMARKS.md`` (its own section only) and prints the same tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from http.cookiejar import CookieJar
from pathlib import Path

from common import (
    PG_SERVER,
    ROOT,
    VAR,
    BenchDatabase,
    db_version,
    log,
    machine,
    redact,
    run_worker,
    write_section,
)

SECTION_START = "<!-- bench/pages.py: start -->"
SECTION_END = "<!-- bench/pages.py: end -->"
# Only databases named berdaya_bench* are ever created or dropped; a SQLite file only when it lies in VAR.
DATABASE = BenchDatabase(pg_prefix="berdaya_bench", sqlite_prefix="")

FULL = {"persons": 100_000, "enterprises": 20_000, "groups": 5_000}
P95_GOAL_MS = 300.0
THROUGHPUT_GOAL_PCT = 40.0
WARMUP = 5
PAGE_TIME_CAP_S = 120.0  # a page that is this slow stops early: the loop is bounded in time too
REQUEST_LIMIT_S = (
    30  # one request longer than this is cut off (gunicorn --timeout; SQL interrupted in-process)
)
PASSWORD = "bench-pass-1234"
# The signed-in trivial view: what any signed-in request costs (session, user, middleware) and nothing more.
# A reference row, not a page with a verdict: each page is shown as a share of it too, next to /healthz.
SIGNED_IN_TRIVIAL = "signed_in_ping"
SIGNED_IN_LABEL = "signed-in trivial"

# Programme k works in regency k; its groups live in that regency's villages.
# Lombok Barat, Kota Kediri, Kulon Progo, Surakarta, Surabaya.
REGENCIES = ["52.01", "35.71", "34.01", "33.72", "35.78"]
GROUP_SIZES = [15, 18, 20, 22, 25]  # cycles over the groups: 20 members on average, and detail pages vary
FIRST = (  # noqa: SIM905
    "Siti Nur Dewi Sri Ayu Putri Rina Wati Ani Yuni Lina Ratna Endang Suci Indah Ahmad Muhammad Budi "
    "Agus Joko Bambang Slamet Hadi Eko Dedi Rudi Wayan Made Ketut Nyoman Lalu Baiq Imam Yusuf Hendra "
    "Arif Rizki Fajar Teguh Wahyu"
).split()
LAST = (  # noqa: SIM905
    "Sari Rahayu Lestari Wulandari Handayani Susanti Kurniawati Pratiwi Hidayat Santoso Saputra Setiawan "
    "Wijaya Nugroho Purnomo Prasetyo Hartono Suryani Yulianti Maharani Anggraini Permata Utami Fitriani "
    "Ramadhan Kusuma Firmansyah Syahputra Gunawan Sulistyo Hakim Rosyid Mulyani Astuti Haryanto Iskandar"
).split()
PRODUCTS = [
    ("Gerabah", "craft"),
    ("Tenun Ikat", "textile"),
    ("Batik", "textile"),
    ("Keripik", "food"),
    ("Kue Basah", "food"),
    ("Anyaman Bambu", "craft"),
    ("Ternak Kambing", "agriculture"),
    ("Sayur Organik", "agriculture"),
    ("Warung Kelontong", "trade"),
    ("Jahit", "service"),
]


# --------------------------------------------------------------------------------------------------------
# Parent: run each database in a subprocess, then report
# --------------------------------------------------------------------------------------------------------


def _db_names(quick: bool) -> dict[str, str]:
    suffix = "_quick" if quick else ""
    return {
        "sqlite": f"sqlite:///{VAR / ('bench-quick.sqlite3' if quick else 'bench.sqlite3')}",
        "postgresql": f"{PG_SERVER}berdaya_bench{suffix}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--quick", action="store_true", help="1/10 of the data and 15 timed requests per page"
    )
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, quick=args.quick, out=Path(args.out))
        return

    VAR.mkdir(parents=True, exist_ok=True)
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = []
    for db in dbs:
        out = VAR / f"result-{db}{'-quick' if args.quick else ''}.json"
        out.unlink(missing_ok=True)
        flags = ["--quick"] if args.quick else []
        results.append(run_worker(__file__, db, database_url=_db_names(args.quick)[db], out=out, flags=flags))
    text = render_report(results, quick=args.quick)
    print()
    print(text)
    write_section(text, SECTION_START, SECTION_END)
    print(f"==> wrote the section in {ROOT / 'BENCHMARKS.md'}")


# --------------------------------------------------------------------------------------------------------
# Worker: one database, fresh settings
# --------------------------------------------------------------------------------------------------------


def worker(db: str, *, quick: bool, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    if db == "postgresql":
        DATABASE.pg_ensure(os.environ["DATABASE_URL"], recreate=False)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the in-process query counter

    scale = 10 if quick else 1
    sizes = {k: v // scale for k, v in FULL.items()}
    sizes["memberships"] = sizes["groups"] * 20
    result: dict = {
        "db": db,
        "quick": quick,
        "sizes": sizes,
        "database_url": redact(os.environ["DATABASE_URL"]),
    }
    result["db_version"] = db_version()

    t0 = time.perf_counter()
    load = prepare_data(db, sizes)
    result["load"] = load
    log(f"data ready in {time.perf_counter() - t0:.1f} s ({load})")

    world = make_users_and_samples()
    result["samples"] = {k: v for k, v in world.items() if k not in ("admin", "manager", "tokens")}
    pages = page_specs(world)
    result["pages"] = [{"label": p["label"], "missing": p.get("missing", "")} for p in pages]
    signed_in = signed_in_spec()
    result["signed_in_trivial"] = {k: signed_in[k] for k in ("url", "missing") if k in signed_in}
    result["queries"] = count_queries([*pages, signed_in], world)
    load_before = os.getloadavg()[0]
    result["timing"] = time_pages(pages, world, n=15 if quick else 50, signed_in=signed_in)
    result["loadavg"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result["server_warnings"] = list(_SERVER_WARNINGS)
    out.write_text(json.dumps(result, indent=1, default=str))


def _counts() -> dict[str, int]:
    from berdaya.groups.models import Group, Membership
    from berdaya.people.models import Enterprise, Person

    return {
        "persons": Person.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "groups": Group.objects.count(),
        "memberships": Membership.objects.count(),
    }


def prepare_data(db: str, sizes: dict[str, int]) -> dict:
    from django.core.management import call_command

    t = time.perf_counter()
    DATABASE.migrate(db)
    timings = {"migrate_s": round(time.perf_counter() - t, 1)}
    counts = _counts()
    if counts == sizes:
        from berdaya.places.models import Place

        timings["places"] = Place.objects.count()
        log(f"reusing the existing data: {counts}, {timings['places']} places")
        timings["reused"] = True
        if _load_record().exists():  # how long the reused data took to load, when this script loaded it
            timings["loaded_before"] = json.loads(_load_record().read_text())
        return timings
    if any(counts.values()):
        log(f"existing data has other counts {counts}; recreating the bench database")
        DATABASE.recreate(db)
        t = time.perf_counter()
        DATABASE.migrate(db)
        timings["migrate_s"] = round(time.perf_counter() - t, 1)
    call_command("collectstatic", interactive=False, verbosity=0)
    timings.update(load_data(db, sizes))
    timings["reused"] = False
    _load_record().write_text(json.dumps(timings | {"at": dt.datetime.now().isoformat(timespec="seconds")}))
    return timings


def _load_record() -> Path:
    """A note beside the bench databases of how long the current data set took to load."""
    name = urllib.parse.urlparse(os.environ["DATABASE_URL"]).path.rsplit("/", 1)[-1]
    return VAR / f"load-{name}.json"


def load_data(db: str, sizes: dict[str, int]) -> dict:
    """Everything set-based: bulk_create in batches, parents resolved from id maps, never a query per row."""
    from django.db import connection, transaction

    from berdaya.groups.models import Bylaws, Group, Membership, OfficerTerm
    from berdaya.people.models import Enterprise, Person
    from berdaya.places.models import Place
    from berdaya.places.services import load_regions
    from berdaya.programs.models import DEFAULT_STAGES, Programme, Site, Stage

    rng = random.Random(20240601)
    batch = 2000
    phases: dict[str, float] = {}

    def phase(name: str, start: float) -> None:
        phases[name] = round(time.perf_counter() - start, 1)
        log(f"{name}: {phases[name]} s")

    t = time.perf_counter()
    regions = load_regions()
    phase("regions_s", t)
    phases["places"] = regions["total"]

    t_all = time.perf_counter()
    with transaction.atomic():
        # Programmes, stages, sites: programme k has k sites (its regency and k-1 of its districts).
        t = time.perf_counter()
        programmes = Programme.objects.bulk_create(
            [
                Programme(
                    name=f"Program Bench {k + 1} ({code})",
                    model_type=["kube", "umkm_cluster", "kube", "craft_incubator", "migrant"][k],
                    description="Benchmark programme.",
                    start_date=dt.date(2024, 1, 1),
                    group_size_min=5,
                    group_size_max=25,
                )
                for k, code in enumerate(REGENCIES)
            ]
        )
        Stage.objects.bulk_create(
            [
                Stage(programme=p, order=i + 1, key=key, name=str(name))
                for p in programmes
                for i, (key, name) in enumerate(DEFAULT_STAGES)
            ]
        )
        stages: dict[int, list[int]] = {}
        for pid, sid in Stage.objects.order_by("programme_id", "order").values_list("programme_id", "id"):
            stages.setdefault(pid, []).append(sid)
        regency_ids = dict(Place.objects.filter(code__in=REGENCIES).values_list("code", "id"))
        sites = []
        for k, (p, code) in enumerate(zip(programmes, REGENCIES, strict=True)):
            districts = list(
                Place.objects.filter(level=3, code__startswith=code + ".")
                .order_by("code")
                .values_list("id", flat=True)
            )
            sites += [Site(programme=p, place_id=pid) for pid in [regency_ids[code], *districts[:k]]]
        Site.objects.bulk_create(sites)
        phase("programmes_s", t)

        # Groups spread over the villages of each programme's regency.
        t = time.perf_counter()
        villages: dict[str, list[tuple[int, str, str]]] = {}
        for pid, code, name in (
            Place.objects.filter(level=4, parent__parent__code__in=REGENCIES)
            .order_by("code")
            .values_list("id", "code", "name")
        ):
            villages.setdefault(code[:5], []).append((pid, code, name))
        groups = []
        per_programme = sizes["groups"] // len(programmes)
        for k, p in enumerate(programmes):
            vs = villages[REGENCIES[k]]
            for n in range(per_programme):
                vid, _code, vname = vs[n % len(vs)]
                product, _sector = PRODUCTS[n % len(PRODUCTS)]
                groups.append(
                    Group(
                        name=f"KUBE {product} {vname} {n + 1}",
                        kind=["kube", "kube", "kuw", "paguyuban", "cooperative"][n % 5],
                        programme=p,
                        place_id=vid,
                        business_type=product,
                        founded_on=dt.date(2024, 1, 1) + dt.timedelta(days=n % 300),
                        stage_id=stages[p.pk][n % len(stages[p.pk])],
                    )
                )
        groups = Group.objects.bulk_create(groups, batch_size=batch)
        assert all(g.pk for g in groups), "the backend did not return ids from bulk_create"
        Bylaws.objects.bulk_create(
            [
                Bylaws(
                    group=g,
                    principal_saving=50_000,
                    mandatory_saving=10_000,
                    dues=2_000,
                    loan_rate_percent_month=1,
                    meeting_day="senin",
                    adopted_on=g.founded_on,
                )
                for g in groups
            ],
            batch_size=batch,
        )
        phase("groups_bylaws_s", t)

        # Persons: each village gets as many persons as its groups have seats; each group samples its members
        # from its village, so some persons belong to no group and some to two.
        t = time.perf_counter()
        group_size = [GROUP_SIZES[i % len(GROUP_SIZES)] for i in range(len(groups))]
        seats: dict[int, int] = {}
        for g, size in zip(groups, group_size, strict=True):
            seats[g.place_id] = seats.get(g.place_id, 0) + size
        village_code = {vid: code for vs in villages.values() for vid, code, _n in vs}
        nik_serial: dict[str, int] = {}
        persons = []
        i = 0
        for vid, count in seats.items():
            district6 = village_code[vid].replace(".", "")[:6]
            for _ in range(count):
                sex = "P" if i % 2 else "L"
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 45 * 365))
                nik = None
                if rng.random() < 0.4:
                    day = birth.day + (40 if sex == "P" else 0)
                    prefix = f"{district6}{day:02d}{birth:%m%y}"
                    nik_serial[prefix] = nik_serial.get(prefix, 0) + 1
                    nik = f"{prefix}{nik_serial[prefix]:04d}"
                persons.append(
                    Person(
                        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        sex=sex,
                        birth_date=birth,
                        nik=nik,
                        phone=f"08{rng.randrange(10**9, 10**10)}" if i % 3 == 0 else "",
                        address=f"RT {i % 9 + 1:02d} RW {i % 5 + 1:02d}",
                        place_id=vid,
                    )
                )
                i += 1
        persons = Person.objects.bulk_create(persons, batch_size=batch)
        assert all(p.pk for p in persons), "the backend did not return ids from bulk_create"
        phase("persons_s", t)

        t = time.perf_counter()
        pool: dict[int, list[int]] = {}
        for p in persons:
            pool.setdefault(p.place_id, []).append(p.pk)
        memberships, officers = [], []
        for g, size in zip(groups, group_size, strict=True):
            members = rng.sample(pool[g.place_id], size)
            memberships += [Membership(group=g, person_id=pid, joined_on=g.founded_on) for pid in members]
            officers.append(OfficerTerm(group=g, person_id=members[0], role="chair", start_on=g.founded_on))
            officers.append(
                OfficerTerm(group=g, person_id=members[1], role="treasurer", start_on=g.founded_on)
            )
        Membership.objects.bulk_create(memberships, batch_size=batch)
        OfficerTerm.objects.bulk_create(officers, batch_size=batch)
        phase("memberships_officers_s", t)

        # Enterprises with one owner (every tenth with two), through-table rows in bulk too.
        t = time.perf_counter()
        owners = rng.sample(persons, sizes["enterprises"])
        enterprises = []
        for n, owner in enumerate(owners):
            product, sector = PRODUCTS[n % len(PRODUCTS)]
            enterprises.append(
                Enterprise(
                    name=f"UD {product} {owner.full_name.split()[-1]} {n + 1}",
                    place_id=owner.place_id,
                    product_type=product,
                    sector=sector,
                    workers=1 + n % 12,
                    net_assets=rng.randrange(5, 500) * 1_000_000,
                    business_capital=rng.randrange(1, 100) * 1_000_000,
                    annual_sales=rng.randrange(10, 2000) * 1_000_000,
                    start_date=dt.date(2010, 1, 1) + dt.timedelta(days=n % 4000),
                )
            )
        enterprises = Enterprise.objects.bulk_create(enterprises, batch_size=batch)
        assert all(e.pk for e in enterprises)
        through = Enterprise.owners.through
        links = []
        for n, (e, owner) in enumerate(zip(enterprises, owners, strict=True)):
            links.append(through(enterprise_id=e.pk, person_id=owner.pk))
            if n % 10 == 0:
                second = rng.choice(pool[owner.place_id])
                if second != owner.pk:
                    links.append(through(enterprise_id=e.pk, person_id=second))
        through.objects.bulk_create(links, batch_size=batch)
        phase("enterprises_s", t)
    phases["data_total_s"] = round(time.perf_counter() - t_all, 1)

    if connection.vendor == "postgresql":
        # Autovacuum would analyse these tables soon after such a load; do it now so plans are the steady ones.
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        phase("analyze_s", t)
    return phases


# --------------------------------------------------------------------------------------------------------
# Users, sample objects and the pages to measure
# --------------------------------------------------------------------------------------------------------


def make_users_and_samples() -> dict:
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from berdaya.accounts.models import Role, User
    from berdaya.groups.models import Group
    from berdaya.people.models import Enterprise, Person
    from berdaya.places.models import Place
    from berdaya.programs.models import Programme

    def user(username: str, **fields) -> User:
        u, _ = User.objects.get_or_create(username=username, defaults=fields)
        u.set_password(PASSWORD)
        u.save()
        return u

    admin = user("bench-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    manager = user("bench-manager", role=Role.MANAGER)
    programmes = list(Programme.objects.annotate(n_sites=Count("sites")).order_by("n_sites", "pk"))
    scoped = programmes[0]
    manager.scope_programmes.set([scoped])
    tokens = {u.username: Token.objects.get_or_create(user=u)[0].key for u in (admin, manager)}

    groups = Group.objects.filter(programme=scoped).annotate(n=Count("memberships"))
    big_group = groups.order_by("-n", "pk").first()
    small_group = groups.order_by("n", "pk").first()
    persons = Person.objects.filter(place__code__startswith=REGENCIES[0] + ".")
    busy = (
        persons.annotate(m=Count("memberships", distinct=True), e=Count("enterprises", distinct=True))
        .filter(m__gte=2, e__gte=1)
        .order_by("pk")
        .first()
    ) or persons.annotate(m=Count("memberships")).order_by("-m", "pk").first()
    quiet = (
        persons.exclude(pk=busy.pk if busy else None)
        .annotate(m=Count("memberships", distinct=True), e=Count("enterprises", distinct=True))
        .order_by("m", "e", "pk")
        .first()
    )
    ents = Enterprise.objects.filter(place__code__startswith=REGENCIES[0] + ".").annotate(o=Count("owners"))
    two_owner = ents.filter(o__gte=2).order_by("pk").first() or ents.order_by("-o", "pk").first()
    one_owner = ents.filter(o=1).order_by("pk").first()
    # A common name word (many rows) and one full name (few rows) among the manager's persons.
    common_word = LAST[0]
    full_name = busy.full_name if busy else f"{FIRST[0]} {LAST[0]}"
    village = Place.objects.get(pk=small_group.place_id) if small_group else None
    return {
        "admin": admin,
        "manager": manager,
        "tokens": tokens,
        "programme": scoped.pk,
        "programme_name": scoped.name,
        "programme_big": programmes[-1].pk,
        "programme_small": programmes[0].pk,
        "group_big": big_group.pk if big_group else None,
        "group_small": small_group.pk if small_group else None,
        "group_name": small_group.name if small_group else "",
        "person_busy": busy.pk if busy else None,
        "person_quiet": quiet.pk if quiet else None,
        "enterprise_two": two_owner.pk if two_owner else None,
        "enterprise_one": one_owner.pk if one_owner else None,
        "enterprise_name": one_owner.name if one_owner else "",
        "common_word": common_word,
        "full_name": full_name,
        "product_word": "Gerabah",
        "place_word": "Kediri",
        "place_rare": village.name if village else "Banyumulek",
    }


def _reverse(name: str, arg=None) -> str | None:
    from django.urls import NoReverseMatch, reverse

    attempts = [{}] if arg is None else [{"args": [arg]}, {"kwargs": {"pk": arg}}, {"kwargs": {"id": arg}}]
    for kw in attempts:
        try:
            return reverse(name, **kw)
        except NoReverseMatch:
            continue
    return None


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(urllib.parse.urlsplit(path).path)
    except Resolver404:
        return False
    return True


def _q(path: str | None, **params) -> str | None:
    if path is None:
        return None
    return path + ("&" if "?" in path else "?") + urllib.parse.urlencode(params)


def signed_in_spec() -> dict:
    """The signed-in trivial view, timed and counted like an HTML page of the manager (no verdict)."""
    spec = {
        "label": SIGNED_IN_LABEL,
        "kind": "html",
        "user": "manager",
        "count_user": "manager",
        "shapes": "",
    }
    url = _reverse(SIGNED_IN_TRIVIAL)
    if url is None:
        spec["missing"] = f"route missing ({SIGNED_IN_TRIVIAL})"
    else:
        spec["url"] = url
    return spec


def page_specs(w: dict) -> list[dict]:
    """Each page: the URL timed, and two URLs of the same page showing many and few rows for query counting.

    ``user`` is who is timed; ``count_user`` who is counted (admin where the manager sees one object only).
    """
    q = _q
    pages: list[dict] = []

    def html(
        label,
        name,
        arg=None,
        timed_params=None,
        big=None,
        small=None,
        user="manager",
        count_user=None,
        shapes="",
    ):
        base = _reverse(name, arg)
        spec = {
            "label": label,
            "kind": "html",
            "user": user,
            "count_user": count_user or user,
            "shapes": shapes,
        }
        if base is None:
            spec["missing"] = f"route missing ({name})"
        else:
            spec["url"] = q(base, **timed_params) if timed_params else base
            spec["big"] = big(base) if big else None
            spec["small"] = small(base) if small else None
        pages.append(spec)

    def api(label, path, timed_params=None, big=None, small=None, shapes=""):
        spec = {"label": label, "kind": "api", "user": "manager", "count_user": "manager", "shapes": shapes}
        if path is None or not _resolves(path):
            spec["missing"] = f"route missing ({path})"
        else:
            spec["url"] = q(path, **timed_params) if timed_params else path
            spec["big"] = big(path) if big else None
            spec["small"] = small(path) if small else None
        pages.append(spec)

    # A light signed-in page (session, user, a few scope queries, layout, no list): roughly what every page pays
    # before its own work, shown so the throughput ratios can be read against it too.
    html(
        "accounts:profile (a light signed-in page)",
        "accounts:profile",
        big=lambda b: b,
        small=lambda b: b,
        shapes="same page",
    )
    name_rows = "page 1 (25 rows) vs one full name (few rows)"
    html(
        "people:person_list",
        "people:person_list",
        big=lambda b: q(b, page=1),
        small=lambda b: q(b, q=w["full_name"]),
        shapes=name_rows,
    )
    html(
        "people:person_list (admin)",
        "people:person_list",
        user="admin",
        big=lambda b: q(b, page=1),
        small=lambda b: q(b, q=w["full_name"]),
        shapes=name_rows,
    )
    html(
        f"people:person_list?q={w['common_word']}",
        "people:person_list",
        timed_params={"q": w["common_word"]},
        big=lambda b: q(b, q=w["common_word"]),
        small=lambda b: q(b, q=w["full_name"]),
        shapes="common word vs one full name",
    )
    html(
        "people:person_detail",
        "people:person_detail",
        w["person_busy"],
        big=lambda b: b,
        small=lambda b: _reverse("people:person_detail", w["person_quiet"]),
        shapes="≥2 groups + enterprise vs none",
    )
    html(
        "people:enterprise_list",
        "people:enterprise_list",
        big=lambda b: q(b, page=1),
        small=lambda b: q(b, q=w["enterprise_name"]),
        shapes="page 1 vs one name",
    )
    html(
        "people:enterprise_detail",
        "people:enterprise_detail",
        w["enterprise_two"],
        big=lambda b: b,
        small=lambda b: _reverse("people:enterprise_detail", w["enterprise_one"]),
        shapes="2 owners vs 1",
    )
    html(
        "groups:group_list",
        "groups:group_list",
        big=lambda b: q(b, page=1),
        small=lambda b: q(b, q=w["group_name"]),
        shapes="page 1 vs one name",
    )
    html(
        f"groups:group_list?q={w['product_word']}",
        "groups:group_list",
        timed_params={"q": w["product_word"]},
        big=lambda b: q(b, q=w["product_word"]),
        small=lambda b: q(b, q=w["group_name"]),
        shapes="common word vs one name",
    )
    html(
        "groups:group_detail",
        "groups:group_detail",
        w["group_big"],
        big=lambda b: b,
        small=lambda b: _reverse("groups:group_detail", w["group_small"]),
        shapes=f"{max(GROUP_SIZES)} members vs {min(GROUP_SIZES)}",
    )
    html(
        "programs:programme_list",
        "programs:programme_list",
        count_user="admin",
        big=lambda b: b,
        small=lambda b: q(b, q=w["programme_name"]),
        shapes="admin: 5 programmes vs 1",
    )
    html(
        "programs:programme_detail",
        "programs:programme_detail",
        w["programme"],
        count_user="admin",
        big=lambda b: _reverse("programs:programme_detail", w["programme_big"]),
        small=lambda b: _reverse("programs:programme_detail", w["programme_small"]),
        shapes="admin: 5 sites vs 1",
    )
    html(
        f"places:place_list?q={w['place_word']}",
        "places:place_list",
        timed_params={"q": w["place_word"]},
        big=lambda b: q(b, q=w["place_word"]),
        small=lambda b: q(b, q=w["place_rare"]),
        shapes="common name vs rare name",
    )
    html(
        f"places:autocomplete?q={w['place_word']}",
        "places:autocomplete",
        timed_params={"q": w["place_word"]},
        big=lambda b: q(b, q=w["place_word"]),
        small=lambda b: q(b, q=w["place_rare"]),
        shapes="common name vs rare name",
    )
    size_rows = "page_size=50 vs page_size=3"
    api(
        "/api/v1/persons/",
        "/api/v1/persons/",
        big=lambda p: q(p, page_size=50),
        small=lambda p: q(p, page_size=3),
        shapes=size_rows,
    )
    api(
        f"/api/v1/persons/?q={w['common_word']}",
        "/api/v1/persons/",
        timed_params={"q": w["common_word"]},
        big=lambda p: q(p, q=w["common_word"], page_size=50),
        small=lambda p: q(p, q=w["common_word"], page_size=3),
        shapes=size_rows,
    )
    api(
        "/api/v1/groups/",
        "/api/v1/groups/",
        big=lambda p: q(p, page_size=50),
        small=lambda p: q(p, page_size=3),
        shapes=size_rows,
    )
    api(
        "/api/v1/groups/<id>/",
        f"/api/v1/groups/{w['group_big']}/",
        big=lambda p: p,
        small=lambda p: f"/api/v1/groups/{w['group_small']}/",
        shapes=f"{max(GROUP_SIZES)} members vs {min(GROUP_SIZES)}",
    )
    api(
        f"/api/v1/places/?q={w['place_word']}",
        "/api/v1/places/",
        timed_params={"q": w["place_word"]},
        big=lambda p: q(p, q=w["place_word"], page_size=50),
        small=lambda p: q(p, q=w["place_word"], page_size=3),
        shapes=size_rows,
    )
    return pages


# --------------------------------------------------------------------------------------------------------
# Query counting, in-process
# --------------------------------------------------------------------------------------------------------


def count_queries(pages: list[dict], w: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role in ("admin", "manager"):
        c = Client(HTTP_AUTHORIZATION=f"Token {w['tokens'][w[role].username]}")
        c.force_login(w[role])
        clients[role] = c

    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a cut-off page is reported, not logged
    deadline = [0.0]
    connection.ensure_connection()
    connection.force_debug_cursor = True  # keep queries_log, so a cut-off statement can be named
    if connection.vendor == "sqlite":
        # Abort a statement past the deadline (returns non-zero → "interrupted").
        connection.connection.set_progress_handler(lambda: int(time.monotonic() > deadline[0]), 10_000)
    else:
        with connection.cursor() as cur:
            cur.execute(f"SET statement_timeout = {REQUEST_LIMIT_S * 1000}")

    def get(client, url):
        deadline[0] = time.monotonic() + REQUEST_LIMIT_S
        return client.get(url)

    def run(client, url) -> dict:
        ctx = CaptureQueriesContext(connection)
        entered = False
        try:
            get(client, url)  # warm per-process caches (content types, translations, templates)
            with ctx:
                entered = True
                resp = get(client, url)
        except Exception as e:  # a statement cut off at the deadline, or a page that fails
            from django.db import transaction

            if connection.in_atomic_block:
                transaction.set_rollback(True)
            timed_out = time.monotonic() > deadline[0] or "timeout" in str(e) or "interrupted" in str(e)
            captured = ctx.captured_queries if entered else []
            return {
                "status": f"timeout > {REQUEST_LIMIT_S} s" if timed_out else f"error {type(e).__name__}",
                "queries": len(captured) if entered else "?",
                "error": str(e)[:300],
                # The statement that was cut off is the last one Django saw (in the warm-up if not entered).
                "slowest_sql": (captured or connection.queries_log or [{"sql": ""}])[-1]["sql"][:3000],
            }
        times = [(float(qq.get("time") or 0), qq["sql"]) for qq in ctx.captured_queries]
        slowest = max(times, default=(0.0, ""))
        return {
            "status": resp.status_code,
            "queries": len(ctx.captured_queries),
            "db_ms": round(sum(t for t, _ in times) * 1000, 1),
            "slowest_ms": round(slowest[0] * 1000, 1),
            "slowest_sql": slowest[1][:3000],
        }

    out = {}
    for p in pages:
        if "missing" in p:
            continue
        log(f"counting queries: {p['label']}")
        entry = {"timed": run(clients[p["user"]], p["url"]), "shapes": p["shapes"]}
        if p.get("big") and p.get("small"):
            entry["big"] = run(clients[p["count_user"]], p["big"])
            entry["small"] = run(clients[p["count_user"]], p["small"])
            ok = entry["big"]["status"] == 200 and entry["small"]["status"] == 200
            entry["grows"] = ok and entry["big"]["queries"] > entry["small"]["queries"]
        out[p["label"]] = entry
    return out


# --------------------------------------------------------------------------------------------------------
# Timing over real HTTP against gunicorn
# --------------------------------------------------------------------------------------------------------


_SERVER_WARNINGS: list[str] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, url: str, headers: dict) -> tuple[int, float, int]:
    start = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", url, headers={"Host": "127.0.0.1", **headers})
        resp = conn.getresponse()
        body = resp.read()
    finally:
        conn.close()
    return resp.status, (time.perf_counter() - start) * 1000, len(body)


def _login(port: int, username: str) -> str:
    """Sign in through the real login form (GET, then POST with the CSRF token); return the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    html = opener.open(base + "/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    req = urllib.request.Request(base + "/login/", data=data.encode(), headers={"Referer": base + "/login/"})
    opener.open(req, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login as {username} failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _measure(port: int, url: str, headers: dict, n: int) -> dict:
    """Warm-up, then ``n`` timed requests; bounded by PAGE_TIME_CAP_S overall and REQUEST_LIMIT_S each."""
    statuses: set = set()
    began = time.perf_counter()
    samples, size = [], 0
    try:
        for _ in range(WARMUP):
            statuses.add(_get(port, url, headers)[0])
            if time.perf_counter() - began > PAGE_TIME_CAP_S:
                break
        start = time.perf_counter()
        for _ in range(n):
            if time.perf_counter() - began > PAGE_TIME_CAP_S:
                break
            status, ms, size = _get(port, url, headers)
            statuses.add(status)
            samples.append(ms)
    except OSError as e:  # gunicorn killed the worker past --timeout, or the connection broke
        statuses.add(f"cut off ({type(e).__name__})")
        start = time.perf_counter()
    elapsed = max(time.perf_counter() - start, 1e-9)
    if not samples:
        return {
            "n": 0,
            "median_ms": 0,
            "p95_ms": 0,
            "rps": 0,
            "samples": [],
            "elapsed_s": 0,
            "statuses": sorted(map(str, statuses)),
            "bytes": 0,
        }
    return _summary(samples, elapsed) | {"statuses": sorted(statuses, key=str), "bytes": size}


def _pooled(runs: list[dict]) -> dict:
    """One summary over the samples of several runs of the same URL."""
    samples = [s for r in runs for s in r["samples"]]
    return _summary(samples, sum(r["elapsed_s"] for r in runs)) if samples else runs[0]


def _summary(samples: list[float], elapsed: float) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "rps": round(len(samples) / elapsed, 1),
        "samples": [round(s, 2) for s in samples],
        "elapsed_s": round(elapsed, 3),
    }


def time_pages(pages: list[dict], w: dict, *, n: int, signed_in: dict) -> dict:
    from django.db import connections

    connections.close_all()
    port = _free_port()
    logfile = VAR / f"gunicorn-{os.getpid()}.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "berdaya.wsgi:application",
        "--workers",
        "1",
        "--threads",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(REQUEST_LIMIT_S),
        "--error-logfile",
        str(logfile),
    ]
    with open(logfile, "w") as logf:
        server = subprocess.Popen(cmd, cwd=ROOT, env=os.environ, stdout=logf, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if _get(port, "/healthz", {})[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"gunicorn did not start; see {logfile}")
            time.sleep(0.2)
        log(f"gunicorn up on 127.0.0.1:{port} (pid {server.pid})")
        auth = {
            role: {
                "html": {"Cookie": _login(port, w[role].username)},
                "api": {
                    "Authorization": f"Token {w['tokens'][w[role].username]}",
                    "Accept": "application/json",
                },
            }
            for role in ("admin", "manager")
        }
        timing: dict = {}
        trivial_runs = [_measure(port, "/healthz", {}, n)]
        log(f"/healthz: {trivial_runs[0]['median_ms']} ms median, {trivial_runs[0]['rps']} req/s")
        # The signed-in trivial view with the manager's own session cookie, like the HTML pages after it.
        signed_in_runs = []
        if "url" in signed_in:
            signed_in_runs.append(_measure(port, signed_in["url"], auth["manager"]["html"], n))
            log(
                f"{SIGNED_IN_LABEL}: {signed_in_runs[0]['median_ms']} ms median, {signed_in_runs[0]['rps']} req/s"
            )
        for p in pages:
            if "missing" in p:
                continue
            r = _measure(port, p["url"], auth[p["user"]][p["kind"]], n)
            timing[p["label"]] = r
            log(
                f"{p['label']}: {r['median_ms']} ms median, p95 {r['p95_ms']} ms, {r['rps']} req/s {r['statuses']}"
            )
        if signed_in_runs:
            signed_in_runs.append(_measure(port, signed_in["url"], auth["manager"]["html"], n))
        trivial_runs.append(_measure(port, "/healthz", {}, n))
        # Both references, measured before and after the pages, pooled: drift from other load averages out.
        timing["/healthz (trivial)"] = _pooled(trivial_runs) | {"statuses": [200], "bytes": 2}
        timing["_trivial_runs"] = [{k: v for k, v in r.items() if k != "samples"} for r in trivial_runs]
        if signed_in_runs:
            statuses = sorted({s for r in signed_in_runs for s in r["statuses"]}, key=str)
            timing[SIGNED_IN_LABEL] = _pooled(signed_in_runs) | {"statuses": statuses}
            timing["_signed_in_runs"] = [
                {k: v for k, v in r.items() if k != "samples"} for r in signed_in_runs
            ]
        return timing
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        warnings = sorted(
            {
                line.split("site-packages/")[-1].strip()
                for line in logfile.read_text(errors="replace").splitlines()
                if re.search(r"Warning|Error|Traceback", line)
            }
        )
        _SERVER_WARNINGS[:] = warnings[:10]
        logfile.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------


def render_report(results: list[dict], *, quick: bool) -> str:
    lines = [
        SECTION_START,
        "## Page benchmark (`bench/pages.py`)",
        "",
        f"Run {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}{' — QUICK smoke run (1/10 data, 15 requests)' if quick else ''}"
        f" with `.venv/bin/python bench/pages.py{' --quick' if quick else ''}`.",
        "",
        f"- Machine: {machine()}; Python {platform.python_version()}; "
        + "; ".join(r.get("db_version", r["db"]) for r in results),
        "- Server: gunicorn, 1 worker, 1 thread, on 127.0.0.1; requests sequential over HTTP from the same machine "
        f"({WARMUP} warm-up requests, then {15 if quick else 50} timed). The trivial view is `/healthz`, timed "
        "before and after the pages in the same run and pooled.",
        "- Timed as a programme manager scoped to ONE programme (scoping subqueries in play); the person list also "
        "as admin. HTML pages with a session from the real login form, API pages with a token.",
        f"- Verdict: OK when p95 < {P95_GOAL_MS:.0f} ms and throughput ≥ {THROUGHPUT_GOAL_PCT:.0f} % of the trivial "
        "view's. *queries* = queries of the timed request (in-process, same user); *rows: many / few* = the same "
        "page at two row counts; **grows** flags a page whose query count rises with the rows shown.",
        f"- Second reference, no verdict: the *{SIGNED_IN_LABEL}* view (`{SIGNED_IN_TRIVIAL}`: login required, a "
        "one-line answer, no template, no scope query), timed with the manager's session before and after the pages "
        "and pooled like `/healthz`. It is what any signed-in request costs (session, user, middleware); "
        f"*% of {SIGNED_IN_LABEL}* = a page's throughput as a share of it, i.e. what the page costs beyond being "
        "signed in. The verdict stays against `/healthz`, as issue #2 sets it.",
        "",
    ]
    misses: list[str] = []
    for r in results:
        lines.append(f"### {r['db']}")
        lines.append("")
        if r.get("failed"):
            lines += [f"Not measured: {r['failed']}.", ""]
            misses.append(f"{r['db']}: the run failed ({r['failed']}).")
            continue
        s, load = r["sizes"], r["load"]

        def load_words(load: dict) -> str:
            detail = ", ".join(f"{k.removesuffix('_s')} {v} s" for k, v in load.items() if k.endswith("_s"))
            return f"loaded in {load.get('regions_s', 0) + load.get('data_total_s', 0):.0f} s ({detail})"

        if load.get("reused") and load.get("loaded_before"):
            before = load["loaded_before"]
            load_text = f"existing bench data reused; it was {load_words(before)} on {before.get('at', '?')}"
        elif load.get("reused"):
            load_text = "existing bench data reused (load not re-timed)"
        else:
            load_text = load_words(load)
        lines += [
            f"Data: {load.get('places', 'all'):,} places (every Kemendagri region), 5 programmes, {s['groups']:,} groups, "
            f"{s['persons']:,} persons (40 % with a NIK), {s['memberships']:,} memberships (15–25 a group), "
            f"{s['enterprises']:,} enterprises, {2 * s['groups']:,} officer terms, {s['groups']:,} bylaws; "
            f"{load_text}.",
            "",
            f"Machine load (1-minute average) before / after the timed requests: {r['loadavg'][0]} / "
            f"{r['loadavg'][1]} on {os.cpu_count()} cores (other work on the machine slows every row alike).",
            "",
            f"| page | median ms | p95 ms | req/s | % of trivial | % of {SIGNED_IN_LABEL} | queries "
            "| rows: many / few | verdict |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        timing, queries = r["timing"], r["queries"]
        below: list[tuple[float, str]] = []
        measured = sum(1 for label in _page_labels(r) if not label.startswith("!"))
        trivial = timing["/healthz (trivial)"]
        signed_in = timing.get(SIGNED_IN_LABEL)
        signed_in_rps = signed_in["rps"] if signed_in and signed_in.get("n") else 0

        def pct_signed_in(rps: float, signed_in_rps: float = signed_in_rps) -> str:
            return f"{100 * rps / signed_in_rps:.0f}" if signed_in_rps else ""

        lines.append(
            f"| `/healthz` (trivial) | {trivial['median_ms']:.1f} | {trivial['p95_ms']:.1f} | {trivial['rps']:.0f} "
            f"| 100 | {pct_signed_in(trivial['rps'])} | 0 | | baseline |"
        )
        if signed_in:
            bad = [st for st in signed_in["statuses"] if st != 200]
            sq = queries.get(SIGNED_IN_LABEL, {}).get("timed", {}).get("queries", "")
            pct = 100 * signed_in["rps"] / trivial["rps"] if trivial["rps"] else 0
            lines.append(
                f"| `{SIGNED_IN_TRIVIAL}` ({SIGNED_IN_LABEL}) | {signed_in['median_ms']:.1f} "
                f"| {signed_in['p95_ms']:.1f} | {signed_in['rps']:.0f} | {pct:.0f} | 100 | {sq} | "
                f"| {'FAIL: ' + ', '.join(map(str, bad)) if bad else 'reference'} |"
            )
            if bad:
                misses.append(f"{r['db']}: the {SIGNED_IN_LABEL} view answered {bad} instead of HTTP 200.")
        elif r.get("signed_in_trivial", {}).get("missing"):
            lines.append(
                f"| `{SIGNED_IN_TRIVIAL}` ({SIGNED_IN_LABEL}) | | | | | | | | "
                f"not measured: {r['signed_in_trivial']['missing']} |"
            )
        for label in _page_labels(r):
            if label.startswith("!"):
                name, why = label[1:].split("\t")
                lines.append(f"| `{name}` | | | | | | | | not measured: {why} |")
                misses.append(f"{r['db']}: `{name}` not measured: {why}.")
                continue
            t, qinfo = timing[label], queries.get(label, {})
            pct = 100 * t["rps"] / trivial["rps"] if trivial["rps"] else 0
            verdict, why, slow_throughput = _verdict(t, qinfo, pct)
            if slow_throughput:
                below.append((pct, label))
            shape = ""
            if "big" in qinfo:
                big, small = qinfo["big"], qinfo["small"]
                shape = " / ".join(
                    str(x["queries"]) if x["status"] == 200 else f"{x['status']} ({x['queries']} queries)"
                    for x in (big, small)
                )
                shape += f" ({qinfo.get('shapes', '')})" if qinfo.get("shapes") else ""
            nq = qinfo.get("timed", {}).get("queries", "")
            lines.append(
                f"| `{label}` | {t['median_ms']:.1f} | {t['p95_ms']:.1f} | {t['rps']:.1f} | {pct:.0f} "
                f"| {pct_signed_in(t['rps'])} | {nq} | {shape} | {verdict} |"
            )
            if why:
                slow = qinfo.get("timed", {})
                extra = ""
                if slow.get("slowest_ms"):
                    extra = (
                        f" In-process: {slow['queries']} queries, {slow['db_ms']} ms in SQL, slowest "
                        f"{slow['slowest_ms']} ms: `{_short_sql(slow['slowest_sql'])}`."
                    )
                misses.append(f"{r['db']}: `{label}` — {why}.{extra}")
            for which in ("timed", "big", "small"):
                x = qinfo.get(which)
                if x and x["status"] != 200:
                    url = {"timed": "the timed URL", "big": "the many-rows URL", "small": "the few-rows URL"}[
                        which
                    ]
                    misses.append(
                        f"{r['db']}: `{label}` at {url} ({qinfo.get('shapes', '')}), counted in-process, gave "
                        f"{x['status']} after {x['queries']} queries; the statement running: "
                        f"`{_short_sql(x.get('slowest_sql', ''))}`."
                    )
        if below:
            below.sort()
            misses.append(
                f"{r['db']}: {len(below)} of {measured} "
                f"measured pages stay under {THROUGHPUT_GOAL_PCT:.0f} % of the trivial view's throughput "
                f"({below[0][0]:.0f} % for `{below[0][1]}` to {below[-1][0]:.0f} % for `{below[-1][1]}`)."
            )
        for warning in r.get("server_warnings", []):
            misses.append(f"{r['db']}: the server logged `{warning}`.")
        lines.append("")
    lines += ["### What misses the goal, and why", ""]
    lines += [f"- {m}" for m in misses] or ["- Nothing: every measured page meets the goal."]
    lines += ["", _explanation(results), "", SECTION_END]
    return "\n".join(lines)


def _page_labels(r: dict) -> list[str]:
    labels = []
    for spec in r["pages"]:
        if spec.get("missing"):
            labels.append(f"!{spec['label']}\t{spec['missing']}")
        elif spec["label"] in r["timing"]:
            labels.append(spec["label"])
    return labels


def _verdict(t: dict, qinfo: dict, pct: float) -> tuple[str, str, bool]:
    """(verdict cell, the serious problems in words, whether throughput is under the goal)."""
    bad_status = [s for s in t["statuses"] if s != 200]
    if bad_status or not t["n"]:
        return (
            f"FAIL: {', '.join(map(str, t['statuses']))}",
            f"answers {bad_status} instead of HTTP 200 (a request is cut off after {REQUEST_LIMIT_S} s)",
            False,
        )
    problems, short = [], []
    if t["p95_ms"] >= P95_GOAL_MS:
        problems.append(f"p95 {t['p95_ms']:.0f} ms ≥ {P95_GOAL_MS:.0f} ms (median {t['median_ms']:.0f} ms)")
        short.append("p95")
    slow_throughput = pct < THROUGHPUT_GOAL_PCT
    if slow_throughput:
        short.append("throughput")
    if qinfo.get("grows"):
        problems.append(
            f"query count grows with the rows shown ({qinfo['big']['queries']} vs {qinfo['small']['queries']}, "
            f"{qinfo.get('shapes', '')}): a query per row"
        )
        short.append("**grows**")
    return ("MISS: " + ", ".join(short) if short else "OK"), "; ".join(problems), slow_throughput


def _short_sql(sql: str) -> str:
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r'"[a-z_]+"\.', "", sql)  # drop table prefixes to keep the line readable
    if len(sql) <= 260:
        return sql
    head, where, tail = sql.partition(" WHERE ")
    if not where:
        return sql[:260] + "…"
    return head[:100] + " … WHERE " + tail[:180] + ("…" if len(tail) > 180 else "")


def _explanation(results: list[dict]) -> str:
    ok = [r for r in results if not r.get("failed")]
    if not ok:
        return ""
    parts, signed = [], []
    for r in ok:
        tr = r["timing"]["/healthz (trivial)"]
        parts.append(f"{tr['median_ms']:.1f} ms ({tr['rps']:.0f} req/s) on {r['db']}")
        si = r["timing"].get(SIGNED_IN_LABEL)
        if si and si.get("n"):
            pct = 100 * si["rps"] / tr["rps"] if tr["rps"] else 0
            signed.append(
                f"{si['median_ms']:.1f} ms ({si['rps']:.0f} req/s, {pct:.0f} % of the trivial view) on {r['db']}"
            )
    text = (
        "The trivial view answers in "
        + " and ".join(parts)
        + ": it touches no session, no user and no database. "
        f"Reaching {THROUGHPUT_GOAL_PCT:.0f} % of that means a whole page — session and user lookup, the scoped "
        "COUNT(*) of the paginator, the rows, the template — in about 2.5× the trivial view's time, which no page "
        "that reads the database and renders a template does here; the throughput ratio is reported for trend, and "
        "the p95 budget is the goal that decides whether a page is fast enough for the field. Slow pages are "
        "explained above by their slowest SQL statement, measured in-process with the same user."
    )
    if signed:
        text += (
            f"\n\nThe {SIGNED_IN_LABEL} view (`{SIGNED_IN_TRIVIAL}`) answers in "
            + " and ".join(signed)
            + ": that is the floor of every signed-in request (reading the session and the user, the middleware), "
            "before any scope query, template or list. Its column shows how much of the distance to the trivial "
            "view is each page's own work (scope, COUNT, rows, template) and how much is the price of being "
            "signed in at all."
        )
    return text


if __name__ == "__main__":
    main()
