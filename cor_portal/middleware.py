"""The one page-side handler of NotAllowed (cor_portal.errors). Services raise it when the
user may see the object but may not do this to it; a page view lets it propagate and this
middleware answers 403 exactly as if the view had raised PermissionDenied. (API views never
get here: DRF's exception handler, cor_portal.api, answers them.)"""

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception

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
