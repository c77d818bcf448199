"""Who may see and do what in certification. Scopes (what a user may see) are registered
with cor_portal.access; predicates (what they may do) are django-rules permissions.

Confidentiality [001 §8]: employer users see their own organization only; certifying-body
staff see every organization; external auditors see only the organizations of engagements
they are assigned to (added by the audits app when engagements exist — until then, none)."""

import rules
from django.db.models import Q, QuerySet

from cor_portal.access import Scoped, anchor_id, register_grant, register_scope, register_scoped
from cor_portal.deadlines import scoping as deadline_scoping

from .enums import MemberRole
from .models import (
    CodeOfEthicsSignature,
    MemberInvitation,
    Membership,
    Organization,
    Person,
    Registration,
    TrainingExemption,
    TrainingRecord,
    WsibAccount,
)


def organization_id_of(user) -> int | None:
    """The one organization an employer user belongs to, or None."""
    if not user.is_authenticated or not user.is_employer:
        return None
    cached = getattr(user, "_cor_organization_id", "unset")
    if cached != "unset":
        return cached
    membership = Membership.objects.filter(user=user).values_list("organization_id", flat=True)
    org_id = next(iter(membership), None)
    user._cor_organization_id = org_id
    return org_id


def member_role_of(user) -> str | None:
    if not user.is_authenticated or not user.is_employer:
        return None
    cached = getattr(user, "_cor_member_role", "unset")
    if cached != "unset":
        return cached
    role = next(iter(Membership.objects.filter(user=user).values_list("role", flat=True)), None)
    user._cor_member_role = role
    return role


@register_grant("member")
def _members_see_their_organization(user, scoped: Scoped) -> Q | None:
    """An employer's users see their own organization's rows [001 §8], narrowed per model by
    `only={"member": ...}` (e.g. a review only once it is released to them)."""
    path = scoped.path("organization")
    if path is None:
        return None
    org_id = organization_id_of(user)
    if org_id is None:
        return None
    lookup = "pk" if path == "" else f"{path}_id"
    return Q(**{lookup: org_id}, **scoped.narrowing("member"))


register_scoped(Organization, organization="")
register_scoped(WsibAccount, organization="organization")
register_scoped(Registration, organization="wsib_account__organization")
register_scoped(Person, organization="organization")
register_scoped(TrainingRecord, organization="person__organization")
register_scoped(TrainingExemption, organization="person__organization")
register_scoped(Membership, organization="organization")
register_scoped(MemberInvitation, organization="organization")


@register_scope(CodeOfEthicsSignature)
def _ethics_scope(user, qs: QuerySet) -> QuerySet:
    if user.is_certifying_body_staff or user.is_superuser:
        return qs
    org_id = organization_id_of(user)
    own = Q(user=user)
    if org_id is not None:
        own |= Q(person__organization_id=org_id)
    return qs.filter(own)


# --- predicates --------------------------------------------------------------------------


@rules.predicate
def is_smr(user) -> bool:
    return member_role_of(user) == MemberRole.SMR


@rules.predicate
def is_internal_auditor_member(user) -> bool:
    return member_role_of(user) == MemberRole.INTERNAL_AUDITOR


@rules.predicate
def is_employer_member(user) -> bool:
    return member_role_of(user) is not None


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_administrator


@rules.predicate
def is_cb_staff(user) -> bool:
    return user.is_authenticated and user.is_certifying_body_staff


def role_on_organization(*roles: str, name: str | None = None) -> rules.Predicate:
    """Predicate (user, obj): the user holds one of `roles` in the organization `obj`
    belongs to (through its registered organization path). False without an object."""

    def check(user, obj=None) -> bool:
        if obj is None:
            return False
        org_id = organization_id_of(user)
        return (
            org_id is not None
            and member_role_of(user) in roles
            and anchor_id(obj, "organization") == org_id
        )

    return rules.predicate(check, name=name or "role_on_organization(" + ",".join(roles) + ")")


is_smr_of = role_on_organization(MemberRole.SMR, name="is_smr_of")
is_preparer_of = role_on_organization(
    MemberRole.SMR, MemberRole.INTERNAL_AUDITOR, name="is_preparer_of"
)
is_member_of = role_on_organization(*MemberRole.values, name="is_member_of")


# Employer side: the SMR manages the organization [SPEC §1].
rules.add_perm("certification.manage_organization", is_smr)
rules.add_perm("certification.manage_people", is_smr)
rules.add_perm("certification.register_account", is_smr)
rules.add_perm("certification.submit_registration", is_smr)
rules.add_perm("certification.invite_member", is_smr)
rules.add_perm("certification.request_exemption", is_smr)
rules.add_perm("certification.sign_code_of_ethics", is_employer_member | is_cb_staff)
# Certifying body: administrators verify registrations; staff decide exemptions.
rules.add_perm("certification.verify_registration", is_administrator)
rules.add_perm("certification.decide_exemption", is_cb_staff)
rules.add_perm("certification.view_registration_queue", is_cb_staff)


# --- deadlines ---------------------------------------------------------------------------
# Employer users see (and are reminded of) the deadlines that bind their organization.


def _members_of(organization_ids):
    return (
        (m.organization_id, m.user)
        for m in Membership.objects.filter(
            organization_id__in=organization_ids, user__is_active=True
        ).select_related("user")
    )


deadline_scoping.register_organizations(organization_of=organization_id_of, members_of=_members_of)
