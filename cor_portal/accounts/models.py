import secrets
import uuid

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from .enums import CERTIFYING_BODY_ROLES, ApiTokenScope, UserRole


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=32, choices=UserRole.choices, default=UserRole.EMPLOYER
    )
    auditing_company = models.CharField(
        _("auditing company"),
        max_length=200,
        blank=True,
        help_text=_("External auditors: the auditing company they belong to, if any."),
    )
    # The language the portal's pages, e-mails and documents addressed to this user use.
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of your pages, e-mails and documents."),
    )

    class Meta:
        indexes = [
            # Whom a desk review may go to (reviewers by name) and the other role lists: the
            # staff of one role in name order, without scanning every employer user.
            models.Index(
                fields=["role", "last_name", "first_name", "username"], name="user_role_name"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=UserRole.values), name="user_role_valid"
            ),
        ]

    def has_perm(self, perm: str, obj=None) -> bool:
        """The portal's own rules (django-rules) decide for everyone, superusers included:
        the superuser flag opens Django admin but never gives a certifying-body user an
        employer's action (sign-off, submit) or anything else a rule does not grant."""
        if rules.perm_exists(perm):
            return bool(self.is_active and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    @property
    def is_certifying_body_staff(self) -> bool:
        return self.role in CERTIFYING_BODY_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == UserRole.ADMINISTRATOR or self.is_superuser

    @property
    def is_external_auditor(self) -> bool:
        return self.role == UserRole.EXTERNAL_AUDITOR

    @property
    def is_employer(self) -> bool:
        return self.role == UserRole.EMPLOYER

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class StaffInvitation(models.Model):
    """An administrator invites certifying-body staff or an external auditor by e-mail."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(max_length=32, choices=UserRole.choices)
    auditing_company = models.CharField(max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=UserRole.EMPLOYER), name="staffinvitation_not_employer"
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="staffinvitation_one_open_per_email",
            ),
        ]


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox, settings.KNOX_TOKEN_MODEL): only the SHA-512 digest
    is stored, it expires (REST_KNOX TOKEN_TTL), and `credentials` ties it to its owner's
    password and second factors as they were when it was issued — changing either ends
    every token issued before (accounts.tokens)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    scope = models.CharField(
        _("scope"), max_length=16, choices=ApiTokenScope.choices, default=ApiTokenScope.USER
    )
    credentials = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
