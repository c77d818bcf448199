"""Action plans [SPEC §6]: plan → objectives → milestones → deliverables (evidence), one
engine for the SOSE Action Plan and the ACSA maintenance action plan. Each kind's rules are
in sose.kinds; the database keeps the invariants it can express (one open plan per account
and kind, dates in order, weights positive, scores from 0 to the milestone's weight, a
decided plan carries its decider, a scored plan its score)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .enums import PLAN_OPEN, PLAN_SCORED, PlanKind, PlanStatus

User = settings.AUTH_USER_MODEL


class ActionPlan(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=PlanKind.choices)
    status = models.CharField(
        _("status"), max_length=32, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    wsib_account = models.ForeignKey(
        "certification.WsibAccount",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("account"),
    )
    # The program year of a maintenance plan (D18's dates are that year's).
    program_year = models.PositiveSmallIntegerField(_("program year"), null=True, blank=True)
    # SOSE: the most recent successful external audit the plan addresses; its auditor is the
    # associate auditor who plans and performs the verification audit.
    source_engagement = models.ForeignKey(
        "audits.ExternalEngagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("external audit"),
    )
    associate_auditor = models.ForeignKey(
        "audits.ExternalAuditor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("associate auditor"),
    )
    # The proposal (ACSA): participants with their training, and the organization chart.
    participants = models.TextField(_("participants and their training"), blank=True)
    organization_chart = models.TextField(_("organization chart"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    # SOSE: the associate auditor's verification audit plan and cost estimate.
    verification_scope = models.TextField(_("verification audit scope"), blank=True)
    verification_cost = models.DecimalField(
        _("cost estimate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    verification_planned_on = models.DateField(_("verification planned on"), null=True, blank=True)
    # The final submission / verification audit.
    summary_results = models.TextField(_("results"), blank=True)
    summary_strengths = models.TextField(_("strengths"), blank=True)
    summary_recommendations = models.TextField(_("recommendations"), blank=True)
    signed_off_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_off_on = models.DateField(_("signed on"), null=True, blank=True)
    final_submitted_at = models.DateTimeField(_("final submission at"), null=True, blank=True)
    self_score_pct = models.DecimalField(
        _("self-score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score_pct = models.DecimalField(
        _("score of record (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    scored_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scored_on = models.DateField(_("scored on"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.UniqueConstraint(
                fields=["wsib_account", "kind"],
                condition=Q(status__in=PLAN_OPEN),
                name="plan_one_open_per_account_and_kind",
                violation_error_message=_("This account already has a plan of this kind open."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=PlanKind.SOSE_SAP) | Q(source_engagement__isnull=False),
                name="plan_sose_has_external_audit",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PlanKind.ACSA_MAINTENANCE) | Q(program_year__isnull=False),
                name="plan_maintenance_has_year",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.RETURNED, PlanStatus.FINAL_RETURNED])
                | ~Q(return_reason=""),
                name="plan_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.LAPSED])
                | Q(status=PlanStatus.RETURNED)
                | Q(approved_on__isnull=False, decided_by__isnull=False),
                name="plan_approved_has_decider",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PLAN_SCORED)
                | Q(score_pct__isnull=False, scored_by__isnull=False, scored_on__isnull=False),
                name="plan_scored_has_score",
            ),
            models.CheckConstraint(
                condition=Q(score_pct__isnull=True) | Q(score_pct__gte=0, score_pct__lte=100),
                name="plan_score_pct_range",
            ),
            models.CheckConstraint(
                condition=Q(self_score_pct__isnull=True)
                | Q(self_score_pct__gte=0, self_score_pct__lte=100),
                name="plan_self_score_pct_range",
            ),
            models.CheckConstraint(
                condition=Q(verification_cost__isnull=True) | Q(verification_cost__gte=0),
                name="plan_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.VERIFICATION_PLANNED)
                | (Q(verification_cost__isnull=False) & ~Q(verification_scope="")),
                name="plan_verification_planned_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.wsib_account}"

    @property
    def config(self):
        from .kinds import config_of

        return config_of(self.kind)


class Objective(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_("number"))
    statement = models.TextField(_("specific statement"), blank=True)
    measure = models.TextField(_("measure"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # SOSE: the corrective-action item of the external audit this objective addresses.
    cap_item = models.ForeignKey(
        "audits.CapItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrective action item"),
    )
    from_recommendation = models.BooleanField(
        _("based on the last certification audit's recommendations"), default=False
    )
    self_score_notes = models.TextField(_("self-scoring notes"), blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("objective")
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="objective_order_unique"),
            models.UniqueConstraint(
                fields=["plan", "cap_item"],
                condition=Q(cap_item__isnull=False),
                name="objective_cap_item_once",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="objective_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="objective_order_positive"),
        ]

    def __str__(self) -> str:
        return f"{_('Objective')} {self.order}"


class Milestone(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("step"), blank=True)
    assignee = models.CharField(_("assigned to (person or group)"), max_length=200, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    deliverable = models.TextField(_("deliverable"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    self_score = models.DecimalField(
        _("self-score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(
        _("score of record"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    verification_note = models.TextField(_("verification note"), blank=True)

    class Meta:
        ordering = ["objective__order", "order", "id"]
        verbose_name = _("milestone")
        constraints = [
            models.UniqueConstraint(fields=["objective", "order"], name="milestone_order_unique"),
            models.CheckConstraint(condition=Q(order__gte=1), name="milestone_order_positive"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0, weight__lte=100),
                name="milestone_weight_range",
            ),
            # A score is points from 0 to the milestone's weight (1 when unweighted).
            models.CheckConstraint(
                condition=Q(self_score__isnull=True)
                | Q(self_score__gte=0, weight__isnull=False, self_score__lte=F("weight"))
                | Q(self_score__gte=0, weight__isnull=True, self_score__lte=1),
                name="milestone_self_score_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(score__gte=0, weight__isnull=False, score__lte=F("weight"))
                | Q(score__gte=0, weight__isnull=True, score__lte=1),
                name="milestone_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Milestone')} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.objective.order}.{self.order}"


class Deliverable(models.Model):
    """Evidence that a milestone was achieved: dated and labelled with its milestone."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type (by content)"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    document_date = models.DateField(_("document date"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "uploaded_at", "id"]
        verbose_name = _("deliverable")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="deliverable_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="deliverable_titled"),
            models.CheckConstraint(condition=~Q(original_name=""), name="deliverable_name_present"),
            models.UniqueConstraint(fields=["file"], name="deliverable_file_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class AuditorParticipation(models.Model):
    """ACSA: an auditor who took part in the plan, their responsibilities and signature
    (participating auditors keep their auditor status for the year)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="participations")
    auditor_name = models.CharField(_("auditor"), max_length=200)
    description = models.TextField(_("responsibilities and participation"))
    signature = models.CharField(_("signature (typed name)"), max_length=200)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("auditor participation")
        constraints = [
            models.CheckConstraint(
                condition=~Q(auditor_name="") & ~Q(description="") & ~Q(signature=""),
                name="participation_complete",
            ),
        ]
