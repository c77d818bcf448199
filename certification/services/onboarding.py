"""Onboarding of employer users: creating an organization with its first SMR, inviting
colleagues, accepting or revoking invitations, changing members' roles.

Every function is keyword-only and atomic, records history on the organization inside its
transaction and queues e-mails on commit. Bad input raises DomainError naming the field;
nothing is changed then."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.enums import CertificationAction, EmploymentStatus, MemberRole, Sector
from certification.models import MemberInvitation, Membership, Organization, Person
from cor_portal.access import require
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import record
from cor_portal.notifications.services import email_queue, prefixed


@dataclass(frozen=True)
class OrganizationFacts:
    legal_name: str
    sector: str
    workers: int
    operating_name: str = ""
    street_address: str = ""
    city: str = ""
    postal_code: str = ""
    contact_phone: str = ""
    # The SMR's own facts (the Person record of the user creating the organization).
    smr_first_name: str = ""
    smr_last_name: str = ""
    smr_job_title: str = ""
    smr_employment_status: str = EmploymentStatus.PERMANENT_FULL_TIME


# --- pure rules ----------------------------------------------------------------------------


def organization_facts_problems(facts: OrganizationFacts) -> dict[str, str]:
    """What is wrong with `facts`, as {field: message}; empty when nothing is."""
    problems: dict[str, str] = {}
    if not facts.legal_name.strip():
        problems["legal_name"] = _("Enter the organization's legal name.")
    if facts.sector not in Sector.values:
        problems["sector"] = _("Choose the organization's sector.")
    if not isinstance(facts.workers, int) or facts.workers < 1:
        problems["workers"] = _("Enter the number of workers (at least 1).")
    if not facts.smr_first_name.strip():
        problems["smr_first_name"] = _("Enter your first name.")
    if not facts.smr_last_name.strip():
        problems["smr_last_name"] = _("Enter your last name.")
    if facts.smr_employment_status not in EmploymentStatus.values:
        problems["smr_employment_status"] = _("Choose your employment status.")
    return problems


def smr_count_after(roles: list[str], *, changing_index: int, new_role: str | None) -> int:
    """How many SMRs an organization would have if the member at `changing_index` took
    `new_role` (None: removed). Used so the last SMR can never disappear."""
    after = [
        (new_role if i == changing_index else role)
        for i, role in enumerate(roles)
        if not (i == changing_index and new_role is None)
    ]
    return sum(1 for role in after if role == MemberRole.SMR)


# An invitation link is a bearer secret sent by e-mail: it stops working after two weeks.
INVITATION_VALID_DAYS = 14


def invitation_expires_at(created_at: datetime) -> datetime:
    return created_at + timedelta(days=INVITATION_VALID_DAYS)


def invitation_expired(created_at: datetime, now: datetime) -> bool:
    return now >= invitation_expires_at(created_at)


# --- services ------------------------------------------------------------------------------


def _require_employer_without_organization(user, *, message: str) -> None:
    if not user.is_authenticated or not user.is_employer:
        raise NotAllowed(_("Only employer users can do this."))
    if Membership.objects.filter(user=user).exists():
        raise DomainError(message, field="organization")


@transaction.atomic
def organization_create_with_smr(*, by, facts: OrganizationFacts) -> Organization:
    """An employer user with no organization creates one and becomes its SMR: the
    Organization, their Membership (SMR) and their Person record (is_smr)."""
    _require_employer_without_organization(
        by, message=_("You already belong to an organization; you cannot create another.")
    )
    problems = organization_facts_problems(facts)
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    org = Organization.objects.create(
        legal_name=facts.legal_name.strip(),
        operating_name=facts.operating_name.strip(),
        street_address=facts.street_address.strip(),
        city=facts.city.strip(),
        postal_code=facts.postal_code.strip().upper(),
        sector=facts.sector,
        workers=facts.workers,
        contact_name=f"{facts.smr_first_name.strip()} {facts.smr_last_name.strip()}",
        contact_email=by.email,
        contact_phone=facts.contact_phone.strip(),
        created_by=by,
    )
    try:
        with transaction.atomic():
            Membership.objects.create(user=by, organization=org, role=MemberRole.SMR)
    except IntegrityError as exc:  # a second request of the same user won the race
        raise DomainError(
            _("You already belong to an organization; you cannot create another."),
            field="organization",
        ) from exc
    person = Person.objects.create(
        organization=org,
        user=by,
        first_name=facts.smr_first_name.strip(),
        last_name=facts.smr_last_name.strip(),
        email=by.email,
        job_title=facts.smr_job_title.strip(),
        is_smr=True,
        employment_status=facts.smr_employment_status,
    )
    if not (by.first_name or by.last_name):
        # Sign-up asks only for e-mail and username; the SMR's name is known now.
        by.first_name, by.last_name = person.first_name, person.last_name
        by.save(update_fields=["first_name", "last_name"])
    record(subject=org, actor=by, action=CertificationAction.CREATED, to_state="created")
    record(
        subject=org,
        actor=by,
        action=CertificationAction.MEMBER_ADDED,
        changes={"member": (None, by.get_username()), "role": (None, MemberRole.SMR)},
    )
    record(
        subject=person,
        actor=by,
        action=CertificationAction.CREATED,
        reason=_("Organization created by its SMR"),
    )
    return org


def invitation_url(invitation: MemberInvitation) -> str:
    return reverse("invitation_accept", kwargs={"token": invitation.token})


MEMBERS_SMR_ONLY = gettext_lazy("Only the organization's SMR can manage its members.")


@transaction.atomic
def member_invite(*, by, organization: Organization, email: str, role: str) -> MemberInvitation:
    """The SMR invites a colleague by e-mail; the e-mail carries the acceptance link."""
    require(by, "certification.invite_member", organization, str(MEMBERS_SMR_ONLY))
    email = (email or "").strip()
    if not email:
        raise DomainError(_("Enter the colleague's e-mail address."), field="email")
    if role not in MemberRole.values:
        raise DomainError(_("Choose a role for the colleague."), field="role")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise DomainError(
            _("Someone with this e-mail address is already a member of your organization."),
            field="email",
        )
    open_ones = MemberInvitation.objects.filter(
        organization=organization, email__iexact=email, accepted_at__isnull=True
    )
    for stale in list(open_ones):
        if invitation_expired(stale.created_at, timezone.now()):
            # An expired invitation is replaced by the new one (its link is dead anyway).
            stale.delete()
            record(
                subject=organization,
                actor=by,
                action=CertificationAction.MEMBER_INVITATION_EXPIRED,
                changes={"invitation": (stale.email, None)},
            )
    if open_ones.all().exists():  # a fresh query: the loop above filled the cache
        raise DomainError(
            _("An invitation to this e-mail address is already open; revoke it first."),
            field="email",
        )
    invitation = MemberInvitation.objects.create(
        organization=organization, email=email, role=role, invited_by=by
    )
    record(
        subject=organization,
        actor=by,
        action=CertificationAction.MEMBER_INVITED,
        changes={"invitation": (None, email), "role": (None, role)},
    )
    role_label = MemberRole(role).label
    email_queue(
        to=email,
        subject=prefixed(_("You are invited to join %(org)s") % {"org": organization}),
        body=_(
            "%(who)s invited you to join %(org)s on the COR Portal as %(role)s.\n\n"
            "Open this link to accept (you can sign up or log in there):\n%(url)s\n"
        )
        % {
            "who": by,
            "org": organization,
            "role": role_label,
            "url": f"{settings.SITE_URL}{invitation_url(invitation)}",
        },
    )
    return invitation


@transaction.atomic
def member_invitation_revoke(*, by, invitation: MemberInvitation) -> None:
    """The SMR withdraws an open invitation; its link stops working at once. The invitation
    row is deleted (the model keeps no revoked state); the history keeps the fact."""
    require(by, "certification.manage_members", invitation, str(MEMBERS_SMR_ONLY))
    deleted, _detail = MemberInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise DomainError(_("This invitation was already accepted or revoked."))
    record(
        subject=invitation.organization,
        actor=by,
        action=CertificationAction.MEMBER_INVITATION_REVOKED,
        changes={"invitation": (invitation.email, None)},
    )


def invitation_open(token: str) -> MemberInvitation | None:
    """The open invitation with this token, or None (unknown, revoked or accepted)."""
    return (
        MemberInvitation.objects.select_related("organization", "invited_by")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )


def invitations_waiting_for(user) -> list[MemberInvitation]:
    """Open invitations sent to one of the user's verified addresses, so someone who signed
    up instead of following their invitation link can still find it."""
    from allauth.account.models import EmailAddress

    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if not emails:
        return []
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    cutoff = timezone.now() - timedelta(days=INVITATION_VALID_DAYS)
    return list(
        MemberInvitation.objects.filter(query, accepted_at__isnull=True, created_at__gt=cutoff)
        .select_related("organization")
        .order_by("created_at")
    )


INVITATION_OTHER_ADDRESS = gettext_lazy(
    "This invitation was sent to another e-mail address. Log in with the account that uses "
    "the invited address (verified), or ask the person who invited you to invite yours."
)


def invitation_addressed_to(invitation: MemberInvitation, user) -> bool:
    """Whether `user` has a verified e-mail address equal (case-insensitive) to the one the
    invitation was sent to: the link is the invited person's, not whoever holds it."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email
    ).exists()


