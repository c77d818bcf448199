from django import forms
from django.utils.translation import gettext_lazy as _

from certification.enums import EmploymentStatus, MemberRole, Sector
from certification.limits import max_length
from certification.models import MemberInvitation, Organization, Person
from certification.services.onboarding import OrganizationFacts


class OrganizationCreateForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Legal name"), max_length=max_length(Organization, "legal_name")
    )
    operating_name = forms.CharField(
        label=_("Operating name"),
        max_length=max_length(Organization, "operating_name"),
        required=False,
        help_text=_("If the organization trades under another name."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    workers = forms.IntegerField(label=_("Number of workers"), min_value=1)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=max_length(Organization, "street_address"),
        required=False,
    )
    city = forms.CharField(
        label=_("City"), max_length=max_length(Organization, "city"), required=False
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=max_length(Organization, "postal_code"), required=False
    )
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=max_length(Organization, "contact_phone"), required=False
    )
    smr_first_name = forms.CharField(
        label=_("Your first name"), max_length=max_length(Person, "first_name")
    )
    smr_last_name = forms.CharField(
        label=_("Your last name"), max_length=max_length(Person, "last_name")
    )
    smr_job_title = forms.CharField(
        label=_("Your job title"), max_length=max_length(Person, "job_title"), required=False
    )
    smr_employment_status = forms.ChoiceField(
        label=_("Your employment status"),
        choices=EmploymentStatus.choices,
        initial=EmploymentStatus.PERMANENT_FULL_TIME,
        help_text=_("You will be the organization's Senior Management Representative (SMR)."),
    )

    def facts(self) -> OrganizationFacts:
        return OrganizationFacts(**self.cleaned_data)


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"), max_length=max_length(MemberInvitation, "email")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
