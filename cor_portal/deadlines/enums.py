from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineAction(models.TextChoices):
    """What the history of a deadline (and of a closure date) records."""

    OPENED = "opened", _("Deadline opened")
    MET = "met", _("Deadline met")
    MISSED = "missed", _("Deadline missed")
    CANCELLED = "cancelled", _("Deadline cancelled")
    REASSIGNED = "reassigned", _("Deadline reassigned")
    CLOSURE_ADDED = "closure_added", _("Closure day added")
    CLOSURE_REMOVED = "closure_removed", _("Closure day removed")
