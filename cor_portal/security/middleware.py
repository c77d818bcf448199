from .models import SecurityEventKind
from .services import security_event


class SecurityLogMiddleware:
    """Logs every 403 answered to a request (a refused action: access layer NotAllowed,
    PermissionDenied, DRF's permission checks), page or API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            security_event(
                SecurityEventKind.ACCESS_DENIED,
                request=request,
                user=user if user is not None and user.is_authenticated else None,
            )
        return response
