from django.urls import NoReverseMatch, reverse
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


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label, who in _NAV:
        if who == "manage" and not access.can_manage(user):
            continue
        if who == "not_member" and user.role == "member" and not access.is_admin(user):
            continue
        if who == "member" and user.role != "member":
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # an app without that page yet; tests/core checks every entry resolves
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
    return {"nav_items": items, "can_write": access.can_write(user), "can_manage": access.can_manage(user)}
