"""The desk review report PDF [001 §2.4: "written report to the employer"]: the
REVIEW_REPORT document kind (audits/documents.py), rendered once and stored (number
IRR-YYYY-NNNNNN from the kind's yearly sequence, content hash in the audit's history)."""

from django.utils.translation import gettext as _

from audits.documents import REVIEW_REPORT
from audits.enums import INTERNAL_REVIEW_REVIEWED
from audits.models import Audit
from cor_portal.accounts.models import User
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.services import document_for, document_issue
from cor_portal.errors import DomainError

REVIEW_REPORT_KIND = REVIEW_REPORT.key


def review_report_document(audit: Audit) -> GeneratedDocument | None:
    return document_for(audit, REVIEW_REPORT)


def review_report_generate(*, audit: Audit, by: User | None = None) -> GeneratedDocument:
    """The audit's review report, generated on first call (later calls return it)."""
    if audit.internal_review.status not in INTERNAL_REVIEW_REVIEWED:
        raise DomainError(
            _("The review report exists once the desk review is complete."), field="audit"
        )
    return document_issue(kind=REVIEW_REPORT, subject=audit, by=by)
