"""Who may see and do what in certification. Scopes (what a user may see) are registered
with cor_portal.access; predicates (what they may do) are django-rules permissions.

Confidentiality [001 §8]: employer users see their own organization only; certifying-body
staff see every organization; external auditors see only the organizations of engagements
they are assigned to (added by the audits app when engagements exist — until then, none)."""

import rules
from django.db.models import Q, QuerySet

from cor_portal.access import Scoped, anchor_id, register_grant, register_scope, register_scoped
from cor_portal.deadlines import scoping as deadline_scoping

from .enums import (
    REGISTRATION_EDITABLE,
    REGISTRATION_IN_FLIGHT,
    CertificationAction,
    MemberRole,
    RegistrationStatus,
)
from .models import (
    Certificate,
    CodeOfEthicsSignature,
    LetterOfGoodStanding,
    MaintenanceYear,
    MemberInvitation,
    Membership,
    Organization,
    Person,
    Registration,
    RegistryClient,
    TrainingExemption,
    TrainingRecord,
    WsibAccount,
)
from .workflows import EXEMPTION_FLOW, REGISTRATION_FLOW, SUBMIT_MOVES


def _membership_of(user) -> None:
    """Read the employer user's one membership (organization, role and the organization's
    program) once per request object: the scope, the role predicates and the navigation's
    account label all ask, one query answers them."""
    row = (
        Membership.objects.filter(user=user)
        .values_list(
            "organization_id",
            "role",
            "organization__program__account_label",
            "organization__program__account_label_fr",
        )
        .first()
    )
    if row is None:
        user._cor_organization_id = user._cor_member_role = user._cor_account_label = None
        return
    user._cor_organization_id, user._cor_member_role = row[0], row[1]
    user._cor_account_label = (row[2], row[3])


def account_label_pair_of(user) -> tuple[str, str] | None:
    """What an employer user's program calls its accounts (English, French), or None."""
    if not user.is_authenticated or not user.is_employer:
        return None
    if getattr(user, "_cor_account_label", "unset") == "unset":
        _membership_of(user)
    return user._cor_account_label


def organization_id_of(user) -> int | None:
    """The one organization an employer user belongs to, or None."""
    if not user.is_authenticated or not user.is_employer:
        return None
    if getattr(user, "_cor_organization_id", "unset") == "unset":
        _membership_of(user)
    return user._cor_organization_id


def member_role_of(user) -> str | None:
    if not user.is_authenticated or not user.is_employer:
        return None
    if getattr(user, "_cor_member_role", "unset") == "unset":
        _membership_of(user)
    return user._cor_member_role


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
# `wsib_account` anchors the external auditor's engagement grant (audits.rules).
register_scoped(WsibAccount, organization="organization", wsib_account="")
register_scoped(Registration, organization="wsib_account__organization")
register_scoped(Person, organization="organization")
register_scoped(TrainingRecord, organization="person__organization")
register_scoped(TrainingExemption, organization="person__organization")
register_scoped(Membership, organization="organization")
register_scoped(MemberInvitation, organization="organization")
register_scoped(Certificate, organization="wsib_account__organization")
register_scoped(MaintenanceYear, organization="wsib_account__organization")
register_scoped(LetterOfGoodStanding, organization="wsib_account__organization")


@register_scope(CodeOfEthicsSignature)
def _ethics_scope(user, qs: QuerySet) -> QuerySet:
    if user.is_certifying_body_staff or user.is_superuser:
        return qs
    org_id = organization_id_of(user)
    own = Q(user=user)
    if org_id is not None:
        own |= Q(person__organization_id=org_id)
    return qs.filter(own)


@register_scope(RegistryClient)
def _registry_client_scope(user, qs: QuerySet) -> QuerySet:
    """Registry clients are the administrators' business only."""
    if user.is_authenticated and user.is_administrator:
        return qs
    return qs.none()


# --- predicates --------------------------------------------------------------------------


@rules.predicate
def is_employer_member(user) -> bool:
    return member_role_of(user) is not None


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_administrator


@rules.predicate
def is_cb_staff(user) -> bool:
    """Certifying-body staff (superusers too: they administer whatever their role)."""
    return user.is_authenticated and (user.is_certifying_body_staff or user.is_superuser)


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


# Without an object: whether the user holds the role in some organization (an endpoint that
# creates asks these before it reads which of the organization's objects the input names).
@rules.predicate
def is_an_smr(user) -> bool:
    return member_role_of(user) == MemberRole.SMR


