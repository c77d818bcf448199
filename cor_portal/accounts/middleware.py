from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireStaffMFAMiddleware:
    """When REQUIRE_STAFF_MFA is on, certifying-body staff and external auditors must set up
    MFA before using the portal (allauth's MFA pages stay reachable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_MFA
            and user is not None
            and user.is_authenticated
            and (user.is_certifying_body_staff or user.is_external_auditor)
            and not request.path.startswith(("/accounts/", "/static/", "/healthz", "/api/"))
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user).exists():
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
