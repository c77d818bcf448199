"""The documents audits issue, registered with the documents platform from
AuditsConfig.ready() [SPEC §10]."""

from django.utils.translation import gettext_lazy as _

from audits.selectors import review_report_context
from cor_portal.documents.registry import DocumentKind, register_kind

REVIEW_REPORT = register_kind(
    DocumentKind(
        key="internal_audit_review_report",
        prefix="IRR",
        template_name="audits/pdf/review_report.html",
        context=review_report_context,
        label=_("Internal audit review report"),
    )
)
