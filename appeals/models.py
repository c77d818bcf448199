"""Appeals [001 §7; SPEC §7]: one Appeal per appealed decision, one AppealStage per level it
reached, the original evidence it points at, and the signatures of a level-2 agreement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import AppealLevel, AppealStatus, DecisionKind, SignerRole, Verdict

User = settings.AUTH_USER_MODEL


class Appeal(models.Model):
    """An appeal of one decision (an external audit report, or a later internal audit
    review). Which decision: exactly one of `engagement` / `internal_review`, matching `kind`;
    each decision is appealed at most once (unique)."""

    kind = models.CharField(_("decision appealed"), max_length=32, choices=DecisionKind.choices)
    engagement = models.OneToOneField(
        "audits.ExternalEngagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
    )
    internal_review = models.OneToOneField(
        "audits.InternalReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
    )
    wsib_account = models.ForeignKey(
        "certification.WsibAccount", on_delete=models.PROTECT, related_name="appeals"
    )
    # Who made the decision appealed: the level-1 decider (the COR auditor).
    decision_maker = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="appeals_to_decide"
    )
    decision_summary = models.CharField(_("decision"), max_length=300)
    report_received_on = models.DateField(_("report received on"))
    level = models.PositiveSmallIntegerField(
        _("level"), choices=AppealLevel.choices, default=AppealLevel.LEVEL_1
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    # The level the stage that is open now must be decided by: its due date, for the board.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="appeal_kind"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="appeal_level"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=DecisionKind.EXTERNAL_REPORT,
                        engagement__isnull=False,
                        internal_review__isnull=True,
                    )
                    | Q(
                        kind=DecisionKind.INTERNAL_REVIEW,
                        engagement__isnull=True,
                        internal_review__isnull=False,
                    )
                ),
                name="appeal_one_decision",
            ),
            # Level 3 is final: it is never "denied, may go further".
            models.CheckConstraint(
                condition=~Q(level=3, status=AppealStatus.DENIED), name="appeal_level3_final"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="appeal_board")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"APL-{self.pk:05d}" if self.pk else "APL-?"

    @property
    def decision(self):
        return (
            self.engagement if self.kind == DecisionKind.EXTERNAL_REPORT else self.internal_review
        )


class AppealStage(models.Model):
    """One level of an appeal: filed, acknowledged, decided (D14, D15; D17 at level 3)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="stages")
    level = models.PositiveSmallIntegerField(_("level"), choices=AppealLevel.choices)
    grounds = models.TextField(_("grounds"))
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"))
    acknowledge_due_on = models.DateField(_("acknowledgement due on"))
    decide_due_on = models.DateField(_("decision due on"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices, blank=True)
    decision_text = models.TextField(_("reasons for the decision"), blank=True)
    # Level 2: a mutually satisfactory agreement, which both parties sign [001 §7].
    agreement = models.TextField(_("agreement reached"), blank=True)
    # D16: the next level must be filed by this day (after a denial at level 1 or 2).
    escalate_due_on = models.DateField(_("next level filed by"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal level")
        verbose_name_plural = _("appeal levels")
        ordering = ["appeal_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "level"], name="appealstage_one_per_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="appealstage_lvl"),
            models.CheckConstraint(
                condition=Q(verdict="", decided_on__isnull=True)
                | (Q(verdict__in=Verdict.values) & Q(decided_on__isnull=False)),
                name="appealstage_decided_with_verdict",
            ),
            models.CheckConstraint(
                condition=Q(agreement="") | Q(level=2), name="appealstage_agreement_level2"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal} L{self.level}"


class AppealAttachment(models.Model):
    """Evidence the appeal points at: only evidence already in the appealed audit."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    evidence = models.ForeignKey("audits.Evidence", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appeal", "evidence"], name="appealattachment_once")
        ]


class AppealSignature(models.Model):
    """A party's signature of a level-2 agreement."""

    stage = models.ForeignKey(AppealStage, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(_("signed as"), max_length=32, choices=SignerRole.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    typed_name = models.CharField(_("typed name"), max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "role"], name="appealsignature_once")
        ]
