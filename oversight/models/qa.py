"""Desktop QA of every audit before its result is released [004 mandate 5]."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from audits.models import ExternalEngagement, Review
from certification.models import WsibAccount
from cor_portal.accounts.models import User

from ..enums import QaCheckAnswer, QaStatus, QaSubjectKind


class QaChecklistItem(models.Model):
    """One line of the configurable QA checklist (seeded with the six of 004 mandate 5);
    a new QA review copies the active lines, so retiring one never changes a past review."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("QA checklist line")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_fr if (get_language() or "").startswith("fr") else self.label_en


class QaReview(models.Model):
    """One desktop QA review of one result before its release: a desk-review round of an
    internal audit, or one submission of an external audit report."""

    kind = models.CharField(_("kind"), max_length=20, choices=QaSubjectKind.choices)
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="qa_reviews"
    )
    engagement = models.ForeignKey(
        ExternalEngagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qa_reviews",
    )
    # Which submission of the external report (a re-submission is QA'd again).
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    wsib_account = models.ForeignKey(WsibAccount, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=QaStatus.choices, default=QaStatus.OPEN
    )
    qa_reviewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("QA reviewer")
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("QA review")
        indexes = [
            models.Index(fields=["status", "opened_at"], name="qareview_status_opened"),
            models.Index(fields=["decided_at"], name="qareview_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QaStatus.values), name="qareview_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=QaSubjectKind.DESK_REVIEW,
                    review__isnull=False,
                    engagement__isnull=True,
                    report_submitted_at__isnull=True,
                )
                | Q(
                    kind=QaSubjectKind.EXTERNAL_REPORT,
                    review__isnull=True,
                    engagement__isnull=False,
                    report_submitted_at__isnull=False,
                ),
                name="qareview_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status=QaStatus.OPEN, decided_at__isnull=True)
                | (~Q(status=QaStatus.OPEN) & Q(decided_at__isnull=False)),
                name="qareview_decided_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[QaStatus.RETURNED, QaStatus.VERIFICATION_AUDIT])
                | ~Q(comments=""),
                name="qareview_return_has_comments",
            ),
            # One QA review of a result at a time (a returned one is done: the corrected
            # round is QA'd again).
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(review__isnull=False) & ~Q(status=QaStatus.RETURNED),
                name="qareview_one_per_round",
                violation_error_message=_("This desk review already has a QA review."),
            ),
            models.UniqueConstraint(
                fields=["engagement", "report_submitted_at"],
                condition=Q(engagement__isnull=False) & ~Q(status=QaStatus.RETURNED),
                name="qareview_one_per_submission",
                violation_error_message=_("This report submission already has a QA review."),
            ),
        ]

    def __str__(self) -> str:
        return f"QA #{self.pk} ({self.get_kind_display()})"


class QaCheck(models.Model):
    """One checklist line of one QA review, with its answer."""

    qa_review = models.ForeignKey(QaReview, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(QaChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("answer"), max_length=12, choices=QaCheckAnswer.choices, default=QaCheckAnswer.UNCHECKED
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["qa_review", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["qa_review", "item"], name="qacheck_unique"),
            models.CheckConstraint(
                condition=Q(answer__in=QaCheckAnswer.values), name="qacheck_answer_valid"
            ),
            models.CheckConstraint(
                condition=~Q(answer=QaCheckAnswer.CONCERN) | ~Q(comment=""),
                name="qacheck_concern_explained",
            ),
        ]
