"""Who may see and do what with audit tools.

An audit tool is the program's published protocol, not an organization's information:
every signed-in user may read every version. Only administrators import a new version and
publish or withdraw one (the state half comes from audits.workflows.TOOL_FLOW)."""

import rules
from django.db.models import QuerySet

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

from certification.enums import MemberRole  # noqa: E402
from certification.rules import member_role_of, organization_id_of  # noqa: E402
from cor_portal.access import register_scoped  # noqa: E402

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


def _audit_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Audit):
        return obj
    if isinstance(obj, CorrectiveActionPlan):
        return obj.audit
    return getattr(obj, "audit", None)


def _in_audit_org(user, obj) -> bool:
    audit = _audit_of(obj)
    if audit is None:
        return False
    org_id = organization_id_of(user)
    return org_id is not None and org_id == audit.wsib_account.organization_id


@rules.predicate
def is_audit_preparer(user, obj=None) -> bool:
    """SMR or internal auditor of the audit's organization."""
    return member_role_of(user) in (MemberRole.SMR, MemberRole.INTERNAL_AUDITOR) and (
        obj is None or _in_audit_org(user, obj)
    )


@rules.predicate
def is_audit_smr(user, obj=None) -> bool:
    return member_role_of(user) == MemberRole.SMR and (obj is None or _in_audit_org(user, obj))


@rules.predicate
def is_assigned_reviewer(user, obj=None) -> bool:
    audit = _audit_of(obj)
    if audit is None or not hasattr(audit, "internal_review"):
        return False
    reviewer_id = audit.internal_review.reviewer_id
    return reviewer_id is not None and reviewer_id == user.pk


rules.add_perm("audits.start_audit", is_audit_preparer)
rules.add_perm("audits.prepare_audit", is_audit_preparer)
rules.add_perm("audits.submit_audit", is_audit_smr)
rules.add_perm("audits.pre_assess_audit", is_cb_staff)
rules.add_perm("audits.assign_reviewer", is_cb_staff)
rules.add_perm("audits.review_audit", is_assigned_reviewer)
rules.add_perm("audits.edit_cap", is_audit_preparer)
rules.add_perm("audits.submit_cap", is_audit_smr)
rules.add_perm("audits.decide_cap", is_cb_staff)
