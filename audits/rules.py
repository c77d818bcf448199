"""Who may see and do what with audit tools.

An audit tool is the program's published protocol, not an organization's information:
every signed-in user may read every version. Only administrators import a new version and
publish or withdraw one (the state half comes from audits.workflows.TOOL_FLOW)."""

import rules
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from certification.rules import is_administrator, is_cb_staff
from cor_portal.access import register_scope

from .enums import AuditAction
from .models import AuditTool, Element, Item, SubSection
from .workflows import TOOL_FLOW


def _everyone_signed_in(user, qs: QuerySet) -> QuerySet:
    return qs  # access.visible() already returns none() for anonymous or inactive users


for _model in (AuditTool, Element, SubSection, Item):
    register_scope(_model)(_everyone_signed_in)


@rules.predicate
def tool_is_publishable(user, tool=None) -> bool:
    # No object: "may publish versions at all" (the admin's bulk action, the service's check).
    return tool is None or TOOL_FLOW.can(tool, AuditAction.TOOL_PUBLISHED)


@rules.predicate
def tool_is_withdrawable(user, tool=None) -> bool:
    return tool is None or TOOL_FLOW.can(tool, AuditAction.TOOL_WITHDRAWN)


rules.add_perm("audits.import_audit_tool", is_administrator)
rules.add_perm("audits.publish_audit_tool", is_administrator & tool_is_publishable)
rules.add_perm("audits.withdraw_audit_tool", is_administrator & tool_is_withdrawable)


# --- internal audits (appended with the audit workflow) ----------------------------------
# Confidentiality [001 §8]: an organization's users see their own organization's audits;
# certifying-body staff see every audit; external auditors see no internal audit (their
# engagements are added by the external-audit work). The certifying body's review in
# progress (the reviewer's own item scores and findings) becomes visible to the employer
# when the review is completed.

from audits.enums import (  # noqa: E402  # noqa: E402
    CAP_EDITABLE,
    ENGAGEMENT_EDITABLE,
    INTERNAL_AUDIT_KINDS,
    INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT,
    INTERNAL_REVIEW_EDITABLE,
    INTERNAL_REVIEW_REVIEWED,
    CapStatus,
)
from audits.enums import InternalReviewStatus as S  # noqa: E402
from certification.rules import (  # noqa: E402
    is_a_preparer,
    is_member_of,
    is_preparer_of,
    is_smr_of,
)
from cor_portal.access import register_scoped  # noqa: E402
from cor_portal.errors import NotAllowed  # noqa: E402

from .models import (  # noqa: E402
    Audit,
    CapItem,
    CorrectiveActionPlan,
    Evidence,
    InternalReview,
    ItemResponse,
    PreAssessment,
    Review,
    ReviewFinding,
    ReviewItemScore,
)

# Employers see the certifying body's review only once it is completed.
_RELEASED = {"member": {"completed_at__isnull": False}}
_REVIEW_RELEASED = {"member": {"review__completed_at__isnull": False}}

register_scoped(Audit, organization="wsib_account__organization", wsib_account="wsib_account")
register_scoped(
    ItemResponse,
    organization="audit__wsib_account__organization",
    wsib_account="audit__wsib_account",
)
register_scoped(
    Evidence, organization="audit__wsib_account__organization", wsib_account="audit__wsib_account"
)
register_scoped(
    InternalReview, organization="wsib_account__organization", wsib_account="wsib_account"
)
register_scoped(PreAssessment, organization="internal_review__wsib_account__organization")
register_scoped(Review, organization="audit__wsib_account__organization", only=_RELEASED)
register_scoped(
    ReviewItemScore, organization="review__audit__wsib_account__organization", only=_REVIEW_RELEASED
)
register_scoped(
    ReviewFinding, organization="review__audit__wsib_account__organization", only=_REVIEW_RELEASED
)
register_scoped(
    CorrectiveActionPlan,
    organization="audit__wsib_account__organization",
    wsib_account="audit__wsib_account",
)
register_scoped(
    CapItem,
    organization="plan__audit__wsib_account__organization",
    wsib_account="plan__audit__wsib_account",
)


# --- what a user may do to an audit or a plan ----------------------------------------------
# Each permission is "who" (a predicate over the object's organization or its reviewer) &
# "when" (a state predicate). Pages ask the whole permission to show or hide the action;
# services check its "who" half (require_role) and then their own state checks on the
# locked row, so a wrong state stays a 400 naming the field.
#
# The two accessors below are the only places that read the desk-review lifecycle (the
# audit's InternalReview) off an audit; the later lifecycles (external engagement,
# maintenance review) add their own predicates beside them.


def _internal_review(audit: Audit) -> InternalReview | None:
    try:
        return audit.internal_review
    except InternalReview.DoesNotExist:
        return None


def _review_status(audit: Audit) -> str | None:
    review = _internal_review(audit)
    return review.status if review is not None else None


