"""The COR appeal form [001 §7; SPEC §7, §10]: every level's entries, dates, decisions and
signatures. A new version is stored at each step (filing, each decision, each level, each
signature); every version is kept, numbered, hashed and verifiable."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from certification.documents import addressee_context
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.registry import Cardinality, DocumentKind, register_kind
from cor_portal.documents.services import document_issue, documents_of

from .models import Appeal, AppealAttachment, AppealSignature, AppealStage


def appeal_form_context(appeal: Appeal) -> dict[str, Any]:
    appeal = Appeal.objects.select_related(
        "wsib_account__organization", "decision_maker", "filed_by"
    ).get(pk=appeal.pk)
    stages = list(
        AppealStage.objects.filter(appeal=appeal)
        .select_related("filed_by", "acknowledged_by", "decided_by")
        .order_by("level")
    )
    signatures: dict[int, list[AppealSignature]] = {}
    for s in AppealSignature.objects.filter(stage__appeal=appeal).select_related("user"):
        signatures.setdefault(s.stage_id, []).append(s)
    organization = appeal.wsib_account.organization
    return {
        **addressee_context(organization),
        "appeal": appeal,
        "organization": organization,
        "wsib_account": appeal.wsib_account,
        "stages": [{"stage": s, "signatures": signatures.get(s.pk, [])} for s in stages],
        "attachments": list(
            AppealAttachment.objects.filter(appeal=appeal)
            .select_related("evidence")
            .order_by("evidence__original_name")
        ),
    }


APPEAL_FORM = register_kind(
    DocumentKind(
        key="appeal_form",
        prefix="APF",
        template_name="appeals/pdf/appeal_form.html",
        context=appeal_form_context,
        label=_("COR appeal form"),
        cardinality=Cardinality.MANY_VERSIONS,
        verification_code=True,
    )
)


def appeal_form_issue(*, appeal_id: int) -> GeneratedDocument:
    """A new version of the form, as the appeal is now."""
    return document_issue(kind=APPEAL_FORM, subject=Appeal.objects.get(pk=appeal_id))


def appeal_forms(appeal: Appeal):
    """Every version of the form, newest first."""
    return documents_of(appeal, APPEAL_FORM).order_by("-pk")
