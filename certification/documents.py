"""The documents certification issues, registered with the documents platform from
CertificationConfig.ready() [SPEC §10]."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.audiences import organization_smrs
from certification.models import Certificate, Organization, Registration
from cor_portal.accounts.language import user_language
from cor_portal.documents.registry import DocumentKind, register_kind
from cor_portal.documents.rendering import qr_data_uri


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


def certificate_verification_url(number: str) -> str:
    """The public page that says whether certificate `number` is valid today."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("certificate_verify", args=[number])


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    """What the certificate shows: organization, WSIB account, number, issue (anniversary)
    and expiry dates, and — in place of the letterhead's document code — a QR code to the
    certificate's own verification page, /verify/<number>/ [issue 10 item 7]."""
    account = certificate.wsib_account
    url = certificate_verification_url(certificate.number)
    return {
        **addressee_context(account.organization),
        "certificate": certificate,
        "account": account,
        "organization": account.organization,
        "verification_url": url,
        "verification_qr": qr_data_uri(url),
    }


CERTIFICATE = register_kind(
    DocumentKind(
        key="certificate",
        prefix="CERT",
        template_name="certification/pdf/certificate.html",
        context=certificate_context,
        label=_("Certificate of Recognition"),
        # Verified by its certificate number at /verify/<number>/ (the context's QR code), the
        # one page that knows superseded and lapsed certificates: no second document code.
        verification_code=False,
    )
)


def lgs_verification_url(number: str) -> str:
    """The public page that says whether Letter of Good Standing `number` is valid today."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("lgs_verify", args=[number])


def lgs_context(letter: Any) -> dict[str, Any]:
    """What the Letter of Good Standing shows [001 §2.0, §2.4]: the organization, its WSIB
    account and certificate, the certificate year and anniversary it covers, and a QR code
    to the letter's own verification page, /verify/<number>/."""
    account = letter.wsib_account
    url = lgs_verification_url(letter.number)
    return {
        **addressee_context(account.organization),
        "letter": letter,
        "certificate": letter.certificate,
        "anniversary": letter.maintenance_year.anniversary_date,
        "account": account,
        "organization": account.organization,
        "verification_url": url,
        "verification_qr": qr_data_uri(url),
    }


LETTER_OF_GOOD_STANDING = register_kind(
    DocumentKind(
        key="letter_of_good_standing",
        prefix="LGSD",
        template_name="certification/pdf/letter_of_good_standing.html",
        context=lgs_context,
        label=_("Letter of Good Standing"),
        verification_code=False,
    )
)
