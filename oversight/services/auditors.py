"""External-auditor quality [001 §4.3, §4.5; 004 mandates 4-5], one service per change:

- evaluation_record: the annual evaluation during one of the auditor's external audits;
- eaqa_select: this year's EAQAs by rotation (at least 10 % of the approved roster);
  eaqa_complete (with its report) and eaqa_cancel (with the reason);
- declaration_record and cpd_record (with checked evidence);
- auditor_reinstate: back on the approved list after a suspension, with the reason
  (suspension itself is audits.services.roster.auditor_suspend);
- ethics_breach_record: an investigation's finding; an intentional breach removes the
  auditor from the program (audits.services.roster.auditor_remove).

Each records history on the auditor's roster entry (or the EAQA)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import ENGAGEMENT_ACCEPTED, AuditorStatus
from audits.models import ExternalAuditor, ExternalEngagement
from audits.services import roster
from certification.uploads import check_upload
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.workflow import Conflict

from ..auditor_quality import RotationCandidate, eaqa_required, eaqa_rotation, rating_problems
from ..enums import EaqaStatus, EvaluationRating, OversightAction
from ..models import AuditorCpd, AuditorDeclaration, AuditorEvaluation, Eaqa, EthicsBreach
from ..rules import require
from ..workflows import EAQA_FLOW

TEXT_MAX_LENGTH = 3500  # the removal reason quotes the finding (roster reasons: 4000)
STAFF_ONLY = gettext_lazy("Only certifying-body staff record auditor quality.")
ADMIN_ONLY = gettext_lazy("Only administrators reinstate or remove external auditors.")


def _text(value: str, *, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("Keep it to %(max)s characters (it has %(n)s).")
            % {"max": TEXT_MAX_LENGTH, "n": len(value)},
            field=field,
        )
    return value


def _not_future(day: date, *, field: str) -> date:
    if not isinstance(day, date):
        raise DomainError(_("Give a date (YYYY-MM-DD)."), field=field)
    if day > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    return day


@transaction.atomic
def evaluation_record(
    *,
    auditor: ExternalAuditor,
    engagement: ExternalEngagement,
    evaluated_on: date,
    findings: str,
    rating: str,
    by,
) -> AuditorEvaluation:
    """The annual evaluation, conducted during one of the auditor's own external audits."""
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    evaluated_on = _not_future(evaluated_on, field="evaluated_on")
    findings = (findings or "").strip()
    problems = rating_problems(rating, findings, EvaluationRating.values)
    if problems:
        raise DomainError(
            " ".join(problems),
            field="rating" if rating not in EvaluationRating.values else "findings",
        )
    if len(findings) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("Keep the findings to %(max)s characters.") % {"max": TEXT_MAX_LENGTH},
            field="findings",
        )
    if engagement.auditor_id != auditor.pk or engagement.status not in ENGAGEMENT_ACCEPTED:
        raise DomainError(
            _("The evaluation is conducted during one of this auditor's external audits."),
            field="engagement",
        )
    try:
        with transaction.atomic():
            evaluation = AuditorEvaluation.objects.create(
                auditor=auditor,
                engagement=engagement,
                year=evaluated_on.year,
                evaluated_on=evaluated_on,
                evaluator=by,
                findings=findings,
                rating=rating,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This auditor already has the %(year)s evaluation.") % {"year": evaluated_on.year},
            field="evaluated_on",
        ) from exc
    record(
        subject=auditor,
        actor=by,
        action=OversightAction.EVALUATION_RECORDED,
        changes={"rating": (None, rating), "year": (None, evaluated_on.year)},
    )
    return evaluation


def active_roster():
    return ExternalAuditor.objects.filter(status=AuditorStatus.APPROVED)


@transaction.atomic
def eaqa_select(*, year: int, by) -> list[Eaqa]:
    """Select this year's EAQAs by rotation, topping up to ceil(10 %) of the approved roster
    (the ones already selected or completed this year count). Returns the new selections."""
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    today = timezone.localdate()
    if year not in (today.year, today.year + 1):
        raise DomainError(
            _("Select EAQAs for this year or next (%(year)s or %(next)s).")
            % {"year": today.year, "next": today.year + 1},
            field="year",
        )
    # One selection at a time: lock the roster's rows.
    roster_ids = list(
        active_roster().select_for_update().order_by("pk").values_list("pk", flat=True)
    )
    already = set(
        Eaqa.objects.filter(year=year)
        .exclude(status=EaqaStatus.CANCELLED)
        .values_list("auditor_id", flat=True)
    )
    needed = eaqa_required(len(roster_ids)) - len(already & set(roster_ids))
    if needed <= 0:
        raise DomainError(
            _("This year's EAQAs are already selected (%(n)s of %(roster)s auditors).")
            % {"n": len(already), "roster": len(roster_ids)},
            field="year",
        )
    last = dict(
        Eaqa.objects.filter(status=EaqaStatus.COMPLETED, auditor_id__in=roster_ids)
        .values("auditor_id")
        .annotate(last=Max("completed_on"))
        .values_list("auditor_id", "last")
    )
    candidates = [
        RotationCandidate(auditor_id=pk, last_eaqa_on=last.get(pk))
        for pk in roster_ids
        if pk not in already
    ]
    chosen = eaqa_rotation(candidates, needed)
    created = Eaqa.objects.bulk_create(
        Eaqa(auditor_id=pk, year=year, selected_on=today, selected_by=by) for pk in chosen
    )
    for eaqa in created:
        record(
            subject=eaqa,
            actor=by,
            action=OversightAction.EAQA_SELECTED,
            to_state=EaqaStatus.SELECTED,
            changes={"year": (None, year)},
        )
    return created