def _reviewer_id(audit: Audit) -> int | None:
    review = _internal_review(audit)
    return review.reviewer_id if review is not None else None


def _state_predicate(name: str, states) -> rules.Predicate:
    def check(user, obj=None) -> bool:
        return isinstance(obj, Audit) and _review_status(obj) in states

    return rules.predicate(check, name=name)


audit_is_editable = _state_predicate("audit_is_editable", INTERNAL_REVIEW_EDITABLE)
audit_awaits_pre_assessment = _state_predicate(
    "audit_awaits_pre_assessment", INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT
)
audit_awaits_reviewer = _state_predicate("audit_awaits_reviewer", (S.ACCEPTED, S.UNDER_REVIEW))
audit_is_under_review = _state_predicate("audit_is_under_review", (S.UNDER_REVIEW,))
audit_is_reviewed = _state_predicate("audit_is_reviewed", INTERNAL_REVIEW_REVIEWED)


@rules.predicate
def is_assigned_reviewer(user, obj=None) -> bool:
    """The certifying body's reviewer this audit's desk review is assigned to."""
    if not isinstance(obj, Audit) or not user.is_authenticated:
        return False
    reviewer_id = _reviewer_id(obj)
    return reviewer_id is not None and reviewer_id == user.pk


@rules.predicate
def cap_is_editable(user, obj=None) -> bool:
    return isinstance(obj, CorrectiveActionPlan) and obj.status in CAP_EDITABLE


@rules.predicate
def cap_is_submitted(user, obj=None) -> bool:
    return isinstance(obj, CorrectiveActionPlan) and obj.status == CapStatus.SUBMITTED


# --- the external audit's scored instrument ------------------------------------------------


def _engagement(audit: Audit):
    try:
        return audit.engagement
    except Audit.engagement.RelatedObjectDoesNotExist:
        return None


@rules.predicate
def is_internal_audit(user, obj=None) -> bool:
    return isinstance(obj, Audit) and obj.kind in INTERNAL_AUDIT_KINDS


@rules.predicate
def is_engagement_auditor(user, obj=None) -> bool:
    """The external auditor of the engagement this external audit belongs to."""
    if not isinstance(obj, Audit) or not user.is_authenticated or not user.is_external_auditor:
        return False
    engagement = _engagement(obj)
    return engagement is not None and engagement.auditor.user_id == user.pk


@rules.predicate
def external_audit_is_editable(user, obj=None) -> bool:
    if not isinstance(obj, Audit):
        return False
    engagement = _engagement(obj)
    return engagement is not None and engagement.status in ENGAGEMENT_EDITABLE


# "Who" of each permission, for services: they check it first (403 for the wrong person),
# then their own state checks on the locked row (a 400 naming the field).
_WHO: dict[str, rules.Predicate] = {}


def _add_perm(name: str, who: rules.Predicate, when: rules.Predicate | None = None) -> None:
    _WHO[name] = who
    rules.add_perm(name, who if when is None else who & when)


# The refusals shared by a service, its page and its API action: the views ask who may act
# (require_role) before they read the input, so a forbidden caller gets 403 whatever it sent.
ASSIGN_REVIEWER_STAFF_ONLY = gettext_lazy("Only certifying-body staff assign reviewers.")
PREPARE_AUDIT_ONLY = gettext_lazy(
    "Only the SMR or an internal auditor of this organization (an external audit: its "
    "auditor) may prepare the audit."
)
START_AUDIT_ONLY = gettext_lazy(
    "Only the SMR or an internal auditor of the organization may start an audit."
)
EDIT_CAP_ONLY = gettext_lazy("Only the SMR or an internal auditor edits the plan.")
DECIDE_CAP_STAFF_ONLY = gettext_lazy("Only certifying-body staff decide corrective action plans.")


def require_role(user, permission: str, obj, message: str | Promise) -> None:
    """Raise NotAllowed unless `user` is who `permission` is for on `obj` (its "who" half;
    the state half is the service's own check, with its own message)."""
    if not _WHO[permission].test(user, obj):
        raise NotAllowed(message)


# Starting an audit takes the organization or the WSIB account it is for; "start_audits"
# takes no object: whether the user may start audits at all (the API's create asks it
# before it reads which account the audit is for).
_add_perm("audits.start_audit", is_preparer_of)
_add_perm("audits.start_audits", is_a_preparer)
_add_perm(
    "audits.prepare_audit",
    (is_preparer_of & is_internal_audit) | is_engagement_auditor,
    audit_is_editable | external_audit_is_editable,
)
_add_perm("audits.submit_audit", is_smr_of & is_internal_audit, audit_is_editable)
_add_perm("audits.pre_assess_audit", is_cb_staff, audit_awaits_pre_assessment)
_add_perm("audits.assign_reviewer", is_cb_staff, audit_awaits_reviewer)
# The queue, the list of assignable reviewers and the desk-review pages are the certifying
# body's; the review itself is done by the assigned reviewer only.
_add_perm("audits.view_review_queue", is_cb_staff)
_add_perm("audits.view_desk_review", is_cb_staff, audit_is_under_review | audit_is_reviewed)
_add_perm("audits.review_audit", is_assigned_reviewer, audit_is_under_review)
_add_perm("audits.edit_cap", is_preparer_of, cap_is_editable)
_add_perm("audits.submit_cap", is_smr_of, cap_is_editable)
_add_perm("audits.decide_cap", is_cb_staff, cap_is_submitted)


