"""Appeal states, kinds and history actions [001 §7, SPEC §7]."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    """What kind of decision an appeal is against: one adapter each (appeals/adapters.py)."""

    EXTERNAL_REPORT = "external_report", _("External audit report")
    INTERNAL_REVIEW = "internal_review", _("Internal audit review")


class AppealLevel(models.IntegerChoices):
    LEVEL_1 = 1, _("Level 1: the COR auditor")
    LEVEL_2 = 2, _("Level 2: the program manager")
    LEVEL_3 = 3, _("Level 3: the program director")


class AppealStatus(models.TextChoices):
    """Where an appeal is. Its `level` says with whom."""

    FILED = "filed", _("Filed, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, awaiting the decision")
    DENIED = "denied", _("Denied (may go to the next level)")
    UPHELD = "upheld", _("Upheld: the decision was changed")
    DENIED_FINAL = "denied_final", _("Denied: final decision")
    CLOSED = "closed", _("Closed: not taken to the next level in time")


APPEAL_OPEN = (AppealStatus.FILED, AppealStatus.ACKNOWLEDGED)
APPEAL_AWAITING_DECISION = (AppealStatus.FILED, AppealStatus.ACKNOWLEDGED)
APPEAL_FINISHED = (AppealStatus.UPHELD, AppealStatus.DENIED_FINAL, AppealStatus.CLOSED)


class Verdict(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    DENIED = "denied", _("Denied")


class SignerRole(models.TextChoices):
    """The two parties of a level-2 agreement."""

    APPELLANT = "appellant", _("Senior management representative (appellant)")
    PROGRAM_MANAGER = "program_manager", _("Program manager")


class AppealAction(models.TextChoices):
    FILED = "appeal_filed", _("Appeal filed")
    ACKNOWLEDGED = "appeal_acknowledged", _("Appeal acknowledged")
    UPHELD = "appeal_upheld", _("Appeal upheld")
    DENIED = "appeal_denied", _("Appeal denied")
    DENIED_FINAL = "appeal_denied_final", _("Appeal denied: final decision")
    ESCALATED = "appeal_escalated", _("Appeal taken to the next level")
    CLOSED = "appeal_closed", _("Appeal closed: not taken to the next level in time")
    SIGNED = "appeal_signed", _("Appeal agreement signed")
    FORM_ISSUED = "appeal_form_issued", _("Appeal form issued")
    OUTCOME_CHANGED = "appeal_outcome_changed", _("Outcome changed by an upheld appeal")
    OUTCOME_KEPT = "appeal_outcome_kept", _("Outcome kept: the final appeal was denied")
