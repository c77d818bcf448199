from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGIN_LOCKED = "login_locked", _("Login refused: too many failures")
    MFA_FAILED = "mfa_failed", _("Wrong two-factor code")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ACCESS_DENIED = "access_denied", _("Access refused (403)")
    ACCESS_HIDDEN = "access_hidden", _("Access refused as not found (404)")
    DOWNLOADED = "downloaded", _("File downloaded")
    ROLE_CHANGED = "role_changed", _("Role or administrator powers changed")


class SecurityEvent(models.Model):
    """One append-only line of the security log: authentication, tokens, refused access,
    changes of roles. Never updated or deleted (a PostgreSQL trigger refuses both, as for
    history); kept when the user is deleted (no foreign-key constraint)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    login = models.CharField(_("login typed"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "at"]), models.Index(fields=["user", "at"])]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The security log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The security log is append-only.")
