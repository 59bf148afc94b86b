"""The three field forms as XLSForm workbooks, with their choice lists taken from the database.

- visit log, one per programme (``berdaya_visit_p<id>``): mentors, groups and people of the programme;
- PRA problem voting, one per PRA session (``berdaya_pra_vote_s<id>``): the participants, and one
  whole-number field per problem for the dots given to it (each 0 … the session's dots, all together no
  more than the dots);
- training attendance, one per training (``berdaya_attendance_t<id>``): which session, and who was
  there (a multiple choice of the participants).

Labels are in Indonesian and English (the phone's language picks one). Every form also carries its
scope id and version as calculated fields, so every exported row says which form it came from. The
version is a digest of the choice lists: it changes exactly when the form must be downloaded again.
``tests/fieldwork/odk/test_xlsform.py`` converts each workbook with pyxform, as ODK Central and Kobo do.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.programs.models import Programme

from .models import FormKind

ID, EN = "label::Indonesian (id)", "label::English (en)"
SURVEY_COLUMNS = [
    "type",
    "name",
    ID,
    EN,
    "hint::Indonesian (id)",
    "hint::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::Indonesian (id)",
    "constraint_message::English (en)",
    "calculation",
    "default",
    "appearance",
]
NONE_CHOICE = "none"  # a list with no choices is not a valid form; this one is refused when mapped

FORM_ID_PREFIX = {FormKind.VISIT: "berdaya_visit_p", FormKind.PRA_VOTE: "berdaya_pra_vote_s",
                  FormKind.ATTENDANCE: "berdaya_attendance_t"}  # fmt: skip


def form_id(kind: str, scope_id: int) -> str:
    return f"{FORM_ID_PREFIX[kind]}{scope_id}"


def parse_form_key(key: str) -> tuple[str, int] | None:
    """``"visit:3"`` → ("visit", 3); anything else → None."""
    kind, _sep, number = (key or "").partition(":")
    if kind in FormKind.values and number.isdigit():
        return kind, int(number)
    return None


@dataclass
class FormSpec:
    kind: str
    scope_id: int
    scope: object
    programme: Programme
    title: str
    # choice lists: list name → [(name, label id, label en)]
    choices: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    dots: int = 0

    @property
    def form_id(self) -> str:
        return form_id(self.kind, self.scope_id)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.scope_id}"

    @property
    def version(self) -> str:
        digest = hashlib.sha1(
            json.dumps([self.title, self.dots, self.choices], sort_keys=True).encode(), usedforsecurity=False
        )
        return digest.hexdigest()[:10]

    @property
    def kind_label(self) -> str:
        return FormKind(self.kind).label

    def ids(self, list_name: str, prefix: str) -> dict[str, int]:
        """Choice name → database id for one list (``{"g12": 12}``)."""
        return {name: int(name[len(prefix) :]) for name, *_labels in self.choices.get(list_name, [])
                if name.startswith(prefix) and name[len(prefix):].isdigit()}  # fmt: skip


# --- which forms exist, and their data -----------------------------------------------------------


def _scope_queryset(kind: str):
    if kind == FormKind.VISIT:
        return Programme.objects.all(), None
    if kind == FormKind.PRA_VOTE:
        from berdaya.fieldwork.pra.models import PraSession

        return PraSession.objects.select_related("site__programme", "site__place"), "site__programme"
    from berdaya.fieldwork.training.models import Training

    return Training.objects.select_related("programme"), "programme"


def resolve(user, kind: str, scope_id: int, *, write: bool = False) -> FormSpec:
    """The form for a programme / PRA session / training the user may see (404) or record in (403)."""
    if kind not in FormKind.values:
        raise Http404(_("Not found."))
    qs, path = _scope_queryset(kind)
    if path is None:
        scope = access.fieldwork_programmes(user).filter(pk=scope_id).first()
        if scope is None:
            raise Http404(_("Not found."))
        if write:
            access.require_fieldwork_writer(user, scope)
    else:
        scope = access.access_fieldwork(user, qs, scope_id, programme_path=path, write=write)
    return build_spec(kind, scope)


def spec_for(kind: str, scope_id: int) -> FormSpec:
    """The form without any access check (retries and pulls, whose access was checked before)."""
    qs, _path = _scope_queryset(kind)
    return build_spec(kind, qs.get(pk=scope_id))


def build_spec(kind: str, scope) -> FormSpec:
    from berdaya.groups.models import Assignment, Group
    from berdaya.people.models import Person
    from berdaya.programs.models import StaffMember

    if kind == FormKind.VISIT:
        from berdaya.fieldwork.mentoring.models import Technique

        programme = scope
        spec = FormSpec(kind, scope.pk, scope, programme, programme.name)
        spec.choices["mentors"] = [
            (f"m{pk}", name, name)
            for pk, name in StaffMember.objects.filter(
                Q(programmes=programme)
                | Q(
                    pk__in=Assignment.objects.filter(group__programme=programme, end_on__isnull=True).values(
                        "staff_id"
                    )
                )
            )
            .distinct()
            .order_by("full_name", "pk")
            .values_list("pk", "full_name")
        ]
        spec.choices["groups"] = [
            (f"g{pk}", name, name)
            for pk, name in Group.objects.filter(programme=programme, status=Group.Status.ACTIVE)
            .order_by("name", "pk")
            .values_list("pk", "name")
        ]
        spec.choices["people"] = [
            (f"p{pk}", name, name)
            for pk, name in Person.objects.filter(
                memberships__group__programme=programme, memberships__left_on__isnull=True
            )
            .distinct()
            .order_by("full_name", "pk")
            .values_list("pk", "full_name")
        ]
        labels_id = {"discussion": "Diskusi kelompok", "lecture": "Ceramah", "home_visit": "Kunjungan rumah"}
        spec.choices["techniques"] = [
            (value, labels_id.get(value, str(label)), _english(label)) for value, label in Technique.choices
        ]
        spec.choices["visit_to"] = [("group", "Kelompok", "Group"), ("person", "Perorangan", "Person")]
    elif kind == FormKind.PRA_VOTE:
        session = scope
        programme = session.site.programme
        spec = FormSpec(
            kind, session.pk, session, programme, session.title, dots=session.dots_per_participant
        )
        spec.choices["participants"] = [
            (f"p{pk}", name, name)
            for pk, name in session.participants.order_by("person__full_name", "pk").values_list(
                "person_id", "person__full_name"
            )
        ]
        spec.choices["problems"] = [
            (f"problem_{pk}", title, title)
            for pk, title in session.problems.order_by("pk").values_list("pk", "title")
        ]
    else:
        training = scope
        programme = training.programme
        spec = FormSpec(kind, training.pk, training, programme, training.title)
        spec.choices["sessions"] = [
            (f"s{pk}", f"{on:%d-%m-%Y} {topic}", f"{on:%Y-%m-%d} {topic}")
            for pk, on, topic in training.sessions.order_by("on_date", "pk").values_list(
                "pk", "on_date", "topic"
            )
        ]
        spec.choices["participants"] = [
            (f"p{pk}", name, name)
            for pk, name in training.participants.order_by("person__full_name", "pk").values_list(
                "person_id", "person__full_name"
            )
        ]
    return spec


def _english(label) -> str:
    from django.utils import translation

    with translation.override("en"):
        return str(label)


def available_forms(user, *, q: str = "") -> list[FormSpec]:
    """Every form the user may download: a visit log per programme, one per PRA session and training.

    Choice lists are not loaded here (the list page only needs titles); ``resolve`` loads them.
    """
    from berdaya.fieldwork.pra.models import PraSession
    from berdaya.fieldwork.training.models import Training

    programmes = access.fieldwork_programmes(user).order_by("name", "pk")
    sessions = access.visible_fieldwork(
        user, PraSession.objects.select_related("site__programme"), "site__programme"
    ).order_by("-held_on", "-pk")
    trainings = access.visible_fieldwork(user, Training.objects.select_related("programme")).order_by(
        "-starts_on", "-pk"
    )
    if q:
        programmes = programmes.filter(name__icontains=q)
        sessions = sessions.filter(title__icontains=q) | sessions.filter(site__programme__name__icontains=q)
        trainings = trainings.filter(title__icontains=q) | trainings.filter(programme__name__icontains=q)
    forms = [FormSpec(FormKind.VISIT, p.pk, p, p, p.name) for p in programmes]
    forms += [FormSpec(FormKind.PRA_VOTE, s.pk, s, s.site.programme, s.title) for s in sessions]
    forms += [FormSpec(FormKind.ATTENDANCE, t.pk, t, t.programme, t.title) for t in trainings]
    return forms


# --- the workbook ---------------------------------------------------------------------------------


def _row(type_, name, label_id="", label_en="", **extra) -> dict:
    return {"type": type_, "name": name, ID: label_id, EN: label_en, **extra}


def _msg(text_id: str, text_en: str) -> dict:
    return {"constraint_message::Indonesian (id)": text_id, "constraint_message::English (en)": text_en}


def survey_rows(spec: FormSpec) -> list[dict]:
    rows = [
        _row("calculate", "scope", calculation=f"'{spec.scope_id}'"),
        _row("calculate", "form_version", calculation=f"'{spec.version}'"),
    ]
    if spec.kind == FormKind.VISIT:
        rows += [
            _row("begin_group", "visit", "Kunjungan pendampingan", "Mentoring visit"),
            _row("date", "visited_on", "Tanggal kunjungan", "Date of the visit", required="yes",
                 constraint=". <= today()", **_msg("Tanggal belum terjadi", "The date is in the future")),
            _row("select_one mentors", "mentor", "Pendamping", "Mentor", required="yes"),
            _row("select_one techniques", "technique", "Teknik pendampingan", "Technique", required="yes"),
            _row("select_one visit_to", "visit_to", "Yang dikunjungi", "Visiting", required="yes"),
            _row("select_one groups", "group", "Kelompok", "Group", required="yes",
                 relevant="${visit_to} = 'group'"),
            _row("select_one people", "person", "Perorangan", "Person", required="yes",
                 relevant="${visit_to} = 'person'", appearance="autocomplete"),
            _row("text", "productive_topics", "Topik usaha ekonomis produktif (UEP)",
                 "Productive business topics", appearance="multiline"),
            _row("text", "welfare_topics", "Topik usaha kesejahteraan sosial (UKS)", "Social welfare topics",
                 appearance="multiline"),
            _row("text", "issues", "Masalah yang ditemukan", "Issues found", appearance="multiline"),
            _row("text", "actions", "Tindakan yang disepakati (satu per baris)", "Agreed actions (one per line)",
                 appearance="multiline"),
            _row("date", "next_visit_on", "Kunjungan berikutnya", "Next visit",
                 constraint=". >= ${visited_on}",
                 **_msg("Sesudah tanggal kunjungan", "After the date of the visit")),
            _row("end_group", "visit"),
        ]  # fmt: skip
    elif spec.kind == FormKind.PRA_VOTE:
        dots = spec.dots
        problem_names = [name for name, *_labels in spec.choices.get("problems", [])]
        total = " + ".join(f"coalesce(${{{n}}}, 0)" for n in problem_names) or "0"
        rows += [
            _row("begin_group", "vote", "Pemungutan suara masalah", "Problem voting"),
            _row("select_one participants", "participant", "Peserta", "Participant", required="yes",
                 appearance="autocomplete"),
            _row("note", "dots_note", f"Bagikan paling banyak {dots} titik pada masalah-masalah berikut.",
                 f"Spread at most {dots} dots over the problems below."),
        ]  # fmt: skip
        for name, label_id, label_en in spec.choices.get("problems", []):
            rows.append(
                _row("integer", name, label_id, label_en, required="yes", default="0",
                     constraint=f". >= 0 and . <= {dots} and ({total}) <= {dots}",
                     **_msg(f"0 sampai {dots}, dan semua titik bersama paling banyak {dots}",
                            f"0 to {dots}, and all dots together at most {dots}"))
            )  # fmt: skip
        rows.append(_row("end_group", "vote"))
    else:
        rows += [
            _row("begin_group", "attendance", "Daftar hadir", "Attendance"),
            _row("select_one sessions", "session", "Sesi pelatihan", "Training session", required="yes"),
            _row("select_multiple participants", "present", "Peserta yang hadir", "Participants present"),
            _row("end_group", "attendance"),
        ]
    return rows


def workbook_bytes(spec: FormSpec) -> bytes:
    """The XLSForm as an .xlsx file (survey, choices and settings sheets)."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in survey_rows(spec):
        survey.append([row.get(col, "") for col in SURVEY_COLUMNS])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", ID, EN])
    for list_name, items in spec.choices.items():
        if not items:
            items = [(NONE_CHOICE, "(belum ada)", "(none yet)")]
        for name, label_id, label_en in items:
            choices.append([list_name, name, label_id, label_en])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([f"{_form_title_id(spec)}: {spec.title}", spec.form_id, spec.version, "Indonesian (id)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _form_title_id(spec: FormSpec) -> str:
    return {
        FormKind.VISIT: "Log kunjungan pendampingan",
        FormKind.PRA_VOTE: "Voting masalah PRA",
        FormKind.ATTENDANCE: "Daftar hadir pelatihan",
    }[spec.kind]


def xform_xml(spec: FormSpec) -> str:
    """The XForm that ODK Central / Kobo would build from the workbook (pyxform, as they use)."""
    from pyxform.xls2xform import convert

    return convert(workbook_bytes(spec), file_type=".xlsx", form_name="data").xform
