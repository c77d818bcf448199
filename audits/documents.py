"""The documents audits issue, registered with the documents platform from
AuditsConfig.ready() [SPEC §10]."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from audits.models import Audit
from audits.selectors import review_report_context
from certification.documents import addressee_context
from cor_portal.documents.registry import DocumentKind, register_kind


def review_report_document_context(audit: Audit) -> dict[str, Any]:
    """The report's figures, addressed to the audited organization (and so in its SMR's
    language)."""
    context = review_report_context(audit)
    return {**addressee_context(context["organization"]), **context}


REVIEW_REPORT = register_kind(
    DocumentKind(
        key="internal_audit_review_report",
        prefix="IRR",
        template_name="audits/pdf/review_report.html",
        context=review_report_document_context,
        label=_("Internal audit review report"),
        verification_code=True,
    )
)
