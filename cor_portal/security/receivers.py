"""What the security log listens to: Django's login signals (pages and the token endpoint
alike, since both authenticate through django.contrib.auth) and allauth's failed second
factor on the login page."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from .models import SecurityEventKind
from .services import security_event


def _logged_in(sender, request, user, **kwargs):
    security_event(SecurityEventKind.LOGIN_SUCCEEDED, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("username") or credentials.get("email") or ""
    security_event(SecurityEventKind.LOGIN_FAILED, request=request, login=login)


def _mfa_failed(sender, request, user, **kwargs):
    security_event(SecurityEventKind.MFA_FAILED, request=request, user=user)


def connect() -> None:
    from allauth.mfa.signals import authentication_failed

    user_logged_in.connect(_logged_in, dispatch_uid="security.logged_in")
    user_login_failed.connect(_login_failed, dispatch_uid="security.login_failed")
    # The login page's second-factor step (the token endpoint logs its own).
    authentication_failed.connect(_mfa_failed, dispatch_uid="security.mfa_failed")
