"""Writes for organizations and their WSIB accounts. Each function is one change: it checks
who may make it, validates, saves, and records history in the same transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.enums import CertificationAction, RegistrationStatus
from certification.models import Organization, Registration, WsibAccount
from certification.validators import wsib_number_problem
from cor_portal.access import require
from cor_portal.errors import DomainError
from cor_portal.history.services import diff, record

ORGANIZATION_FACT_FIELDS = (
    "legal_name",
    "operating_name",
    "street_address",
    "city",
    "province",
    "postal_code",
    "sector",
    "workers",
    "contact_name",
    "contact_email",
    "contact_phone",
)
WSIB_ACCOUNT_FACT_FIELDS = ("account_number", "firm_number", "ohsms_in_place_since")
# The numbers the administrator verifies when confirming a registration [001 §2.1].
WSIB_VERIFIED_FIELDS = ("account_number", "firm_number")
# While a registration in one of these states exists, the verified numbers are locked: the
# administrator is checking them (submitted/resubmitted) or has confirmed them (confirmed).
WSIB_NUMBERS_LOCKED_BY = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.RESUBMITTED,
    RegistrationStatus.CONFIRMED,
)


def _already_registered(organization: Organization) -> str:
    return _("This %(board)s account number is already registered.") % {
        "board": organization.account_label
    }


# The permissions take the object, so an SMR of another organization is refused even if a
# caller forgot to scope it (certification/rules.py).
SMR_ONLY = gettext_lazy("Only a Senior Management Representative of this organization may do this.")


def _first_validation_error(exc: ValidationError) -> DomainError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.message_dict.items()))
        return DomainError(errors[0], field=None if field == "__all__" else field)
    return DomainError(exc.messages[0])


def _validated(instance, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise DomainError(_("These facts cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    for field, value in values.items():
        setattr(instance, field, value)
    try:
        # Field validators, choices and check constraints; uniqueness is checked by the caller
        # with a message of our own.
        instance.full_clean(
            exclude=[f.name for f in instance._meta.fields if f.name not in allowed],
            validate_unique=False,
        )
    except ValidationError as exc:
        raise _first_validation_error(exc) from exc


@transaction.atomic
def organization_update(*, organization: Organization, values: dict[str, Any], by) -> Organization:
    """The SMR edits the organization's facts. History keeps each changed field's old and
    new value. Nothing is saved when a value is invalid."""
    require(by, "certification.manage_organization", organization, str(SMR_ONLY))
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    changes = diff(current, values)
    _validated(current, values, ORGANIZATION_FACT_FIELDS)
    if not changes:
        return current
    current.save(update_fields=list(changes))
    record(
        subject=current, actor=by, action=CertificationAction.ORGANIZATION_UPDATED, changes=changes
    )
    return current


def _check_number(field: str, value: str, organization: Organization) -> None:
    """The number in the format of the organization's program (WSIB: 7 digits; WCB…)."""
    problem = wsib_number_problem(value, organization.program.account_format)
    if problem:
        raise DomainError(problem, field=field)


@transaction.atomic
def wsib_account_create(
    *,
    organization: Organization,
    account_number: str,
    firm_number: str,
    ohsms_in_place_since: date | None,
    by,
) -> WsibAccount:
    """The SMR adds one of the organization's WSIB accounts. Each account is registered and
    achieves its COR separately [001 §1.2]. An account number already in the portal is
    refused without saying whose it is [001 §8]."""
    require(by, "certification.register_account", organization, str(SMR_ONLY))
    _check_number("account_number", account_number, organization)
    _check_number("firm_number", firm_number, organization)
    if WsibAccount.objects.filter(account_number=account_number).exists():
        raise DomainError(_already_registered(organization), field="account_number")
    try:
        with transaction.atomic():
            account = WsibAccount.objects.create(
                organization=organization,
                account_number=account_number,
                firm_number=firm_number,
                ohsms_in_place_since=ohsms_in_place_since,
            )
    except IntegrityError as exc:  # someone saved the same number a moment ago
        raise DomainError(_already_registered(organization), field="account_number") from exc
    record(
        subject=account,
        actor=by,
        action=CertificationAction.WSIB_ACCOUNT_CREATED,
        changes={
            "account_number": ("", account_number),
            "firm_number": ("", firm_number),
            "ohsms_in_place_since": (None, ohsms_in_place_since),
        },
    )
    return account


@transaction.atomic
def wsib_account_update(*, wsib_account: WsibAccount, values: dict[str, Any], by) -> WsibAccount:
    """The SMR corrects an account's facts.

    The account and firm numbers are what the administrator verifies [001 §2.1], so they are
    locked while a registration is submitted or resubmitted (being verified) or confirmed
    (verified): changing them then would make the verification meaningless. They may be
    changed while there is no registration, while it is a draft, and when re-registration was
    requested (which is exactly when the numbers need fixing). The date the OHSMS was put in
    place is not verified at registration and may be corrected at any time."""
    account = WsibAccount.objects.select_for_update().get(pk=wsib_account.pk)
    require(by, "certification.register_account", account, str(SMR_ONLY))
    changes = diff(account, values)
    if set(changes) & set(WSIB_VERIFIED_FIELDS):
        locked = Registration.objects.filter(
            wsib_account=account, status__in=WSIB_NUMBERS_LOCKED_BY
        ).exists()
        if locked:
            field = next(f for f in WSIB_VERIFIED_FIELDS if f in changes)
            raise DomainError(
                _(
                    "The account and firm numbers cannot be changed while a registration is "
                    "being verified or after it was confirmed. Contact the certifying body."
                ),
                field=field,
            )
    for field in WSIB_VERIFIED_FIELDS:
        if field in changes:
            _check_number(field, values[field], account.organization)
    if (
        "account_number" in changes
        and WsibAccount.objects.filter(account_number=values["account_number"])
        .exclude(pk=account.pk)
        .exists()
    ):
        raise DomainError(_already_registered(account.organization), field="account_number")
    _validated(account, values, WSIB_ACCOUNT_FACT_FIELDS)
    if not changes:
        return account
    try:
        with transaction.atomic():
            account.save(update_fields=list(changes))
    except IntegrityError as exc:
        raise DomainError(
            _already_registered(account.organization), field="account_number"
        ) from exc
    record(
        subject=account, actor=by, action=CertificationAction.WSIB_ACCOUNT_UPDATED, changes=changes
    )
    return account
