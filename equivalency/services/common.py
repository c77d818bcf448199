"""Shared helpers of the equivalency services."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from certification.limits import check_length
from cor_portal.errors import DomainError

D9, D10, D11 = "D9", "D10", "D11"
TEXT_MAX_LENGTH = 5000
FEE_MAX = Decimal("99999999.99")


def text(value, *, field: str, required: bool, message: str = "") -> str:
    value = check_length((value or "").strip(), limit=TEXT_MAX_LENGTH, field=field)
    if required and not value:
        raise DomainError(message or _("This field is required."), field=field)
    return value


def fee(value, *, field: str = "fee_amount") -> Decimal:
    """A fee in dollars and cents, exact (never a float)."""
    if value is None or value == "":
        raise DomainError(_("Record the fee (amount in dollars)."), field=field)
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Give the fee as an amount such as 450.00."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount > FEE_MAX:
        raise DomainError(_("Give the fee as an amount such as 450.00."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("A fee has at most two decimals (cents)."), field=field)
    return amount.quantize(Decimal("0.01"))


def a_date(value, *, field: str, required: bool = True) -> date | None:
    if value is None or value == "":
        if required:
            raise DomainError(_("Give the date."), field=field)
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise DomainError(_("Give the date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, date):
        raise DomainError(_("Give the date as YYYY-MM-DD."), field=field)
    return value


def not_future(value: date | None, today: date, *, field: str) -> date:
    if value is None:
        raise DomainError(_("Give the date."), field=field)
    if value > today:
        raise DomainError(
            _("%(date)s is in the future.") % {"date": value.isoformat()}, field=field
        )
    return value
