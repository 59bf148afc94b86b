"""What each kind of import reads and how one row becomes records.

A kind is a list of columns (the Indonesian header written in templates and exports, plus accepted
aliases) and a ``create`` function that turns one parsed row into calls to the *same* service functions
the web pages use. Nothing here writes a model directly, so an imported person obeys exactly the rules a
person typed into the form obeys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.accounts import access
from berdaya.groups.models import Group
from berdaya.people.models import Enterprise, Household, Person
from berdaya.places.models import Place

from . import parsing as p


@dataclass(frozen=True)
class Column:
    name: str  # header in templates and exports
    field: str  # the service argument it feeds; service field errors are mapped back through it
    label: Promise
    parse: Callable[[str], object]
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""


class RowProblem(Exception):
    """One or more reasons a row cannot be imported; ``problems`` is a list of (field, message)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.problems = [(field_name, message)]


@dataclass
class Context:
    """What one import run remembers between rows: lookups (never row data, so memory stays flat)."""

    user: object
    _places: dict[str, Place | None] = field(default_factory=dict)
    _programmes: dict[str, object] = field(default_factory=dict)
    # Households made by rows that succeeded in this run: later family members may join them even
    # before their first member makes the household visible to the importing user.
    own_households: set[str] = field(default_factory=set)
    pending_households: set[str] = field(default_factory=set)

    def place(self, code: str, field_name: str = "place") -> Place:
        if code not in self._places:
            self._places[code] = Place.objects.filter(code=code).first()
        place = self._places[code]
        if place is None:
            raise RowProblem(field_name, _("No place has the code %(code)s.") % {"code": code})
        return place

    def programme(self, name: str, field_name: str = "programme"):
        key = name.lower()
        if key not in self._programmes:
            found = list(access.visible_programmes(self.user).filter(name__iexact=name)[:1])
            if not found:
                result = _("You have no programme named %(name)s.") % {"name": name}
            else:
                try:
                    result = access.access_programme(self.user, found[0].pk, write=True)
                except (PermissionDenied, Http404):
                    result = _("You may not add groups or members to %(name)s.") % {"name": found[0].name}
            self._programmes[key] = result
        result = self._programmes[key]
        if isinstance(result, str):
            raise RowProblem(field_name, result)
        return result

    def row_succeeded(self) -> None:
        self.own_households |= self.pending_households
        self.pending_households = set()

    def row_failed(self) -> None:
        self.pending_households = set()


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    columns: tuple[Column, ...]
    create: Callable[[Context, dict], dict[str, int]]
    # Values that identify a row; the same key twice in one file is a duplicate.
    identity: Callable[[dict], tuple | None]
    duplicate_message: Promise

    def column(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)


# --- people ------------------------------------------------------------------------------------------

PLACE_CODE = Column(
    "kode_wilayah",
    "place",
    gettext_lazy("Kemendagri code of the village (or dusun/RW/RT), e.g. 52.01.02.2006"),
    p.place_code,
    aliases=("place_code", "kode_desa", "kode", "wilayah"),
    required=True,
    example="52.01.02.2006",
)


def _create_person(ctx: Context, v: dict) -> dict[str, int]:
    from berdaya.people import services as people

    place = ctx.place(v["place"])
    counts = {"persons": 1}
    if not v.get("nik"):
        same = Person.objects.filter(
            full_name__iexact=v["full_name"], place=place, birth_date=v.get("birth_date")
        )
        if same.exists():
            raise RowProblem(
                "full_name",
                _(
                    "A person with this name and birth date is already registered at this place; "
                    "give the NIK or the birth date to tell them apart."
                ),
            )
    household = None
    kk = v.get("kk_number")
    if kk:
        household = Household.objects.filter(kk_number=kk).first()
        if household is not None:
            if (
                kk not in ctx.own_households
                and not access.visible_households(ctx.user).filter(pk=household.pk).exists()
            ):
                raise RowProblem(
                    "kk_number", _("This family card number belongs to a household you cannot see.")
                )
        else:
            household = people.create_household(
                acting_user=ctx.user,
                place=place,
                kk_number=kk,
                head_name=v.get("head_name") or "",
                address=v.get("address") or "",
                poverty_registered=bool(v.get("poverty_registered")),
                poverty_registry_id=v.get("poverty_registry_id") or "",
            )
            ctx.pending_households.add(kk)
            counts["households"] = 1
    people.create_person(
        acting_user=ctx.user,
        full_name=v["full_name"],
        sex=v["sex"],
        place=place,
        birth_date=v.get("birth_date"),
        nik=v.get("nik"),
        phone=v.get("phone") or "",
        address=v.get("address") or "",
        household=household,
    )
    return counts


