"""Keyset (cursor) pagination for the API lists that staff page through over a whole table
(audits, deadlines, WSIB accounts): no COUNT per page, and each page is one index range
scan from the previous page's last row, however deep — `(a, b) > (x, y)` on the columns of
the list's index, in the index's order.

DRF's CursorPagination keys on the first ordering column only and skips ties with an
OFFSET capped at 1,000 rows, which breaks on a list ordered by a date shared by thousands
of rows (deadlines due the same day). This one keys on every ordering column, the last of
which is unique, so a position is exact.

The cursor is opaque (base64 of JSON: the key values and the direction); a cursor that does
not decode, or whose values do not fit the columns, answers 404 "Invalid cursor" as DRF's
does. Responses are `{"next", "previous", "results"}` with absolute next/previous links."""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Model, QuerySet
from django.db.models.fields.tuple_lookups import (  # type: ignore[import-untyped]
    Tuple,
    TupleGreaterThan,
    TupleLessThan,
)
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


def _field_of(model: type[Model], path: str) -> Any:
    """The model field at the end of a lookup path such as organization__legal_name."""
    *hops, name = path.split("__")
    current: Any = model
    for hop in hops:
        current = current._meta.get_field(hop).related_model
    return current._meta.pk if name == "pk" else current._meta.get_field(name)


def _value_of(obj: Any, path: str) -> Any:
    for hop in path.split("__"):
        obj = getattr(obj, hop)
    return obj


def _plain(value: Any) -> Any:
    # Full precision: DjangoJSONEncoder would cut microseconds, and a key must be exact.
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class KeysetPage:
    """One page: its rows, and the cursors of the pages around it — None when there is no
    such page, "" for the first page (a link without a cursor)."""

    rows: list
    next: str | None
    previous: str | None


class Keyset:
    """Pages of a queryset in `ordering`: lookup paths, all ascending or all descending
    ("-"), the last one unique (e.g. ("-created_at", "-id")). The queryset's own order is
    replaced by it. Used by the API paginators below and by pages (the deadline dashboard)."""

    def __init__(self, ordering: Sequence[str], page_size: int = 50) -> None:
        descending = {key.startswith("-") for key in ordering}
        if len(descending) != 1:
            raise ValueError("Keyset ordering: one direction for every column.")
        self.descending = descending.pop()
        self.paths = [key.lstrip("-") for key in ordering]
        self.page_size = page_size

    def encode(self, values: list, backwards: bool) -> str:
        raw = json.dumps({"k": [_plain(v) for v in values], "b": backwards}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, model: type[Model], text: str) -> tuple[list, bool]:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            keys, backwards = data["k"], data["b"]
            if not isinstance(keys, list) or len(keys) != len(self.paths):
                raise ValueError
            if not isinstance(backwards, bool):
                raise ValueError
            values = [
                _field_of(model, path).to_python(value)
                for path, value in zip(self.paths, keys, strict=True)
            ]
            if any(v is None for v in values):
                raise ValueError
        except (
            binascii.Error,
            UnicodeDecodeError,
            ValueError,
            TypeError,
            KeyError,
            ValidationError,
            FieldDoesNotExist,
        ) as exc:
            raise InvalidCursor from exc
        return values, backwards

    def page(self, queryset: QuerySet, cursor_text: str | None) -> KeysetPage:
        """The page after (or, walking back, before) the cursor's row; the first without one.
        Raises InvalidCursor for a cursor that does not decode to this list's columns."""
        cursor = self.decode(queryset.model, cursor_text) if cursor_text else None
        backwards = bool(cursor and cursor[1])
        # Walking back, the order flips, the page is read and turned round.
        flip = self.descending != backwards
        qs = queryset.order_by(*[F(p).desc() if flip else F(p).asc() for p in self.paths])
        if cursor is not None:
            lookup = TupleLessThan if flip else TupleGreaterThan
            qs = qs.filter(lookup(Tuple(*[F(p) for p in self.paths]), cursor[0]))
        rows = list(qs[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
            has_next, has_previous = True, more
        else:
            has_next, has_previous = more, cursor is not None

        def around(row, back: bool) -> str:
            if row is None:  # walked back past the start: the first page
                return ""
            return self.encode([_value_of(row, p) for p in self.paths], back)

        return KeysetPage(
            rows=rows,
            next=around(rows[-1] if rows else None, False) if has_next else None,
            previous=around(rows[0] if rows else None, True) if has_previous else None,
        )


class KeysetPagination(BasePagination):
    """DRF pagination over a Keyset; subclasses give `ordering`. A bad cursor is a 404."""

    ordering: Sequence[str] = ()
    page_size = 50
    cursor_query_param = "cursor"
    invalid_cursor_message = _("Invalid cursor")

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        keyset = Keyset(self.ordering, self.page_size)
        try:
            self.page = keyset.page(queryset, request.query_params.get(self.cursor_query_param))
        except InvalidCursor as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        return self.page.rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        if cursor == "":
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.page.next)

    def get_previous_link(self) -> str | None:
        return self._link(self.page.previous)

    def get_paginated_response(self, data) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("The position of a page: the next or previous link's cursor value.")
                ),
                "schema": {"type": "string"},
            }
        ]


class NewestFirst(KeysetPagination):
    """/api/v1/audits/: newest first (index audit_created_desc)."""

    ordering = ("-created_at", "-id")


class SoonestDue(KeysetPagination):
    """/api/v1/deadlines/: by due date (index deadline_due_id)."""

    ordering = ("due_on", "id")


class ByOrganizationName(KeysetPagination):
    """/api/v1/wsib-accounts/: by organization legal name, then account number (indexes
    organization_legal_name and the account's organization; the account number is unique)."""

    ordering = ("organization__legal_name", "account_number")


class CountedPaginator(Paginator):
    """A Django paginator given its count, for a page whose count is read more cheaply
    than a COUNT over the page's own joined query (the review queue, the dashboard)."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count
