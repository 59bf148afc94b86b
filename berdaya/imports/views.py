import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error

from . import exports, store
from .forms import UploadForm
from .kinds import KINDS
from .readers import read_upload
from .services import ImportResult, run_import

ERRORS_PER_PAGE = 100


def _kind_or_404(kind: str):
    if kind not in KINDS:
        raise Http404(_("Not found."))
    return KINDS[kind]


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def created_summary(created: dict[str, int]) -> str:
    labels = {
        "persons": lambda n: ngettext("%(n)d person", "%(n)d persons", n),
        "households": lambda n: ngettext("%(n)d household", "%(n)d households", n),
        "enterprises": lambda n: ngettext("%(n)d enterprise", "%(n)d enterprises", n),
        "groups": lambda n: ngettext("%(n)d group", "%(n)d groups", n),
        "memberships": lambda n: ngettext("%(n)d membership", "%(n)d memberships", n),
    }
    parts = [labels[what](n) % {"n": n} for what, n in created.items() if what in labels]
    return ", ".join(parts) or "—"


@login_required
def import_start(request):
    access.require_manage(request.user)
    initial_kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else "people"
    form = UploadForm(request.POST or None, request.FILES or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            data = read_upload(upload)
            result = run_import(
                acting_user=request.user, kind=kind, uploaded_file_name=upload.name, data=data, commit=False
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            token = store.save(
                user=request.user, kind=kind, file_name=upload.name, data=data, result=result.to_dict()
            )
            return redirect("imports:import_result", token=token)
    return render(request, "imports/import_start.html", {"form": form, "kinds": list(KINDS.values())})


def _matching(errors, q: str):
    words = q.lower().split()
    if not words:
        return errors
    return [
        e
        for e in errors
        if all(w in f"{e.row_number} {e.column} {e.value} {e.message}".lower() for w in words)
    ]


@login_required
def import_result(request, token):
    access.require_manage(request.user)
    stored = store.load(token, user=request.user)
    if request.method == "POST":
        try:
            result = run_import(
                acting_user=request.user,
                kind=stored.kind,
                uploaded_file_name=stored.file_name,
                data=stored.read(),
                commit=True,
            )
        except ServiceError as e:
            # The file read fine at the dry run, so this means the limits changed since; start over.
            store.delete(token)
            messages.error(request, e.message)
            return redirect("imports:import_start")
        if result.committed:
            store.delete(token)
            messages.success(
                request,
                _("Imported %(file)s: %(created)s.")
                % {"file": stored.file_name, "created": created_summary(result.created)},
            )
            return redirect("imports:import_start")
        # Something changed between the dry run and the commit (e.g. someone registered the same NIK).
        store.update_result(stored, user=request.user, result=result.to_dict())
        messages.error(request, _("Nothing was saved: some rows now have problems. See the list below."))
        return redirect("imports:import_result", token=token)
    result = ImportResult.from_dict(stored.result)
    q = request.GET.get("q", "").strip()
    page_obj = Paginator(_matching(result.errors, q), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/import_result.html",
        {
            "result": result,
            "kind": KINDS[stored.kind],
            "file_name": stored.file_name,
            "token": token,
            "page_obj": page_obj,
            "q": q,
            "created_text": created_summary(result.created),
            "percent_ok": round(100 * result.rows_ok / result.rows_total) if result.rows_total else 0,
        },
    )


@login_required
@require_GET
def export(request, kind):
    _kind_or_404(kind)
    data = exports.export_xlsx(user=request.user, kind=kind)
    return _xlsx(data, f"berdaya-{kind}-{dt.date.today().isoformat()}.xlsx")


@login_required
@require_GET
def template(request, kind):
    _kind_or_404(kind)
    return _xlsx(exports.template_xlsx(kind), f"berdaya-template-{kind}.xlsx")
