from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certification.enums import REGISTRATION_IN_FLIGHT, RegistrationStatus

from .organization import WsibAccount


class Registration(models.Model):
    """A COR application for one WSIB account [001 §2.1]. Verified by an administrator
    (account and firm numbers) → confirmed, or sent back to re-register with a reason.
    The status moves only through certification.services.registration."""

    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )
    # The application form's facts.
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_title = models.CharField(_("applicant title"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("applicant e-mail"))
    applicant_phone = models.CharField(_("applicant phone"), max_length=32, blank=True)
    workers = models.PositiveIntegerField(_("number of workers under this account"), default=1)
    declaration_accepted = models.BooleanField(
        _("I confirm the application is complete and accurate"), default=False
    )
    # Workflow facts.
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    reregistration_reason = models.TextField(_("reason for re-registration"), blank=True)
    # Recertification [001 §2.5]: the application that continues the cycle of this
    # certificate (None: the account's first application). One per certificate.
    recertification_of = models.ForeignKey(
        "certification.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recertification_registrations",
        verbose_name=_("recertification of"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.UniqueConstraint(
                fields=["wsib_account"],
                condition=models.Q(status__in=REGISTRATION_IN_FLIGHT),
                name="registration_one_in_flight_per_account",
                violation_error_message=_(
                    "This WSIB account already has a registration in progress."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | models.Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="registration_confirmed_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reregistration_requested")
                | ~models.Q(reregistration_reason=""),
                name="registration_reregistration_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="registration_submitted_has_time",
            ),
            models.UniqueConstraint(
                fields=["recertification_of"],
                name="registration_one_per_recertification",
                violation_error_message=_(
                    "This certificate's recertification already has its registration."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Registration of {self.wsib_account} ({self.get_status_display()})"
