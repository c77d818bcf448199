"""The desk review report PDF [001 §2.4: "written report to the employer"]: rendered once from
audits.selectors.review_report_context and stored as a generated document (number
IRR-YYYY-NNNNNN, content hash in the audit's history)."""

from django.utils.translation import gettext as _

from audits.enums import INTERNAL_REVIEW_REVIEWED
from audits.models import Audit
from audits.selectors import review_report_context
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.services import document_for, document_generate
from cor_portal.errors import DomainError

REVIEW_REPORT_KIND = "internal_audit_review_report"
REVIEW_REPORT_PREFIX = "IRR"
REVIEW_REPORT_TEMPLATE = "audits/pdf/review_report.html"


def review_report_document(audit: Audit) -> GeneratedDocument | None:
    return document_for(audit, REVIEW_REPORT_KIND)


def review_report_generate(*, audit: Audit) -> GeneratedDocument:
    """The audit's review report, generated on first call (later calls return it)."""
    if audit.internal_review.status not in INTERNAL_REVIEW_REVIEWED:
        raise DomainError(
            _("The review report exists once the desk review is complete."), field="audit"
        )
    existing = review_report_document(audit)
    if existing is not None:
        return existing
    return document_generate(
        subject=audit,
        kind=REVIEW_REPORT_KIND,
        prefix=REVIEW_REPORT_PREFIX,
        template_name=REVIEW_REPORT_TEMPLATE,
        context=review_report_context(audit),
    )
