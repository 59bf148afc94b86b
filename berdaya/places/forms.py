from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Place


class PlaceWidget(forms.Widget):
    """A search box that suggests places as you type (htmx) and keeps the chosen id in a hidden input."""

    template_name = "places/place_widget.html"

    def __init__(self, levels: list[int] | None = None, attrs=None):
        super().__init__(attrs)
        self.levels = levels or []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = ""
        if value:
            place = Place.objects.filter(pk=value).only("path").first()
            label = place.path if place else ""
        query = "&".join(f"level={lv}" for lv in self.levels)
        context["widget"].update(
            {"label": label, "url": reverse("places:autocomplete") + (f"?{query}" if query else "")}
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class PlaceField(forms.ModelChoiceField):
    def __init__(self, *, levels: list[int] | None = None, **kwargs):
        kwargs.setdefault("queryset", Place.objects.all())
        kwargs.setdefault("widget", PlaceWidget(levels=levels))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose a place from the suggestions (type its name or code).")},
        )
        super().__init__(**kwargs)
        self.levels = levels

    def clean(self, value):
        place = super().clean(value)
        if place is not None and self.levels and place.level not in self.levels:
            raise forms.ValidationError(_("Choose a place of the right level."))
        return place


class FreePlaceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (k, lbl) for k, lbl in Place.Kind.choices if k in (Place.Kind.DUSUN, Place.Kind.RW, Place.Kind.RT)
        ],
    )
    name = forms.CharField(label=_("Name"), max_length=120)
