from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from berdaya.accounts import access

# (url name, label, who sees it). Everyone signed in sees the rest.
_NAV = [
    ("home", _("Home"), None),
    ("programs:programme_list", _("Programmes"), None),
    ("groups:group_list", _("Groups"), None),
    ("people:person_list", _("People"), "not_member"),
    ("people:enterprise_list", _("Enterprises"), "not_member"),
    ("programs:agency_list", _("Agencies"), "not_member"),
    ("programs:staff_list", _("Staff"), "not_member"),
    ("places:place_list", _("Places"), None),
    ("imports:import_start", _("Import"), "manage"),
    ("fieldwork:hub", _("Fieldwork"), "not_member"),
    ("clusters:sentra_list", _("Sentra and clusters"), "not_member"),
    ("funds:grant_list", _("Revolving funds"), "not_member"),
    ("loans:my_loans", _("My loans"), "member"),
    ("monthend:run_list", _("Month-end"), "not_member"),
    ("audit:entry_list", _("Audit log"), "not_member"),
]

# The menu's URLs are the same on every request of a process: reversing its 15 entries on every page
# was a measurable part of what each signed-in page costs. Keyed by URLconf and script prefix, the two
# inputs of ``reverse`` that can differ (a test's own URLconf, a deployment under a sub-path).
_RESOLVED: dict[tuple[str, str], list[tuple[str, object, str | None]]] = {}


def _resolved_nav() -> list[tuple[str, object, str | None]]:
    key = (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix())
    entries = _RESOLVED.get(key)
    if entries is None:
        entries = []
        for name, label, who in _NAV:
            try:
                url = reverse(name)
            except NoReverseMatch:  # an app without that page yet; tests/core checks every entry resolves
                continue
            entries.append((url, label, who))
        _RESOLVED[key] = entries
    return entries


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    is_member = user.role == "member" and not access.is_admin(user)
    can_manage = access.can_manage(user)
    items = []
    for url, label, who in _resolved_nav():
        if who == "manage" and not can_manage:
            continue
        if who == "not_member" and is_member:
            continue
        if who == "member" and user.role != "member":
            continue
        items.append({"url": url, "label": label, "active": False})
    # The longest matching entry is the current one (/programmes/staff/ is Staff, not Programmes).
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "can_write": access.can_write(user), "can_manage": can_manage}
