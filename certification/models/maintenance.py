"""The maintenance plan of a certificate and its Letters of Good Standing [SPEC §4.2, §4.3].

The *stored standing* other apps read is WsibAccount.cor_hold (see its comment): the deadline
sweep writes it (D6 → pending, D7/D8 → lapsed) and the services clear it (an LGS or a new
certificate in time). The rows here say why: which year of which certificate is pending,
lapsed, late or has open deficiencies. Dates: certification/maintenance.py."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .certificates import Certificate
from .organization import WsibAccount

# LGS-<issue year>-<6 digits>, from a per-year counter under a row lock (like certificates).
LGS_NUMBER_PATTERN = r"LGS-[0-9]{4}-[0-9]{6}"
LGS_NUMBER_REGEX = re.compile(rf"^{LGS_NUMBER_PATTERN}$")


class MaintenanceYearState(models.TextChoices):
    """planned ──lgs_issued / recertified──▶ met;  planned ──(D6)──▶ pending ──▶ met | lapsed;
    planned/pending ──(D7, D8)──▶ lapsed;  planned/pending ──(an earlier year lapsed, the
    certificate revoked)──▶ cancelled.  certification/workflows.py MAINTENANCE_FLOW."""

    PLANNED = "planned", _("Planned")
    PENDING = "pending", _("Pending")
    MET = "met", _("Met")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")


class MaintenanceYear(models.Model):
    """One year of a certificate's plan: 2 and 3 need a Letter of Good Standing, 4 is
    recertification (the next certificate). Subject of its D5–D8 deadlines."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="maintenance_years"
    )
    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="maintenance_years"
    )
    year = models.PositiveSmallIntegerField(_("certificate year"))
    anniversary_date = models.DateField(_("anniversary date"))
    audit_due_on = models.DateField(_("maintenance audit due on"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MaintenanceYearState.choices,
        default=MaintenanceYearState.PLANNED,
    )
    # D5 missed: the maintenance audit (year 4: the external audit) was not in 60 days ahead.
    late = models.BooleanField(_("late"), default=False)
    # A failed maintenance review: its deficiencies are open until corrected (D8); no LGS
    # is issued meanwhile [001 §2.4 "Pending"].
    deficiencies_open = models.BooleanField(_("deficiencies open"), default=False)
    # The day D6 made it pending / D7 or D8 made it lapsed (day after the due date).
    pending_since = models.DateField(_("pending since"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    # The maintenance audit submitted for it (audits' id; certification never imports audits).
    audit_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["anniversary_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "year"], name="maintenanceyear_one_per_certificate_year"
            ),
            models.CheckConstraint(
                condition=Q(year__in=[2, 3, 4]), name="maintenanceyear_year_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MaintenanceYearState.values),
                name="maintenanceyear_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="lapsed") | Q(lapsed_on__isnull=False),
                name="maintenanceyear_lapsed_has_day",
            ),
        ]
        indexes = [models.Index(fields=["wsib_account", "state"], name="maintyear_account_state")]

    def __str__(self) -> str:
        return f"{self.certificate_id} year {self.year}"

    @property
    def is_recertification(self) -> bool:
        return self.year == 4


class LetterOfGoodStanding(models.Model):
    """A Letter of Good Standing [001 §2.0, §2.4]: the maintenance review of year 2 or 3
    passed. Numbered, stored as a PDF with a QR code to /verify/<number>/, one per year."""

    number = models.CharField(_("letter number"), max_length=32, unique=True)
    maintenance_year = models.OneToOneField(
        MaintenanceYear, on_delete=models.PROTECT, related_name="letter"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="letters_of_good_standing"
    )
    wsib_account = models.ForeignKey(
        WsibAccount, on_delete=models.PROTECT, related_name="letters_of_good_standing"
    )
    year = models.PositiveSmallIntegerField(_("certificate year"))
    issued_on = models.DateField(_("issued on"))
    # Valid until the next anniversary (the next year's letter or certificate takes over).
    valid_until = models.DateField(_("valid until"))
    source_audit_id = models.PositiveBigIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=rf"^{LGS_NUMBER_PATTERN}$"), name="lgs_number_format"
            ),
            models.CheckConstraint(condition=Q(year__in=[2, 3]), name="lgs_year_valid"),
        ]

    def __str__(self) -> str:
        return self.number


class LgsCounter(models.Model):
    """The last LGS number handed out per issue year (row-locked)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
