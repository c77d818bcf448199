from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import lockout
from .mfa import lacks_required_mfa


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Username or e-mail address.")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Users with two-factor authentication: the code from their authenticator "
        "app (or a recovery code).",
    )


def _mfa_problem(request, user, code: str) -> dict[str, list[str]] | None:
    """Why `user` may not get a token without more (second factor), or None. The API must
    not be a way around the MFA the pages require. Wrong codes are counted per user with the
    page's own counter (allauth's "login_failed" for key mfa-auth-user-<id>)."""
    from allauth.core import ratelimit
    from allauth.mfa.models import Authenticator

    authenticators = [
        a
        for a in Authenticator.objects.filter(user=user)
        if a.type in (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
    ]
    if not authenticators:
        if lacks_required_mfa(user):
            return {
                "non_field_errors": [
                    _("Set up two-factor authentication in the portal before using the API.")
                ]
            }
        return None
    if not code:
        return {"code": [_("Enter the code from your authenticator app.")]}
    http_request = getattr(request, "_request", request)
    key = f"mfa-auth-user-{user.pk}"
    if not ratelimit.consume(http_request, action="login_failed", key=key):
        raise TooManyFailures
    for authenticator in authenticators:
        if authenticator.wrap().validate_code(code.strip()):
            authenticator.record_usage()
            ratelimit.clear(http_request, action="login_failed", key=key)
            return None
    return {"code": [_("This code is not correct.")]}


class TooManyFailures(Exception):
    pass


def _too_many() -> Response:
    return Response(
        {"non_field_errors": [_("Too many failed login attempts. Try again later.")]},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


class ObtainTokenView(APIView):
    """`POST {"username", "password"}` → `{"token"}`; then `Authorization: Token …`.
    Users with two-factor authentication also send `code`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The page login's failed-login counters (accounts.lockout), checked before the password.
        try:
            attempt = lockout.begin(request, data.validated_data["username"])
        except lockout.LoginLocked:
            return _too_many()
        user = authenticate(
            request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("The username or password is not correct.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        attempt.succeeded()
        try:
            problem = _mfa_problem(request, user, data.validated_data.get("code", ""))
        except TooManyFailures:
            return _too_many()
        if problem:
            return Response(problem, status=status.HTTP_400_BAD_REQUEST)
        attempt.remember_address()
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