@transaction.atomic
def member_invitation_accept(*, user, token: str) -> Membership:
    """A logged-in employer user without an organization accepts an invitation and joins."""
    invitation = (
        MemberInvitation.objects.select_for_update()
        .select_related("organization")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise DomainError(_("This invitation link is not valid; it may have been revoked."))
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."))
    if invitation_expired(invitation.created_at, timezone.now()):
        raise DomainError(
            _("This invitation has expired; ask the person who invited you for a new one.")
        )
    if not user.is_employer:
        raise NotAllowed(
            _("Only employer users can join an organization; your account is a staff account.")
        )
    if Membership.objects.filter(user=user).exists():
        raise DomainError(
            _(
                "You already belong to an organization. An account can belong to one "
                "organization only; ask the person who invited you to use another e-mail address."
            )
        )
    if not invitation_addressed_to(invitation, user):
        raise NotAllowed(str(INVITATION_OTHER_ADDRESS))
    updated = MemberInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if updated != 1:
        raise DomainError(_("This invitation has already been used."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organization=invitation.organization, role=invitation.role
            )
    except IntegrityError as exc:
        raise DomainError(_("You already belong to an organization.")) from exc
    record(
        subject=invitation.organization,
        actor=user,
        action=CertificationAction.MEMBER_JOINED,
        changes={"member": (None, user.get_username()), "role": (None, invitation.role)},
    )
    return membership


def _membership_of_org(organization: Organization, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, organization=organization)
        .first()
    )
    if membership is None:
        raise DomainError(_("This person is not a member of your organization."))
    return membership


def _roles_in(organization: Organization) -> list[tuple[int, str]]:
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization)
        .order_by("pk")
        .values_list("pk", "role")
    )


