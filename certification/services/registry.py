"""The public registry and its clients [SPEC §9]: publishing (an administrator's explicit act;
nothing public changes until then) and registry clients' scoped, read-only keys.

- `registry_publish` snapshots every WSIB account whose standing today is certified, pending
  or equivalent (CERTIFIED_STANDINGS) with only what the registry shows; accounts listed by
  the previous publication and no longer certified (lapsed, revoked) become tombstones, so
  `?changed_since=` tells a client to drop them. A row's `changed_at` carries over while its
  public content stays the same. A fixed number of queries whatever the number of accounts.
- `registry_client_create`, `registry_key_issue` (replaces the client's key; returns the only
  copy of the secret), `registry_key_revoke`.
"""

import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.enums import CERTIFIED_STANDINGS, CertificateStatus, CertificationAction
from certification.limits import check_length
from certification.models import (
    Certificate,
    RegistryClient,
    RegistryEntry,
    RegistryPublication,
)
from certification.standing import CertificateFacts, StandingFacts, standing
from cor_portal.access import require
from cor_portal.accounts.enums import ApiTokenScope
from cor_portal.accounts.models import ApiToken, User
from cor_portal.accounts.tokens import scoped_key_issue, scoped_keys_revoke
from cor_portal.errors import DomainError
from cor_portal.history.services import record

# The columns a registry row shows publicly, in order (JSON keys and CSV header alike).
PUBLIC_FIELDS = (
    "organization",
    "operating_name",
    "certificate_number",
    "standing",
    "anniversary_date",
    "expiry_date",
)
# Kept to search by (name, city, sector), never shown.
SEARCH_FIELDS = ("city", "sector")
CLIENT_NAME_MAX_LENGTH = 200
BATCH = 2000
# certification.registry.LATEST_KEY (that module reads; this one writes).
LATEST_PUBLICATION_CACHE_KEY = "registry-latest-publication"


# Apps above certification list accounts of their own (equivalency: an ISO 45001 / MLTSD
# equivalency certificate in force is standing `equivalent`, SPEC §9): source(today) -> rows
# {WSIB account id: row with the keys _current_rows writes}, set-based. An account that
# holds an active COR certificate is listed by it (its standing decides first, as in
# certification.standing). Certification never imports them.
RegistrySource = Callable[[date], Mapping[int, dict]]
_registry_sources: list[RegistrySource] = []


def register_registry_source(source: RegistrySource) -> RegistrySource:
    if source not in _registry_sources:
        _registry_sources.append(source)
    return source


def _public_key(row: dict) -> tuple:
    return tuple(str(row[f]) for f in PUBLIC_FIELDS) + tuple(str(row[f]) for f in SEARCH_FIELDS)


def _current_rows(today) -> dict[int, dict]:
    """What the registry would list today, by WSIB account id (one query)."""
    rows: dict[int, dict] = {}
    certificates = Certificate.objects.filter(status=CertificateStatus.ACTIVE).values_list(
        "wsib_account_id",
        "wsib_account__account_number",
        "wsib_account__organization__legal_name",
        "wsib_account__organization__operating_name",
        "wsib_account__organization__city",
        "wsib_account__organization__sector",
        "number",
        "anniversary_date",
        "expiry_date",
        "wsib_account__cor_hold",
        "wsib_account__cor_hold_since",
    )
    for (
        account_id,
        account_number,
        legal,
        operating,
        city,
        sector,
        number,
        ann,
        exp,
        hold,
        hold_since,
    ) in certificates.iterator(chunk_size=BATCH):
        result = standing(
            StandingFacts(certificate=CertificateFacts(ann, exp), hold=hold, hold_since=hold_since),
            today,
        )
        if result.standing not in CERTIFIED_STANDINGS:
            continue
        rows[account_id] = {
            "wsib_account_number": account_number,
            "organization": legal,
            "operating_name": operating,
            "city": city,
            "sector": sector,
            "certificate_number": number,
            "standing": str(result.standing),
            "anniversary_date": ann,
            "expiry_date": exp,
        }
    for source in _registry_sources:
        for account_id, row in source(today).items():
            rows.setdefault(account_id, row)
    return rows


