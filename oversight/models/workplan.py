"""The certifying partner's annual workplan [seed 004]: per program year, its mandates, each
mandate's objective and action plan, the activities (inputs, budget, time frame, responsible
party, anticipated outputs) and their KPIs with targets; the quarterly results of entered KPIs
with their evidence, the quarterly progress report of each activity, and the board chair's
approval (name, signature, date)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cor_portal.accounts.models import User

from ..enums import KpiMeasure, WorkplanStatus

QUARTER_CHOICES = [(q, f"Q{q}") for q in (1, 2, 3, 4)]


class Workplan(models.Model):
    year = models.PositiveSmallIntegerField(
        _("program year"), unique=True, help_text=_("The year the program year starts (April).")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkplanStatus.choices, default=WorkplanStatus.DRAFT
    )
    chair_name = models.CharField(_("board chair (print name)"), max_length=200, blank=True)
    chair_signature = models.CharField(_("signature"), max_length=200, blank=True)
    approved_on = models.DateField(_("date approved"), null=True, blank=True)
    approval_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("workplan")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkplanStatus.values), name="workplan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=WorkplanStatus.DRAFT)
                | (~Q(chair_name="") & ~Q(chair_signature="") & Q(approved_on__isnull=False)),
                name="workplan_approved_is_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == WorkplanStatus.APPROVED


class WorkplanMandate(models.Model):
    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="mandates")
    number = models.PositiveSmallIntegerField(_("mandate"))
    title = models.CharField(_("mandate"), max_length=300)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    action_plan = models.TextField(_("action plan"), blank=True)

    class Meta:
        ordering = ["workplan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workplan", "number"], name="mandate_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class WorkplanActivity(models.Model):
    mandate = models.ForeignKey(
        WorkplanMandate, on_delete=models.CASCADE, related_name="activities"
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("activity"), max_length=300)
    inputs = models.TextField(_("inputs"), blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    time_frame = models.CharField(_("time frame"), max_length=120, blank=True)
    responsible = models.CharField(_("responsible"), max_length=120, blank=True)
    anticipated_outputs = models.TextField(_("anticipated outputs"), blank=True)

    class Meta:
        ordering = ["mandate", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="activity_budget_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class WorkplanKpi(models.Model):
    activity = models.ForeignKey(WorkplanActivity, on_delete=models.CASCADE, related_name="kpis")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("KPI"), max_length=300)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    measure = models.CharField(
        _("measured by"), max_length=30, choices=KpiMeasure.choices, default=KpiMeasure.ENTERED
    )

    class Meta:
        ordering = ["activity", "order", "id"]
        verbose_name = _("KPI")
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="kpi_target_positive"),
            models.CheckConstraint(
                condition=Q(measure__in=KpiMeasure.values), name="kpi_measure_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_measured(self) -> bool:
        return self.measure != KpiMeasure.ENTERED


class KpiResult(models.Model):
    """An entered KPI's result at the end of a quarter, with its evidence."""

    kpi = models.ForeignKey(WorkplanKpi, on_delete=models.CASCADE, related_name="results")
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    value = models.DecimalField(_("result"), max_digits=12, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "quarter"], name="kpi_result_one_per_quarter"),
            models.CheckConstraint(condition=Q(value__gte=0), name="kpi_result_positive"),
            models.CheckConstraint(condition=~Q(evidence=""), name="kpi_result_has_evidence"),
        ]


class ActivityProgress(models.Model):
    """An activity's progress report for a quarter (the template's "Progress Reporting")."""

    activity = models.ForeignKey(
        WorkplanActivity, on_delete=models.CASCADE, related_name="progress_reports"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTER_CHOICES)
    report = models.TextField(_("progress"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "quarter"], name="activity_progress_one_per_quarter"
            ),
            models.CheckConstraint(condition=~Q(report=""), name="activity_progress_has_text"),
        ]
