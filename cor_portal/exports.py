"""CSV and Excel (xlsx) exports of lists, streamed, with formula injection neutralized
(issue 14 §5; README "Exports").

Platform layer (every app's lists use it, and the platform imports no domain app):

- `csv_response(filename, header, rows)`: a StreamingHttpResponse written row by row (UTF-8
  with a byte-order mark so spreadsheets read accents), every text cell through
  `cor_portal.csvsafe` (a leading `=`, `+`, `-`, `@`, tab or CR gets a quote).
- `xlsx_response(filename, header, rows)`: openpyxl's write-only workbook (rows go straight to
  a temporary file, constant memory), streamed back in chunks. Text cells are written as
  inline strings — never formulas — and a text that starts like a formula also carries
  Excel's quote prefix, so editing the cell keeps it text.
- `ExportableListMixin` for DRF list viewsets: `?format=csv` / `?format=xlsx` answers the
  whole filtered list (not one page), exactly the rows and fields the JSON list gives the
  same caller — the same `get_queryset()` (scoped through cor_portal.access), the same
  filters and the same serializer — read with a database cursor in chunks.

Library choice: openpyxl (already the portal's Excel reader) in write-only mode; tablib and
django-import-export build the whole dataset in memory before writing, which a streamed
export of 50,000 rows must not do.
"""

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from rest_framework.renderers import BaseRenderer

from cor_portal.csvsafe import FORMULA_STARTS, safe_row

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")
CHUNK_ROWS = 2000
XLSX_CHUNK_BYTES = 64 * 1024
SHEET_TITLE_MAX = 31  # Excel's limit


def plain(value: Any) -> Any:
    """A cell value a CSV writer or openpyxl takes: numbers and dates kept, lazy strings
    translated, lists and dicts as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _disposition(filename: str) -> str:
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "export"
    return f'attachment; filename="{safe}"'


class _Echo:
    """A file-like object whose write() returns what it was given (csv into a generator)."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    import csv

    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(force_str(h) for h in header))
    for row in rows:
        yield writer.writerow(safe_row(_csv_text(v) for v in row))


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def _xlsx_cell(sheet, value: Any) -> Any:
    value = plain(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    return value


def xlsx_file(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Export",
    preamble: Iterable[Sequence[Any]] = (),
):
    """The workbook written to a temporary file (rewound), one row at a time; `preamble`
    rows (a title, a status line) come before the header, neutralized like every cell."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(sheet_title)[:SHEET_TITLE_MAX] or "Export")
    for line in preamble:
        sheet.append([_xlsx_cell(sheet, v) for v in line])
    sheet.append([_xlsx_cell(sheet, force_str(h)) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook.save(out)
    out.seek(0)
    return out


def xlsx_response(
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Export",
) -> FileResponse:
    out = xlsx_file(header, rows, sheet_title=sheet_title)
    response = FileResponse(out, content_type=XLSX_TYPE, as_attachment=True, filename=filename)
    response.block_size = XLSX_CHUNK_BYTES
    return response


def export_response(
    fmt: str,
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Export",
):
    if fmt == "csv":
        return csv_response(f"{filename}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title=sheet_title)
    raise ValueError(f"Unknown export format {fmt!r}")


def requested_format(request) -> str | None:
    """`csv` or `xlsx` when the page was asked for an export (`?format=`), else None."""
    fmt = request.GET.get("format")
    return fmt if fmt in EXPORT_FORMATS else None


# --- DRF ------------------------------------------------------------------------------------


class CsvExportRenderer(BaseRenderer):
    """Lets content negotiation accept `?format=csv` on a list; the list answers the stream
    itself (ExportableListMixin). Anything else rendered as CSV (an error) is JSON text."""

    media_type = "text/csv"
    format = "csv"
    charset: str | None = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, default=str).encode()


class XlsxExportRenderer(BaseRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, default=str).encode()


def serializer_rows(serializer_factory: Callable[[Any], Any], objects: Iterable[Any]):
    for obj in objects:
        yield serializer_factory(obj).data


class ExportableListMixin:
    """`?format=csv` and `?format=xlsx` on a DRF list: every row of the caller's filtered
    list, the serializer's readable fields as columns. Put it first among the bases."""

    export_name: str = ""

    def get_renderers(self):
        renderers = super().get_renderers()  # type: ignore[misc]
        if getattr(self, "action", None) == "list":
            renderers += [CsvExportRenderer(), XlsxExportRenderer()]
        return renderers

    def export_fields(self) -> list[tuple[str, str]]:
        serializer = self.get_serializer()  # type: ignore[attr-defined]
        return [
            (name, force_str(field.label or name))
            for name, field in serializer.fields.items()
            if not field.write_only
        ]

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt not in EXPORT_FORMATS:
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        fields = self.export_fields()
        names = [name for name, _label in fields]

        def rows():
            for data in serializer_rows(
                self.get_serializer,  # type: ignore[attr-defined]
                queryset.iterator(chunk_size=CHUNK_ROWS),
            ):
                yield [data.get(name) for name in names]

        basename = self.export_name or getattr(self, "basename", None) or "export"
        return export_response(
            fmt,
            filename=f"{basename}-{timezone.localdate():%Y-%m-%d}",
            header=names,
            rows=rows(),
            sheet_title=basename,
        )


# --- HTML list pages --------------------------------------------------------------------------


class Column:
    """One exported column of an HTML list: its heading and how a row's cell is read."""

    def __init__(self, header: Any, value: Callable[[Any], Any]):
        self.header = header
        self.value = value


def list_export(request, *, name: str, columns: Sequence[Column], objects: Iterable[Any]):
    """`?format=csv|xlsx` on a staff HTML list: every row of the list the page shows the same
    viewer (the same scoped, filtered queryset, not one page), else None (render the page)."""
    fmt = requested_format(request)
    if fmt is None:
        return None
    if hasattr(objects, "iterator"):
        objects = objects.iterator(chunk_size=CHUNK_ROWS)

    def rows():
        for obj in objects:
            yield [c.value(obj) for c in columns]

    return export_response(
        fmt,
        filename=f"{name}-{timezone.localdate():%Y-%m-%d}",
        header=[force_str(c.header) for c in columns],
        rows=rows(),
        sheet_title=name,
    )
