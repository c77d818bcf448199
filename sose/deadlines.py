"""The action plans' deadline rules [SPEC §5], registered from SoseConfig.ready().

D12 — a SOSE plan started after a successful external audit: the SAP verification and the
      SOSE application (the Ministry package) within 12 calendar months of the external
      audit's completion. Binds the organization. Missed: the SOSE window closed — an open
      plan lapses.
D18 — an ACSA maintenance plan: the proposal by the program year's spring deadline, then
      (once approved) the final submission by its fall deadline. Binds the organization.
      Missed: the plan lapses.
D19 — an ACSA plan scored below 60 %: a maintenance audit by December 31. Binds the
      organization. Missed: the certification is at risk — staff are told (the missed row is
      the record the dashboard counts).
"""

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy

from audits.deadlines import d1_missed, d2_recipients
from cor_portal.deadlines.registry import Binds, DeadlineRule, register_rule

from .models import ActionPlan


def _plan_ids(deadlines: Sequence) -> list[int]:
    plan_type = ContentType.objects.get_for_model(ActionPlan)
    return [int(d.subject_id) for d in deadlines if d.subject_type_id == plan_type.pk]


def plan_deadline_missed(deadlines: Sequence) -> None:
    from .services.plan import plan_lapse

    plan_lapse(plan_ids=_plan_ids(deadlines))


D12_RULE = register_rule(
    DeadlineRule(
        kind="D12",
        title=gettext_lazy("SAP verification and SOSE application (12 months)"),
        binds=Binds.ORGANIZATION,
        on_miss=plan_deadline_missed,
        miss_fields=("subject_type_id", "subject_id"),
        recipients=d2_recipients,
        description=gettext_lazy(
            "The SOSE Action Plan's verification audit and the SOSE application are completed "
            "within 12 months of the initial external audit's completion."
        ),
    )
)
D18_RULE = register_rule(
    DeadlineRule(
        kind="D18",
        title=gettext_lazy("Action plan proposal (spring) and final submission (fall)"),
        binds=Binds.ORGANIZATION,
        on_miss=plan_deadline_missed,
        miss_fields=("subject_type_id", "subject_id"),
        recipients=d2_recipients,
        description=gettext_lazy(
            "A maintenance action plan's proposal is submitted by the program year's spring "
            "deadline and its final submission by the fall deadline, or the plan lapses."
        ),
    )
)
D19_RULE = register_rule(
    DeadlineRule(
        kind="D19",
        title=gettext_lazy("Maintenance audit after an action plan below 60 % (December 31)"),
        binds=Binds.ORGANIZATION,
        on_miss=d1_missed,
        miss_fields=("title", "title_msgid", "title_params", "due_on"),
        recipients=d2_recipients,
        description=gettext_lazy(
            "After a maintenance action plan scored below 60 %, a maintenance audit is "
            "completed by December 31, or the certification is at risk."
        ),
    )
)
