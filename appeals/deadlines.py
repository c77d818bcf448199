"""The appeal deadline rules [SPEC §5 D14-D17], registered from AppealsConfig.ready().
D13 (level 1 filed within 5 business days of receiving the report) is opened by the audits
app with the unfavourable report (audits.deadlines, audits.services.common) and met here
when the appeal is filed; appeals.eligibility refuses a filing after it.

Subjects are AppealStage rows (one per level), so each level has its own clocks:
D14 acknowledged within 2 business days of filing (any level) — SLA breach when missed;
D15 decided within 5 business days of filing (levels 1, 2) — SLA breach;
D16 after a denial at level 1 or 2: the next level filed within 5 business days — the
    appeal closes when missed;
D17 level 3: the program director reviews within 5 business days of the level-2 decision —
    SLA breach.
"""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from cor_portal.accounts.audiences import program_managers
from cor_portal.deadlines.registry import Binds, DeadlineRule, register_rule
from cor_portal.notifications.services import Joined, Localized, Notice, notify_many

D13, D14, D15, D16, D17 = "D13", "D14", "D15", "D16", "D17"


def sla_missed(deadlines: Sequence) -> None:
    """An appeal SLA breach: the missed deadline is the record; program managers are told."""
    managers = list(program_managers())
    if not managers:
        return
    lines = [
        Localized(
            gettext_lazy("%(title)s — due %(due)s"),
            {"title": d.display_title, "due": d.due_on.isoformat()},
        )
        for d in deadlines
    ]
    notify_many(
        [
            Notice(
                users=managers,
                subject=Localized(
                    gettext_lazy("Appeal SLA missed: %(n)s appeal(s)"), {"n": len(lines)}
                ),
                body=Joined(lines, separator="\n"),
                url="",
                kind="sla_breach",
            )
        ]
    )


def d16_missed(deadlines: Sequence) -> None:
    from .services import appeals_close

    appeals_close(stage_ids=[int(d.subject_id) for d in deadlines])


register_rule(
    DeadlineRule(
        kind=D14,
        title=gettext_lazy("Acknowledge the appeal (2 business days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=sla_missed,
        reminder_offsets=(1, 0),
        miss_fields=("title", "title_msgid", "title_params", "due_on"),
        description=gettext_lazy(
            "An appeal filed at any level is acknowledged within 2 business days."
        ),
    )
)
register_rule(
    DeadlineRule(
        kind=D15,
        title=gettext_lazy("Decide the appeal (5 business days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=sla_missed,
        reminder_offsets=(2, 0),
        miss_fields=("title", "title_msgid", "title_params", "due_on"),
        description=gettext_lazy(
            "A level-1 or level-2 appeal is decided within 5 business days of filing."
        ),
    )
)
register_rule(
    DeadlineRule(
        kind=D16,
        title=gettext_lazy("Take the appeal to the next level (5 business days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d16_missed,
        reminder_offsets=(2, 0),
        miss_fields=("subject_type_id", "subject_id"),
        description=gettext_lazy(
            "After a denial at level 1 or 2, the next level is filed within 5 business days, "
            "or the appeal is closed."
        ),
    )
)
register_rule(
    DeadlineRule(
        kind=D17,
        title=gettext_lazy("Level-3 review by the program director (5 business days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=sla_missed,
        reminder_offsets=(2, 0),
        miss_fields=("title", "title_msgid", "title_params", "due_on"),
        description=gettext_lazy(
            "The program director reviews the files within 5 business days of the level-2 "
            "decision; the decision is final."
        ),
    )
)
