"""Project-wide middleware: request-size limit, private caching of confidential answers, and
the one page-side handler of NotAllowed (cor_portal.errors).

NotAllowed: Services raise it when the
user may see the object but may not do this to it; a page view lets it propagate and this
middleware answers 403 exactly as if the view had raised PermissionDenied. (API views never
get here: DRF's exception handler, cor_portal.api, answers them.)"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cor_portal.errors import NotAllowed


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotAllowed):
            # response_for_exception logs and renders the project's handler403, as Django
            # does for a PermissionDenied raised by the view.
            return response_for_exception(request, PermissionDenied(exception.message))
        return None


class PrivateCacheMiddleware:
    """Confidential answers are never kept by a browser or a shared cache: every response to
    an authenticated request and every API response gets `Cache-Control: private, no-store`
    (unless the view chose a cache policy itself, e.g. never_cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        confidential = (
            authenticated or request.path.startswith("/api/") or "Authorization" in request.headers
        )
        # A view serving public data may say so (the public registry feed: revalidated
        # with its ETag, never confidential).
        public = getattr(response, "cor_public", False)
        if confidential and not public and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than settings.REQUEST_MAX_BYTES (413), and, from an
    anonymous caller, larger than settings.ANONYMOUS_REQUEST_MAX_BYTES — before Django parses
    (and spools to disk) a multipart upload nobody logged in may send. The proxy in front
    caps bodies too (README); chunked bodies without a length are capped there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        user = getattr(request, "user", None)
        anonymous = not (user is not None and user.is_authenticated)
        # An API token is checked by DRF before the body is parsed (request.data is lazy);
        # a page parses the body first (CSRF reads request.POST), so only the session counts.
        token_api = request.path.startswith("/api/") and "Authorization" in request.headers
        if anonymous and not token_api:
            limit = min(limit, settings.ANONYMOUS_REQUEST_MAX_BYTES)
        if length > limit:
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain"
            )
        return self.get_response(request)