# --- the external audit [001 §3.4, §8] -------------------------------------------------------
# An external auditor sees the engagements they are assigned to (to accept or decline them)
# and, once they accepted one, what it needs: the WSIB account, its audits (the employer's
# internal audit and the external audit), their evidence and corrective action plans, the
# engagement's plan, meeting signatures and findings. One grant, reached through two anchors:
# "engagement" (the engagement's own rows) and "wsib_account" (the account's rows).

from django.db.models import Q  # noqa: E402

from audits.enums import ENGAGEMENT_ACCEPTED, EngagementStatus  # noqa: E402
from cor_portal.access import Scoped, register_grant  # noqa: E402

from .models import (  # noqa: E402
    AuditingCompany,
    AuditorConflict,
    AuditPlan,
    EngagementFinding,
    ExternalAuditor,
    ExternalEngagement,
    MeetingSignature,
)

register_scoped(ExternalEngagement, organization="wsib_account__organization", engagement="")
register_scoped(
    AuditPlan,
    organization="engagement__wsib_account__organization",
    engagement="engagement",
    # The employer sees the plan once it was submitted.
    only={"member": {"submitted_on__isnull": False}},
)
register_scoped(
    MeetingSignature,
    organization="engagement__wsib_account__organization",
    engagement="engagement",
)
register_scoped(
    EngagementFinding,
    organization="engagement__wsib_account__organization",
    engagement="engagement",
    # The employer reads the findings in the approved report.
    only={"member": {"engagement__status__in": ["passed", "failed", "cycle_restarted"]}},
)


@register_grant("engagement_auditor")
def _assigned_auditor_sees_the_engagement(user, scoped: Scoped) -> Q | None:
    """The external auditor of an engagement: the engagement itself from the moment they are
    chosen (to accept or decline it); its rows and the account's once they accepted."""
    if not user.is_authenticated or not user.is_external_auditor:
        return None
    path = scoped.path("engagement")
    if path is not None:
        if path == "":
            return Q(auditor__user=user) & ~Q(status=EngagementStatus.DECLINED)
        return Q(**{f"{path}__auditor__user": user, f"{path}__status__in": ENGAGEMENT_ACCEPTED})
    path = scoped.path("wsib_account")
    if path is None:
        return None
    accounts = ExternalEngagement.objects.filter(
        auditor__user=user, status__in=ENGAGEMENT_ACCEPTED
    ).values("wsib_account_id")
    lookup = "pk__in" if path == "" else f"{path}_id__in"
    return Q(**{lookup: accounts})


# The roster: every signed-in user may read the approved list (an SMR chooses from it);
# the certifying body sees every entry; an auditor sees their own entry too.
@register_scope(ExternalAuditor)
def _roster_scope(user, qs: QuerySet) -> QuerySet:
    if user.is_certifying_body_staff or user.is_superuser:
        return qs
    return qs.filter(Q(status="approved") | Q(user=user))


register_scope(AuditingCompany)(_everyone_signed_in)


@register_scope(AuditorConflict)
def _conflict_scope(user, qs: QuerySet) -> QuerySet:
    if user.is_certifying_body_staff or user.is_superuser:
        return qs
    return qs.filter(auditor__user=user)


@rules.predicate
def is_the_engagement_auditor(user, engagement=None) -> bool:
    return (
        isinstance(engagement, ExternalEngagement)
        and user.is_authenticated
        and engagement.auditor.user_id == user.pk
    )


@rules.predicate
def is_plan_auditor(user, plan=None) -> bool:
    return isinstance(plan, AuditPlan) and is_the_engagement_auditor.test(user, plan.engagement)


_add_perm("audits.manage_roster", is_administrator)
_add_perm("audits.declare_conflict", is_administrator)
_add_perm("audits.choose_auditor", is_smr_of)
_add_perm("audits.answer_engagement", is_the_engagement_auditor)
_add_perm("audits.edit_plan", is_plan_auditor)
_add_perm("audits.decide_plan", is_cb_staff)
_add_perm("audits.run_external_audit", is_the_engagement_auditor)
_add_perm("audits.decide_report", is_cb_staff)
_add_perm("audits.comment_cap", is_the_engagement_auditor)
_add_perm("audits.view_external_queues", is_cb_staff)
_add_perm("audits.view_engagement_as_member", is_member_of)
