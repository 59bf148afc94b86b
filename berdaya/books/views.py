"""Books pages: the hub, savings, passbook, member statement, journal, statements, period close, SHU.

Each view parses input, fetches through ``access``, calls one service (or query), renders. A group's
whole books are for its officers and the staff and auditors in scope (``access.access_books``); a
member reaches only their own passbook and statement (``access.access_member_record``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, search
from berdaya.core.money import thousands
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, form_page, submit
from berdaya.groups.models import Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import chart, forms, queries, savings, services, shu
from .models import JournalEntry, ShuDistribution

# --- helpers ----------------------------------------------------------------------------------------


def _book(group):
    # Opening a book is idempotent (the chart template of the group's kind); every page needs it.
    return services.open_book(group=group)


def _period(request, group, *, default_since=True) -> tuple[forms.PeriodForm, dt.date | None, dt.date]:
    """The period asked for (``?since=&until=``); defaults: 1 January of this year to today."""
    today = local_today(group.place)
    form = forms.PeriodForm(request.GET or None)
    since = dt.date(today.year, 1, 1) if default_since else None
    until = today
    if form.is_bound and form.is_valid():
        since = form.cleaned_data.get("since") or since
        until = form.cleaned_data.get("until") or until
        if since and since > until:
            since = dt.date(until.year, 1, 1)
    if not form.is_bound:
        form = forms.PeriodForm(initial={"since": since, "until": until})
    return form, since, until


def _persons_of(group, *, active=True):
    memberships = Membership.objects.filter(group=group)
    if active:
        memberships = memberships.filter(left_on__isnull=True)
    return Person.objects.filter(pk__in=memberships.values("person_id")).order_by("full_name")


def _hub(group_id) -> str:
    return reverse("books:hub", args=[group_id])


def post_manual_entry(*, group, on_date, memo, lines, acting_user, idempotency_key=None):
    """A manual entry from the page or the API (the ledger refuses one taking a member below zero)."""
    return services.post_entry(
        group=group,
        on_date=on_date,
        memo=memo,
        lines=lines,
        acting_user=acting_user,
        kind=JournalEntry.Kind.MANUAL,
        idempotency_key=idempotency_key,
    )


# --- hub --------------------------------------------------------------------------------------------


@login_required
def hub(request, group_id):
    user = request.user
    if not access.can_see_books(user):
        # A member has no group books to see: their own passbook is the page for them.
        group, person = access.access_member_record(user, group_id, user.person_id or 0)
        return redirect("books:passbook", group.pk, person.pk)
    group = access.access_books(user, group_id)
    book = _book(group)
    today = local_today(group.place)
    rows = {r["code"]: r["balance"] for r in queries.account_balances(book)}
    year = queries.income_statement(book, since=dt.date(today.year, 1, 1), until=today)
    context = {
        "group": group,
        "book": book,
        "today": today,
        "cash": rows.get(chart.CASH, 0) + rows.get(chart.BANK, 0),
        "savings": {kind: rows.get(code, 0) for kind, code in savings.KINDS.items()},
        "savings_total": sum(rows.get(code, 0) for code in savings.SAVINGS_CODES),
        "key_balances": [
            (_("Member loans receivable"), rows.get(chart.LOANS, 0)),
            (_("Revolving fund loans receivable"), rows.get(chart.FUND_LOANS, 0)),
            (_("Cover owed to members"), rows.get(chart.COVER_PAYABLE, 0)),
            (_("Arisan pot held"), rows.get(chart.ARISAN_POT, 0)),
            (_("SHU payable to members"), rows.get(chart.SHU_PAYABLE, 0)),
            (_("Reserve (cadangan)"), rows.get(chart.RESERVE, 0)),
        ],
        "year_surplus": year["surplus"],
        "entry_count": book.entries.count(),
        "may_write": access.can_write(user),
    }
    return render(request, "books/hub.html", context)


# --- savings ----------------------------------------------------------------------------------------


@login_required
def savings_list(request, group_id):
    user = request.user
    group = access.access_books(user, group_id)
    book = _book(group)
    q = request.GET.get("q", "").strip()
    memberships = search(
        Membership.objects.filter(group=group, left_on__isnull=True).select_related("person"),
        q,
        ["person__full_name"],
    ).order_by("person__full_name", "pk")
    page_obj = paginate(request, memberships)
    ids = [m.person_id for m in page_obj]
    balances = queries.member_balances(book, savings.SAVINGS_CODES, person_ids=ids)
    empty = dict.fromkeys(savings.SAVINGS_CODES, 0)
    rows = []
    for m in page_obj:
        b = balances.get(m.person_id, empty)
        rows.append(
            {
                "person": m.person,
                "pokok": b[chart.PRINCIPAL],
                "wajib": b[chart.MANDATORY],
                "sukarela": b[chart.VOLUNTARY],
                "total": sum(b.values()),
            }
        )
    former = Membership.objects.filter(group=group, left_on__isnull=False).exclude(
        person_id__in=Membership.objects.filter(group=group, left_on__isnull=True).values("person_id")
    )
    former_ids = list(former.values_list("person_id", flat=True).distinct())
    held = queries.member_balances(book, savings.SAVINGS_CODES, person_ids=former_ids)
    leavers = [
        {"person": p, "total": sum(held[p.pk].values())}
        for p in Person.objects.filter(pk__in=[pk for pk, b in held.items() if sum(b.values()) > 0]).order_by(
            "full_name"
        )
    ]
    totals = {
        r["code"]: r["balance"] for r in queries.account_balances(book) if r["code"] in savings.SAVINGS_CODES
    }
    context = {
        "group": group,
        "page_obj": page_obj,
        "rows": rows,
        "q": q,
        "leavers": leavers,
        "totals": {
            "pokok": totals.get(chart.PRINCIPAL, 0),
            "wajib": totals.get(chart.MANDATORY, 0),
            "sukarela": totals.get(chart.VOLUNTARY, 0),
            "total": sum(totals.values()),
        },
        "may_write": access.can_write(user),
    }
    return render(request, "books/savings_list.html", context)


def _savings_page(request, group_id, *, form_class, service, fields=(), initial, success, title, intro):
    """The deposit and withdrawal pages: the same member form around a different service and words.

    ``fields`` are the form fields passed on to ``service`` beyond the ones both take; ``success`` is
    the translated message, formatted with the amount, the member and (when the form has one) the kind.
    """
    user = request.user
    group = access.access_books(user, group_id, write=True)
    persons = _persons_of(group)
    initial = {"on_date": local_today(group.place), **initial}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = form_class(request.POST or None, persons=persons, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {"amount": thousands(data["amount"]), "person": data["person"].full_name}
        if "kind" in data:
            params["kind"] = savings.KIND_LABELS[data["kind"]]
        done = submit(
            request,
            form,
            lambda: service(
                group=group,
                person=data["person"],
                amount=data["amount"],
                on_date=data["on_date"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
                **{name: data[name] for name in fields},
            ),
            reverse("books:passbook", args=[group.pk, data["person"].pk]),
            success % params,
        )
        if done:
            return done
    return form_page(
        request, form, title=title, back_url=reverse("books:savings", args=[group.pk]), intro=intro
    )


@login_required
def deposit(request, group_id):
    return _savings_page(
        request,
        group_id,
        form_class=forms.DepositForm,
        service=savings.deposit,
        fields=("kind",),
        initial={"kind": request.GET.get("kind", "wajib")},
        success=_("Rp%(amount)s %(kind)s recorded for %(person)s."),
        title=_("Record a saving"),
        intro=_("The member pays cash to the treasurer; the saving goes into their passbook."),
    )


@login_required
def withdraw(request, group_id):
    # The form has no kind: only sukarela can be withdrawn, the service's default.
    return _savings_page(
        request,
        group_id,
        form_class=forms.WithdrawForm,
        service=savings.withdraw,
        initial={},
        success=_("Withdrawal of Rp%(amount)s recorded for %(person)s."),
        title=_("Withdraw voluntary savings"),
        intro=_(
            "Only voluntary savings (sukarela) can be withdrawn, up to the member's balance. Principal (pokok) "
            "and mandatory (wajib) savings are the member's capital in the group: they stay while the person "
            "is a member and are returned in full when they leave."
        ),
    )


@login_required
def refund(request, group_id, person_id):
    user = request.user
    group = access.access_books(user, group_id, write=True)
    group, person = access.access_member_record(user, group.pk, person_id)
    book = _book(group)
    held = queries.member_balances(book, savings.SAVINGS_CODES, person_ids=[person.pk]).get(person.pk, {})
    total = sum(held.values())
    form = forms.DateForm(request.POST or None, initial={"on_date": local_today(group.place)})
    if request.method == "POST" and form.is_valid():
        try:
            entry = savings.refund_on_leave(
                group=group,
                person=person,
                on_date=form.cleaned_data["on_date"],
                acting_user=user,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            if entry is None:
                messages.info(request, _("%(person)s holds no savings.") % {"person": person.full_name})
            else:
                messages.success(request, _("Savings returned to %(person)s.") % {"person": person.full_name})
            return redirect("books:savings", group.pk)
    return confirm_page(
        request,
        title=_("Return savings to %(person)s") % {"person": person.full_name},
        question=_("Pay Rp%(total)s in cash to %(person)s, all the savings they hold?")
        % {"total": thousands(total), "person": person.full_name},
        detail=_("Use this only for a member who has left the group. The payment is posted to the books."),
        back_url=reverse("books:savings", args=[group.pk]),
        confirm_label=_("Return the savings"),
        form=form,
    )


# --- passbook and member statement --------------------------------------------------------------------


@login_required
def passbook(request, group_id, person_id):
    group, person = access.access_member_record(request.user, group_id, person_id)
    context = {
        "group": group,
        "person": person,
        "pb": savings.passbook(group, person),
        "kinds": list(savings.KIND_LABELS.items()),
        "may_write": access.can_write(request.user) and access.can_see_books(request.user),
        "sees_books": access.can_see_books(request.user),
    }
    return render(request, "books/passbook.html", context)


@login_required
def passbook_print(request, group_id, person_id):
    group, person = access.access_member_record(request.user, group_id, person_id)
    context = {
        "group": group,
        "person": person,
        "pb": savings.passbook(group, person),
        "kinds": list(savings.KIND_LABELS.items()),
        "printed_on": local_today(group.place),
        "treasurer": group.officers.filter(role="treasurer", end_on__isnull=True)
        .select_related("person")
        .first(),
    }
    return printable(request, "books/passbook_print.html", context, f"passbook-{group.pk}-{person.pk}.pdf")


def member_statement_data(group, person, since, until) -> dict:
    """The member's balances on every member account, with the period's movements and running balances."""
    book = _book(group)
    codes = sorted(chart.MEMBER_ACCOUNTS)
    accounts = {a.code: a for a in book.accounts.filter(code__in=codes)}
    before = since - dt.timedelta(days=1)
    opening = queries.member_balances(book, codes, person_ids=[person.pk], as_of=before).get(person.pk, {})
    closing = queries.member_balances(book, codes, person_ids=[person.pk], as_of=until).get(person.pk, {})
    sections = {}
    for leg in queries.member_account_movements(book, person.pk, since=since, until=until):
        code = leg.account.code
        section = sections.setdefault(code, {"rows": [], "running": opening.get(code, 0)})
        change = queries.signed(leg.account.kind, leg.debit, leg.credit)
        section["running"] += change
        section["rows"].append(
            {
                "date": leg.entry.on_date,
                "entry_id": leg.entry_id,
                "memo": leg.entry.memo,
                "increase": max(change, 0),
                "decrease": max(-change, 0),
                "balance": section["running"],
            }
        )
    out = []
    for code in codes:
        if code not in accounts:
            continue
        o, c = opening.get(code, 0), closing.get(code, 0)
        rows = sections.get(code, {}).get("rows", [])
        if not (o or c or rows):
            continue
        out.append(
            {
                "code": code,
                "name": accounts[code].name,
                "kind": accounts[code].kind,
                "owed_by_member": accounts[code].kind == chart.ASSET,
                "opening": o,
                "closing": c,
                "rows": rows,
            }
        )
    return {
        "since": since,
        "until": until,
        "accounts": out,
        "held_for_member": sum(a["closing"] for a in out if not a["owed_by_member"]),
        "owed_by_member": sum(a["closing"] for a in out if a["owed_by_member"]),
    }


@login_required
def member_statement(request, group_id, person_id):
    group, person = access.access_member_record(request.user, group_id, person_id)
    form, since, until = _period(request, group)
    context = {
        "group": group,
        "person": person,
        "form": form,
        "st": member_statement_data(group, person, since, until),
        "sees_books": access.can_see_books(request.user),
    }
    return render(request, "books/member_statement.html", context)


@login_required
def member_statement_print(request, group_id, person_id, since, until):
    group, person = access.access_member_record(request.user, group_id, person_id)
    context = {
        "group": group,
        "person": person,
        "st": member_statement_data(group, person, since, until),
        "printed_on": local_today(group.place),
    }
    return printable(
        request, "books/member_statement_print.html", context, f"statement-{group.pk}-{person.pk}.pdf"
    )


# --- journal ----------------------------------------------------------------------------------------


@login_required
def journal(request, group_id):
    user = request.user
    group = access.access_books(user, group_id)
    book = _book(group)
    filters = forms.JournalFilterForm(request.GET or None)
    qs = book.entries.all()
    q = ""
    if filters.is_valid():
        data = filters.cleaned_data
        q = data.get("q", "").strip()
        qs = search(qs, q, ["memo"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("since"):
            qs = qs.filter(on_date__gte=data["since"])
        if data.get("until"):
            qs = qs.filter(on_date__lte=data["until"])
    qs = qs.annotate(amount=Sum("legs__debit")).order_by("-on_date", "-id")
    context = {
        "group": group,
        "book": book,
        "filters": filters,
        "q": q,
        "page_obj": paginate(request, qs),
        "may_write": access.can_write(user),
    }
    return render(request, "books/journal.html", context)


def _entry(user, group_id, entry_id, *, write=False):
    group = access.access_books(user, group_id, write=write)
    entry = (
        JournalEntry.objects.filter(book__group=group, pk=entry_id)
        .select_related("created_by", "reverses", "book")
        .first()
    )
    if entry is None:
        raise Http404(_("Not found."))
    return group, entry


@login_required
def entry_detail(request, group_id, entry_id):
    group, entry = _entry(request.user, group_id, entry_id)
    legs = list(entry.legs.select_related("account", "person").order_by("-debit", "account__code", "pk"))
    context = {
        "group": group,
        "entry": entry,
        "legs": legs,
        "total": sum(leg.debit for leg in legs),
        "reversed_by": JournalEntry.objects.filter(reverses=entry).first(),
        "may_write": access.can_write(request.user),
    }
    return render(request, "books/entry_detail.html", context)


@login_required
def manual_entry(request, group_id):
    user = request.user
    group = access.access_books(user, group_id, write=True)
    book = _book(group)
    accounts = list(book.accounts.filter(is_closed=False).order_by("code"))
    form = forms.ManualEntryForm(
        request.POST or None,
        accounts=accounts,
        persons=_persons_of(group, active=False),
        initial={"on_date": local_today(group.place)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lines = [
            services.Line(
                leg["account"],
                debit=leg["amount"] if leg["side"] == "debit" else 0,
                credit=leg["amount"] if leg["side"] == "credit" else 0,
                person_id=leg["person_id"],
            )
            for leg in data["legs"]
        ]
        try:
            entry = post_manual_entry(
                group=group,
                on_date=data["on_date"],
                memo=data["memo"],
                lines=lines,
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("Entry #%(id)s posted.") % {"id": entry.pk})
            return redirect("books:entry_detail", group.pk, entry.pk)
    context = {"group": group, "form": form, "member_accounts": sorted(chart.MEMBER_ACCOUNTS)}
    return render(request, "books/manual_entry.html", context)


@login_required
def entry_reverse(request, group_id, entry_id):
    user = request.user
    group, entry = _entry(user, group_id, entry_id, write=True)
    form = forms.ReverseForm(request.POST or None, initial={"on_date": local_today(group.place)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.reverse_entry(
                entry=entry,
                on_date=data["on_date"],
                reason=data["reason"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            lambda reversal: reverse("books:entry_detail", args=[group.pk, reversal.pk]),
            _("Entry #%(id)s reversed.") % {"id": entry.pk},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Reverse entry #%(id)s") % {"id": entry.pk},
        question=_("Post the mirror image of “%(memo)s” so that its effect is undone?")
        % {"memo": entry.memo},
        detail=_("The original entry stays in the books; the reversal is linked to it."),
        back_url=reverse("books:entry_detail", args=[group.pk, entry.pk]),
        confirm_label=_("Reverse the entry"),
        form=form,
    )


@login_required
def period_close(request, group_id):
    user = request.user
    group = access.access_books(user, group_id, write=True)
    book = _book(group)
    today = local_today(group.place)
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    form = forms.PeriodCloseForm(request.POST or None, initial={"through": last_month_end})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.close_period(
                group=group, through=form.cleaned_data["through"], acting_user=user
            ),
            _hub(group.pk),
            _("The books are closed through %(date)s.") % {"date": form.cleaned_data["through"].isoformat()},
        )
        if done:
            return done
    closed = book.closed_through.isoformat() if book.closed_through else _("never closed")
    return confirm_page(
        request,
        title=_("Close a period"),
        question=_("Close the books of %(group)s through the date below?") % {"group": group.name},
        detail=_(
            "After closing, nothing can be posted on or before that date: no savings, repayments, manual "
            "entries or reversals dated in the closed period. Corrections are then posted on a later date. "
            "Closed so far: %(closed)s."
        )
        % {"closed": closed},
        back_url=_hub(group.pk),
        confirm_label=_("Close the period"),
        form=form,
    )


# --- statements -------------------------------------------------------------------------------------

STATEMENTS = {
    "cashbook": (gettext_lazy("Cashbook (buku kas)"), "books/_cashbook.html"),
    "trial_balance": (gettext_lazy("Trial balance"), "books/_trial_balance.html"),
    "balance_sheet": (gettext_lazy("Balance sheet"), "books/_balance_sheet.html"),
    "income_statement": (gettext_lazy("Income statement"), "books/_income_statement.html"),
}


def _statement_context(kind: str, book, since, until, request=None) -> dict:
    if kind == "cashbook":
        legs = queries.cash_movements(book, since=since, until=until)
        opening = queries.opening_cash(book, since)
        if request is not None:
            page_obj = paginate(request, legs, per_page=50)
            items = list(page_obj.object_list)
        else:
            page_obj, items = None, list(legs)
        # All cash before the page's first row (opening balance included), from one aggregate.
        running = queries.cash_before(book, items[0]) if items else opening
        rows = []
        for leg in items:  # the page's rows only: the start balance came from one aggregate
            running += leg.debit - leg.credit
            rows.append({"leg": leg, "in": leg.debit, "out": leg.credit, "balance": running})
        totals = queries.cash_totals(book, since=since, until=until)
        return {
            "opening": opening,
            "rows": rows,
            "page_obj": page_obj,
            **totals,
            "closing": opening + totals["cash_in"] - totals["cash_out"],
        }
    if kind == "trial_balance":
        return {"tb": queries.trial_balance(book, as_of=until)}
    if kind == "balance_sheet":
        return {"bs": queries.balance_sheet(book, as_of=until)}
    return {"inc": queries.income_statement(book, since=since, until=until)}


def _statement(request, group_id, kind):
    group = access.access_books(request.user, group_id)
    book = _book(group)
    form, since, until = _period(request, group)
    context = {
        "group": group,
        "form": form,
        "since": since,
        "until": until,
        "kind": kind,
        "title": STATEMENTS[kind][0],
        "table_template": STATEMENTS[kind][1],
        **_statement_context(kind, book, since, until, request),
    }
    return render(request, "books/statement.html", context)


@login_required
def statements(request, group_id):
    group = access.access_books(request.user, group_id)
    form, since, until = _period(request, group)
    return render(
        request, "books/statements.html", {"group": group, "form": form, "since": since, "until": until}
    )


@login_required
def cashbook(request, group_id):
    return _statement(request, group_id, "cashbook")


@login_required
def trial_balance(request, group_id):
    return _statement(request, group_id, "trial_balance")


@login_required
def balance_sheet(request, group_id):
    return _statement(request, group_id, "balance_sheet")


@login_required
def income_statement(request, group_id):
    return _statement(request, group_id, "income_statement")


@login_required
def statement_print(request, group_id, kind, since, until):
    if kind not in STATEMENTS:
        raise Http404(_("Not found."))
    group = access.access_books(request.user, group_id)
    book = _book(group)
    context = {
        "group": group,
        "since": since,
        "until": until,
        "kind": kind,
        "printed_on": local_today(group.place),
        "title": STATEMENTS[kind][0],
        "table_template": STATEMENTS[kind][1],
        **_statement_context(kind, book, since, until),
    }
    return printable(request, "books/statement_print.html", context, f"{kind}-{group.pk}-{until}.pdf")


# --- SHU --------------------------------------------------------------------------------------------


def _year(request, group) -> int:
    default = local_today(group.place).year - 1
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        return default
    return year if 1990 <= year <= default + 1 else default


@login_required
def shu_page(request, group_id):
    user = request.user
    group = access.access_books(user, group_id, write=request.method == "POST")
    year = _year(request, group)
    form = forms.ShuCloseForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            shu.close_year(
                group=group,
                year=year,
                acting_user=user,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            )
        except ServiceError as e:
            error = e.message
        else:
            messages.success(request, _("SHU %(year)s distributed and the year closed.") % {"year": year})
            return redirect("books:shu_record", group.pk, year)
    preview = shu.preview_shu(group, year)
    context = {
        "group": group,
        "year": year,
        "p": preview,
        "form": form,
        "error": error,
        "distributions": ShuDistribution.objects.filter(group=group).order_by("-year"),
        "may_write": access.can_write(user),
    }
    return render(request, "books/shu.html", context)


@login_required
def shu_record(request, group_id, year):
    group = access.access_books(request.user, group_id)
    dist = ShuDistribution.objects.filter(group=group, year=year).select_related("closed_by").first()
    if dist is None:
        raise Http404(_("Not found."))
    shares = dist.shares.select_related("person").order_by("person__full_name")
    return render(request, "books/shu_record.html", {"group": group, "dist": dist, "shares": shares})


@login_required
def shu_policy(request, group_id):
    user = request.user
    group = access.access_books(user, group_id, write=request.method == "POST")
    policy = shu.policy_for(group)
    form = forms.ShuPolicyForm(request.POST or None, instance=policy if policy.pk else None, initial=None)
    if not policy.pk and not form.is_bound:
        form = forms.ShuPolicyForm(instance=policy)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in shu.POLICY_FIELDS}
        done = submit(
            request,
            form,
            lambda: shu.set_policy(group=group, acting_user=user, **changes),
            reverse("books:shu", args=[group.pk]),
            _("SHU policy saved."),
        )
        if done:
            return done
    if request.method != "POST" and not access.can_write(user):
        # Read-only roles see the policy as a page, without a Save button.
        return render(request, "books/shu_policy.html", {"group": group, "policy": policy})
    return form_page(
        request,
        form,
        title=_("SHU policy of %(group)s") % {"group": group.name},
        back_url=reverse("books:shu", args=[group.pk]),
        intro=_(
            "How the year's surplus is split, from the bylaws. The six percentages must add up to 100 %. "
            "The members' share is jasa modal (by their savings) plus jasa usaha (by the income their "
            "transactions brought)."
        ),
    )
