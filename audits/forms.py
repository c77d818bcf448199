"""Forms of the audits area: the audit-tool import (Django admin; lane A2's tool import
keeps it here) and the internal-audit pages. Page forms only parse input; the services
decide (and name the field in every refusal, which cor_portal.forms.add_domain_error shows
beside it). Length limits come from audits.limits, shared with the API serializers."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.limits import (
    CAP_ACTION_MAX_LENGTH,
    CAP_DESCRIPTION_MAX_LENGTH,
    CAP_OWNER_MAX_LENGTH,
    CAP_RETURN_REASON_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REASONS_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TOOL_DESCRIPTION_MAX_LENGTH,
)
from audits.selectors import assignable_reviewers
from audits.tool_io.parse import MAX_FILE_BYTES
from certification.forms.widgets import CheckedFileInput
from certification.models import Program
from cor_portal.accounts.models import User


def _pct(label) -> forms.DecimalField:
    # Empty: the program's benchmark (the service's default), so an ACSA version gets 50 %
    # per element without anyone typing it.
    return forms.DecimalField(
        label=label,
        required=False,
        help_text=_("Empty: the program's benchmark."),
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
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TOOL_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea,
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.order_by("-is_default", "name"),
        empty_label=None,
        help_text=_("The program this tool version belongs to (its audits and benchmarks)."),
    )
    benchmark_overall_pct = _pct(_("Overall benchmark (%)"))
    benchmark_element_pct = _pct(_("Per-element benchmark (%)"))
    benchmark_legislated_pct = _pct(_("Legislated-item benchmark (%)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = Program.objects.filter(is_default=True).values_list("pk", flat=True).first()
        self.fields["program"].initial = default

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": MAX_FILE_BYTES // 2**20}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


# --- internal-audit pages ------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditStartForm(forms.Form):
    """Accounts and auditors that cannot be chosen stay in the list, disabled, with the
    reason beside them (`blocked`: field name -> {value: reason}); posting one anyway is
    refused with that reason."""

    wsib_account = forms.ChoiceField(label=_("Account"))
    internal_auditor = forms.ChoiceField(label=_("Internal auditor"))

    def __init__(self, *args, accounts=(), auditors=(), blocked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocked = {"wsib_account": {}, "internal_auditor": {}, **(blocked or {})}
        self.fields["wsib_account"].choices = [(str(a.pk), a.account_number) for a in accounts]
        self.fields["internal_auditor"].choices = [(str(p.pk), str(p)) for p in auditors]

    def options(self, name: str) -> list[dict]:
        """The field's choices with the reason each one cannot be chosen (empty if it can)."""
        value = str(self[name].value() or "")
        reasons = self.blocked.get(name, {})
        return [
            {
                "value": v,
                "label": label,
                "reason": reasons.get(v, ""),
                "selected": v == value and v not in reasons,
            }
            for v, label in self.fields[name].choices
        ]

    def account_options(self) -> list[dict]:
        return self.options("wsib_account")

    def auditor_options(self) -> list[dict]:
        return self.options("internal_auditor")

    def _refuse_blocked(self, name: str) -> str:
        value = self.cleaned_data[name]
        reason = self.blocked.get(name, {}).get(value)
        if reason:
            raise forms.ValidationError(reason)
        return value

    def clean_wsib_account(self):
        return self._refuse_blocked("wsib_account")

    def clean_internal_auditor(self):
        return self._refuse_blocked("internal_auditor")


