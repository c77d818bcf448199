from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from cor_portal.security.models import SecurityEventKind
from cor_portal.security.services import security_event

from . import lockout
from .mfa import lacks_required_mfa
from .models import ApiToken
from .tokens import api_token_issue, api_token_revoke, api_tokens_of


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Username or e-mail address.")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Users with two-factor authentication: the code from their authenticator "
        "app (or a recovery code).",
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="What the token is for."
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
    security_event(SecurityEventKind.MFA_FAILED, request=request, user=user)
    return {"code": [_("This code is not correct.")]}


class TooManyFailures(Exception):
    pass


def _too_many() -> Response:
    return Response(
        {"non_field_errors": [_("Too many failed login attempts. Try again later.")]},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


class TokenSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "created", "expiry", "current"]
        read_only_fields = fields

    def get_current(self, token: ApiToken) -> bool:
        request = self.context.get("request")
        return bool(request is not None and getattr(request, "auth", None) == token)


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The secret; shown only once.")
    id = serializers.UUIDField()
    expiry = serializers.DateTimeField(allow_null=True)


def _email_verified(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


class ObtainTokenView(APIView):
    """`POST {"username", "password", "name"?}` → `{"token", "id", "expiry"}`; then
    `Authorization: Token …`. Users with two-factor authentication also send `code`. Each
    call issues a new token (list and revoke them at auth/tokens/)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={200: IssuedTokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The page login's failed-login counters (accounts.lockout), checked before the password.
        try:
            attempt = lockout.begin(request, data.validated_data["username"])
        except lockout.LoginLocked:
            security_event(
                SecurityEventKind.LOGIN_LOCKED,
                request=request,
                login=data.validated_data["username"],
            )
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
        # As on the login page (ACCOUNT_EMAIL_VERIFICATION = mandatory).
        if not _email_verified(user):
            return Response(
                {
                    "non_field_errors": [
                        _("Verify your e-mail address (see the link we sent) before using the API.")
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            problem = _mfa_problem(request, user, data.validated_data.get("code", ""))
        except TooManyFailures:
            return _too_many()
        if problem:
            return Response(problem, status=status.HTTP_400_BAD_REQUEST)
        attempt.remember_address()
        token, secret = api_token_issue(
            user=user, name=data.validated_data.get("name", ""), request=request
        )
        return Response({"token": secret, "id": token.public_id, "expiry": token.expiry})


class TokenListView(APIView):
    """`GET` the caller's own API tokens (never their secrets)."""

    @extend_schema(responses={200: TokenSerializer(many=True)})
    def get(self, request):
        tokens = api_tokens_of(request.user)
        return Response(TokenSerializer(tokens, many=True, context={"request": request}).data)


class TokenDetailView(APIView):
    """`DELETE` one of the caller's own tokens; another user's token is not found."""

    @extend_schema(responses={204: None})
    def delete(self, request, public_id):
        token = get_object_or_404(ApiToken, public_id=public_id, user=request.user)
        api_token_revoke(by=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutView(APIView):
    """`POST` with a token: revokes that token."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if not isinstance(request.auth, ApiToken):
            return Response(
                {"detail": _("Log out with the token to revoke; pages log out at /accounts/.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        api_token_revoke(by=request.user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)