def _person_identity(v: dict) -> tuple | None:
    if v.get("nik"):
        return ("nik", v["nik"])
    return ("name", v["full_name"].lower(), v["place"], v.get("birth_date"))


PEOPLE = Kind(
    key="people",
    label=gettext_lazy("People"),
    columns=(
        Column(
            "nama",
            "full_name",
            gettext_lazy("Full name"),
            p.text(120),
            aliases=("full_name", "name", "nama_lengkap"),
            required=True,
            example="Siti Aminah",
        ),
        Column(
            "jenis_kelamin",
            "sex",
            gettext_lazy("Sex: L or P (laki-laki / perempuan)"),
            p.sex,
            aliases=("sex", "gender", "jk", "l/p"),
            required=True,
            example="P",
        ),
        PLACE_CODE,
        Column(
            "nik",
            "nik",
            gettext_lazy("NIK, 16 digits (optional)"),
            p.nik,
            aliases=("no_nik",),
            example="5201024101900001",
        ),
        Column(
            "tanggal_lahir",
            "birth_date",
            gettext_lazy("Birth date, YYYY-MM-DD or DD/MM/YYYY"),
            p.date,
            aliases=("birth_date", "tgl_lahir", "date_of_birth"),
            example="1990-01-01",
        ),
        Column(
            "telepon",
            "phone",
            gettext_lazy("Phone"),
            p.text(40),
            aliases=("phone", "no_hp", "hp", "telp"),
            example="081234567890",
        ),
        Column(
            "alamat",
            "address",
            gettext_lazy("Address"),
            p.text(250),
            aliases=("address",),
            example="Dusun Kebon",
        ),
        Column(
            "no_kk",
            "kk_number",
            gettext_lazy("Family card (KK) number; rows with the same number share a household"),
            p.kk_number,
            aliases=("kk_number", "nomor_kk", "kk"),
            example="5201020101900001",
        ),
        Column(
            "kepala_keluarga",
            "head_name",
            gettext_lazy("Head of household (when the household is new)"),
            p.text(120),
            aliases=("head_name", "head_of_household"),
        ),
        Column(
            "dtks",
            "poverty_registered",
            gettext_lazy("In the poverty registry (DTKS/DTSEN): ya or tidak"),
            p.boolean,
            aliases=("poverty_registered", "terdaftar_dtks"),
            example="ya",
        ),
        Column(
            "id_dtks",
            "poverty_registry_id",
            gettext_lazy("Poverty registry id"),
            p.text(40),
            aliases=("poverty_registry_id",),
        ),
    ),
    create=_create_person,
    identity=_person_identity,
    duplicate_message=gettext_lazy(
        "The same person (same NIK, or same name, place and birth date) is on row %(row)d."
    ),
)


# --- enterprises -------------------------------------------------------------------------------------

_SECTORS = {v: v for v in Enterprise.Sector.values} | {
    "kerajinan": "craft",
    "tekstil": "textile",
    "garmen": "textile",
    "makanan": "food",
    "makanan dan minuman": "food",
    "kuliner": "food",
    "pertanian": "agriculture",
    "peternakan": "agriculture",
    "perikanan": "agriculture",
    "perdagangan": "trade",
    "dagang": "trade",
    "jasa": "service",
    "services": "service",
    "lainnya": "other",
    "lain-lain": "other",
}


def _create_enterprise(ctx: Context, v: dict) -> dict[str, int]:
    from berdaya.people import services as people

    place = ctx.place(v["place"])
    owners = []
    niks = v.get("owners") or []
    if niks:
        found = {o.nik: o for o in access.visible_persons(ctx.user).filter(nik__in=niks)}
        missing = [n for n in niks if n not in found]
        if missing:
            raise RowProblem(
                "owners",
                _("No person you can see has the NIK %(niks)s; import them first.")
                % {"niks": ", ".join(missing)},
            )
        owners = [found[n] for n in dict.fromkeys(niks)]
    if Enterprise.objects.filter(name__iexact=v["name"], place=place).exists():
        raise RowProblem("name", _("An enterprise with this name is already registered at this place."))
    people.create_enterprise(
        acting_user=ctx.user,
        name=v["name"],
        place=place,
        product_type=v["product_type"],
        sector=v.get("sector") or "other",
        owners=owners,
        workers=v.get("workers"),
        net_assets=v.get("net_assets"),
        business_capital=v.get("business_capital"),
        annual_sales=v.get("annual_sales"),
        start_date=v.get("start_date"),
    )
    return {"enterprises": 1}


