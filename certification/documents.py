"""The documents certification issues, registered with the documents platform from
CertificationConfig.ready() [SPEC §10]."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.audiences import organization_smrs
from certification.models import Organization, Registration
from cor_portal.accounts.language import user_language
from cor_portal.documents.registry import DocumentKind, register_kind


def addressee_context(organization: Organization) -> dict[str, Any]:
    """Who a document is addressed to, and so its language: the organization and its
    Senior Management Representative (the first active SMR), in the SMR's language. A
    document is stored once and read by everyone who may see it, so it follows its
    addressee, not whoever happened to cause its rendering; an organization without an
    active SMR gets the site default."""
    smr = organization_smrs(organization.pk).order_by("pk").first()
    return {
        "addressee": {
            "organization": organization,
            "smr": (smr.get_full_name() or smr.username) if smr else "",
        },
        "language": user_language(smr),
    }


def registration_confirmation_context(registration: Registration) -> dict[str, Any]:
    """What the confirmation letter shows: the registration, its WSIB account and
    organization, and the day it was confirmed."""
    account = registration.wsib_account
    return {
        **addressee_context(account.organization),
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
        # The letterhead prints its public verification address and QR code.
        verification_code=True,
    )
)
