"""Who must use a second factor, in one place: certifying-body staff and external auditors,
when settings.REQUIRE_STAFF_MFA is on (always in production). Used by the page middleware,
the session-authenticated API, the token endpoint and the home-page reminder."""

from django.conf import settings


def role_needs_mfa(user) -> bool:
    """Staff see every organization's audits; external auditors see those they audit."""
    return bool(user.is_certifying_body_staff or user.is_external_auditor)


def has_second_factor(user) -> bool:
    """Asked by the middleware and again by the home-page reminder: one query per request
    (the answer is kept on the request's user object, which lives for one request)."""
    cached = getattr(user, "_cor_has_second_factor", None)
    if cached is not None:
        return cached
    from allauth.mfa.models import Authenticator

    answer = Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
    ).exists()
    user._cor_has_second_factor = answer
    return answer


def lacks_required_mfa(user) -> bool:
    """An authenticated user who must have set up a second factor and has not."""
    return bool(
        settings.REQUIRE_STAFF_MFA
        and user is not None
        and user.is_authenticated
        and role_needs_mfa(user)
        and not has_second_factor(user)
    )
