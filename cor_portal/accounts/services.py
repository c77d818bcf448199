"""Staff accounts: administrators invite certifying-body staff and external auditors; the
invited person sets their own username and password from the e-mailed link. Employer users
never come this way (they sign up or are invited by their SMR)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.accounts.enums import AccountAction
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import record
from cor_portal.notifications.services import email_queue, prefixed

from .enums import INVITABLE_BY_ADMINISTRATOR, UserRole
from .models import StaffInvitation, User

# The link is a bearer secret sent by e-mail: it stops working after two weeks.
STAFF_INVITATION_VALID_DAYS = 14


def staff_invitation_expires_at(created_at: datetime) -> datetime:
    return created_at + timedelta(days=STAFF_INVITATION_VALID_DAYS)


def staff_invitation_expired(created_at: datetime, now: datetime) -> bool:
    return now >= staff_invitation_expires_at(created_at)


def staff_invitation_url(invitation: StaffInvitation) -> str:
    return reverse("staff_invitation_accept", kwargs={"token": invitation.token})


@transaction.atomic
def staff_invite(*, by: User, email: str, role: str, auditing_company: str = "") -> StaffInvitation:
    if not (by.is_authenticated and by.is_administrator):
        raise NotAllowed(_("Only administrators can invite staff and external auditors."))
    email = (email or "").strip()
    auditing_company = (auditing_company or "").strip()
    if not email:
        raise DomainError(_("Enter the e-mail address to invite."), field="email")
    if role not in INVITABLE_BY_ADMINISTRATOR:
        raise DomainError(
            _("Choose a staff or external auditor role; employer users sign up themselves."),
            field="role",
        )
    if auditing_company and role != UserRole.EXTERNAL_AUDITOR:
        raise DomainError(
            _("Only external auditors belong to an auditing company; leave it empty."),
            field="auditing_company",
        )
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("A user with this e-mail address already exists."), field="email")
    for stale in StaffInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True):
        if staff_invitation_expired(stale.created_at, timezone.now()):
            # Replaced by the new invitation; its link is dead anyway.
            record(
                subject=stale,
                actor=by,
                action=AccountAction.INVITATION_EXPIRED,
                from_state="open",
                to_state="expired",
            )
            stale.delete()
    if StaffInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True).exists():
        raise DomainError(_("An invitation to this e-mail address is already open."), field="email")
    invitation = StaffInvitation.objects.create(
        email=email, role=role, auditing_company=auditing_company, invited_by=by
    )
    record(
        subject=invitation,
        actor=by,
        action=AccountAction.INVITED,
        to_state="open",
        changes={"email": (None, email), "role": (None, role)},
    )
    email_queue(
        to=email,
        subject=prefixed(_("Your COR Portal account")),
        body=_(
            "%(who)s invited you to the COR Portal as %(role)s.\n\n"
            "Open this link to choose your username and password:\n%(url)s\n"
        )
        % {
            "who": by,
            "role": UserRole(role).label,
            "url": f"{settings.SITE_URL}{staff_invitation_url(invitation)}",
        },
    )
    return invitation


def staff_invitation_open(token: str) -> StaffInvitation | None:
    return StaffInvitation.objects.filter(token=token, accepted_at__isnull=True).first()


@transaction.atomic
def staff_invitation_accept(
    *, token: str, username: str, password: str, first_name: str, last_name: str
) -> User:
    """Creates the invited person's account with the invited role; the e-mail address is
    verified by the link itself."""
    from allauth.account.models import EmailAddress

    invitation = StaffInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise DomainError(_("This invitation link is not valid; it may have been revoked."))
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."))
    if staff_invitation_expired(invitation.created_at, timezone.now()):
        raise DomainError(_("This invitation has expired; ask an administrator for a new one."))
    if invitation.role == UserRole.EMPLOYER:  # the database refuses it too
        raise DomainError(_("This invitation is not valid."))
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Choose a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken; choose another."), field="username")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(_("A user with this e-mail address already exists."))
    user = User(
        username=username,
        email=invitation.email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        role=invitation.role,
        auditing_company=invitation.auditing_company,
        # Administrators use Django admin; nobody else may (admin.py checks the role too).
        is_staff=invitation.role == UserRole.ADMINISTRATOR,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DomainError(_("This username is taken; choose another."), field="username") from exc
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    updated = StaffInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if updated != 1:
        raise DomainError(_("This invitation has already been used."))
    record(
        subject=invitation,
        actor=user,
        action=AccountAction.INVITATION_ACCEPTED,
        from_state="open",
        to_state="accepted",
    )
    record(
        subject=user,
        actor=user,
        action=AccountAction.CREATED,
        to_state=user.role,
        reason="Staff invitation",
    )
    return user


@transaction.atomic
def staff_invitation_revoke(*, by: User, invitation: StaffInvitation) -> None:
    if not (by.is_authenticated and by.is_administrator):
        raise NotAllowed(_("Only administrators can revoke invitations."))
    deleted, _detail = StaffInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise DomainError(_("This invitation was already accepted or revoked."))
    # The row is gone (the model keeps no revoked state); its history stays.
    record(
        subject=invitation,
        actor=by,
        action=AccountAction.INVITATION_REVOKED,
        from_state="open",
        to_state="revoked",
    )
