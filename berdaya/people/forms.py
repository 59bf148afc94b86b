"""Forms check the shape of input; the services check the rules (NIK, phone, uniqueness, money)."""

from __future__ import annotations

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from berdaya.accounts import access
from berdaya.core.forms import DateInput
from berdaya.places.forms import PlaceField
from berdaya.places.models import Place

from . import size_class as sc
from .models import Enterprise, Person

# Persons, households and enterprises live in a village or below it (dusun, RW, RT).
_LIVING_LEVELS = [Place.Level.VILLAGE, Place.Level.DUSUN, Place.Level.RW, Place.Level.RT]


class PickWidget(forms.Widget):
    """Choose persons or a household by typing (htmx suggestions) instead of a select of every row.

    A national programme has hundreds of thousands of persons: a <select> of them would be megabytes
    on a cheap phone. The chosen rows are rendered as checked boxes (radios for a single choice); the
    suggestions arrive as unchecked ones with the same name, so the form posts plain ids.
    """

    template_name = "people/_pick_widget.html"

    def __init__(self, *, url_name: str, multiple: bool, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.multiple = multiple
        self.queryset = None  # set by the form to the user's visible rows; labels come only from it

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if value in (None, ""):
            ids = []
        elif isinstance(value, list | tuple):
            ids = [v for v in value if str(v).isdigit()]
        else:
            ids = [value] if str(value).isdigit() else []
        chosen = list(self.queryset.filter(pk__in=ids)) if (ids and self.queryset is not None) else []
        context["widget"].update(
            {
                "chosen": chosen,
                "input_type": "checkbox" if self.multiple else "radio",
                "url": reverse(self.url_name),
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else data.get(name, [])
        return data.get(name) or None

    def value_omitted_from_data(self, data, files, name):
        return False  # an unticked box posts nothing: that means "none", not "unchanged"


class RupiahField(forms.Field):
    """Whole rupiah as people type it: 1.500.000, Rp 1.500.000 or 1500000. Empty = unknown."""

    _IGNORED = re.compile(r"(?i)^rp|[\s.]")

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "30"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = self._IGNORED.sub("", str(value or "").strip())
        if not text:
            return None
        if not text.isdigit() or len(text) > 18:
            raise forms.ValidationError(_("Write a whole number of rupiah, e.g. 1.500.000 (no decimals)."))
        return int(text)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=30,
        help_text=_("16 digits from the KTP or family card. Leave empty if unknown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    place = PlaceField(label=_("Lives in"), levels=_LIVING_LEVELS, help_text=_("Village, hamlet, RW or RT."))
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    household = forms.ModelChoiceField(
        label=_("Household"),
        required=False,
        queryset=None,
        widget=PickWidget(url_name="people:household_pick", multiple=False),
        help_text=_("Type the head's name or the family card number."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = access.visible_households(user)
        self.fields["household"].queryset = qs
        self.fields["household"].widget.queryset = qs


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of household"), required=False, max_length=120)
    kk_number = forms.CharField(
        label=_("Family card (KK) number"),
        required=False,
        max_length=30,
        help_text=_("16 digits. Leave empty if unknown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    place = PlaceField(label=_("Place"), levels=_LIVING_LEVELS, help_text=_("Village, hamlet, RW or RT."))
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    poverty_registered = forms.BooleanField(label=_("In the poverty registry (DTKS / DTSEN)"), required=False)
    poverty_registry_id = forms.CharField(label=_("Poverty registry id"), required=False, max_length=40)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    product_type = forms.CharField(
        label=_("Product type"),
        max_length=80,
        help_text=_("What it makes or sells, e.g. pottery, ikat weaving."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=Enterprise.Sector.choices, initial=Enterprise.Sector.OTHER
    )
    place = PlaceField(label=_("Place"), levels=_LIVING_LEVELS, help_text=_("Village, hamlet, RW or RT."))
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"),
        queryset=None,
        widget=PickWidget(url_name="people:person_pick", multiple=True),
        help_text=_(
            "Type a name to find the owner. The enterprise is visible to whoever may see one of its owners."
        ),
        error_messages={"required": _("Choose at least one owner.")},
    )
    workers = forms.IntegerField(
        label=_("Workers"), required=False, min_value=0, help_text=_("Including the owner.")
    )
    net_assets = RupiahField(
        label=_("Net assets (Rp)"),
        help_text=_("Excluding land and buildings. Used by UU 20/2008 (before 2 Feb 2021)."),
    )
    business_capital = RupiahField(
        label=_("Business capital (Rp)"),
        help_text=_("Excluding land and buildings. Used by PP 7/2021 at registration."),
    )
    annual_sales = RupiahField(
        label=_("Annual sales (Rp)"), help_text=_("Used by PP 7/2021 for empowerment, and by UU 20/2008.")
    )
    start_date = forms.DateField(label=_("Started"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = access.visible_persons(user)
        self.fields["owners"].queryset = qs
        self.fields["owners"].widget.queryset = qs


class SizeDateForm(forms.Form):
    """The date and purpose the enterprise page classifies for (GET)."""

    on = forms.DateField(label=_("On date"), required=False, widget=DateInput())
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[
            (sc.PURPOSE_EMPOWERMENT, _("Empowerment (annual sales)")),
            (sc.PURPOSE_REGISTRATION, _("Registration (business capital)")),
        ],
    )
