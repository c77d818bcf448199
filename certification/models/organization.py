import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from certification.enums import MemberRole, Sector
from certification.programs import (
    ACCOUNT_NUMBER_DB_REGEX,
    ACCOUNT_NUMBER_MAX_DIGITS,
    DEFAULT_PROGRAM_CODE,
)
from certification.validators import validate_province, validate_single_line

if TYPE_CHECKING:
    from cor_portal.notifications.services import ByLanguage


class Organization(models.Model):
    legal_name = models.CharField(
        _("legal name"), max_length=200, validators=[validate_single_line]
    )
    operating_name = models.CharField(
        _("operating name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(
        _("province"), max_length=2, default="ON", validators=[validate_province]
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    # The certifying partner's rule set the organization's accounts are certified under
    # (SPEC §6.3): benchmarks, audit tools, action plans, the compensation-board account.
    program = models.ForeignKey(
        "certification.Program",
        on_delete=models.PROTECT,
        related_name="organizations",
        default=DEFAULT_PROGRAM_CODE,
        verbose_name=_("program"),
    )
    workers = models.PositiveIntegerField(_("number of workers"), default=1)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["legal_name"]
        indexes = [
            # Organizations and WSIB accounts are listed by legal name (README "Indexes").
            models.Index(fields=["legal_name", "id"], name="organization_legal_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sector__in=Sector.values), name="organization_sector_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_name=""), name="organization_legal_name_present"
            ),
        ]

    def __str__(self) -> str:
        return self.operating_name or self.legal_name

    @property
    def account_label(self) -> str:
        """ "WSIB", "WCB"… (the program's name of its accounts) in the active language."""
        from certification.models.programs import account_label_of, label_in_language

        if Organization.program.is_cached(self):  # read with the organization: no query
            program = self.program
            return label_in_language(program.account_label, program.account_label_fr)
        return account_label_of(self.program_id)

    @property
    def account_label_text(self) -> "ByLanguage":
        """The label in both languages (a Localized parameter, rendered per reader)."""
        from certification.models.programs import account_label_text

        return account_label_text(self.program_id)


class Membership(models.Model):
    """An employer user's role in their organization. One organization per employer user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=MemberRole.values), name="membership_role_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.organization}"


def _token() -> str:
    return secrets.token_urlsafe(32)


class MemberInvitation(models.Model):
    """An SMR invites a colleague (internal auditor, viewer, another SMR) by e-mail."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=MemberRole.choices)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="memberinvitation_one_open_per_email",
            )
        ]


class WsibAccount(models.Model):
    """An employer's compensation-board account (WSIB in Ontario, WCB in Alberta: the name
    and number format are the organization's program's, `account_format`) registered (or to
    be registered) in COR. Each account achieves and keeps its own COR [001 §1.2]; audits,
    certificates and standing hang off it. The model keeps its historical name."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="wsib_accounts"
    )
    # Text, not integers: leading zeros are part of the number.
    # The program's format (digits, how many) is checked by the services, forms and
    # serializers (certification.programs.account_number_problem); the database keeps
    # "digits only, at most 12" for every program.
    account_number = models.CharField(
        _("account number"), max_length=ACCOUNT_NUMBER_MAX_DIGITS, unique=True
    )
    firm_number = models.CharField(_("firm number"), max_length=ACCOUNT_NUMBER_MAX_DIGITS)
    ohsms_in_place_since = models.DateField(
        _("OHSMS in place since"),
        null=True,
        blank=True,
        help_text=_("The date the health and safety management system was put in place."),
    )
    # THE STORED COR STANDING OUTCOME [SPEC §4, §5 D6–D8] — what other apps read:
    #   NULL       not tracked: no certificate issued under the maintenance plan (legacy rows);
    #              certification/standing.py then derives pending/lapsed from the dates;
    #   ""         clear: certified (year 1/2/3) while its certificate is active;
    #   "pending"  D6 missed (no LGS / new certificate by anniversary + 30): still certified;
    #   "lapsed"   D7 or D8 missed (+ 90): the certificate ended, the account starts over.
    # Written only by certification/services/maintenance.py (the deadline sweep's consequences
    # and the LGS / certificate services), with `cor_hold_since` the day it began.
    cor_hold = models.CharField(  # noqa: DJ001  # NULL (not tracked) differs from "" (clear)
        _("COR standing hold"), max_length=16, null=True, blank=True
    )
    cor_hold_since = models.DateField(_("standing hold since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account_number__regex=ACCOUNT_NUMBER_DB_REGEX),
                name="wsibaccount_account_number_digits",
                violation_error_message=_("The account number must be digits only."),
            ),
            models.CheckConstraint(
                condition=models.Q(firm_number__regex=ACCOUNT_NUMBER_DB_REGEX),
                name="wsibaccount_firm_number_digits",
                violation_error_message=_("The firm number must be digits only."),
            ),
            models.CheckConstraint(
                condition=models.Q(cor_hold__isnull=True)
                | models.Q(cor_hold__in=["", "pending", "lapsed"]),
                name="wsibaccount_cor_hold_valid",
            ),
        ]

    def __str__(self) -> str:
        # The label costs a query unless organization__program came with the account.
        return f"{self.account_label} {self.account_number}"

    @property
    def account_label(self) -> str:
        """ "WSIB", "WCB"… in the active language, from the organization's program."""
        return self.organization.account_label

    @property
    def account_label_text(self) -> "ByLanguage":
        """The label in both languages, for a text rendered later in its reader's language
        (a Localized parameter of an e-mail, an inbox message or a deadline title)."""
        from certification.models.programs import account_label_text

        return account_label_text(self.organization.program_id)
