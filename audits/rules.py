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

from audits.enums import (  # noqa: E402
    CAP_EDITABLE,
    INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT,
    INTERNAL_REVIEW_EDITABLE,
    INTERNAL_REVIEW_REVIEWED,
    CapStatus,
)
from audits.enums import InternalReviewStatus as S  # noqa: E402
from certification.rules import is_a_preparer, is_preparer_of, is_smr_of  # noqa: E402
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

register_scoped(Audit, organization="wsib_account__organization")
register_scoped(ItemResponse, organization="audit__wsib_account__organization")
register_scoped(Evidence, organization="audit__wsib_account__organization")
register_scoped(InternalReview, organization="wsib_account__organization")
register_scoped(PreAssessment, organization="internal_review__wsib_account__organization")
register_scoped(Review, organization="audit__wsib_account__organization", only=_RELEASED)
register_scoped(
    ReviewItemScore, organization="review__audit__wsib_account__organization", only=_REVIEW_RELEASED
)
register_scoped(
    ReviewFinding, organization="review__audit__wsib_account__organization", only=_REVIEW_RELEASED
)
register_scoped(CorrectiveActionPlan, organization="audit__wsib_account__organization")
register_scoped(CapItem, organization="plan__audit__wsib_account__organization")


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
    "Only the SMR or an internal auditor of this organization may prepare the audit."
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
_add_perm("audits.prepare_audit", is_preparer_of, audit_is_editable)
_add_perm("audits.submit_audit", is_smr_of, audit_is_editable)
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
