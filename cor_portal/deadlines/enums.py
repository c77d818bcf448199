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


class DeadlineNotice(models.TextChoices):
    """The kinds of inbox message the sweep sends."""

    MISSED = "deadline_missed", _("Deadline missed")
    REMINDER = "deadline_reminder", _("Deadline reminder")
    DIGEST = "deadline_digest", _("Deadlines digest")


class CalendarFeedAction(models.TextChoices):
    """Recorded on the user whose calendar link changed (any subject: platform-wide labels)."""

    LINK_RENEWED = "calendar_link_renewed", _("Calendar link renewed")
    LINK_REVOKED = "calendar_link_revoked", _("Calendar link turned off")
