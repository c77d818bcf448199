import logging

from cor_portal import access

from .models import SecurityEventKind
from .services import security_event

logger = logging.getLogger("cor_portal.security")


class SecurityLogMiddleware:
    """Logs, for pages and API alike: every 403 answered to a request (a refused action:
    access layer NotAllowed, PermissionDenied, DRF's permission checks); a 404 that the access
    layer answered (get_visible_or_404) to an authenticated user, one row per request; and
    every evidence or document download (who, what, when). Logging never breaks an answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusals, token = access.refusals_collect()
        try:
            response = self.get_response(request)
        finally:
            access.refusals_stop(token)
        try:
            self._log(request, response, refusals)
        except Exception:  # the log must never turn an answer into a 500
            logger.exception("security log: could not record the answer to %s", request.path)
        return response

    def _log(self, request, response, refusals: list[str]) -> None:
        user = getattr(request, "user", None)
        signed_in = user if user is not None and user.is_authenticated else None
        status = response.status_code
        if status == 403:
            security_event(SecurityEventKind.ACCESS_DENIED, request=request, user=signed_in)
        elif status == 404 and refusals and signed_in is not None:
            security_event(
                SecurityEventKind.ACCESS_HIDDEN,
                request=request,
                user=signed_in,
                details={"model": refusals[0]},
            )
        download = getattr(response, "security_download", None)
        if download and 200 <= status < 300:
            security_event(
                SecurityEventKind.DOWNLOADED, request=request, user=signed_in, details=download
            )
