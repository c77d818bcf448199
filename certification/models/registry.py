from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.enums import Sector, Standing
from certification.programs import ACCOUNT_NUMBER_MAX_DIGITS

from .organization import WsibAccount


class RegistryPublication(models.Model):
    """One publication of the public registry [SPEC §9]: a snapshot of the certified accounts,
    made by an administrator. The registry page, the feed and its ETag read the latest one
    only, so nothing appears or disappears publicly until someone publishes."""

    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Shown publicly beside the date: the publisher's name as it was then.
    published_by_name = models.CharField(_("published by"), max_length=300)
    listed = models.PositiveIntegerField(_("accounts listed"), default=0)
    # SHA-256 of the listed entries, part of the feed's ETag.
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = ["published_at", "id"]

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d %H:%M} ({self.listed})"


class RegistryEntry(models.Model):
    """One account in one publication, with only what the registry shows. A `removed` entry
    is a tombstone: the account was listed before and is no longer (lapsed, revoked), so
    `changed_since` can tell a client to drop it. `changed_at` is when this account's
    public row last changed, carried from publication to publication."""

    publication = models.ForeignKey(
        RegistryPublication, on_delete=models.CASCADE, related_name="entries"
    )
    wsib_account = models.ForeignKey(WsibAccount, on_delete=models.PROTECT, related_name="+")
    # As long as any program's account number (WCB: up to 9 digits), not only WSIB's 7.
    wsib_account_number = models.CharField(max_length=ACCOUNT_NUMBER_MAX_DIGITS)
    organization = models.CharField(max_length=200)
    operating_name = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    certificate_number = models.CharField(max_length=32)
    standing = models.CharField(max_length=32, choices=Standing.choices)
    anniversary_date = models.DateField()
    expiry_date = models.DateField()
    changed_at = models.DateTimeField()
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["organization", "wsib_account_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "wsib_account"], name="registryentry_one_per_account"
            ),
        ]
        indexes = [
            models.Index(
                fields=["publication", "removed", "organization", "wsib_account_number"],
                name="registryentry_list_idx",
            ),
            models.Index(fields=["publication", "changed_at"], name="registryentry_changed_idx"),
            models.Index(
                fields=["publication", "certificate_number"], name="registryentry_cert_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number} {self.organization}"


class RegistryClient(models.Model):
    """An H&S registry or a buyer of services [SPEC §1, 003] holding a scoped, read-only API
    key (accounts.ApiToken with scope "registry", owned by the client's own service user,
    which has no password and no organization)."""

    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Requests per minute for this client's key (the per-key rate limit).
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=60)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registry_client"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_per_minute__gte=1, rate_per_minute__lte=10000),
                name="registryclient_rate_in_range",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="registryclient_name_present"),
        ]

    def __str__(self) -> str:
        return self.name
