"""The documents audits issue, registered with the documents platform from
AuditsConfig.ready() [SPEC §10]."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from audits.models import Audit
from audits.services import review
from cor_portal.documents.registry import DocumentKind, register_kind


def review_report_context(audit: Audit) -> dict[str, Any]:
    # The report's reads are moving out of the services (to audits/selectors.py): only
    # this line follows them.
    return review.review_report_context(audit)


REVIEW_REPORT = register_kind(
    DocumentKind(
        key="internal_audit_review_report",
        prefix="IRR",
        template_name="audits/pdf/review_report.html",
        context=review_report_context,
        label=_("Internal audit review report"),
    )
)
