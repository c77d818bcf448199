"""OHS performance of a WSIB account for one calendar year [003]: hours worked and claims,
entered by staff or imported from CSV. The rates are computed by oversight/figures.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1990
LAST_YEAR = 2100


class PerformanceSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported from CSV")


class OhsPerformance(models.Model):
    wsib_account = models.ForeignKey(
        "certification.WsibAccount",
        on_delete=models.PROTECT,
        related_name="ohs_performance",
        verbose_name=_("WSIB account"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hours_worked = models.DecimalField(_("hours worked"), max_digits=14, decimal_places=2)
    lost_time_claims = models.PositiveIntegerField(_("lost-time claims"))
    modified_work_claims = models.PositiveIntegerField(_("modified-work claims"))
    source = models.CharField(
        _("source"), max_length=16, choices=PerformanceSource.choices, default="entered"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["-year", "wsib_account_id"]
        verbose_name = _("OHS performance")
        constraints = [
            models.UniqueConstraint(
                fields=["wsib_account", "year"], name="ohs_performance_one_per_account_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="ohs_performance_year_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__gte=0), name="ohs_performance_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(source__in=PerformanceSource.values),
                name="ohs_performance_source_valid",
            ),
        ]
        indexes = [models.Index(fields=["year"], name="ohs_performance_year")]

    def __str__(self) -> str:
        return f"{self.wsib_account_id} {self.year}"
