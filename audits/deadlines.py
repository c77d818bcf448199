"""The internal-audit deadline rules [SPEC §5], registered from AuditsConfig.ready().

D1 — internal audit received (or re-submitted): the desk review is done within 60 calendar
     days (due = received_on + 60; reviewing on the due day still counts). Binds the
     certifying body. Missed: an SLA breach — the missed Deadline row is the record the
     staff dashboard counts; program managers are told.
D2 — review report "not confirmed" issued: the employer corrects the gaps and completes the
     external audit within 6 calendar months of the report (relativedelta: Aug 31 → Feb 28,
     or Feb 29 in a leap year). Binds the organization. Missed: the cycle restarts — the
     internal review goes to `cycle_restarted`, its unfinished CAP is closed and the SMRs
     are told to start a new internal audit (audits/services/restart.py).

Both consequences are set-based: a fixed number of queries for any number of deadlines.
"""

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy

from audits.models import Audit
from certification.enums import MemberRole
from certification.models import Membership
from cor_portal.accounts.audiences import program_managers
from cor_portal.deadlines.registry import Binds, DeadlineRule, register_rule
from cor_portal.notifications.services import Joined, Localized, Notice, notify_many

from .services.common import D1, D2


def _audit_ids(deadlines: Sequence) -> list[int]:
    audit_type = ContentType.objects.get_for_model(Audit)
    return [int(d.subject_id) for d in deadlines if d.subject_type_id == audit_type.pk]


def d1_missed(deadlines: Sequence) -> None:
    """SLA breach: the missed deadline is the record; tell the program managers once."""
    managers = list(program_managers())
    if not managers:
        return
    lines = [
        Localized(
            gettext_lazy("%(title)s — due %(due)s"),
            # The title in each reader's language (a DeadlineTitle renders when read).
            {"title": d.display_title, "due": d.due_on.isoformat()},
        )
        for d in deadlines
    ]
    notify_many(
        [
            Notice(
                users=managers,
                subject=Localized(
                    gettext_lazy("Desk review SLA missed: %(n)s internal audit(s)"),
                    {"n": len(lines)},
                ),
                body=Joined(lines, separator="\n"),
                url="",
                kind="sla_breach",
            )
        ]
    )


def d2_missed(deadlines: Sequence) -> None:
    """The 6 months passed without an external audit: the cycle restarts."""
    from .services.restart import cycle_restart

    cycle_restart(audit_ids=_audit_ids(deadlines))


def d2_recipients(deadlines: Sequence) -> dict[int, list]:
    """Reminders and the miss go to the SMRs of the audit's organization (one query)."""
    org_ids = {d.organization_id for d in deadlines if d.organization_id}
    smrs: dict[int, list] = {}
    for membership in Membership.objects.filter(
        organization_id__in=org_ids, role=MemberRole.SMR, user__is_active=True
    ).select_related("user"):
        smrs.setdefault(membership.organization_id, []).append(membership.user)
    return {d.pk: smrs.get(d.organization_id, []) for d in deadlines}


D1_RULE = register_rule(
    DeadlineRule(
        kind=D1,
        title=gettext_lazy("Internal audit desk review (60 days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=d1_missed,
        miss_fields=("title", "title_msgid", "title_params", "due_on"),
        description=gettext_lazy(
            "The certifying body completes the desk review within 60 days of receiving the "
            "internal audit (or its re-submission)."
        ),
    )
)
D2_RULE = register_rule(
    DeadlineRule(
        kind=D2,
        title=gettext_lazy("Correct and complete the external audit (6 months)"),
        binds=Binds.ORGANIZATION,
        on_miss=d2_missed,
        miss_fields=("subject_type_id", "subject_id"),
        recipients=d2_recipients,
        description=gettext_lazy(
            "After a 'not confirmed' review report, the employer corrects the gaps and "
            "completes the external audit within 6 months, or the cycle restarts."
        ),
    )
)


# --- the external audit [SPEC §5: D3, D4] ---------------------------------------------------
# D3 — external audit plan submitted: the certifying body approves (or returns) it within 21
#      days (due = submitted_on + 21). Missed: an SLA breach, program managers are told.
# D4 — failed external audit report approved (received): the re-audit is completed within 6
#      calendar months (audits.planning.reaudit_due). Missed: the cycle restarts.

from audits.models import ExternalEngagement  # noqa: E402

from .services.common import D3, D4  # noqa: E402


def d3_missed(deadlines: Sequence) -> None:
    d1_missed(deadlines)  # the same SLA-breach notice to program managers


def d4_missed(deadlines: Sequence) -> None:
    from .services.engagement import reaudit_lapse

    engagement_type = ContentType.objects.get_for_model(ExternalEngagement)
    reaudit_lapse(
        engagement_ids=[
            int(d.subject_id) for d in deadlines if d.subject_type_id == engagement_type.pk
        ]
    )


D3_RULE = register_rule(
    DeadlineRule(
        kind=D3,
        title=gettext_lazy("External audit plan approval (21 days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=d3_missed,
        description=gettext_lazy(
            "The certifying body approves or returns a submitted external audit plan within "
            "21 days."
        ),
    )
)
D4_RULE = register_rule(
    DeadlineRule(
        kind=D4,
        title=gettext_lazy("Re-audit after a failed external audit (6 months)"),
        binds=Binds.ORGANIZATION,
        on_miss=d4_missed,
        recipients=d2_recipients,
        description=gettext_lazy(
            "After a failed external audit, the re-audit is completed within 6 months of "
            "receiving the report, or the cycle restarts with a new internal audit."
        ),
    )
)


# --- the appeal window [SPEC §5: D13; 001 §7] -----------------------------------------------
# D13 — an unfavourable report received (a failed external audit; a "not confirmed" review of
#       a later internal audit — an initial internal audit cannot be appealed): a level-1
#       appeal is filed within 5 Ontario business days (audits.services.common). Met when the
#       appeal is filed (appeals.services); missed: the appeal is no longer accepted — the
#       filing rule refuses it, so the miss itself changes nothing but the row.

from .services.common import D13  # noqa: E402


def d13_missed(deadlines: Sequence) -> None:
    """Nothing to undo: the report stands, and appeals.eligibility refuses a late filing."""


D13_RULE = register_rule(
    DeadlineRule(
        kind=D13,
        title=gettext_lazy("Appeal window (5 business days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d13_missed,
        miss_fields=("subject_id",),
        # A window, not a duty: the employer is told of it with the report, not reminded.
        reminder_offsets=(),
        description=gettext_lazy(
            "An unfavourable audit report may be appealed (level 1) within 5 business days "
            "of receiving it; after that the appeal is no longer accepted."
        ),
    )
)
