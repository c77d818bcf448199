"""Rules that differ between certifying programs, as pure functions over plain values
[SPEC §6.3]. The values come from a `certification.models.Program` row (configuration,
edited by an administrator); nothing here branches on a province or a program's code.

Compensation-board account numbers [DOMAIN-NOTES "WSIB numbers"]: digits only, kept as text
(leading zeros are part of the number), between the program's minimum and maximum number of
digits. IHSA (Ontario, WSIB): exactly 7. ACSA (Alberta, WCB): no official format was found
either; the portal accepts 7 to 9 digits (a decision, configurable on the program)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The program that existing data and new organizations belong to unless told otherwise.
DEFAULT_PROGRAM_CODE = "ihsa"

# The widest number any program may configure (the column's length and the DB check).
ACCOUNT_NUMBER_MAX_DIGITS = 12
ACCOUNT_NUMBER_DB_REGEX = r"^[0-9]{1,12}$"


@dataclass(frozen=True)
class AccountNumberFormat:
    """The name and number format of an employer's compensation-board account."""

    label: str = "WSIB"  # short name shown before "account number": "WSIB", "WCB"
    min_digits: int = 7
    max_digits: int = 7
    # The French short name ("CSPAAT"); empty: the English one. Not part of the format.
    label_fr: str = field(default="", compare=False)

    @property
    def label_display(self) -> str:
        """The short name in the active language."""
        if (get_language() or "").startswith("fr") and self.label_fr:
            return self.label_fr
        return self.label


IHSA_ACCOUNT_FORMAT = AccountNumberFormat(label_fr="CSPAAT")


def digits_text(fmt: AccountNumberFormat) -> str:
    """ "7 digits", "7 to 9 digits": how long a number of this format is."""
    if fmt.min_digits == fmt.max_digits:
        return _("%(n)d digits") % {"n": fmt.min_digits}
    return _("%(min)d to %(max)d digits") % {"min": fmt.min_digits, "max": fmt.max_digits}


def formats_text(formats: Sequence[AccountNumberFormat]) -> str:
    """ "WSIB: 7 digits; WCB: 7 to 9 digits": every program's account number at once."""
    return "; ".join(
        _("%(board)s: %(digits)s") % {"board": f.label_display, "digits": digits_text(f)}
        for f in formats
    )


def is_account_number(value: str, formats: Sequence[AccountNumberFormat]) -> bool:
    """Whether `value` is an account number of any of these programs' formats."""
    return any(account_number_problem(value, f) is None for f in formats)


def account_number_problem(value: str | None, fmt: AccountNumberFormat) -> str | None:
    """Why `value` is not an account/firm number of this format, in plain words (in the
    active language), or None if it is one."""
    if value is None or value == "":
        return _("Enter the number.")
    if any(ch.isspace() for ch in value):
        return _("Enter the number without spaces.")
    if not value.isascii() or not value.isdigit():
        return _("Use digits only (0–9), no letters or punctuation.")
    if fmt.min_digits == fmt.max_digits:
        if len(value) != fmt.min_digits:
            return _("The number must be exactly %(n)d digits; this one has %(got)d.") % {
                "n": fmt.min_digits,
                "got": len(value),
            }
    elif not fmt.min_digits <= len(value) <= fmt.max_digits:
        return _("The number must have %(min)d to %(max)d digits; this one has %(got)d.") % {
            "min": fmt.min_digits,
            "max": fmt.max_digits,
            "got": len(value),
        }
    return None


def format_problems(fmt: AccountNumberFormat) -> list[str]:
    """What is wrong with a program's configured format (admin and API)."""
    problems = []
    if not (fmt.label or "").strip():
        problems.append(_("Give the account's short name, e.g. WSIB or WCB."))
    if not 1 <= fmt.min_digits <= fmt.max_digits <= ACCOUNT_NUMBER_MAX_DIGITS:
        problems.append(
            _("The digits must satisfy 1 ≤ minimum ≤ maximum ≤ %(max)d.")
            % {"max": ACCOUNT_NUMBER_MAX_DIGITS}
        )
    return problems


# The two configured programs as shipped (migration 0005 loads the same rows; an administrator
# may change them afterwards). ACSA's spring and fall dates are not published in the seeds:
# April 30 and October 31 are the portal's defaults, editable per program year.
SHIPPED_PROGRAMS = (
    {
        "code": "ihsa",
        "name": "IHSA (Ontario)",
        "partner_name": "Infrastructure Health & Safety Association",
        "province": "ON",
        "is_default": True,
        "benchmark_overall_pct": "80",
        "benchmark_element_pct": "65",
        "benchmark_legislated_pct": "100",
        "account_label": "WSIB",
        "account_label_fr": "CSPAAT",
        "account_board_name": "Workplace Safety and Insurance Board",
        "account_min_digits": 7,
        "account_max_digits": 7,
        "action_plan_kinds": ["sose_sap"],
    },
    {
        "code": "acsa",
        "name": "ACSA (Alberta)",
        "partner_name": "Alberta Construction Safety Association",
        "province": "AB",
        "is_default": False,
        "benchmark_overall_pct": "80",
        "benchmark_element_pct": "50",
        "benchmark_legislated_pct": "100",
        "account_label": "WCB",
        "account_label_fr": "WCB",
        "account_board_name": "Workers' Compensation Board – Alberta",
        "account_min_digits": 7,
        "account_max_digits": 9,
        "action_plan_kinds": ["acsa_maintenance"],
    },
)
SHIPPED_YEARS = {"acsa": (2026, 2027)}
SPRING_DUE = (4, 30)
FALL_DUE = (10, 31)
