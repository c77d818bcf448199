"""The SOSE Ministry package and the maintenance plan's zip [SPEC §6.1, §6.2].

- ministry_package: one PDF bundle, in this order: the COR external audit report, the SOSE
  verification audit report, the application summary. Only for a SOSE plan verified at the
  pass mark (100 %); building it is the SOSE application's completion: D12 is met.
- submission_zip: the final submission organized by objective, every deliverable named by
  the convention of sose.engine.export_name (objective, milestone, place, title) with no
  collisions, and a summary.csv of objectives, milestones, weights and scores.
"""

import csv
import io
import zipfile
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits.scoring import display_pct
from certification.rules import is_cb_staff, is_member_of
from cor_portal.deadlines.services.deadline import deadline_meet
from cor_portal.documents.rendering import document_language, letterhead_context
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import record

from ..engine import export_name
from ..enums import PlanAction, PlanStatus
from ..models import ActionPlan, Milestone, Objective
from ..rules import is_associate_auditor


def _may_read(user, plan: ActionPlan) -> bool:
    return bool(
        is_member_of.test(user, plan) or is_cb_staff(user) or is_associate_auditor.test(user, plan)
    )


def _pages(template_name: str, context: dict[str, Any]):
    from weasyprint import HTML

    language = document_language(context)
    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    return HTML(string=html, base_url=".").render()


def _objectives(plan: ActionPlan) -> list[Objective]:
    return list(
        plan.objectives.select_related("cap_item")
        .prefetch_related("milestones__deliverables")
        .order_by("order")
    )


def plan_context(plan: ActionPlan) -> dict[str, Any]:
    plan = ActionPlan.objects.select_related(
        "wsib_account__organization", "associate_auditor__user", "source_engagement"
    ).get(pk=plan.pk)
    return {
        **letterhead_context(None),
        "plan": plan,
        "organization": plan.wsib_account.organization,
        "wsib_account": plan.wsib_account,
        "objectives": _objectives(plan),
        "score": display_pct_or_dash(plan.score_pct),
        "issued_on": timezone.localdate(),
        "document_number": "",
    }


def display_pct_or_dash(value) -> str:
    return "—" if value is None else f"{value}"


def ministry_package(*, plan: ActionPlan, by) -> bytes:
    if not _may_read(by, plan):
        raise NotAllowed(_("Only the organization, its associate auditor and staff may do this."))
    if not plan.config.verification_plan:
        raise DomainError(_("Only a SOSE Action Plan has a Ministry package."), field="kind")
    if plan.status != PlanStatus.PASSED:
        raise DomainError(
            _("The Ministry package follows a verification audit scored 100 %%.") % {},
            field="status",
        )
    from audits.external_documents import external_report_context

    assert plan.source_engagement is not None
    external = {**letterhead_context(None), **external_report_context(plan.source_engagement)}
    context = plan_context(plan)
    parts = [
        _pages("audits/pdf/external_report.html", external),
        _pages("sose/pdf/verification_report.html", context),
        _pages("sose/pdf/application_summary.html", context),
    ]
    bundle = parts[0].copy([page for part in parts for page in part.pages])
    content = bundle.write_pdf()
    with transaction.atomic():
        record(
            subject=plan,
            actor=by,
            action=PlanAction.PACKAGE_BUILT,
            changes={"pages": (None, sum(len(p.pages) for p in parts))},
        )
        deadline_meet(kind="D12", subject=plan, actor=by, missing_ok=True)
    return content


def submission_zip(*, plan: ActionPlan, by) -> bytes:
    if not _may_read(by, plan):
        raise NotAllowed(_("Only the organization, its associate auditor and staff may do this."))
    if plan.status in (PlanStatus.DRAFT,):
        raise DomainError(_("A draft plan has nothing to export yet."), field="status")
    buffer = io.BytesIO()
    taken: set[str] = set()
    rows: list[list[str]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for objective in _objectives(plan):
            milestones: list[Milestone] = sorted(objective.milestones.all(), key=lambda m: m.order)
            for milestone in milestones:
                rows.append(
                    [
                        str(objective.order),
                        milestone.label,
                        milestone.description,
                        milestone.assignee,
                        str(milestone.weight or ""),
                        str(milestone.self_score if milestone.self_score is not None else ""),
                        str(milestone.score if milestone.score is not None else ""),
                    ]
                )
                for index, deliverable in enumerate(milestone.deliverables.all(), start=1):
                    extension = (
                        deliverable.original_name.rsplit(".", 1)[-1]
                        if "." in deliverable.original_name
                        else ""
                    )
                    name = export_name(
                        objective=objective.order,
                        milestone=milestone.order,
                        index=index,
                        title=f"{deliverable.document_date:%Y-%m-%d}-{deliverable.title}",
                        extension=extension,
                        taken=taken,
                    )
                    with default_storage.open(deliverable.file.name, "rb") as handle:
                        archive.writestr(name, handle.read())
        summary = io.StringIO()
        writer = csv.writer(summary)
        writer.writerow(
            ["objective", "milestone", "step", "assignee", "weight", "self_score", "score"]
        )
        writer.writerows(rows)
        archive.writestr("summary.csv", summary.getvalue())
    return buffer.getvalue()


__all__ = ["display_pct", "ministry_package", "submission_zip"]
