"""The external audit's documents [SPEC §10]: the external audit report (a version per
submission: a returned report is submitted again) and the pre- and post-audit meeting forms
(stored once all three have signed). Registered with the documents platform from
AuditsConfig.ready(); issued after the transaction that submitted or signed commits."""

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from audits.enums import FindingKind, MeetingKind, SignerRole
from audits.models import Element, EngagementFinding, ExternalEngagement, MeetingSignature
from audits.scoring import display_pct
from certification.documents import addressee_context
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.registry import Cardinality, DocumentKind, register_kind
from cor_portal.documents.services import document_for, document_issue


def external_report_context(engagement: ExternalEngagement) -> dict[str, Any]:
    """Per-element table, findings, strengths and failed benchmarks of the external audit."""
    from audits.services.engagement import external_score

    engagement = ExternalEngagement.objects.select_related(
        "wsib_account__organization", "auditor__user", "company", "audit__tool"
    ).get(pk=engagement.pk)
    audit = engagement.audit
    assert audit is not None
    result = external_score(audit)
    rows = []
    for element in Element.objects.filter(tool_id=audit.tool_id).order_by("order", "number"):
        failed = any(f.element == element.number and f.item is None for f in result.failures)
        rows.append(
            {
                "number": element.number,
                "title": element.title,
                "pct": display_pct(result.element_pcts.get(element.number)),
                "meets_benchmark": not failed,
            }
        )
    findings = list(
        EngagementFinding.objects.filter(engagement=engagement)
        .select_related("element", "item")
        .order_by("pk")
    )
    organization = engagement.wsib_account.organization
    return {
        **addressee_context(organization),
        "engagement": engagement,
        "organization": organization,
        "wsib_account": engagement.wsib_account,
        "audit": audit,
        "tool": audit.tool,
        "auditor": engagement.auditor.user,
        "company": engagement.company,
        "benchmarks": audit.tool.benchmarks,
        "elements": rows,
        "overall": display_pct(result.overall_pct),
        "passed": result.passed,
        # Worded when rendered (in the document's language, cor_portal/documents).
        "failures": [lazy(f.describe, str)() for f in result.failures],
        "findings": [f for f in findings if f.kind == FindingKind.FINDING],
        "strengths": [f for f in findings if f.kind == FindingKind.STRENGTH],
        "summary": engagement.report_summary,
    }


def meeting_form_context(engagement: ExternalEngagement, meeting: str) -> dict[str, Any]:
    engagement = ExternalEngagement.objects.select_related(
        "wsib_account__organization", "auditor__user"
    ).get(pk=engagement.pk)
    organization = engagement.wsib_account.organization
    signatures = {
        s.role: s for s in MeetingSignature.objects.filter(engagement=engagement, meeting=meeting)
    }
    return {
        **addressee_context(organization),
        "engagement": engagement,
        "organization": organization,
        "wsib_account": engagement.wsib_account,
        "meeting_label": MeetingKind(meeting).label,
        "signatures": [
            {"role": SignerRole(role).label, "signature": signatures.get(role)}
            for role in SignerRole.values
        ],
    }


EXTERNAL_REPORT = register_kind(
    DocumentKind(
        key="external_audit_report",
        prefix="EAR",
        template_name="audits/pdf/external_report.html",
        context=external_report_context,
        label=_("External audit report"),
        cardinality=Cardinality.MANY_VERSIONS,
        verification_code=True,
    )
)
PRE_AUDIT_FORM = register_kind(
    DocumentKind(
        key="pre_audit_meeting_form",
        prefix="PREM",
        template_name="audits/pdf/meeting_form.html",
        context=lambda e: meeting_form_context(e, MeetingKind.PRE_AUDIT),
        label=_("Pre-audit meeting form"),
    )
)
POST_AUDIT_FORM = register_kind(
    DocumentKind(
        key="post_audit_meeting_form",
        prefix="POSTM",
        template_name="audits/pdf/meeting_form.html",
        context=lambda e: meeting_form_context(e, MeetingKind.POST_AUDIT),
        label=_("Post-audit meeting form"),
    )
)
MEETING_FORMS = {MeetingKind.PRE_AUDIT: PRE_AUDIT_FORM, MeetingKind.POST_AUDIT: POST_AUDIT_FORM}


def external_report_issue(*, engagement_id: int) -> GeneratedDocument:
    """A new version of the report (each submission is one)."""
    engagement = ExternalEngagement.objects.get(pk=engagement_id)
    return document_issue(kind=EXTERNAL_REPORT, subject=engagement)


def external_report_document(engagement: ExternalEngagement) -> GeneratedDocument | None:
    return document_for(engagement, EXTERNAL_REPORT)


def meeting_form_issue(*, engagement_id: int, meeting: str) -> GeneratedDocument:
    engagement = ExternalEngagement.objects.get(pk=engagement_id)
    return document_issue(kind=MEETING_FORMS[MeetingKind(meeting)], subject=engagement)


def meeting_form_document(engagement: ExternalEngagement, meeting: str):
    return document_for(engagement, MEETING_FORMS[MeetingKind(meeting)])