ENTERPRISES = Kind(
    key="enterprises",
    label=gettext_lazy("Enterprises"),
    columns=(
        Column(
            "nama_usaha",
            "name",
            gettext_lazy("Name of the enterprise"),
            p.text(150),
            aliases=("name", "enterprise", "nama"),
            required=True,
            example="Gerabah Sari",
        ),
        Column(
            "nik_pemilik",
            "owners",
            gettext_lazy("NIK of each owner, separated by commas; the owners must already be registered"),
            p.nik_list,
            aliases=("owner_niks", "owners", "pemilik"),
            example="5201024101900001",
        ),
        PLACE_CODE,
        Column(
            "jenis_produk",
            "product_type",
            gettext_lazy("What it makes or sells, e.g. gerabah"),
            p.text(80),
            aliases=("product_type", "produk"),
            required=True,
            example="gerabah",
        ),
        Column(
            "sektor",
            "sector",
            gettext_lazy("Sector: kerajinan, tekstil, makanan, pertanian, perdagangan, jasa or lainnya"),
            p.choice(_SECTORS, "kerajinan, tekstil, makanan, pertanian, perdagangan, jasa, lainnya"),
            aliases=("sector",),
            example="kerajinan",
        ),
        Column(
            "tenaga_kerja",
            "workers",
            gettext_lazy("Workers, including the owner"),
            p.whole_number,
            aliases=("workers", "jumlah_pekerja"),
            example="3",
        ),
        Column(
            "aset_bersih",
            "net_assets",
            gettext_lazy("Net assets excluding land and buildings, rupiah"),
            p.rupiah,
            aliases=("net_assets", "aset"),
            example="25000000",
        ),
        Column(
            "modal_usaha",
            "business_capital",
            gettext_lazy("Business capital excluding land and buildings, rupiah"),
            p.rupiah,
            aliases=("business_capital", "modal"),
            example="20000000",
        ),
        Column(
            "omzet_tahunan",
            "annual_sales",
            gettext_lazy("Annual sales, rupiah"),
            p.rupiah,
            aliases=("annual_sales", "omzet", "penjualan_tahunan"),
            example="120000000",
        ),
        Column(
            "mulai_usaha",
            "start_date",
            gettext_lazy("Date the business started"),
            p.date,
            aliases=("start_date", "tanggal_mulai"),
            example="2015-06-01",
        ),
    ),
    create=_create_enterprise,
    identity=lambda v: ("enterprise", v["name"].lower(), v["place"]),
    duplicate_message=gettext_lazy("The same enterprise (same name and place) is on row %(row)d."),
)


# --- groups ------------------------------------------------------------------------------------------

_GROUP_KINDS = {v: v for v in Group.Kind.values} | {
    "koperasi": "cooperative",
    "kelompok usaha bersama": "kube",
    "kelompok swadaya masyarakat": "cbo",
    "ksm": "cbo",
    "sentra": "sentra_association",
    "paguyuban sentra": "sentra_association",
}

PROGRAMME = Column(
    "program",
    "programme",
    gettext_lazy("Programme name, exactly as in Berdaya"),
    p.text(150),
    aliases=("programme", "program_name", "nama_program"),
    required=True,
    example="KUBE Lombok Barat 2025",
)


def _create_group(ctx: Context, v: dict) -> dict[str, int]:
    from berdaya.groups import services as groups

    programme = ctx.programme(v["programme"])
    place = ctx.place(v["place"])
    groups.create_group(
        acting_user=ctx.user,
        programme=programme,
        name=v["name"],
        kind=v["kind"],
        place=place,
        business_type=v.get("business_type") or "",
        founded_on=v.get("founded_on"),
    )
    return {"groups": 1}


