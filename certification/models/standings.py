from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.enums import Standing


class StandingSnapshot(models.Model):
    """How many WSIB accounts held each COR standing on one day: one row per (day, standing),
    written by `record_standings` (daily, Celery beat) and read by the staff standings chart.
    Recording a day again replaces its counts (the same day's figures, recomputed)."""

    taken_on = models.DateField(_("day"))
    standing = models.CharField(_("standing"), max_length=32, choices=Standing.choices)
    accounts = models.PositiveIntegerField(_("accounts"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["taken_on", "standing"]
        verbose_name = _("standing snapshot")
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "standing"], name="standingsnapshot_day"),
            models.CheckConstraint(
                condition=Q(standing__in=Standing.values), name="standingsnapshot_standing_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.taken_on:%Y-%m-%d} {self.standing}: {self.accounts}"