@transaction.atomic
def member_role_change(*, by, membership: Membership, role: str) -> Membership:
    organization = membership.organization
    require(by, "certification.manage_members", organization, str(MEMBERS_SMR_ONLY))
    if role not in MemberRole.values:
        raise DomainError(_("Choose a role."), field="role")
    members = _roles_in(organization)  # locks the organization's memberships
    current = _membership_of_org(organization, membership.pk)
    if current.role == role:
        return current
    index = [pk for pk, _r in members].index(current.pk)
    if smr_count_after([r for _pk, r in members], changing_index=index, new_role=role) == 0:
        raise DomainError(
            _("The organization must keep at least one SMR; make someone else SMR first."),
            field="role",
        )
    updated = Membership.objects.filter(pk=current.pk, role=current.role).update(role=role)
    if updated != 1:
        raise DomainError(_("This member's role changed meanwhile; reload the page."))
    record(
        subject=organization,
        actor=by,
        action=CertificationAction.MEMBER_ROLE_CHANGED,
        from_state=current.role,
        to_state=role,
        changes={"member": (current.user.get_username(), current.user.get_username())},
    )
    current.role = role
    return current


@transaction.atomic
def member_remove(*, by, membership: Membership) -> None:
    organization = membership.organization
    require(by, "certification.manage_members", organization, str(MEMBERS_SMR_ONLY))
    members = _roles_in(organization)
    current = _membership_of_org(organization, membership.pk)
    index = [pk for pk, _r in members].index(current.pk)
    if smr_count_after([r for _pk, r in members], changing_index=index, new_role=None) == 0:
        raise DomainError(
            _("The organization must keep at least one SMR; make someone else SMR first.")
        )
    Membership.objects.filter(pk=current.pk).delete()
    record(
        subject=organization,
        actor=by,
        action=CertificationAction.MEMBER_REMOVED,
        changes={"member": (current.user.get_username(), None), "role": (current.role, None)},
    )
