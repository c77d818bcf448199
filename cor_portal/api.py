"""API plumbing shared by every app: the exception handler that turns DomainError into a
JSON error naming the field, and the base viewset that scopes querysets through the one
access module."""

import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from cor_portal.errors import DomainError, NotAllowed


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404 | NotFound):
        _note_hidden_object(context.get("view"))
    if isinstance(exc, NotAllowed):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _note_hidden_object(view) -> None:
    """A 404 from a detail route (its lookup id in the URL) of a scoped viewset: the id is
    outside the caller's scope, or names nothing — the page's get_visible_or_404 cannot tell
    the two apart either. Noted for the security log as a failed authorization, as pages are."""
    from rest_framework.generics import GenericAPIView

    from cor_portal import access

    if not isinstance(view, GenericAPIView):
        return
    lookup = view.lookup_url_kwarg or view.lookup_field
    if lookup not in getattr(view, "kwargs", {}):
        return
    try:
        model = view.get_queryset().model
    except Exception:  # the log never changes the answer
        return
    if access.has_scope(model):
        access.refused(model)


JSON_MAX_DEPTH = 32
# Only these characters change nesting or string state; everything else is skipped at C speed.
_JSON_SIGNIFICANT = re.compile(r'[\[\]{}"\\]')


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays/objects in `text` nest deeper than `limit` (strings skipped). Linear,
    no recursion: checked before json.loads, which would recurse until RecursionError."""
    depth = 0
    in_string = escaped = False
    for match in _JSON_SIGNIFICANT.finditer(text):
        ch = match.group()
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if escaped:
            escaped = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing JSON nested deeper than JSON_MAX_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(_("JSON parse error - the body is not %s.") % encoding) from exc
        if json_depth_exceeds(text, JSON_MAX_DEPTH):
            raise ParseError(
                _("JSON parse error - nested deeper than %(n)d levels.") % {"n": JSON_MAX_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error - %s") % str(exc)) from exc


def _no_constant(name: str):
    # NaN and Infinity are not JSON (DRF's STRICT_JSON refuses them too).
    raise ValueError(f"{name} is not valid JSON")
