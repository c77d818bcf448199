from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import lacks_required_mfa

# allauth's pages (MFA set-up among them), static files and the health check stay reachable.
_EXEMPT = ("/accounts/", "/static/", "/healthz")


class RequireStaffMFAMiddleware:
    """When REQUIRE_STAFF_MFA is on, certifying-body staff and external auditors must set up
    MFA before using the portal: pages redirect to TOTP activation, and the API — reached
    with the session cookie — answers 403 (token requests are checked by the token
    authentication, which runs later, in DRF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not request.path.startswith(_EXEMPT) and lacks_required_mfa(user):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Set up two-factor authentication in the portal before using the API."
                        )
                    },
                    status=403,
                )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
