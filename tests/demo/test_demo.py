import pytest
from django.db.models import F

from berdaya.accounts.models import User
from berdaya.demo.loader import _dataset, load_demo
from berdaya.groups.models import Bylaws, Group, Membership, OfficerTerm
from berdaya.people.models import Person
from berdaya.places.services import load_regions
from berdaya.programs.models import Programme


@pytest.fixture
def demo_regions(db):
    d = _dataset()
    codes = {r["place"] for r in d["AGENCIES"]} | {c for p in d["PROGRAMMES"] for c in p["sites"]}
    codes |= {r["parent_code"] for r in d["DUSUNS"] if r["parent_code"][0].isdigit()}
    codes |= {r["place"] for r in d["PERSONS"] if r["place"][0].isdigit()}
    codes |= {r["place"] for r in d["GROUPS"] if r["place"][0].isdigit()}
    load_regions(only=sorted(codes))


@pytest.mark.django_db
def test_demo_loads_once_and_again_changes_nothing(demo_regions):
    first = load_demo()
    assert first["created"]["programmes"] == 5
    counts = (Programme.objects.count(), Group.objects.count(), Person.objects.count(), User.objects.count())
    second = load_demo()
    assert second["created"] == {}
    assert counts == (
        Programme.objects.count(),
        Group.objects.count(),
        Person.objects.count(),
        User.objects.count(),
    )
    # Every meeting has its posted collection sheet, and the books are sound.
    from berdaya.books.checks import run_checks
    from berdaya.books.sheets.models import CollectionSheet
    from berdaya.groups.models import Meeting

    assert CollectionSheet.objects.count() == Meeting.objects.count() > 300
    assert run_checks() == []
    # The products run alongside: loans (some in arrears), tanggung renteng, arisan, revolving funds.
    import datetime as dt

    from berdaya.books.arisan.models import Round
    from berdaya.books.funds.models import Allocation
    from berdaya.books.funds.queries import audit
    from berdaya.books.loans.models import Cover, Loan
    from berdaya.books.loans.queries import arrears_rows

    assert Loan.objects.filter(status="disbursed").count() >= 10
    late = [r for r in arrears_rows(dt.date(2026, 11, 23)) if r["days_past_due"] > 30]
    assert {Group.objects.get(pk=r["group_id"]).name for r in late} >= {"KUBE Sedap Malam"}
    assert Cover.objects.filter(group__name="KUBE Mele Maju").exists()
    # … paid back on the next meeting's sheet, as a treasurer records it; fund repayments come in there too.
    from berdaya.books.loans.models import CoverDebt
    from berdaya.books.sheets.models import SheetLine

    settled = SheetLine.objects.filter(cover_settlement__gt=0, sheet__meeting__group__name="KUBE Mele Maju")
    assert settled.count() == 1 and settled.get().cover_handed_back > 0
    assert not CoverDebt.objects.filter(group__name="KUBE Mele Maju", settled__lt=F("amount")).exists()
    assert SheetLine.objects.filter(fund_repayment__gt=0).count() > 10
    assert Round.objects.filter(winner_slot__isnull=False, pot__gt=0).count() >= 8
    assert Allocation.objects.filter(generation=2).exists()
    palembang = Group.objects.get(name="KUBE Sedap Malam")
    kinds = {f.code for f in audit(group=palembang, today=dt.date(2026, 11, 23))["findings"]}
    assert {"over_plan", "unpaid"} <= kinds
    # Loaded through the services, in the demo administrator's name: every row is in the audit log.
    from berdaya.audit.models import AuditEntry

    admin = User.objects.get(username="admin")
    assert AuditEntry.objects.filter(actor=admin, object_type="groups.meeting").count() > 100
    assert {u["username"] for u in second["logins"]} >= {
        "admin",
        "manager",
        "facilitator",
        "officer",
        "member",
        "auditor",
        "partner",
    }


@pytest.mark.django_db
def test_senik_paguyuban_follows_seed_002(demo_regions):
    load_demo()
    senik = Group.objects.get(name__icontains="Senik", kind="paguyuban")
    bylaws = Bylaws.objects.get(group=senik)
    assert bylaws.mandatory_saving == 10_000
    assert bylaws.arisan_amount == 10_000
    assert str(bylaws.loan_rate_percent_month) == "1.00"
    assert bylaws.meeting_cadence == "monthly"
    roles = set(OfficerTerm.objects.filter(group=senik, end_on__isnull=True).values_list("role", flat=True))
    assert {"chair", "secretary", "treasurer"} <= roles
    assert Membership.objects.filter(group=senik, left_on__isnull=False).exclude(leave_reason="").exists()
    officer = User.objects.get(username="officer")
    assert officer.check_password("berdaya-demo")
