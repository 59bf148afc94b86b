"""Load the demo dataset (``dataset.py``, drawn from the seed cases) into the database.

The demo is reference data, loaded in one transaction: either all of it is there or none. Running it
again changes nothing — every row is looked up by its natural key first (programme name, NIK or name and
place, group name in its programme, username).
"""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation

from berdaya.accounts.models import User
from berdaya.groups.models import (
    Assignment,
    Attendance,
    Bylaws,
    Group,
    Meeting,
    Membership,
    OfficerTerm,
    StageRecord,
)
from berdaya.people.models import Enterprise, Household, Person
from berdaya.places.models import Place
from berdaya.places.services import add_free_place
from berdaya.programs.models import (
    DEFAULT_STAGES,
    Agency,
    AgencyRole,
    Programme,
    Site,
    StaffMember,
    Stage,
    TargetCriterion,
)

DATASET = Path(__file__).with_name("dataset.py")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _dataset() -> dict[str, Any]:
    return runpy.run_path(str(DATASET))


class _Loader:
    def __init__(self, data: dict[str, Any]):
        self.d = data
        self.places: dict[str, Place] = {}
        self.programmes: dict[str, Programme] = {}
        self.agencies: dict[str, Agency] = {}
        self.staff: dict[str, StaffMember] = {}
        self.persons: dict[str, Person] = {}
        self.households: dict[str, Household] = {}
        self.groups: dict[str, Group] = {}
        self.counts: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def place(self, key: str) -> Place:
        if key not in self.places:
            self.places[key] = Place.objects.get(code=key)
        return self.places[key]

    def load_places(self) -> None:
        for row in self.d["DUSUNS"]:
            parent = self.place(row["parent_code"])
            existing = Place.objects.filter(parent=parent, kind=row["kind"], name=row["name"]).first()
            if existing is None:
                existing = add_free_place(parent=parent, kind=row["kind"], name=row["name"], acting_user=None)
                self.count("places")
            self.places[row["key"]] = existing

    def load_programmes(self) -> None:
        stage_names = dict(DEFAULT_STAGES)
        for row in self.d["PROGRAMMES"]:
            programme, created = Programme.objects.get_or_create(
                name=row["name"],
                defaults={
                    "model_type": row["model_type"],
                    "description": row["description"],
                    "start_date": _date(row["start_date"]),
                    "end_date": _date(row["end_date"]),
                    "funding_source": row["funding_source"],
                    "group_size_min": row["group_size_min"],
                    "group_size_max": row["group_size_max"],
                },
            )
            self.programmes[row["key"]] = programme
            if not created:
                continue
            self.count("programmes")
            for order, key in enumerate(row.get("stages") or [k for k, _ in DEFAULT_STAGES], start=1):
                Stage.objects.create(programme=programme, order=order, key=key, name=str(stage_names[key]))
            for code in row["sites"]:
                Site.objects.create(programme=programme, place=self.place(code))
            for order, text in enumerate(row["target_criteria"], start=1):
                TargetCriterion.objects.create(programme=programme, text=text, order=order)

    def load_agencies(self) -> None:
        for row in self.d["AGENCIES"]:
            agency, created = Agency.objects.get_or_create(
                name=row["name"], defaults={"kind": row["kind"], "place": self.place(row["place"])}
            )
            self.agencies[row["key"]] = agency
            self.count("agencies") if created else None
        for row in self.d["AGENCY_ROLES"]:
            site = Site.objects.get(programme=self.programmes[row["programme"]], place__code=row["site_code"])
            _, created = AgencyRole.objects.get_or_create(
                site=site,
                agency=self.agencies[row["agency"]],
                role=row["role"],
                defaults={"commitment": row["commitment"]},
            )
            self.count("agency roles") if created else None

    def load_staff(self) -> None:
        programmes_of: dict[str, set[str]] = {}
        for group in self.d["GROUPS"]:
            for a in group["assignments"]:
                programmes_of.setdefault(a["staff"], set()).add(group["programme"])
        for row in self.d["STAFF"]:
            staff = StaffMember.objects.filter(full_name=row["name"]).first()
            if staff is None:
                staff = StaffMember.objects.create(
                    full_name=row["name"],
                    kind=row["kind"],
                    agency=self.agencies.get(row.get("agency")),
                    qualifications=row.get("qualifications", ""),
                    duties=row.get("duties", ""),
                    rights=row.get("rights", ""),
                    obligations=row.get("obligations", ""),
                    sanctions=row.get("sanctions", ""),
                    trained=row.get("trained", False),
                    trained_on=_date(row.get("trained_on")),
                )
                staff.programmes.set([self.programmes[k] for k in sorted(programmes_of.get(row["key"], ()))])
                self.count("staff")
            self.staff[row["key"]] = staff

    def load_people(self) -> None:
        heads = {row["key"]: row.get("head") for row in self.d["HOUSEHOLDS"]}
        names = {row["key"]: row["full_name"] for row in self.d["PERSONS"]}
        for row in self.d["HOUSEHOLDS"]:
            lookup = {"kk_number": row["kk_number"]} if row["kk_number"] else {"address": row["address"]}
            household = Household.objects.filter(**lookup).first()
            if household is None:
                household = Household.objects.create(
                    kk_number=row["kk_number"],
                    head_name=names.get(heads.get(row["key"]) or "", ""),
                    place=self.place(row["place"]),
                    address=row["address"],
                    poverty_registered=row["poverty_registered"],
                    poverty_registry_id=row["poverty_registry_id"] or "",
                )
                self.count("households")
            self.households[row["key"]] = household
        for row in self.d["PERSONS"]:
            place = self.place(row["place"])
            if row["nik"]:
                person = Person.objects.filter(nik=row["nik"]).first()
            else:
                person = Person.objects.filter(full_name=row["full_name"], place=place).first()
            if person is None:
                person = Person.objects.create(
                    full_name=row["full_name"],
                    sex=row["sex"],
                    birth_date=_date(row["birth_date"]),
                    nik=row["nik"],
                    phone=row["phone"] or "",
                    place=place,
                    household=self.households.get(row["household"]),
                )
                self.count("persons")
            self.persons[row["key"]] = person
        for row in self.d["ENTERPRISES"]:
            if Enterprise.objects.filter(name=row["name"], place=self.place(row["place"])).exists():
                continue
            enterprise = Enterprise.objects.create(
                name=row["name"],
                place=self.place(row["place"]),
                product_type=row["product_type"],
                sector=row["sector"],
                workers=row["workers"],
                net_assets=row["net_assets"],
                business_capital=row["business_capital"],
                annual_sales=row["annual_sales"],
                start_date=_date(row["start_date"]),
            )
            enterprise.owners.set([self.persons[k] for k in row["owners"]])
            self.count("enterprises")

    def load_groups(self) -> None:
        for row in self.d["GROUPS"]:
            programme = self.programmes[row["programme"]]
            group = Group.objects.filter(programme=programme, name=row["name"]).first()
            if group is not None:
                self.groups[row["key"]] = group
                continue
            stages = {s.key: s for s in programme.stages.all()}
            group = Group.objects.create(
                name=row["name"],
                kind=row["kind"],
                programme=programme,
                place=self.place(row["place"]),
                business_type=row["business_type"],
                founded_on=_date(row["founded_on"]),
                stage=stages.get(row["stage"]),
            )
            self.groups[row["key"]] = group
            self.count("groups")
            Bylaws.objects.create(
                group=group, **{k: v for k, v in row["bylaws"].items() if k != "stimulant_deductions"}
            )
            for m in row["members"]:
                Membership.objects.create(
                    group=group,
                    person=self.persons[m["person"]],
                    joined_on=_date(m["joined_on"]),
                    join_reason=m.get("join_reason", ""),
                    left_on=_date(m.get("left_on")),
                    leave_reason=m.get("leave_reason", ""),
                )
            for o in row["officers"]:
                OfficerTerm.objects.create(
                    group=group,
                    person=self.persons[o["person"]],
                    role=o["role"],
                    start_on=_date(o["start_on"]),
                    end_on=_date(o.get("end_on")),
                )
            for e in row["stage_evidence"]:
                StageRecord.objects.create(
                    group=group,
                    stage=stages[e["stage"]],
                    reached_on=_date(e["reached_on"]),
                    evidence=e["evidence"],
                )
            for a in row["assignments"]:
                Assignment.objects.create(
                    group=group, staff=self.staff[a["staff"]], start_on=_date(a["start_on"])
                )
            members = row["members"]
            for meeting_row in row["meetings"]:
                held_on = _date(meeting_row["held_on"])
                meeting = Meeting.objects.create(
                    group=group,
                    held_on=held_on,
                    venue=meeting_row.get("venue", ""),
                    agenda=meeting_row.get("agenda", ""),
                    minutes=meeting_row.get("minutes", ""),
                )
                present = set(meeting_row["present"])
                # Attendance lists everyone who was a member on that date, present or not.
                Attendance.objects.bulk_create(
                    Attendance(
                        meeting=meeting, person=self.persons[m["person"]], present=m["person"] in present
                    )
                    for m in members
                    if _date(m["joined_on"]) <= held_on
                    and (not m.get("left_on") or _date(m["left_on"]) >= held_on)
                )

    def load_users(self) -> list[dict[str, str]]:
        logins = []
        for row in self.d["USERS"]:
            first, _, last = row["full_name"].partition(" ")
            user, created = User.objects.get_or_create(
                username=row["username"],
                defaults={
                    "role": row["role"],
                    "first_name": first,
                    "last_name": last,
                    "is_staff": row["role"] == "admin",
                    "is_superuser": row["role"] == "admin",
                    "person": self.persons.get(row.get("person") or ""),
                    "staff_member": self.staff.get(row.get("staff") or ""),
                    "agency": self.agencies.get(row.get("agency") or ""),
                },
            )
            if created:
                user.set_password(row["password"])
                user.save(update_fields=["password"])
                user.scope_programmes.set([self.programmes[k] for k in row["programmes"]])
                user.scope_places.set([self.place(k) for k in row["places"]])
                user.scope_groups.set([self.groups[k] for k in row["groups"]])
                self.count("users")
            logins.append(
                {"username": row["username"], "role": user.get_role_display(), "password": row["password"]}
            )
        return logins


def load_demo() -> dict[str, Any]:
    """Load the demo programmes, agencies, staff, people, groups and one user per role. Idempotent."""
    loader = _Loader(_dataset())
    # Stage names and other generated labels are stored in the programme's language, Indonesian.
    with translation.override("id"), transaction.atomic():
        loader.load_places()
        loader.load_programmes()
        loader.load_agencies()
        loader.load_staff()
        loader.load_people()
        loader.load_groups()
        logins = loader.load_users()
    return {"created": loader.counts, "logins": logins}
