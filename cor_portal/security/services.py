"""Writing the security log. Best effort by design: a failure to log never turns a login or a
request into an error, but it is reported to the application log."""

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from .models import SecurityEvent, SecurityEventKind

logger = logging.getLogger("cor_portal.security")


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from cor_portal.accounts.lockout import client_address

    try:
        return client_address(request)
    except Exception:
        return None


def security_event(
    kind: SecurityEventKind,
    *,
    request: HttpRequest | None = None,
    user=None,
    login: str = "",
    details: dict[str, Any] | None = None,
) -> SecurityEvent | None:
    http = getattr(request, "_request", request)
    try:
        # Its own savepoint: logging a refusal must survive nothing and break nothing.
        with transaction.atomic():
            return SecurityEvent.objects.create(
                kind=kind,
                user=user if user is not None and getattr(user, "pk", None) else None,
                login=(login or "")[:150],
                address=_address(http),
                method=(getattr(http, "method", "") or "")[:8],
                path=(getattr(http, "path", "") or "")[:300],
                details=details or {},
            )
    except Exception:  # the log must never turn an answer into a 500
        logger.exception("security log: could not record %s", kind)
        return None


def download_tag(response, *, what: str, obj) -> None:
    """Mark a file response so the security log records who downloaded what, once the answer
    is known to be a success (the download helpers call this; the middleware writes)."""
    response.security_download = {"what": what, "model": obj._meta.label, "id": obj.pk}
