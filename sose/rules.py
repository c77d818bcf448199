"""Who may see and do what with action plans [SPEC §1, §6].

Seen by the account's organization, certifying-body staff (the Lead Auditor, the QA
reviewers) and, for a SOSE plan, its associate auditor (the external auditor of the external
audit it follows) once the plan was submitted. Other organizations and other auditors get
404 (cor_portal.access)."""

import rules
from django.db.models import Q
from django.utils.translation import gettext_lazy

from certification.rules import is_cb_staff, is_member_of, is_smr_of
from cor_portal.access import Scoped, register_grant, register_scoped
from cor_portal.accounts.enums import UserRole
from cor_portal.errors import NotAllowed

from .enums import Approver, PlanStatus
from .models import ActionPlan, AuditorParticipation, Deliverable, Milestone, Objective

register_scoped(ActionPlan, organization="wsib_account__organization", action_plan="")
register_scoped(Objective, organization="plan__wsib_account__organization", action_plan="plan")
register_scoped(
    Milestone,
    organization="objective__plan__wsib_account__organization",
    action_plan="objective__plan",
)
register_scoped(
    Deliverable,
    organization="milestone__objective__plan__wsib_account__organization",
    action_plan="milestone__objective__plan",
)
register_scoped(
    AuditorParticipation, organization="plan__wsib_account__organization", action_plan="plan"
)

# The associate auditor sees a SOSE plan from its submission on (not the employer's draft).
_AUDITOR_SEES = [s for s in PlanStatus.values if s != PlanStatus.DRAFT]


@register_grant("associate_auditor")
def _associate_auditor_sees_the_plan(user, scoped: Scoped) -> Q | None:
    if not user.is_authenticated or not user.is_external_auditor:
        return None
    path = scoped.path("action_plan")
    if path is None:
        return None
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}associate_auditor__user": user, f"{prefix}status__in": _AUDITOR_SEES})


@rules.predicate
def is_lead_auditor(user, obj=None) -> bool:
    return user.is_authenticated and user.role == UserRole.LEAD_AUDITOR


@rules.predicate
def is_qa_reviewer(user, obj=None) -> bool:
    # The certifying body's reviewers are its QA reviewers (administrators stand in too).
    return user.is_authenticated and user.role in (UserRole.REVIEWER, UserRole.ADMINISTRATOR)


@rules.predicate
def is_associate_auditor(user, plan=None) -> bool:
    return (
        isinstance(plan, ActionPlan)
        and user.is_authenticated
        and plan.associate_auditor_id is not None
        and plan.associate_auditor.user_id == user.pk
    )


APPROVERS = {
    Approver.LEAD_AUDITOR: is_lead_auditor,
    Approver.QA_REVIEWER: is_qa_reviewer,
    Approver.ASSOCIATE_AUDITOR: is_associate_auditor,
}

rules.add_perm("sose.view_plan", is_member_of | is_cb_staff | is_associate_auditor)
rules.add_perm("sose.edit_plan", is_member_of)
rules.add_perm("sose.submit_plan", is_smr_of)

EDIT_ONLY = gettext_lazy("Only the organization's SMR or internal auditor edits the plan.")
SUBMIT_ONLY = gettext_lazy("Only the organization's SMR submits and signs off the plan.")


def may_edit(user, plan: ActionPlan) -> bool:
    from certification.rules import is_preparer_of

    return bool(is_preparer_of.test(user, plan))


def require_editor(user, plan: ActionPlan) -> None:
    if not may_edit(user, plan):
        raise NotAllowed(str(EDIT_ONLY))


def require_smr(user, plan: ActionPlan) -> None:
    if not is_smr_of.test(user, plan):
        raise NotAllowed(str(SUBMIT_ONLY))


def may_act_as(user, plan: ActionPlan, who: str) -> bool:
    return bool(APPROVERS[who].test(user, plan))


def require_as(user, plan: ActionPlan, who: str) -> None:
    if not may_act_as(user, plan, who):
        label = Approver(who).label
        raise NotAllowed(
            str(gettext_lazy("Only the %(who)s may do this to the plan.") % {"who": label})
        )
