"""Kinds used by the audit tool. No imports of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TechniqueKind(models.TextChoices):
    """How an auditor verifies an item [DOMAIN-NOTES: IHSA COR 2020 audit tool]."""

    DOCUMENTATION = "documentation", _("Documentation")
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")


class InterviewGroup(models.TextChoices):
    """The groups an item names for interviews."""

    MANAGEMENT = "management", _("Management")
    SUPERVISORS = "supervisors", _("Supervisors")
    WORKERS = "workers", _("Workers")


class FailureKind(models.TextChoices):
    """Which scoring benchmark was missed [001 §2.3]."""

    OVERALL = "overall", _("Overall score below the benchmark")
    ELEMENT = "element", _("Element score below the benchmark")
    LEGISLATED_ITEM = "legislated_item", _("Legislated item without full points")
    NOTHING_SCORED = "nothing_scored", _("No applicable items")
