"""The documents equivalency issues [SPEC §10]: the spot-check outcome letter, the
equivalency decision report and the 1-year equivalency COR. Each is numbered, stored with its
hash, carries a public verification code (the documents app's verification page) and is
recorded in its subject's history."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from certification.documents import addressee_context
from cor_portal.documents.registry import DocumentKind, register_kind

from .models import EquivalencyCertificate, EquivalencyRequest, SpotCheck


def spot_check_letter_context(check: SpotCheck) -> dict[str, Any]:
    account = check.wsib_account
    return {
        **addressee_context(account.organization),
        "check": check,
        "account": account,
        "organization": account.organization,
    }


def decision_report_context(request: EquivalencyRequest) -> dict[str, Any]:
    certificate = EquivalencyCertificate.objects.filter(request=request).first()
    return {
        **addressee_context(request.organization),
        "req": request,
        "organization": request.organization,
        "account": request.wsib_account,
        "certificate": certificate,
        "documents": list(request.documents.order_by("kind", "-id")),
    }


def equivalency_certificate_context(certificate: EquivalencyCertificate) -> dict[str, Any]:
    account = certificate.wsib_account
    return {
        **addressee_context(account.organization),
        "certificate": certificate,
        "account": account,
        "organization": account.organization,
        "req": certificate.request,
    }


SPOT_CHECK_LETTER = register_kind(
    DocumentKind(
        key="spot_check_letter",
        prefix="SCL",
        template_name="equivalency/pdf/spot_check_letter.html",
        context=spot_check_letter_context,
        label=_("Spot check outcome letter"),
        verification_code=True,
    )
)
EQUIVALENCY_DECISION_REPORT = register_kind(
    DocumentKind(
        key="equivalency_decision",
        prefix="EQR",
        template_name="equivalency/pdf/decision_report.html",
        context=decision_report_context,
        label=_("Equivalency decision report"),
        verification_code=True,
    )
)
EQUIVALENCY_CERTIFICATE = register_kind(
    DocumentKind(
        key="equivalency_certificate",
        prefix="EQC",
        template_name="equivalency/pdf/certificate.html",
        context=equivalency_certificate_context,
        label=_("Certificate of Recognition (equivalency, 1 year)"),
        verification_code=True,
    )
)