@transaction.atomic
def eaqa_complete(*, eaqa: Eaqa, by, completed_on: date, report: str) -> Eaqa:
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    completed_on = _not_future(completed_on, field="completed_on")
    report = _text(report, field="report", missing=_("Attach the EAQA's report (its text)."))
    eaqa = Eaqa.objects.select_for_update().get(pk=eaqa.pk)
    if eaqa.status != EaqaStatus.SELECTED:
        raise Conflict(
            _("This EAQA is %(status)s.") % {"status": eaqa.get_status_display().lower()}
        )
    if completed_on < eaqa.selected_on:
        raise DomainError(_("An EAQA is completed after it was selected."), field="completed_on")
    return EAQA_FLOW.move(
        eaqa, OversightAction.EAQA_COMPLETED, by=by, completed_on=completed_on, report=report
    )


@transaction.atomic
def eaqa_cancel(*, eaqa: Eaqa, by, reason: str) -> Eaqa:
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    reason = _text(reason, field="reason", missing=_("Give the reason the EAQA is cancelled."))
    eaqa = Eaqa.objects.select_for_update().get(pk=eaqa.pk)
    if eaqa.status != EaqaStatus.SELECTED:
        raise Conflict(
            _("This EAQA is %(status)s.") % {"status": eaqa.get_status_display().lower()}
        )
    return EAQA_FLOW.move(
        eaqa, OversightAction.EAQA_CANCELLED, by=by, reason=reason, cancel_reason=reason
    )


@transaction.atomic
def declaration_record(
    *, auditor: ExternalAuditor, year: int, declared_on: date, statement: str, by
) -> AuditorDeclaration:
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    declared_on = _not_future(declared_on, field="declared_on")
    statement = _text(statement, field="statement", missing=_("Write the declaration."))
    if year not in (declared_on.year, declared_on.year + 1):
        raise DomainError(
            _("A declaration made on %(date)s is for %(year)s or the next year.")
            % {"date": declared_on.isoformat(), "year": declared_on.year},
            field="year",
        )
    try:
        with transaction.atomic():
            declaration = AuditorDeclaration.objects.create(
                auditor=auditor,
                year=year,
                declared_on=declared_on,
                statement=statement,
                recorded_by=by,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This auditor already declared for %(year)s.") % {"year": year}, field="year"
        ) from exc
    record(
        subject=auditor,
        actor=by,
        action=OversightAction.DECLARATION_RECORDED,
        changes={"year": (None, year)},
    )
    return declaration


@transaction.atomic
def cpd_record(
    *, auditor: ExternalAuditor, title: str, completed_on: date, hours, evidence, by
) -> AuditorCpd:
    require(by, "oversight.manage_auditor_quality", STAFF_ONLY)
    title = _text(title, field="title", missing=_("Name the activity."))[:200]
    completed_on = _not_future(completed_on, field="completed_on")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Give the hours as a number, e.g. 7.5."), field="hours") from exc
    if not (Decimal("0") < hours <= Decimal("1000")) or hours != hours.quantize(Decimal("0.1")):
        raise DomainError(_("Give the hours between 0.1 and 1000, to one decimal."), field="hours")
    if evidence is None:
        raise DomainError(_("Attach the evidence of the activity."), field="evidence")
    checked = check_upload(evidence, field="evidence")
    cpd = AuditorCpd.objects.create(
        auditor=auditor,
        title=title,
        completed_on=completed_on,
        hours=hours,
        evidence=evidence,
        evidence_name=checked.original_name,
        recorded_by=by,
    )
    record(
        subject=auditor,
        actor=by,
        action=OversightAction.CPD_RECORDED,
        changes={"activity": (None, title), "hours": (None, str(hours))},
    )
    return cpd


@transaction.atomic
def auditor_reinstate(*, auditor: ExternalAuditor, by, reason: str) -> ExternalAuditor:
    """Back on the approved list after a suspension, with the reason."""
    require(by, "oversight.remove_auditor", ADMIN_ONLY)
    reason = _text(reason, field="reason", missing=_("Give the reason for the reinstatement."))
    if auditor.status != AuditorStatus.SUSPENDED:
        raise DomainError(
            _("Only a suspended auditor is reinstated (this one is %(status)s).")
            % {"status": auditor.get_status_display().lower()},
            field="status",
        )
    return roster.auditor_approve(auditor=auditor, by=by, reason=reason)


@transaction.atomic
def ethics_breach_record(
    *, auditor: ExternalAuditor, investigated_on: date, finding: str, intentional: bool, by
) -> EthicsBreach:
    """Record the investigation's finding; an intentional breach removes the auditor from the
    program [001 §4.5]."""
    require(by, "oversight.remove_auditor", ADMIN_ONLY)
    investigated_on = _not_future(investigated_on, field="investigated_on")
    finding = _text(finding, field="finding", missing=_("Write what the investigation found."))
    if intentional and auditor.status == AuditorStatus.REMOVED:
        raise DomainError(_("This auditor was already removed from the list."), field="status")
    breach = EthicsBreach.objects.create(
        auditor=auditor,
        investigated_on=investigated_on,
        finding=finding,
        intentional=bool(intentional),
        recorded_by=by,
    )
    record(
        subject=auditor,
        actor=by,
        action=OversightAction.ETHICS_BREACH_RECORDED,
        changes={"intentional": (None, bool(intentional))},
        reason=finding,
    )
    if intentional:
        roster.auditor_remove(
            auditor=auditor,
            by=by,
            reason=_("Intentional breach of the COR Program Code of Ethics: %(finding)s")
            % {"finding": finding},
        )
    return breach
