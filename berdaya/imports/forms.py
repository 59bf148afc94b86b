from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .kinds import kind_choices


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file lists"), choices=kind_choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX (first sheet) or CSV with a header row. Nothing is saved until you confirm."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.BERDAYA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.1f}"}
            )
        return upload
