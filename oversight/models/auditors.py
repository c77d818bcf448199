"""External-auditor quality [001 §4.3, §4.5; 004 mandates 4-5]: the annual evaluation during
an external audit, EAQAs chosen by rotation, annual declarations, continuing professional
development with evidence, and Code of Ethics breaches found by investigation."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audits.models import ExternalAuditor, ExternalEngagement
from cor_portal.accounts.models import User

from ..enums import EaqaStatus, EvaluationRating


class AuditorEvaluation(models.Model):
    """The certifying body's annual evaluation of an external auditor, conducted during one
    of their external audits [001 §4.3]: who, when, findings, rating."""

    auditor = models.ForeignKey(
        ExternalAuditor, on_delete=models.PROTECT, related_name="evaluations"
    )
    engagement = models.ForeignKey(
        ExternalEngagement, on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluator")
    )
    findings = models.TextField(_("findings"))
    rating = models.CharField(_("rating"), max_length=20, choices=EvaluationRating.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = _("annual evaluation")
        constraints = [
            models.UniqueConstraint(
                fields=["auditor", "year"],
                name="evaluation_one_per_year",
                violation_error_message=_("This auditor already has this year's evaluation."),
            ),
            models.CheckConstraint(
                condition=Q(rating__in=EvaluationRating.values), name="evaluation_rating_valid"
            ),
            models.CheckConstraint(condition=~Q(findings=""), name="evaluation_has_findings"),
        ]


class Eaqa(models.Model):
    """An external-auditor quality-assurance audit [004 mandate 5]: selected by rotation for
    a year, tracked to completion with its report."""

    auditor = models.ForeignKey(ExternalAuditor, on_delete=models.PROTECT, related_name="eaqas")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=EaqaStatus.choices, default=EaqaStatus.SELECTED
    )
    selected_on = models.DateField(_("selected on"))
    selected_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    cancel_reason = models.TextField(_("reason cancelled"), blank=True)

    class Meta:
        ordering = ["-year", "status", "id"]
        verbose_name = _("EAQA")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EaqaStatus.values), name="eaqa_status_valid"
            ),
            models.UniqueConstraint(
                fields=["auditor", "year"],
                condition=~Q(status=EaqaStatus.CANCELLED),
                name="eaqa_one_per_auditor_year",
            ),
            models.CheckConstraint(
                condition=~Q(status=EaqaStatus.COMPLETED)
                | (Q(completed_on__isnull=False) & ~Q(report="")),
                name="eaqa_completed_has_report",
            ),
            models.CheckConstraint(
                condition=~Q(status=EaqaStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="eaqa_cancelled_has_reason",
            ),
        ]


class AuditorDeclaration(models.Model):
    """An external auditor's annual declaration [004 mandate 4], reported before they audit
    that year, with the professional development it reports (AuditorCpd)."""

    auditor = models.ForeignKey(
        ExternalAuditor, on_delete=models.PROTECT, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    declared_on = models.DateField(_("declared on"))
    statement = models.TextField(_("statement"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("annual declaration")
        constraints = [
            models.UniqueConstraint(
                fields=["auditor", "year"],
                name="declaration_one_per_year",
                violation_error_message=_("This auditor already declared for this year."),
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="declaration_has_statement"),
        ]


class AuditorCpd(models.Model):
    """One continuing-professional-development activity of an external auditor, with its
    evidence (a checked upload)."""

    auditor = models.ForeignKey(ExternalAuditor, on_delete=models.PROTECT, related_name="cpd")
    title = models.CharField(_("activity"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    evidence = models.FileField(_("evidence"), upload_to="oversight/cpd/%Y/")
    evidence_name = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("professional development")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=1000), name="cpd_hours_positive"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="cpd_has_title"),
        ]


class EthicsBreach(models.Model):
    """The outcome of an investigation into an auditor's conduct under the COR Program Code of
    Ethics [001 §4.5]; an intentional breach removes the auditor from the program."""

    auditor = models.ForeignKey(
        ExternalAuditor, on_delete=models.PROTECT, related_name="ethics_breaches"
    )
    investigated_on = models.DateField(_("investigated on"))
    finding = models.TextField(_("finding"))
    intentional = models.BooleanField(_("intentional"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-investigated_on", "-id"]
        verbose_name = _("Code of Ethics breach")
        constraints = [
            models.CheckConstraint(condition=~Q(finding=""), name="ethicsbreach_has_finding"),
        ]
