"""Every write of a sentra: the sentra, its members, its history, its infrastructure, the programme's
readiness criteria and readiness assessments.

Each function is keyword-only, runs in one transaction, audit-logs what it changed and raises
``ServiceError`` with a translated message when a rule refuses the change. The readiness verdicts are
never typed in: ``assess_readiness`` computes them with the pure ``readiness`` module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.core.money import thousands
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

from . import readiness
from .models import (
    InfrastructureRecord,
    ReadinessAssessment,
    ReadinessCriteria,
    ReadinessFinding,
    Sentra,
    SentraMember,
    SentraYear,
)

SENTRA_FIELDS = ("name", "product_type", "place", "description", "founded_year")
YEAR_FIELDS = ("units", "craftsmen", "tools", "daily_capacity", "capacity_unit", "monthly_turnover", "notes")


def _refuse(message: str, field: str | None = None, code: str = "invalid"):
    raise ServiceError(message, field_errors={field: message} if field else None, code=code)


def same_product(a: str, b: str) -> bool:
    """ "Tenun ikat" and "tenun  Ikat" are the same product; the comparison ignores case and spacing."""
    return " ".join((a or "").lower().split()) == " ".join((b or "").lower().split())


# --- sentra -----------------------------------------------------------------------------------------


def _check_sentra(*, programme: Programme, name: str, product_type: str, founded_year, exclude=None) -> None:
    if not name.strip():
        _refuse(_("Give the sentra a name."), "name")
    if not product_type.strip():
        _refuse(_("Say which one product type the sentra's units make."), "product_type")
    if founded_year is not None and not (1800 <= founded_year <= dt.date.today().year):
        _refuse(_("The founding year must be between 1800 and this year."), "founded_year")
    clash = Sentra.objects.filter(programme=programme, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        _refuse(
            _("The programme already has a sentra called %(name)s.") % {"name": name.strip()},
            "name",
            "duplicate",
        )


@transaction.atomic
def create_sentra(
    *,
    programme: Programme,
    name: str,
    product_type: str,
    place: Place,
    description: str = "",
    founded_year: int | None = None,
    acting_user,
) -> Sentra:
    _check_sentra(programme=programme, name=name, product_type=product_type, founded_year=founded_year)
    sentra = Sentra.objects.create(
        programme=programme,
        name=name.strip(),
        product_type=product_type.strip(),
        place=place,
        description=description,
        founded_year=founded_year,
    )
    record(actor=acting_user, action="create", obj=sentra, after=snapshot(sentra))
    return sentra


@transaction.atomic
def update_sentra(*, sentra: Sentra, changes: dict, acting_user) -> Sentra:
    check_fields(changes, SENTRA_FIELDS)
    sentra = Sentra.objects.select_for_update().get(pk=sentra.pk)
    before = snapshot(sentra)
    for key, value in changes.items():
        setattr(sentra, key, value.strip() if isinstance(value, str) and key != "description" else value)
    _check_sentra(
        programme=sentra.programme,
        name=sentra.name,
        product_type=sentra.product_type,
        founded_year=sentra.founded_year,
        exclude=sentra,
    )
    sentra.save()
    record(actor=acting_user, action="update", obj=sentra, before=before, after=snapshot(sentra))
    return sentra


# --- members ----------------------------------------------------------------------------------------


@dataclass
class MemberResult:
    member: SentraMember
    warnings: list[str]


@transaction.atomic
def add_member(
    *, sentra: Sentra, enterprise: Enterprise, joined_on: dt.date | None = None, acting_user
) -> MemberResult:
    """Add an enterprise to the sentra. A different product type is allowed but warned about: a sentra
    is units of ONE product type, and a unit of another type does not count towards its readiness the
    same way — but a supplier of yarn may still belong, so the user decides."""
    existing = SentraMember.objects.filter(sentra=sentra, enterprise=enterprise).first()
    if existing is not None:
        if existing.left_on is None:
            _refuse(
                _("%(enterprise)s is already a member of this sentra.") % {"enterprise": enterprise.name},
                "enterprise",
                "duplicate",
            )
        _refuse(
            _(
                "%(enterprise)s left this sentra on %(date)s; its membership is kept as history and cannot be reopened."
            )
            % {"enterprise": enterprise.name, "date": existing.left_on.isoformat()},
            "enterprise",
            "duplicate",
        )
    if joined_on is not None and joined_on > dt.date.today():
        _refuse(_("The joining date cannot be in the future."), "joined_on")
    warnings = []
    if not same_product(enterprise.product_type, sentra.product_type):
        warnings.append(
            _(
                "%(enterprise)s makes %(theirs)s, not %(ours)s. A sentra is units of one product type: it was "
                "added, but check that it belongs here (a supplier, perhaps) before counting it as a unit."
            )
            % {"enterprise": enterprise.name, "theirs": enterprise.product_type, "ours": sentra.product_type}
        )
    member = SentraMember.objects.create(sentra=sentra, enterprise=enterprise, joined_on=joined_on)
    record(
        actor=acting_user,
        action="update",
        note=_("enterprise joined the sentra"),
        obj=sentra,
        after=snapshot(member),
    )
    return MemberResult(member, warnings)


@transaction.atomic
def end_member(*, member: SentraMember, left_on: dt.date, acting_user) -> SentraMember:
    member = SentraMember.objects.select_for_update().select_related("sentra", "enterprise").get(pk=member.pk)
    if member.left_on is not None:
        _refuse(_("This enterprise already left the sentra."), "left_on")
    if member.joined_on and left_on < member.joined_on:
        _refuse(
            _("It joined on %(date)s; it cannot leave before that.") % {"date": member.joined_on.isoformat()},
            "left_on",
        )
    if left_on > dt.date.today():
        _refuse(_("The leaving date cannot be in the future."), "left_on")
    before = snapshot(member)
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    record(
        actor=acting_user,
        action="update",
        note=_("enterprise left the sentra"),
        obj=member.sentra,
        before=before,
        after=snapshot(member),
    )
    return member


# --- history ----------------------------------------------------------------------------------------


def _check_year(year: int, values: dict) -> None:
    if not (1800 <= year <= dt.date.today().year):
        _refuse(_("The year must be between 1800 and this year."), "year")
    for key in ("units", "craftsmen", "tools", "daily_capacity", "monthly_turnover"):
        value = values.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            _refuse(_("Give a whole number of zero or more."), key)
    if values.get("daily_capacity") is not None and not (values.get("capacity_unit") or "").strip():
        _refuse(_("Say what the daily capacity counts, e.g. sarongs."), "capacity_unit")


@transaction.atomic
def record_year(*, sentra: Sentra, year: int, acting_user, **values) -> SentraYear:
    """Set the figures of one year (creating the year or replacing its figures)."""
    check_fields(values, YEAR_FIELDS)
    _check_year(year, values)
    row = SentraYear.objects.select_for_update().filter(sentra=sentra, year=year).first()
    before = snapshot(row)
    if row is None:
        row = SentraYear(sentra=sentra, year=year)
    for key in YEAR_FIELDS:
        if key in values:
            setattr(
                row,
                key,
                values[key] if values[key] is not None or key not in ("capacity_unit", "notes") else "",
            )
    row.save()
    record(
        actor=acting_user,
        action="update",
        note=_("history year recorded"),
        obj=sentra,
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def remove_year(*, row: SentraYear, acting_user) -> None:
    before = snapshot(row)
    sentra = row.sentra
    row.delete()
    record(
        actor=acting_user,
        action="update",
        note=_("history year removed"),
        obj=sentra,
        before=before,
        after={},
    )


# --- infrastructure ---------------------------------------------------------------------------------


@transaction.atomic
def record_infrastructure(
    *,
    sentra: Sentra,
    kind: str,
    adequacy: str,
    assessed_on: dt.date,
    notes: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> tuple[InfrastructureRecord, bool]:
    """A new observation of one kind of infrastructure; earlier ones stay as its history.

    Returns (record, repeated): a repeated idempotency key hands back the first record.
    """
    if idempotency_key:
        first = InfrastructureRecord.objects.filter(sentra=sentra, idempotency_key=idempotency_key).first()
        if first is not None:
            return first, True
    if kind not in InfrastructureRecord.Kind.values:
        _refuse(_("Choose electricity, transport, telecommunication or clean water."), "kind")
    if adequacy not in InfrastructureRecord.Adequacy.values:
        _refuse(_("Choose adequate, partly adequate or inadequate."), "adequacy")
    if assessed_on > dt.date.today():
        _refuse(_("The assessment date cannot be in the future."), "assessed_on")
    if adequacy != InfrastructureRecord.Adequacy.ADEQUATE and not notes.strip():
        _refuse(_("Say in the notes what is lacking, so that someone can act on it."), "notes")
    try:
        with transaction.atomic():
            row = InfrastructureRecord.objects.create(
                sentra=sentra,
                kind=kind,
                adequacy=adequacy,
                assessed_on=assessed_on,
                notes=notes,
                idempotency_key=idempotency_key or None,
            )
    except IntegrityError:  # the same key sent twice at once: the other request won
        return InfrastructureRecord.objects.get(sentra=sentra, idempotency_key=idempotency_key), True
    record(
        actor=acting_user, action="update", note=_("infrastructure recorded"), obj=sentra, after=snapshot(row)
    )
    return row, False


def latest_infrastructure(sentra: Sentra) -> dict[str, InfrastructureRecord]:
    """The latest record per kind (one query)."""
    latest: dict[str, InfrastructureRecord] = {}
    for row in InfrastructureRecord.objects.filter(sentra=sentra).order_by("kind", "-assessed_on", "-id"):
        latest.setdefault(row.kind, row)
    return latest


# --- readiness criteria -----------------------------------------------------------------------------


def thresholds_for(programme: Programme) -> readiness.Thresholds:
    row = ReadinessCriteria.objects.filter(programme=programme).first()
    if row is None:
        return readiness.DEFAULTS
    return _thresholds(row)


def _thresholds(row: ReadinessCriteria) -> readiness.Thresholds:
    required = {readiness.UNITS, readiness.TURNOVER}
    for criterion, flag in (
        (readiness.TECHNOLOGY, row.requires_technology),
        (readiness.INFRASTRUCTURE, row.requires_infrastructure),
        (readiness.MARKET_NETWORK, row.requires_market_network),
        (readiness.FINANCIAL_INSTITUTION, row.requires_financial_institution),
    ):
        if flag:
            required.add(criterion)
    return readiness.Thresholds(row.min_units, row.min_monthly_turnover, frozenset(required))


@transaction.atomic
def set_criteria(
    *,
    programme: Programme,
    min_units: int,
    min_monthly_turnover: int,
    requires_technology: bool = True,
    requires_infrastructure: bool = True,
    requires_market_network: bool = True,
    requires_financial_institution: bool = True,
    acting_user,
) -> ReadinessCriteria:
    """The programme's readiness figures. Units and turnover are always judged (they define a sentra's
    size); the four other conditions may be switched off for a programme that does not ask for them."""
    if isinstance(min_units, bool) or not isinstance(min_units, int) or min_units < 1:
        _refuse(_("The minimum number of units must be at least 1."), "min_units")
    if (
        isinstance(min_monthly_turnover, bool)
        or not isinstance(min_monthly_turnover, int)
        or min_monthly_turnover < 0
    ):
        _refuse(_("Give the minimum monthly turnover in whole rupiah."), "min_monthly_turnover")
    row = ReadinessCriteria.objects.select_for_update().filter(programme=programme).first()
    before = snapshot(row)
    if row is None:
        row = ReadinessCriteria(programme=programme)
    row.min_units = min_units
    row.min_monthly_turnover = min_monthly_turnover
    row.requires_technology = requires_technology
    row.requires_infrastructure = requires_infrastructure
    row.requires_market_network = requires_market_network
    row.requires_financial_institution = requires_financial_institution
    row.save()
    record(
        actor=acting_user,
        action="update",
        note=_("readiness criteria set"),
        obj=programme,
        before=before,
        after=snapshot(row),
    )
    return row


# --- readiness assessment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingInput:
    criterion: str
    value: int | bool | None
    evidence: str = ""
    source: str = ""


def prefill(sentra: Sentra, *, on_date: dt.date | None = None) -> dict[str, FindingInput]:
    """Figures the sentra's own records already hold, each with where it came from as evidence.

    Units: the latest history year's count of units (a census of the whole sentra), else the active
    member list. Turnover: the latest history year that has one. Infrastructure: the latest record of
    each of the four kinds (unknown while a kind was never assessed). The rest is for the assessor.
    """
    on_date = on_date or dt.date.today()
    out: dict[str, FindingInput] = {}
    years = list(SentraYear.objects.filter(sentra=sentra).order_by("-year"))
    with_units = next((y for y in years if y.units is not None), None)
    members = SentraMember.objects.filter(sentra=sentra, left_on__isnull=True).count()
    if with_units is not None:
        out[readiness.UNITS] = FindingInput(
            readiness.UNITS,
            with_units.units,
            _("History %(year)s: %(units)s units (%(members)s enterprises on the member list).")
            % {"year": with_units.year, "units": with_units.units, "members": members},
            _("Sentra history"),
        )
    elif members:
        out[readiness.UNITS] = FindingInput(
            readiness.UNITS,
            members,
            _("%(members)s active enterprises on the sentra's member list on %(date)s.")
            % {"members": members, "date": on_date.isoformat()},
            _("Sentra members"),
        )
    with_turnover = next((y for y in years if y.monthly_turnover is not None), None)
    if with_turnover is not None:
        out[readiness.TURNOVER] = FindingInput(
            readiness.TURNOVER,
            with_turnover.monthly_turnover,
            _("History %(year)s: Rp%(amount)s a month for all units.")
            % {"year": with_turnover.year, "amount": thousands(with_turnover.monthly_turnover)},
            _("Sentra history"),
        )
    latest = latest_infrastructure(sentra)
    answer, missing = readiness.infrastructure_answer({k: r.adequacy for k, r in latest.items()})
    if latest:
        parts = [
            _("%(kind)s: %(adequacy)s (%(date)s)")
            % {
                "kind": r.get_kind_display(),
                "adequacy": r.get_adequacy_display(),
                "date": r.assessed_on.isoformat(),
            }
            for r in latest.values()
        ]
        evidence = "; ".join(parts)
        if missing:
            labels = dict(InfrastructureRecord.Kind.choices)
            evidence += ". " + _("Never assessed: %(kinds)s.") % {
                "kinds": ", ".join(str(labels[k]) for k in missing)
            }
        out[readiness.INFRASTRUCTURE] = FindingInput(
            readiness.INFRASTRUCTURE,
            answer,
            evidence if answer is not None else "",
            _("Infrastructure records"),
        )
    return out


@transaction.atomic
def assess_readiness(
    *,
    sentra: Sentra,
    assessed_on: dt.date,
    findings: list[FindingInput],
    note: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> tuple[ReadinessAssessment, bool]:
    """Judge the sentra against its programme's criteria. The verdicts and the level are computed here,
    never taken from the caller. Returns (assessment, repeated)."""
    if idempotency_key:
        first = ReadinessAssessment.objects.filter(sentra=sentra, idempotency_key=idempotency_key).first()
        if first is not None:
            return first, True
    if assessed_on > dt.date.today():
        _refuse(_("The assessment date cannot be in the future."), "assessed_on")
    given = {}
    for f in findings:
        if f.criterion not in readiness.CRITERIA:
            _refuse(_("Unknown criterion %(criterion)s.") % {"criterion": f.criterion}, "findings")
        if f.criterion in given:
            _refuse(_("Each criterion may be given once."), "findings")
        if f.value is not None:
            numeric = f.criterion in readiness.NUMERIC
            if numeric and (isinstance(f.value, bool) or not isinstance(f.value, int) or f.value < 0):
                _refuse(_("Give a whole number of zero or more."), f.criterion)
            if not numeric and not isinstance(f.value, bool):
                _refuse(_("Answer yes or no."), f.criterion)
        given[f.criterion] = f
    thresholds = thresholds_for(sentra.programme)
    verdicts = readiness.judge_all({c: (f.value, f.evidence) for c, f in given.items()}, thresholds)
    result = readiness.level(verdicts)
    try:
        with transaction.atomic():
            assessment = ReadinessAssessment.objects.create(
                sentra=sentra,
                assessed_on=assessed_on,
                assessor=acting_user if getattr(acting_user, "pk", None) else None,
                note=note,
                min_units=thresholds.min_units,
                min_monthly_turnover=thresholds.min_monthly_turnover,
                required=sorted(thresholds.required),
                level=result.level,
                idempotency_key=idempotency_key or None,
            )
    except IntegrityError:
        return ReadinessAssessment.objects.get(sentra=sentra, idempotency_key=idempotency_key), True
    rows = []
    for v in verdicts:
        f = given.get(v.criterion, FindingInput(v.criterion, None))
        numeric = v.criterion in readiness.NUMERIC
        rows.append(
            ReadinessFinding(
                assessment=assessment,
                criterion=v.criterion,
                number=f.value if numeric else None,
                answer=f.value if not numeric else None,
                evidence=f.evidence.strip(),
                source=f.source.strip()[:200],
                verdict=v.verdict,
            )
        )
    ReadinessFinding.objects.bulk_create(rows)
    record(
        actor=acting_user,
        action="update",
        note=_("readiness assessed"),
        obj=sentra,
        after={**snapshot(assessment), "verdicts": {v.criterion: v.verdict for v in verdicts}},
    )
    return assessment, False


def thresholds_of(assessment: ReadinessAssessment) -> readiness.Thresholds:
    """The thresholds an assessment was judged with (kept on it)."""
    return readiness.Thresholds(
        assessment.min_units, assessment.min_monthly_turnover, frozenset(assessment.required)
    )


def explained(assessment: ReadinessAssessment) -> tuple[list[dict], readiness.LevelResult]:
    """The findings with their verdict's reason re-derived by the pure module, and the level's rule."""
    from . import explain

    thresholds = thresholds_of(assessment)
    rows, verdicts = [], []
    for f in assessment.findings.all():
        v = readiness.judge(f.criterion, f.value, f.evidence, thresholds)
        verdicts.append(v)
        rows.append(
            {
                "finding": f,
                "name": explain.criterion_name(f.criterion),
                "rule": explain.criterion_rule(f.criterion, thresholds),
                "verdict": v.verdict,
                "reason": explain.reason(v),
            }
        )
    return rows, readiness.level(verdicts)
