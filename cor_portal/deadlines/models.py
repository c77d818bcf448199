"""One Deadline table for every rule D1…D19 [SPEC §5, ARCHITECTURE "Deadlines"].

The subject is generic (content type + object id as text) and the organization / WSIB
account are plain ids, so the platform never imports the domain apps.

The due date is the LAST day on which meeting the obligation counts: a deadline due on
Nov 20 is met by anything done on Nov 20, and the sweep for Nov 21 claims it as missed.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .registry import Binds
from .titles import render_title


class Deadline(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    # Scoping ids, not foreign keys: the platform does not import the domain apps.
    organization_id = models.PositiveBigIntegerField(null=True, blank=True)
    wsib_account_id = models.PositiveBigIntegerField(null=True, blank=True)
    binds = models.CharField(_("binds"), max_length=32, choices=Binds.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The one person who must act, when there is one."),
    )
    # The title in English (the API, the admin's search, sorting); pages, messages and the
    # calendar feed show `display_title`, rendered from the msgid and its parameters in the
    # reader's language (cor_portal/deadlines/titles.py). No msgid: `title` as it is.
    title = models.CharField(_("title"), max_length=250)
    # Database defaults too: bulk loads (seed_scale's COPY) and raw inserts name only the
    # columns they fill, and an untranslated title is a plain one.
    title_msgid = models.TextField(blank=True, default="", db_default="")
    title_params = models.JSONField(
        default=dict, blank=True, db_default=models.Value({}, output_field=models.JSONField())
    )
    url = models.CharField(max_length=300, blank=True)
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the sweep that claimed it ran (wall clock) …
    missed_at = models.DateTimeField(null=True, blank=True)
    # … and the day it was missed: the first day after the due date, whatever day the sweep
    # ran (a catch-up sweep or `sweep_deadlines --as-of` in the past or future).
    missed_on = models.DateField(_("missed on"), null=True, blank=True)
    # The smallest "days before" reminder already sent (30, 14, 3 …); None: none yet. A
    # reminder for offset k is claimed by lowering it to k, so each is sent exactly once.
    # Neither reminder column is indexed, and the table keeps free room on each page
    # (fillfactor, migration 0004): the sweep's reminder stamps are HOT updates that leave the
    # indexes alone. When the sweep that sent the latest reminder ran (wall clock): how the
    # sweep finds the reminders it just claimed without carrying them in Python.
    reminded_days_before = models.PositiveSmallIntegerField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The dashboard's counts (index-only) and its lists — missed, latest first; open
            # and due this week, by (due_on, id) keyset — are range scans of one state.
            models.Index(fields=["state", "due_on", "id"], name="deadline_state_due"),
            models.Index(fields=["organization_id", "state", "due_on"], name="deadline_org_state"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
            models.Index(fields=["kind", "state"], name="deadline_kind_state"),
            # /api/v1/deadlines/ and the staff lists page through all deadlines by due date.
            models.Index(fields=["due_on", "id"], name="deadline_due_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["open", "met", "missed", "cancelled"]),
                name="deadline_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(binds__in=Binds.values), name="deadline_binds_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opened_on")), name="deadline_due_not_before_opened"
            ),
            # open: not closed; met/cancelled: closed; missed: has the time it was claimed.
            models.CheckConstraint(
                condition=(
                    Q(state="open", closed_at__isnull=True, missed_at__isnull=True)
                    | Q(state__in=["met", "cancelled"], closed_at__isnull=False)
                    | Q(state="missed", missed_at__isnull=False, missed_on__isnull=False)
                ),
                name="deadline_state_times",
            ),
            models.CheckConstraint(
                condition=Q(missed_on__isnull=True) | Q(missed_on__gt=F("due_on")),
                name="deadline_missed_after_due",
            ),
            # One open deadline per rule and subject.
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=Q(state="open"),
                name="deadline_one_open_per_kind_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title} ({self.due_on:%Y-%m-%d})"

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        return render_title(self.title, self.title_msgid, self.title_params)


class SweepRun(models.Model):
    """One completed sweep. The latest tells a re-run for the same date that nothing is left
    to do: no open deadline is past due (an index check) and no deadline was added since
    (`max_deadline_id`, the highest id the sweep could see), so it returns at once."""

    as_of = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    max_deadline_id = models.BigIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    reminded = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Sweep {self.as_of:%Y-%m-%d}: {self.missed} missed, {self.reminded} reminders"


class ClosureDate(models.Model):
    """A day the certifying body is closed besides weekends and Ontario public holidays;
    business-day deadlines skip it. Edited by an administrator."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure date")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's iCalendar feed URL. Regenerating replaces it; revoking deletes
    it, and the old URL answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
