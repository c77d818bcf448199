"""Validators shared by forms, API serializers and model fields, so pages and the API
give the same message for the same mistake."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certification.programs import (
    ACCOUNT_NUMBER_DB_REGEX,
    IHSA_ACCOUNT_FORMAT,
    AccountNumberFormat,
    account_number_problem,
)

# The number format of a compensation-board account is the program's
# (certification.programs.account_number_problem with `program.account_format`). IHSA's
# WSIB numbers: every public example has 7 digits and no official format or check digit was
# found (DOMAIN-NOTES): digits only, exactly 7, kept as text.
WSIB_NUMBER_LENGTH = 7
# Any program's account number, as the registry's bulk verification recognizes one.
ACCOUNT_NUMBER_REGEX = ACCOUNT_NUMBER_DB_REGEX


def wsib_number_problem(value: str, fmt: AccountNumberFormat = IHSA_ACCOUNT_FORMAT) -> str | None:
    """Why `value` is not an account/firm number of `fmt` (IHSA's WSIB by default), in plain
    words, or None if it is one."""
    return account_number_problem(value, fmt)


def validate_wsib_number(value: str) -> None:
    """Kept for the historical migrations that name it (IHSA's format)."""
    problem = wsib_number_problem(value)
    if problem:
        raise ValidationError(problem, code="wsib_number")


# Canada's provinces and territories by their postal abbreviations (Canada Post).
PROVINCES = frozenset(
    {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
)


def validate_province(value: str) -> None:
    if value not in PROVINCES:
        raise ValidationError(
            _("Enter a Canadian province or territory as its two letters, e.g. ON or QC."),
            code="province",
        )


def validate_single_line(value: str) -> None:
    """Names that go into e-mail subjects and headers: no line breaks or other control
    characters (a name with a newline could add lines to an official e-mail's header)."""
    if any(unicodedata.category(ch)[0] == "C" for ch in value or ""):
        raise ValidationError(
            _("Use one line of text, without line breaks or tabs."), code="single_line"
        )
