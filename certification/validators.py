"""Validators shared by forms, API serializers and model fields, so pages and the API
give the same message for the same mistake."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every public example of a WSIB account or firm number has 7 digits and no official
# format or check digit was found (DOMAIN-NOTES): digits only, exactly 7, kept as text.
WSIB_NUMBER_LENGTH = 7
WSIB_NUMBER_REGEX = r"^[0-9]{7}$"
_WSIB_NUMBER = re.compile(WSIB_NUMBER_REGEX)


def wsib_number_problem(value: str) -> str | None:
    """Why `value` is not a WSIB account/firm number, in plain words, or None if it is one."""
    if value is None or value == "":
        return str(_("Enter the number."))
    if any(ch.isspace() for ch in value):
        return str(_("Enter the number without spaces."))
    if not value.isascii() or not value.isdigit():
        return str(_("Use digits only (0–9), no letters or punctuation."))
    if len(value) != WSIB_NUMBER_LENGTH:
        return str(
            _("The number must be exactly %(n)d digits; this one has %(got)d.")
            % {"n": WSIB_NUMBER_LENGTH, "got": len(value)}
        )
    assert _WSIB_NUMBER.match(value)
    return None


def validate_wsib_number(value: str) -> None:
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