class ResponseForm(forms.Form):
    points_earned = forms.IntegerField(label=_("Points earned"), required=False, min_value=0)
    not_applicable = forms.BooleanField(label=_("Not applicable"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("not_applicable") and data.get("points_earned") is None:
            self.add_error(
                "points_earned", _("Choose the points earned, or mark the item not applicable.")
            )
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    document_date = forms.DateField(label=_("Document date"), widget=DateInput())
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PreAssessmentForm(forms.Form):
    """Two explicit decisions, one button each: accept for desk review, or return with
    reasons (and what is wrong: incomplete, declared score short of the benchmarks)."""

    ACCEPT = "accept"
    RETURN = "return"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept for desk review")), (RETURN, _("Return with reasons"))],
        error_messages={"required": _("Choose: accept the audit, or return it with reasons.")},
    )
    incomplete = forms.BooleanField(label=_("The submission is incomplete"), required=False)
    score_short = forms.BooleanField(
        label=_("The declared score does not meet the benchmarks"), required=False
    )
    reasons = forms.CharField(
        label=_("Reasons (required to return the audit)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASONS_MAX_LENGTH,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (
            data.get("incomplete") or data.get("score_short")
        ):
            raise forms.ValidationError(
                _(
                    "To return the audit, tick what is wrong: the submission is incomplete, "
                    "or the declared score does not meet the benchmarks."
                )
            )
        return data

    def service_args(self) -> dict:
        data = self.cleaned_data
        if data["decision"] == self.ACCEPT:
            return {"complete": True, "declared_score_meets_benchmarks": True, "reasons": ""}
        return {
            "complete": not data["incomplete"],
            "declared_score_meets_benchmarks": not data["score_short"],
            "reasons": data["reasons"],
        }


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = assignable_reviewers()
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.username
        if not self.is_bound:
            # A page shows the choices (the select and its label): read them once, not on
            # each render of the field. A posted form validates against the queryset.
            # (A comprehension: list() would ask the iterator's len(), a COUNT query.)
            field = self.fields["reviewer"]
            field.widget.choices = [choice for choice in field.choices]


class ReviewCompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SUMMARY_MAX_LENGTH,
    )


# A review starts with one empty finding row; "Add a finding" adds one, "Remove" takes one
# away (no JavaScript: the form posts back to itself). At most this many rows.
MAX_FINDING_ROWS = 50


def finding_rows_from_post(post) -> list[dict]:
    """The finding rows of the review-complete form as typed (strings), in their order,
    empty rows included, up to MAX_FINDING_ROWS. Rows are numbered finding_<n>_… with any
    n from 1; gaps (a removed row) are skipped."""
    numbers = set()
    for key in post:
        parts = key.split("_")
        if len(parts) == 3 and parts[0] == "finding" and parts[1].isdigit():
            numbers.add(int(parts[1]))
    rows = []
    for n in sorted(numbers)[:MAX_FINDING_ROWS]:
        rows.append(
            {
                "text": (post.get(f"finding_{n}_text") or "").strip(),
                "element": (post.get(f"finding_{n}_element") or "").strip(),
                "item": (post.get(f"finding_{n}_item") or "").strip(),
            }
        )
    return rows


def findings_from_post(post) -> list[dict]:
    """The non-empty finding rows of the review-complete form (element, item, text)."""
    return [
        {
            "text": row["text"],
            "element_number": int(row["element"]) if row["element"].isdigit() else None,
            "item_number": row["item"] or None,
        }
        for row in finding_rows_from_post(post)
        if row["text"] or row["element"] or row["item"]
    ]


class CapItemForm(forms.Form):
    action = forms.CharField(
        label=_("Corrective action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CAP_ACTION_MAX_LENGTH,
    )
    owner = forms.CharField(label=_("Owner"), required=False, max_length=CAP_OWNER_MAX_LENGTH)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    implementation_date = forms.DateField(
        label=_("Implemented on"), required=False, widget=DateInput()
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, widget=CheckedFileInput
    )
    evidence_document_date = forms.DateField(
        label=_("Evidence document date"), required=False, widget=DateInput()
    )


class CapItemAddForm(forms.Form):
    description = forms.CharField(
        label=_("What the action addresses"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=CAP_DESCRIPTION_MAX_LENGTH,
    )


class CapReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for returning the plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CAP_RETURN_REASON_MAX_LENGTH,
    )
