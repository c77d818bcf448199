"""API tokens: issued by POST /api/v1/auth/token/, listed and revoked by their owner,
checked on every request by ApiTokenAuthentication (django-rest-knox underneath).

- Stored hashed (knox keeps the SHA-512 digest and the first 15 characters for lookup).
- Expire after REST_KNOX["TOKEN_TTL"].
- Rotated on password change and on second-factor set-up or removal: each token carries a
  fingerprint of its owner's password hash and authenticators when it was issued; when
  they change, every older token stops working (whatever path changed them: the account
  page, a password reset, Django admin, manage.py). Logout revokes: the API logout the token
  used, the page logout all of the user's tokens.
- Refused for staff and external auditors without a second factor while REQUIRE_STAFF_MFA
  is on (a token issued before the requirement does not get around it).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS

from cor_portal.accounts.enums import AccountAction
from cor_portal.history.services import record
from cor_portal.security.models import SecurityEventKind
from cor_portal.security.services import security_event

from .enums import ApiTokenScope
from .mfa import lacks_required_mfa
from .models import ApiToken, User


def credentials_fingerprint(user: User) -> str:
    """Changes whenever the password or the set of second factors changes."""
    from allauth.mfa.models import Authenticator

    factors = sorted(
        f"{pk}:{kind}"
        for pk, kind in Authenticator.objects.filter(user=user).values_list("pk", "type")
    )
    material = "|".join([user.get_session_auth_hash(), *factors])
    return hashlib.sha256(material.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str = "", request=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the only copy of its secret. A user keeps at
    most settings.API_TOKENS_PER_USER: the oldest beyond that are revoked."""
    token, secret = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100],
        scope=ApiTokenScope.USER,
        credentials=credentials_fingerprint(user),
    )
    stale = ApiToken.objects.filter(user=user).order_by("-created")[settings.API_TOKENS_PER_USER :]
    for old in stale:
        _revoke(old, by=user, reason="limit")
    record(subject=user, actor=user, action=AccountAction.API_TOKEN_ISSUED, changes=_changes(token))
    security_event(
        SecurityEventKind.TOKEN_ISSUED,
        request=request,
        user=user,
        details={"token": str(token.public_id), "name": token.name},
    )
    return token, secret


@transaction.atomic
def scoped_key_issue(
    *, user: User, scope: str, name: str, ttl: timedelta, by: User, request=None
) -> tuple[ApiToken, str]:
    """A scoped, read-only key (not a USER token) for a service user such as a registry
    client's: every earlier key of `user` is revoked first, so a client holds one key. The
    caller (an administrator's service) has decided who may; returns the only copy of the
    secret."""
    if scope == ApiTokenScope.USER or scope not in ApiTokenScope.values:
        raise ValueError(f"{scope!r} is not a key scope")
    for old in ApiToken.objects.filter(user=user):
        _revoke(old, by=by, reason="replaced")
    token, secret = ApiToken.objects.create(
        user=user,
        expiry=ttl,
        name=(name or "").strip()[:100],
        scope=scope,
        credentials=credentials_fingerprint(user),
    )
    record(subject=user, actor=by, action=AccountAction.API_TOKEN_ISSUED, changes=_changes(token))
    security_event(
        SecurityEventKind.TOKEN_ISSUED,
        request=request,
        user=by,
        details={"token": str(token.public_id), "name": token.name, "scope": scope},
    )
    return token, secret


@transaction.atomic
def scoped_keys_revoke(*, user: User, by: User) -> int:
    """Revoke every key of a service user (an administrator withdraws a client's access)."""
    tokens = list(ApiToken.objects.filter(user=user))
    for token in tokens:
        _revoke(token, by=by, reason="revoked")
    return len(tokens)


def _changes(token: ApiToken) -> dict:
    return {"token": (None, str(token.public_id)), "name": (None, token.name)}


def _revoke(token: ApiToken, *, by: User | None, reason: str) -> None:
    record(
        subject=token.user,
        actor=by,
        action=AccountAction.API_TOKEN_REVOKED,
        changes={"token": (str(token.public_id), None)},
        reason=reason,
    )
    security_event(
        SecurityEventKind.TOKEN_REVOKED,
        user=token.user,
        details={"token": str(token.public_id), "by": getattr(by, "pk", None), "reason": reason},
    )
    token.delete()


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created")


@transaction.atomic
def api_token_revoke(*, by: User, token: ApiToken) -> None:
    """The owner revokes one of their tokens (others' tokens are not found for them)."""
    _revoke(token, by=by, reason="revoked")


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    tokens = list(ApiToken.objects.filter(user=user))
    for token in tokens:
        _revoke(token, by=user, reason=reason)
    return len(tokens)


def on_user_logged_out(sender, request, user, **kwargs) -> None:
    """Page logout ends the user's API tokens too."""
    if user is not None and user.is_authenticated:
        api_tokens_revoke_all(user=user, reason="logout")


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token check (digest, expiry) plus: issued under the owner's current password
    and second factors, and a second factor set up where the role requires one; and a
    scoped key (any scope but USER) only on a view whose `token_scopes` names its scope, and
    only to read — anything else is a 403 before the view runs."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        if token.scope != ApiTokenScope.USER:
            view = (getattr(request, "parser_context", None) or {}).get("view")
            if token.scope not in getattr(view, "token_scopes", ()):
                raise exceptions.PermissionDenied(
                    _("This key is a read-only registry key: it opens the registry endpoints only.")
                )
            if request.method not in SAFE_METHODS:
                raise exceptions.PermissionDenied(_("This key is read-only."))
        return result

    def validate_user(self, auth_token: ApiToken):
        user, token = super().validate_user(auth_token)
        if token.credentials != credentials_fingerprint(user):
            token.delete()
            raise exceptions.AuthenticationFailed(
                _("This token was issued before a password or two-factor change; get a new one.")
            )
        if lacks_required_mfa(user):
            raise exceptions.AuthenticationFailed(
                _("Set up two-factor authentication in the portal before using the API.")
            )
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How /api/schema/ describes the token: `Authorization: Token <secret>`."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix=self.target.authenticate_header(None),  # "Token" (REST_KNOX)
        )