def content_hash(rows: list[dict]) -> str:
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r["certificate_number"]):
        digest.update("\x1f".join(_public_key(row)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def registry_content_hash_today() -> str:
    """The content hash a publication made now would have (is publishing due?)."""
    return content_hash(list(_current_rows(timezone.localdate()).values()))


@transaction.atomic
def registry_publish(*, by: User) -> RegistryPublication:
    """An administrator publishes the registry as it stands today [SPEC §9]."""
    require(by, "certification.publish_registry")
    now = timezone.now()
    today = timezone.localdate(now)
    current = _current_rows(today)
    previous = RegistryPublication.objects.order_by("-published_at", "-id").first()
    before: dict[int, RegistryEntry] = {}
    if previous is not None:
        before = {e.wsib_account_id: e for e in previous.entries.all().iterator(chunk_size=BATCH)}
    publication = RegistryPublication.objects.create(
        published_by=by,
        published_by_name=by.get_full_name() or by.username,
        listed=len(current),
        content_hash=content_hash(list(current.values())),
    )
    entries: list[RegistryEntry] = []
    for account_id, row in current.items():
        old = before.get(account_id)
        unchanged = (
            old is not None
            and not old.removed
            and _public_key({f: getattr(old, f) for f in (*PUBLIC_FIELDS, *SEARCH_FIELDS)})
            == _public_key(row)
        )
        entries.append(
            RegistryEntry(
                publication=publication,
                wsib_account_id=account_id,
                changed_at=old.changed_at if unchanged and old else now,
                **row,
            )
        )
    for account_id, old in before.items():
        if account_id in current:
            continue
        # Listed before and no longer: a tombstone (carried as it was if already one).
        entries.append(
            RegistryEntry(
                publication=publication,
                wsib_account_id=account_id,
                wsib_account_number=old.wsib_account_number,
                organization=old.organization,
                operating_name=old.operating_name,
                city=old.city,
                sector=old.sector,
                certificate_number=old.certificate_number,
                standing=old.standing,
                anniversary_date=old.anniversary_date,
                expiry_date=old.expiry_date,
                changed_at=old.changed_at if old.removed else now,
                removed=True,
            )
        )
    RegistryEntry.objects.bulk_create(entries, batch_size=BATCH)
    removed = sum(1 for e in entries if e.removed and e.changed_at == now)
    # The feed reads the latest publication's head from the cache: drop it now and again once
    # this commits (a reader may have cached the previous head in between).
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(LATEST_PUBLICATION_CACHE_KEY))
    record(
        subject=publication,
        actor=by,
        action=CertificationAction.REGISTRY_PUBLISHED,
        changes={"listed": ("", len(current)), "removed": ("", removed)},
    )
    return publication


@transaction.atomic
def registry_client_create(
    *, name: str, contact_email: str = "", rate_per_minute: int = 60, by: User
) -> RegistryClient:
    """An administrator adds a registry client (an H&S registry or a buyer of services). It
    gets a service user with no password and no organization, which only ever holds the
    client's read-only key."""
    require(by, "certification.manage_registry_clients")
    name = check_length((name or "").strip(), limit=CLIENT_NAME_MAX_LENGTH, field="name")
    if not name:
        raise DomainError(_("Give the client's name."), field="name")
    if isinstance(rate_per_minute, bool) or not isinstance(rate_per_minute, int):
        raise DomainError(_("The rate is a whole number of requests per minute."), field="rate")
    if not 1 <= rate_per_minute <= 10000:
        raise DomainError(
            _("The rate is between 1 and 10000 requests per minute."), field="rate_per_minute"
        )
    if RegistryClient.objects.filter(name__iexact=name).exists():
        raise DomainError(
            _("A registry client named %(name)s exists.") % {"name": name}, field="name"
        )
    user = User(username=f"registry-client-{secrets.token_hex(8)}", email="")
    user.set_unusable_password()
    user.save()
    client = RegistryClient.objects.create(
        name=name,
        contact_email=(contact_email or "").strip(),
        rate_per_minute=rate_per_minute,
        service_user=user,
        created_by=by,
    )
    record(subject=client, actor=by, action=CertificationAction.REGISTRY_CLIENT_ADDED)
    return client


def registry_key_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "REGISTRY_KEY_TTL_DAYS", 365))


@transaction.atomic
def registry_key_issue(*, client: RegistryClient, by: User, request=None) -> tuple[ApiToken, str]:
    """A new read-only key for `client` (its earlier key stops working). Returns the key and
    the only copy of its secret: show it once."""
    require(by, "certification.manage_registry_clients")
    token, secret = scoped_key_issue(
        user=client.service_user,
        scope=ApiTokenScope.REGISTRY,
        name=client.name,
        ttl=registry_key_ttl(),
        by=by,
        request=request,
    )
    record(
        subject=client,
        actor=by,
        action=CertificationAction.REGISTRY_KEY_ISSUED,
        changes={"key": ("", str(token.public_id))},
    )
    return token, secret


@transaction.atomic
def registry_key_revoke(*, client: RegistryClient, by: User) -> int:
    """Withdraw the client's key: every later request with it is refused (401)."""
    require(by, "certification.manage_registry_clients")
    revoked = scoped_keys_revoke(user=client.service_user, by=by)
    record(subject=client, actor=by, action=CertificationAction.REGISTRY_KEY_REVOKED)
    return revoked


def registry_client_key(client: RegistryClient) -> ApiToken | None:
    return ApiToken.objects.filter(user_id=client.service_user_id).order_by("-created").first()
