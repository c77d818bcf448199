"""Reading an OHS performance CSV [003] (pure: text in, rows or errors out; no ORM).

Columns (header row required, any order): `wsib_account`, `year`, `hours_worked`,
`lost_time_claims`, `modified_work_claims`. Every bad row is reported with its line number
(the header is line 1); one bad row and nothing is imported."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from certification.programs import (
    IHSA_ACCOUNT_FORMAT,
    AccountNumberFormat,
    formats_text,
    is_account_number,
)
from oversight.models.performance import FIRST_YEAR, LAST_YEAR

COLUMNS = ("wsib_account", "year", "hours_worked", "lost_time_claims", "modified_work_claims")
MAX_ROWS = 50_000
MAX_HOURS = Decimal("999999999999.99")


@dataclass(frozen=True)
class PerformanceRow:
    line: int
    wsib_account: str
    year: int
    hours_worked: Decimal
    lost_time_claims: int
    modified_work_claims: int


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def _count(value: str, label: str) -> int:
    if not value.isdigit():
        raise ValueError(_("%(column)s must be a whole number of 0 or more.") % {"column": label})
    return int(value)


def parse_row(
    line: int, raw: dict[str, str], formats: Sequence[AccountNumberFormat] = (IHSA_ACCOUNT_FORMAT,)
) -> PerformanceRow:
    """One data row, or ValueError naming what is wrong with it."""
    cells = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    account = cells["wsib_account"]
    if not is_account_number(account, formats):
        raise ValueError(
            _("wsib_account must be an account number (%(formats)s).")
            % {"formats": formats_text(formats)}
        )
    if not cells["year"].isdigit() or not FIRST_YEAR <= int(cells["year"]) <= LAST_YEAR:
        raise ValueError(
            _("year must be a year from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    try:
        hours = Decimal(cells["hours_worked"])
    except InvalidOperation:
        hours = Decimal("NaN")
    if (
        not hours.is_finite()
        or hours < 0
        or hours > MAX_HOURS
        or hours != hours.quantize(Decimal("0.01"))
    ):
        raise ValueError(_("hours_worked must be a number of hours of 0 or more (2 decimals)."))
    return PerformanceRow(
        line=line,
        wsib_account=account,
        year=int(cells["year"]),
        hours_worked=hours.quantize(Decimal("0.01")),
        lost_time_claims=_count(cells["lost_time_claims"], "lost_time_claims"),
        modified_work_claims=_count(cells["modified_work_claims"], "modified_work_claims"),
    )


def parse(
    text: str,
    known_accounts: set[str] | None = None,
    formats: Sequence[AccountNumberFormat] = (IHSA_ACCOUNT_FORMAT,),
):
    """(rows, errors). `known_accounts`: the WSIB account numbers that exist (None: not
    checked here)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [
            RowError(1, _("The header lacks the columns: %(cols)s.") % {"cols": ", ".join(missing)})
        ]
    reader.fieldnames = header
    rows: list[PerformanceRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for raw in reader:
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, _("A file holds at most %(n)d rows.") % {"n": MAX_ROWS}))
            break
        if None in raw:
            errors.append(RowError(line, _("This row has more cells than the header.")))
            continue
        try:
            row = parse_row(line, raw, formats)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        if known_accounts is not None and row.wsib_account not in known_accounts:
            errors.append(RowError(line, _("No account has this number.")))
            continue
        key = (row.wsib_account, row.year)
        if key in seen:
            errors.append(
                RowError(
                    line,
                    _("This account and year are already on line %(line)d.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, _("The file has no data rows.")))
    return rows, errors
