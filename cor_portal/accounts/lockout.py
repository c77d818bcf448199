"""Failed-login limits shared by the login page (allauth, through accounts.adapter) and the
token endpoint (accounts.api): one set of counters in the cache (Redis in production).

Failures are limited, not attempts: an attempt reserves a failure and gives it back when the
password was right. Three counters, each over a fixed window (settings.LOGIN_FAILURE_LIMITS):

- account × address: a few failures for one account from one address lock that account
  *from that address only*. An attacker guessing `director`'s password from their address
  does not lock the real director out at theirs (issue 7 item 7).
- account: a higher cap over all addresses, against guessing spread over many addresses;
  it does not apply at an address the account has logged in from lately (a "known"
  address), so the real user at their usual address still gets in.
- address: failures over all accounts from one address (credential stuffing); a known
  address of the account being tried is exempt, so a shared office NAT keeps working.

The address is the client's as allauth sees it (settings.TRUSTED_PROXY_COUNT hops of
X-Forwarded-For are trusted, none by default), the same one DRF's throttles use.
Limits are on when allauth's rate limits are (settings.ACCOUNT_RATE_LIMITS is not False).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.http import HttpRequest

_PREFIX = "login-failures"
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600


class LoginLocked(Exception):
    """Too many failed logins for this account from here (or from this address)."""


@dataclass(frozen=True)
class Limit:
    failures: int
    seconds: int


@dataclass(frozen=True)
class FailureLimits:
    account_address: Limit
    account: Limit
    address: Limit


@dataclass(frozen=True)
class FailureCounts:
    """Failures already counted in the current windows (before this attempt)."""

    account_address: int
    account: int
    address: int


def login_refused(counts: FailureCounts, limits: FailureLimits, *, known_address: bool) -> bool:
    """Whether an attempt is refused before the password is even checked. Pure rule."""
    if counts.account_address >= limits.account_address.failures:
        return True
    if known_address:
        return False
    return counts.account >= limits.account.failures or counts.address >= limits.address.failures


def configured_limits() -> FailureLimits | None:
    if settings.ACCOUNT_RATE_LIMITS is False:
        return None
    raw = settings.LOGIN_FAILURE_LIMITS
    return FailureLimits(**{name: Limit(*raw[name]) for name in FailureLimits.__dataclass_fields__})


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting settings.TRUSTED_PROXY_COUNT proxies (allauth's rule)."""
    from allauth.account.adapter import get_adapter

    return get_adapter().get_client_ip(getattr(request, "_request", request))


def account_key(login: str) -> str:
    """One key per account whichever identifier (username or e-mail, any case) is typed, so
    alternating them does not double the guesses; unknown logins get a key of their own."""
    from allauth.account.models import EmailAddress

    from .models import User

    login = (login or "").strip()
    pk = (
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None and "@" in login:
        pk = (
            EmailAddress.objects.filter(email__iexact=login)
            .values_list("user_id", flat=True)
            .first()
        )
    return f"user-{pk}" if pk is not None else f"login-{_hash(login.lower())}"


def _known_key(account: str, address: str) -> str:
    return f"{_PREFIX}:known:{account}:{_hash(address)}"


def _count(key: str, seconds: int) -> int:
    """Add one to a fixed-window counter; INCR keeps the window's expiry."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def _uncount(key: str) -> None:
    try:
        if cache.decr(key) < 0:
            cache.set(key, 0)
    except ValueError:
        pass  # window already over


@dataclass
class Attempt:
    """One login attempt whose failure is already counted; `succeeded` gives it back."""

    account: str
    address: str
    keys: tuple[str, ...] = ()

    def succeeded(self) -> None:
        for key in self.keys:
            _uncount(key)
        if self.keys:
            # The address's guesses for this account stop counting once the password was right.
            cache.delete(self.keys[0])

    def remember_address(self) -> None:
        """After a complete login (second factor included): this address is known."""
        if configured_limits() is not None:
            cache.set(_known_key(self.account, self.address), 1, timeout=KNOWN_ADDRESS_SECONDS)


def begin(request: HttpRequest, login: str) -> Attempt:
    """Reserve a failure for `login` from the request's address, or raise LoginLocked (and
    count nothing). Call `succeeded()` on the result when the password was right."""
    address = client_address(request)
    account = account_key(login)
    limits = configured_limits()
    if limits is None:
        return Attempt(account=account, address=address)
    keys = (
        f"{_PREFIX}:account-address:{account}:{_hash(address)}",
        f"{_PREFIX}:account:{account}",
        f"{_PREFIX}:address:{_hash(address)}",
    )
    windows = (limits.account_address, limits.account, limits.address)
    # Count first, then judge on the counts before this attempt: parallel guesses cannot all
    # pass the check before any of them is counted.
    after = [_count(key, limit.seconds) for key, limit in zip(keys, windows, strict=True)]
    counts = FailureCounts(*(n - 1 for n in after))
    known = cache.get(_known_key(account, address)) is not None
    if login_refused(counts, limits, known_address=known):
        for key in keys:
            _uncount(key)
        raise LoginLocked
    return Attempt(account=account, address=address, keys=keys)


def on_user_logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_in: the page login finished (with its second factor, if any)."""
    if request is None:
        return
    try:
        address = client_address(request)
    except (PermissionDenied, ImproperlyConfigured):  # no usable address: nothing to remember
        return
    Attempt(account=f"user-{user.pk}", address=address).remember_address()


def clear_account(user) -> None:
    """A password reset ends the account's lockout everywhere (the reset is rate limited)."""
    cache.delete(f"{_PREFIX}:account:user-{user.pk}")
