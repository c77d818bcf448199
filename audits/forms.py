"""Forms of the audits area."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.tool_io.parse import MAX_FILE_BYTES


def _pct(label, default: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        initial=Decimal(default),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )


class AuditToolImportForm(forms.Form):
    name = forms.CharField(
        label=_("Tool name"), max_length=100, help_text=_("For example “COR 2020”.")
    )
    version = forms.CharField(
        label=_("Version label"),
        max_length=40,
        help_text=_("A new label: an existing version is never changed."),
    )
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_(
            "Header row: element, sub_section, item_number, text, points, legislated, "
            "techniques. CSV must be UTF-8; for Excel the first sheet is read."
        ),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    benchmark_overall_pct = _pct(_("Overall benchmark (%)"), "80")
    benchmark_element_pct = _pct(_("Per-element benchmark (%)"), "65")
    benchmark_legislated_pct = _pct(_("Legislated-item benchmark (%)"), "100")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": MAX_FILE_BYTES // 2**20}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
