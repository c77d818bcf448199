"""History actions of the figures area (OHS performance records)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresAction(models.TextChoices):
    PERFORMANCE_RECORDED = "performance_recorded", _("OHS performance recorded")
    PERFORMANCE_IMPORTED = "performance_imported", _("OHS performance imported")
