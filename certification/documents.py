"""The documents certification issues, registered with the documents platform from
CertificationConfig.ready() [SPEC §10]."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Registration
from cor_portal.documents.registry import DocumentKind, register_kind


def registration_confirmation_context(registration: Registration) -> dict[str, Any]:
    """What the confirmation letter shows: the registration, its WSIB account and
    organization, and the day it was confirmed."""
    account = registration.wsib_account
    return {
        "registration": registration,
        "account": account,
        "organization": account.organization,
        "confirmed_on": timezone.localdate(registration.confirmed_at),
    }


REGISTRATION_CONFIRMATION = register_kind(
    DocumentKind(
        key="registration_confirmation",
        prefix="RCL",
        template_name="certification/pdf/registration_confirmation.html",
        context=registration_confirmation_context,
        label=_("Registration confirmation letter"),
    )
)
