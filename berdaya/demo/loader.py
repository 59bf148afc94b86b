"""Load the demo dataset (``dataset.py``, drawn from the seed cases) into the database.

Every row goes through the same service functions the pages and the API use, acting as the demo
administrator, so the demo obeys every rule (valid NIKs, officers who are members, meetings attended by
members) and shows up in the audit log like any other change. It runs in one transaction: either all of
it is there or none. Running it again changes nothing — each row is looked up by its natural key first
(programme name, NIK or name and place, group name in its programme, username).
"""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation

from berdaya.accounts.models import Role, User
from berdaya.groups import services as groups
from berdaya.groups.models import Group, Membership, OfficerTerm
from berdaya.people import services as people
from berdaya.people.models import Enterprise, Household, Person
from berdaya.places.models import Place
from berdaya.places.services import add_free_place
from berdaya.programs import services as programs
from berdaya.programs.models import Agency, AgencyRole, Programme, Site, StaffMember

DATASET = Path(__file__).with_name("dataset.py")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _dataset() -> dict[str, Any]:
    return runpy.run_path(str(DATASET))


class _Loader:
    def __init__(self, data: dict[str, Any]):
        self.d = data
        self.admin: User | None = None
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

    def load_admin(self) -> None:
        """The demo administrator exists first: every other row is written in their name."""
        row = next(r for r in self.d["USERS"] if r["role"] == Role.ADMIN)
        first, _, last = row["full_name"].partition(" ")
        self.admin, created = User.objects.get_or_create(
            username=row["username"],
            defaults={
                "role": Role.ADMIN,
                "first_name": first,
                "last_name": last,
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if created:
            self.admin.set_password(row["password"])
            self.admin.save(update_fields=["password"])
            self.count("users")

    def load_places(self) -> None:
        for row in self.d["DUSUNS"]:
            parent = self.place(row["parent_code"])
            existing = Place.objects.filter(parent=parent, kind=row["kind"], name=row["name"]).first()
            if existing is None:
                existing = add_free_place(
                    parent=parent, kind=row["kind"], name=row["name"], acting_user=self.admin
                )
                self.count("places")
            self.places[row["key"]] = existing

    def load_programmes(self) -> None:
        for row in self.d["PROGRAMMES"]:
            programme = Programme.objects.filter(name=row["name"]).first()
            if programme is None:
                programme = programs.create_programme(
                    acting_user=self.admin,
                    name=row["name"],
                    model_type=row["model_type"],
                    description=row["description"],
                    start_date=_date(row["start_date"]),
                    end_date=_date(row["end_date"]),
                    funding_source=row["funding_source"],
                    group_size_min=row["group_size_min"],
                    group_size_max=row["group_size_max"],
                    stages=row.get("stages"),
                )
                for code in row["sites"]:
                    programs.add_site(acting_user=self.admin, programme=programme, place=self.place(code))
                programs.set_criteria(
                    acting_user=self.admin, programme=programme, texts=row["target_criteria"]
                )
                self.count("programmes")
            self.programmes[row["key"]] = programme

    def load_agencies(self) -> None:
        for row in self.d["AGENCIES"]:
            agency = Agency.objects.filter(name=row["name"]).first()
            if agency is None:
                agency = programs.create_agency(
                    acting_user=self.admin, name=row["name"], kind=row["kind"], place=self.place(row["place"])
                )
                self.count("agencies")
            self.agencies[row["key"]] = agency
        for row in self.d["AGENCY_ROLES"]:
            site = Site.objects.get(programme=self.programmes[row["programme"]], place__code=row["site_code"])
            agency = self.agencies[row["agency"]]
            if not AgencyRole.objects.filter(site=site, agency=agency, role=row["role"]).exists():
                programs.commit_role(
                    acting_user=self.admin,
                    site=site,
                    agency=agency,
                    role=row["role"],
                    commitment=row["commitment"],
                )
                self.count("agency roles")

    def load_staff(self) -> None:
        programmes_of: dict[str, set[str]] = {}
        for group in self.d["GROUPS"]:
            for a in group["assignments"]:
                programmes_of.setdefault(a["staff"], set()).add(group["programme"])
        for row in self.d["STAFF"]:
            staff = StaffMember.objects.filter(full_name=row["name"]).first()
            if staff is None:
                staff = programs.create_staff(
                    acting_user=self.admin,
                    full_name=row["name"],
                    kind=row["kind"],
                    agency=self.agencies.get(row.get("agency")),
                    programmes=[self.programmes[k] for k in sorted(programmes_of.get(row["key"], ()))],
                    qualifications=row.get("qualifications", ""),
                    duties=row.get("duties", ""),
                    rights=row.get("rights", ""),
                    obligations=row.get("obligations", ""),
                    sanctions=row.get("sanctions", ""),
                    trained=row.get("trained", False),
                    trained_on=_date(row.get("trained_on")),
                )
                self.count("staff")
            self.staff[row["key"]] = staff

    def load_people(self) -> None:
        heads = {row["key"]: row.get("head") for row in self.d["HOUSEHOLDS"]}
        names = {row["key"]: row["full_name"] for row in self.d["PERSONS"]}
        for row in self.d["HOUSEHOLDS"]:
            lookup = {"kk_number": row["kk_number"]} if row["kk_number"] else {"address": row["address"]}
            household = Household.objects.filter(**lookup).first()
            if household is None:
                household = people.create_household(
                    acting_user=self.admin,
                    place=self.place(row["place"]),
                    kk_number=row["kk_number"],
                    head_name=names.get(heads.get(row["key"]) or "", ""),
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
                person = people.create_person(
                    acting_user=self.admin,
                    full_name=row["full_name"],
                    sex=row["sex"],
                    place=place,
                    birth_date=_date(row["birth_date"]),
                    nik=row["nik"],
                    phone=row["phone"] or "",
                    household=self.households.get(row["household"]),
                )
                self.count("persons")
            self.persons[row["key"]] = person
        for row in self.d["ENTERPRISES"]:
            if Enterprise.objects.filter(name=row["name"], place=self.place(row["place"])).exists():
                continue
            people.create_enterprise(
                acting_user=self.admin,
                name=row["name"],
                place=self.place(row["place"]),
                product_type=row["product_type"],
                sector=row["sector"],
                owners=[self.persons[k] for k in row["owners"]],
                workers=row["workers"],
                net_assets=row["net_assets"],
                business_capital=row["business_capital"],
                annual_sales=row["annual_sales"],
                start_date=_date(row["start_date"]),
            )
            self.count("enterprises")

    def load_groups(self) -> None:
        for row in self.d["GROUPS"]:
            programme = self.programmes[row["programme"]]
            group = Group.objects.filter(programme=programme, name=row["name"]).first()
            if group is None:
                group = self._load_group(row, programme)
                self.count("groups")
            self.groups[row["key"]] = group

    def _load_group(self, row: dict[str, Any], programme: Programme) -> Group:
        admin = self.admin
        group = groups.create_group(
            acting_user=admin,
            programme=programme,
            name=row["name"],
            kind=row["kind"],
            place=self.place(row["place"]),
            business_type=row["business_type"],
            founded_on=_date(row["founded_on"]),
        )
        bylaws = {k: v for k, v in row["bylaws"].items() if k != "stimulant_deductions"}
        groups.set_bylaws(acting_user=admin, group=group, **bylaws)
        for m in sorted(row["members"], key=lambda m: m["joined_on"]):
            groups.add_member(
                acting_user=admin,
                group=group,
                person=self.persons[m["person"]],
                joined_on=_date(m["joined_on"]),
                join_reason=m.get("join_reason", ""),
            )
        for o in sorted(row["officers"], key=lambda o: o["start_on"]):
            groups.appoint_officer(
                acting_user=admin,
                group=group,
                person=self.persons[o["person"]],
                role=o["role"],
                start_on=_date(o["start_on"]),
            )
        stages = {s.key: s for s in programme.stages.all()}
        for e in sorted(row["stage_evidence"], key=lambda e: e["reached_on"]):
            groups.record_stage(
                acting_user=admin,
                group=group,
                stage=stages[e["stage"]],
                reached_on=_date(e["reached_on"]),
                evidence=e["evidence"],
            )
        for a in row["assignments"]:
            groups.assign_staff(
                acting_user=admin, group=group, staff=self.staff[a["staff"]], start_on=_date(a["start_on"])
            )
        # Meetings before departures: attendance is taken from who was a member on each date anyway.
        for meeting in row["meetings"]:
            groups.record_meeting(
                acting_user=admin,
                group=group,
                held_on=_date(meeting["held_on"]),
                venue=meeting.get("venue", ""),
                agenda=meeting.get("agenda", ""),
                minutes=meeting.get("minutes", ""),
                present=[self.persons[k].pk for k in meeting["present"]],
            )
        for o in row["officers"]:
            if o.get("end_on"):
                term = OfficerTerm.objects.filter(
                    group=group, person=self.persons[o["person"]], role=o["role"], end_on__isnull=True
                ).first()
                if term is not None:
                    groups.end_officer_term(acting_user=admin, term=term, end_on=_date(o["end_on"]))
        for m in row["members"]:
            if m.get("left_on"):
                membership = Membership.objects.get(
                    group=group, person=self.persons[m["person"]], left_on__isnull=True
                )
                groups.end_membership(
                    acting_user=admin,
                    membership=membership,
                    left_on=_date(m["left_on"]),
                    leave_reason=m["leave_reason"],
                )
        group.refresh_from_db()
        return group

    def load_books(self) -> None:
        from .books import load_group_books

        # Loans need a checker other than the maker: the demo programme manager approves them.
        checker = User.objects.filter(username="manager").first()
        for group in self.groups.values():
            for _ in range(load_group_books(group=group, acting_user=self.admin, checker=checker)):
                self.count("collection sheets")

    def load_fieldwork(self) -> None:
        """PRA, business plans, trainings, innovations, mentoring, proposals and market links from the seeds.

        Each part lives beside the others in ``berdaya/demo/fieldwork_<part>.py`` and, like the rest,
        calls the services and looks its rows up first, so a second run adds nothing.
        """
        from . import (
            fieldwork_innovation,
            fieldwork_links,
            fieldwork_mentoring,
            fieldwork_odk,
            fieldwork_plans,
            fieldwork_pra,
            fieldwork_training,
        )

        parts = [
            ("PRA records", fieldwork_pra),
            ("business plan records", fieldwork_plans),
            ("training records", fieldwork_training),
            ("innovation records", fieldwork_innovation),
            ("mentoring records", fieldwork_mentoring),
            ("proposals and market links", fieldwork_links),
            ("field-form submissions", fieldwork_odk),
        ]
        for label, part in parts:
            for _ in range(part.load(acting_user=self.admin)):
                self.count(label)

    def load_clusters(self) -> None:
        """The Bandar Kidul ikat sentra (readiness, actors, cooperation, production, procurement), the
        Surakarta shuttlecock line and the Banyumulek pottery value chain, from the seeds.

        The sentra comes first (``clusters_sentra``); each other part finds it, or creates it the same way.
        """
        from . import (
            clusters_conveyor,
            clusters_cooperation,
            clusters_procurement,
            clusters_production,
            clusters_sentra,
            clusters_valuechain,
        )

        parts = [
            ("sentra records", clusters_sentra),
            ("cluster actors and cooperation records", clusters_cooperation),
            ("joint production records", clusters_production),
            ("joint procurement records", clusters_procurement),
            ("conveyor-line records", clusters_conveyor),
            ("value-chain records", clusters_valuechain),
        ]
        for label, part in parts:
            for _ in range(part.load(acting_user=self.admin)):
                self.count(label)

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
        loader.load_admin()
        loader.load_places()
        loader.load_programmes()
        loader.load_agencies()
        loader.load_staff()
        loader.load_people()
        loader.load_groups()
        logins = loader.load_users()
        loader.load_books()
        loader.load_fieldwork()
        loader.load_clusters()
    return {"created": loader.counts, "logins": logins}