GROUPS = Kind(
    key="groups",
    label=gettext_lazy("Groups"),
    columns=(
        PROGRAMME,
        Column(
            "nama_kelompok",
            "name",
            gettext_lazy("Group name"),
            p.text(150),
            aliases=("group_name", "name", "kelompok"),
            required=True,
            example="KUBE Tanah Liat",
        ),
        Column(
            "jenis",
            "kind",
            gettext_lazy("Kind: kube, paguyuban, kuw, cbo, koperasi or sentra"),
            p.choice(_GROUP_KINDS, "kube, paguyuban, kuw, cbo, koperasi, sentra"),
            aliases=("kind", "jenis_kelompok"),
            required=True,
            example="kube",
        ),
        PLACE_CODE,
        Column(
            "jenis_usaha",
            "business_type",
            gettext_lazy("Business type, e.g. gerabah"),
            p.text(80),
            aliases=("business_type", "usaha"),
            example="gerabah",
        ),
        Column(
            "tanggal_berdiri",
            "founded_on",
            gettext_lazy("Founding date"),
            p.date,
            aliases=("founded_on", "tgl_berdiri"),
            example="2024-01-10",
        ),
    ),
    create=_create_group,
    identity=lambda v: ("group", v["programme"].lower(), v["name"].lower()),
    duplicate_message=gettext_lazy("The same group (same programme and name) is on row %(row)d."),
)


# --- memberships -------------------------------------------------------------------------------------


def _member(ctx: Context, v: dict, place: Place | None) -> Person:
    persons = access.visible_persons(ctx.user)
    if v.get("nik"):
        person = persons.filter(nik=v["nik"]).first()
        if person is None:
            raise RowProblem("person", _("No person you can see has this NIK; import the person first."))
        return person
    if not v.get("full_name") or place is None:
        raise RowProblem("person", _("Give the member's NIK, or their full name and place code."))
    found = list(persons.filter(full_name__iexact=v["full_name"], place=place)[:2])
    if not found:
        raise RowProblem(
            "person", _("No person you can see has this name at this place; import the person first.")
        )
    if len(found) > 1:
        raise RowProblem("person", _("Several persons have this name at this place; give the NIK."))
    return found[0]


def _create_membership(ctx: Context, v: dict) -> dict[str, int]:
    from berdaya.groups import services as groups

    programme = ctx.programme(v["programme"])
    group = Group.objects.filter(programme=programme, name__iexact=v["group"]).select_related("place").first()
    if group is None:
        raise RowProblem(
            "group",
            _("%(programme)s has no group named %(name)s.")
            % {"programme": programme.name, "name": v["group"]},
        )
    place = ctx.place(v["place"]) if v.get("place") else None
    person = _member(ctx, v, place)
    groups.add_member(
        acting_user=ctx.user,
        group=group,
        person=person,
        joined_on=v["joined_on"],
        join_reason=v.get("join_reason") or "",
    )
    return {"memberships": 1}


def _membership_identity(v: dict) -> tuple:
    who = ("nik", v["nik"]) if v.get("nik") else ("name", (v.get("full_name") or "").lower(), v.get("place"))
    return ("member", v["programme"].lower(), v["group"].lower(), *who)


MEMBERSHIPS = Kind(
    key="memberships",
    label=gettext_lazy("Group memberships"),
    columns=(
        PROGRAMME,
        Column(
            "nama_kelompok",
            "group",
            gettext_lazy("Group name"),
            p.text(150),
            aliases=("group_name", "group", "kelompok"),
            required=True,
            example="KUBE Tanah Liat",
        ),
        Column(
            "nik",
            "nik",
            gettext_lazy("Member's NIK (or give full name and place code)"),
            p.nik,
            aliases=("member_nik", "nik_anggota"),
            example="5201024101900001",
        ),
        Column(
            "nama",
            "full_name",
            gettext_lazy("Member's full name, when there is no NIK"),
            p.text(120),
            aliases=("full_name", "name", "nama_anggota"),
            example="Siti Aminah",
        ),
        Column(
            "kode_wilayah",
            "place",
            gettext_lazy("Code of the place where the member lives, when there is no NIK"),
            p.place_code,
            aliases=PLACE_CODE.aliases,
            example="52.01.02.2006",
        ),
        Column(
            "tanggal_bergabung",
            "joined_on",
            gettext_lazy("Date of joining"),
            p.date,
            aliases=("joined_on", "tgl_bergabung", "tanggal_masuk"),
            required=True,
            example="2024-01-10",
        ),
        Column(
            "alasan_bergabung",
            "join_reason",
            gettext_lazy("Reason for joining"),
            p.text(200),
            aliases=("join_reason", "alasan"),
        ),
    ),
    create=_create_membership,
    identity=_membership_identity,
    duplicate_message=gettext_lazy("The same member of the same group is on row %(row)d."),
)


KINDS: dict[str, Kind] = {k.key: k for k in (PEOPLE, ENTERPRISES, GROUPS, MEMBERSHIPS)}


def kind_choices() -> list[tuple[str, Promise]]:
    return [(k.key, k.label) for k in KINDS.values()]