@rules.predicate
def is_a_preparer(user) -> bool:
    return member_role_of(user) in (MemberRole.SMR, MemberRole.INTERNAL_AUDITOR)


@rules.predicate
def is_the_person(user, person) -> bool:
    """The person record is the user's own (they sign for themselves)."""
    return person is not None and person.user_id is not None and person.user_id == user.pk


# --- state predicates: the state half of a permission, from the workflow tables ----------


@rules.predicate
def registration_is_editable(user, registration) -> bool:
    return registration is not None and registration.status in REGISTRATION_EDITABLE


@rules.predicate
def registration_is_submittable(user, registration) -> bool:
    return registration is not None and any(
        REGISTRATION_FLOW.can(registration, move) for move in SUBMIT_MOVES
    )


@rules.predicate
def registration_awaits_verification(user, registration) -> bool:
    return registration is not None and REGISTRATION_FLOW.can(
        registration, CertificationAction.REGISTRATION_CONFIRMED
    )


@rules.predicate
def wsib_account_is_unregistered(user, account) -> bool:
    """No registration of the account is in flight or confirmed: one may be started."""
    return (
        account is not None
        and not Registration.objects.filter(
            wsib_account=account,
            status__in=[*REGISTRATION_IN_FLIGHT, RegistrationStatus.CONFIRMED],
        ).exists()
    )


@rules.predicate
def exemption_is_undecided(user, exemption) -> bool:
    return exemption is not None and EXEMPTION_FLOW.can(
        exemption, CertificationAction.EXEMPTION_APPROVED
    )


@rules.predicate
def person_is_active(user, person) -> bool:
    return person is not None and person.active


# --- permissions -------------------------------------------------------------------------
# Employer side: an SMR manages their own organization [SPEC §1]. Each permission takes the
# object (an organization, or anything registered with an organization path); the service
# asks it with `access.require`, its page with `access.allowed` to show or hide the action.
rules.add_perm("certification.manage_organization", is_smr_of)
rules.add_perm("certification.register_account", is_smr_of)
rules.add_perm("certification.start_registration", is_smr_of & wsib_account_is_unregistered)
rules.add_perm("certification.edit_registration", is_smr_of & registration_is_editable)
rules.add_perm("certification.submit_registration", is_smr_of & registration_is_submittable)
rules.add_perm("certification.manage_people", is_smr_of)
rules.add_perm("certification.add_people_records", is_an_smr)
rules.add_perm("certification.change_person", is_smr_of & person_is_active)
rules.add_perm("certification.request_exemption", is_smr_of)
rules.add_perm("certification.sign_code_of_ethics_as", is_the_person | is_smr_of)
rules.add_perm("certification.invite_member", is_smr_of)
rules.add_perm("certification.manage_members", is_smr_of)
rules.add_perm("certification.sign_code_of_ethics", is_employer_member | is_cb_staff)
# A page shows an employer's own wording (next steps) to members of the object's organization.
rules.add_perm("certification.view_as_member", is_member_of)
rules.add_perm("certification.view_people", is_employer_member | is_cb_staff)
# Certifying body: administrators verify registrations; staff decide exemptions. The
# queue permissions take no object (who works the queue); the decisions take the object.
rules.add_perm("certification.view_registration_queue", is_cb_staff)
rules.add_perm("certification.verify_registration", is_administrator)
rules.add_perm(
    "certification.confirm_registration", is_administrator & registration_awaits_verification
)
rules.add_perm(
    "certification.request_reregistration", is_administrator & registration_awaits_verification
)
rules.add_perm("certification.decide_exemption", is_cb_staff)
rules.add_perm("certification.approve_exemption", is_cb_staff & exemption_is_undecided)
rules.add_perm("certification.refuse_exemption", is_cb_staff & exemption_is_undecided)
# Certificates [001 §2.4]: issued by certifying-body staff (the reviewer approving a passing
# external audit report calls certificate_issue); revoked by an administrator; the public
# registry is published and its clients' keys issued by administrators [SPEC §1].
rules.add_perm("certification.issue_certificate", is_cb_staff)
rules.add_perm("certification.revoke_certificate", is_administrator)
rules.add_perm("certification.view_certificate_list", is_cb_staff)
rules.add_perm("certification.view_standings", is_cb_staff)
rules.add_perm("certification.publish_registry", is_administrator)
rules.add_perm("certification.manage_registry_clients", is_administrator)
# Programs are configuration (SPEC §6.3): every signed-in user reads them, administrators
# change them.
rules.add_perm("certification.manage_programs", is_administrator)


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
