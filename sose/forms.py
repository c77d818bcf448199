"""Forms of the action-plan pages: they parse what a page posts (dates, text) and hand it to
the services, which decide every rule (a weight, a score or a missing date is the service's
error, shown beside its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import PlanKind

DATE = forms.DateInput(attrs={"type": "date"})


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of action plan"), choices=PlanKind.choices)
    wsib_account = forms.ModelChoiceField(label=_("Account"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wsib_account"].queryset = accounts  # type: ignore[attr-defined]


class ObjectiveForm(forms.Form):
    statement = forms.CharField(
        label=_("Specific statement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = forms.CharField(
        label=_("Measure"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    from_recommendation = forms.BooleanField(
        label=_("Based on the last certification audit's recommendations"), required=False
    )


class MilestoneForm(forms.Form):
    description = forms.CharField(label=_("Step"), required=False)
    assignee = forms.CharField(
        label=_("Assigned to (person or group)"), required=False, max_length=200
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    deliverable = forms.CharField(label=_("Deliverable"), required=False)
    weight = forms.CharField(label=_("Weight"), required=False, max_length=20)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DATE)


class DeliverableForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DATE)


class ProposalForm(forms.Form):
    participants = forms.CharField(
        label=_("Participants and their training"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organization_chart = forms.CharField(
        label=_("Organization chart"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("What to amend"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerificationPlanForm(forms.Form):
    scope = forms.CharField(
        label=_("Verification audit scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost = forms.CharField(label=_("Cost estimate ($)"), required=False, max_length=20)


class SummaryForm(forms.Form):
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FinalForm(SummaryForm):
    signed_name = forms.CharField(label=_("Signed by (type your name)"), required=False)
