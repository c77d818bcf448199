"""CSV cells that a spreadsheet cannot run as a formula (CSV/formula injection, OWASP).

Every CSV the portal writes goes through `safe_cell` / `safe_row` / `writer`: a text cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, which
spreadsheets show as text. Numbers are left alone (a negative number is not a formula).
`unsafe_cell` undoes it for a file the portal reads back (the tool import format)."""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def unsafe_cell(value: Any) -> Any:
    """A cell as it was before `safe_cell` (only a quote the portal itself added is removed)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """csv.writer whose rows are neutralized."""

    def __init__(self, buffer, **kwargs):
        self._writer = csv.writer(buffer, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(buffer, **kwargs) -> SafeWriter:
    return SafeWriter(buffer, **kwargs)
