from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from berdaya.accounts import access

# (url name, title, what it is for) — one card per part of the field's work, in the order of a programme.
AREAS = [
    (
        "pra:session_list",
        _("Participatory appraisal (PRA)"),
        _("Problems ranked by votes, potentials, needs, suggested groups and each group's business plan."),
    ),
    (
        "plans:plan_list",
        _("Business plans"),
        _("Each group's success circle, SWOT, commitments, steps and activity calendar."),
    ),
    (
        "training:training_list",
        _("Trainings"),
        _("Preparation, partners, sessions, attendance, skills before and after, certificates."),
    ),
    (
        "innovation:innovation_list",
        _("Innovation adoption"),
        _("Who learned, adopted and spread an innovation, and from whom."),
    ),
    (
        "mentoring:visit_list",
        _("Mentoring visits"),
        _("Visits to groups and people, monthly reports, coverage and overdue follow-ups."),
    ),
    (
        "links:proposal_list",
        _("Proposals and market links"),
        _("Resources asked from agencies and granted; offtakers, showrooms and the sales they bring."),
    ),
    (
        "odk:form_list",
        _("Field forms (ODK / Kobo)"),
        _("XLSForm files for ODK Collect and KoboCollect, and their submissions brought back."),
    ),
]


@login_required
def hub(request):
    access.require_fieldwork_reader(request.user)
    areas = []
    for name, title, purpose in AREAS:
        try:
            areas.append({"url": reverse(name), "title": title, "purpose": purpose})
        except NoReverseMatch:  # tests/fieldwork/test_hub.py checks that every area resolves
            continue
    return render(request, "fieldwork/hub.html", {"areas": areas})
