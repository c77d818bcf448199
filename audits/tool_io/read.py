"""Reading an audit-tool file's bytes into (line number, cells) rows: a UTF-8 CSV or the
first sheet of an .xlsx workbook, with the limits on size and rows. What the cells mean is
audits.tool_io.parse. Pure: no database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cor_portal import csvsafe
from cor_portal.errors import DomainError

MAX_ROWS = 5000
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str | None = None

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ToolImportError(DomainError):
    """The file cannot be imported; `errors` lists every bad row with its line number."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = tuple(errors)
        count = len(self.errors)
        super().__init__(
            ngettext(
                "The file has %(count)d problem; nothing was imported.",
                "The file has %(count)d problems; nothing was imported.",
                count,
            )
            % {"count": count},
            field="file",
        )

    def as_dict(self) -> dict[str, list[str]]:
        # The API answer: the summary, then every bad row ("Line 4: points …").
        return {"file": [self.message, *(str(e) for e in self.errors)]}


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_csv(data: bytes) -> Iterator[tuple[int, list[object]]]:
    """(line number, cells) for each record of a UTF-8 CSV file (a BOM is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ToolImportError(
            [RowError(1, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
        ) from exc
    if "\x00" in text:
        raise ToolImportError([RowError(1, _("The file is not a CSV text file."))])
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for record in reader:
            # A quote the portal's export put before a formula-like cell comes off again.
            yield start, [csvsafe.unsafe_cell(cell) for cell in record]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ToolImportError(
            [RowError(reader.line_num, _("Unreadable CSV: %(problem)s.") % {"problem": exc})]
        ) from exc


def read_xlsx(data: bytes) -> Iterator[tuple[int, list[object]]]:
    """(sheet row number, cells) for each row of the first sheet of an .xlsx workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable upload is the same answer to the user
        raise ToolImportError(
            [RowError(1, _("The file is not a readable .xlsx workbook."))]
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def read_rows(data: bytes, filename: str) -> list[tuple[int, list[object]]]:
    """The file's rows by its kind (.csv or .xlsx), with their line numbers."""
    if len(data) > MAX_FILE_BYTES:
        raise ToolImportError(
            [
                RowError(
                    1,
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
                )
            ]
        )
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ToolImportError([RowError(1, _("The file is not a readable .xlsx workbook."))])
        reader = read_xlsx(data)
    elif lower.endswith(".csv"):
        reader = read_csv(data)
    else:
        raise ToolImportError([RowError(1, _("Upload a .csv or .xlsx file."))])
    rows = []
    for line, cells in reader:
        rows.append((line, cells))
        if len(rows) > MAX_ROWS + 1:
            raise ToolImportError(
                [RowError(line, _("The file has more than %(max)d items.") % {"max": MAX_ROWS})]
            )
    return rows
