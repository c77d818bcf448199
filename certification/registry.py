"""Reads of the public registry [SPEC §9]: the latest publication, its page, the feed (JSON
and CSV, whole or `changed_since`) and bulk verification. The registry page and feed read
only the latest publication (what an administrator published); bulk verification and the
verification page say what is true *today* (certification/standing.py).

Query counts do not grow with the number of accounts: the feed is 1 query for a 304 and 2
for a body (the rendered body of a publication is cached, so mostly 1); a page is 3; bulk
verification of up to 100 numbers is 3."""

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.enums import CertificateStatus, VerificationStatus
from certification.models import Certificate, RegistryEntry, RegistryPublication
from certification.models.certificates import CERTIFICATE_NUMBER_REGEX
from certification.programs import (
    IHSA_ACCOUNT_FORMAT,
    AccountNumberFormat,
    formats_text,
    is_account_number,
)
from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, PUBLIC_FIELDS
from certification.standing import (
    CertificateFacts,
    StandingFacts,
    standing,
    verification_status,
)
from cor_portal.csvsafe import SafeWriter
from cor_portal.errors import DomainError

BULK_MAX = 100
REGISTRY_PAGE_SIZE = 25
FEED_CACHE_SECONDS = 24 * 3600


LATEST_KEY = LATEST_PUBLICATION_CACHE_KEY


def latest_publication() -> RegistryPublication | None:
    return RegistryPublication.objects.order_by("-published_at", "-id").first()


@dataclass(frozen=True)
class PublicationHead:
    """What the feed needs of the latest publication to answer a conditional request."""

    pk: int
    published_at: datetime
    published_by_name: str
    content_hash: str


def latest_publication_head() -> PublicationHead | None:
    """The latest publication's head, from the cache (no query) or one query. registry_publish
    deletes the cached head after its commit, so the next request reads the new one."""
    head = cache.get(LATEST_KEY)
    if head is None:
        row = (
            RegistryPublication.objects.order_by("-published_at", "-id")
            .values_list("pk", "published_at", "published_by_name", "content_hash")
            .first()
        )
        if row is None:
            return None
        head = PublicationHead(*row)
        cache.set(LATEST_KEY, head, FEED_CACHE_SECONDS)
    return head


def listed_entries(publication: RegistryPublication) -> QuerySet[RegistryEntry]:
    return RegistryEntry.objects.filter(publication=publication, removed=False).order_by(
        "organization", "wsib_account_number"
    )


# --- the page ----------------------------------------------------------------------------


def registry_page(*, publication: RegistryPublication | None, q: str, city: str, sector: str, page):
    """One page of the published registry, searched by name (legal or operating), city and
    sector."""
    if publication is None:
        return None
    entries = listed_entries(publication)
    if q:
        entries = entries.filter(Q(organization__icontains=q) | Q(operating_name__icontains=q))
    if city:
        entries = entries.filter(city__iexact=city)
    if sector:
        entries = entries.filter(sector=sector)
    return Paginator(entries.only(*PUBLIC_FIELDS), REGISTRY_PAGE_SIZE).get_page(page)


# --- the feed ----------------------------------------------------------------------------


def parse_changed_since(value: str | None) -> datetime | None:
    """`?changed_since=` as an aware datetime (ISO 8601; a date means its midnight in
    Toronto). A DomainError naming the parameter when malformed."""
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            _("changed_since must be an ISO 8601 date or date and time, e.g. %(example)s.")
            % {"example": "2026-06-01T00:00:00Z"},
            field="changed_since",
        ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _row(values: tuple) -> dict:
    row = dict(zip(PUBLIC_FIELDS, values, strict=True))
    row["anniversary_date"] = row["anniversary_date"].isoformat()
    row["expiry_date"] = row["expiry_date"].isoformat()
    return row


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(PUBLIC_FIELDS)
    for row in rows:
        writer.writerow([row[f] for f in PUBLIC_FIELDS])
    return buffer.getvalue().encode()


def _head(publication: "RegistryPublication | PublicationHead") -> dict:
    return {
        "published_at": publication.published_at.isoformat(),
        "published_by": publication.published_by_name,
    }


def feed_body(
    publication: "RegistryPublication | PublicationHead", *, fmt: str, since: datetime | None
) -> bytes:
    """The feed's body: every listed account, or with `since` only the rows changed after it
    plus the certificate numbers removed since."""
    if since is None:
        key = f"registry-feed:{publication.pk}:{publication.content_hash[:16]}:{fmt}"
        body = cache.get(key)
        if body is None:
            rows = [
                _row(v)
                for v in RegistryEntry.objects.filter(publication_id=publication.pk, removed=False)
                .order_by("organization", "wsib_account_number")
                .values_list(*PUBLIC_FIELDS)
            ]
            if fmt == "csv":
                body = _csv(rows)
            else:
                body = json.dumps(
                    {**_head(publication), "count": len(rows), "results": rows},
                    ensure_ascii=False,
                    separators=(",", ":"),
                ).encode()
            cache.set(key, body, FEED_CACHE_SECONDS)
        return body
    changed = RegistryEntry.objects.filter(
        publication_id=publication.pk, changed_at__gt=since
    ).order_by("organization", "wsib_account_number")
    rows, removed = [], []
    for *values, gone in changed.values_list(*PUBLIC_FIELDS, "removed"):
        if gone:
            removed.append(values[PUBLIC_FIELDS.index("certificate_number")])
        else:
            rows.append(_row(tuple(values)))
    if fmt == "csv":
        return _csv(rows)
    return json.dumps(
        {
            **_head(publication),
            "changed_since": since.isoformat(),
            "count": len(rows),
            "results": rows,
            "removed": removed,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def feed_etag(
    publication: "RegistryPublication | PublicationHead", *, fmt: str, since: datetime | None
) -> str:
    tag = f"{publication.pk}-{publication.content_hash[:20]}-{fmt}"
    if since is not None:
        tag += f"-{int(since.timestamp())}"
    return f'"{tag}"'


# --- bulk verification -------------------------------------------------------------------


@dataclass(frozen=True)
class BulkRequest:
    wsib_numbers: list[str]
    certificate_numbers: list[str]
    order: list[str]


def parse_bulk_numbers(
    raw: list[str], formats: Sequence[AccountNumberFormat] = (IHSA_ACCOUNT_FORMAT,)
) -> BulkRequest:
    """Up to BULK_MAX account numbers in one of the programs' `formats` (WSIB: 7 digits;
    WCB: 7 to 9) or certificate numbers (COR-YYYY-NNNNNN), comma- or space-separated or
    repeated. A DomainError naming the malformed ones, or saying how many there were, when
    not."""
    numbers: list[str] = []
    for chunk in raw:
        numbers.extend(n for n in re.split(r"[\s,]+", chunk or "") if n)
    unique = list(dict.fromkeys(n.upper() for n in numbers))
    if not unique:
        raise DomainError(
            _("Give up to %(n)d account or certificate numbers in numbers=.") % {"n": BULK_MAX},
            field="numbers",
        )
    if len(unique) > BULK_MAX:
        raise DomainError(
            _("At most %(max)d numbers per request; this one has %(n)d.")
            % {"max": BULK_MAX, "n": len(unique)},
            field="numbers",
        )
    accounts = [n for n in unique if is_account_number(n, formats)]
    malformed = [n for n in unique if n not in accounts and not CERTIFICATE_NUMBER_REGEX.match(n)]
    if malformed:
        raise DomainError(
            _(
                "Not an account number (%(formats)s) or a certificate number "
                "(COR-YYYY-NNNNNN): %(numbers)s."
            )
            % {"formats": formats_text(formats), "numbers": ", ".join(malformed[:BULK_MAX])},
            field="numbers",
        )
    return BulkRequest(
        wsib_numbers=accounts,
        certificate_numbers=[n for n in unique if CERTIFICATE_NUMBER_REGEX.match(n)],
        order=unique,
    )


def _verified(number: str, certificate: Certificate | None, today: date) -> dict:
    if certificate is None:
        return {"number": number, "found": False, "status": VerificationStatus.NOT_FOUND.value}
    active = certificate.status == CertificateStatus.ACTIVE
    account = certificate.wsib_account
    facts = StandingFacts(
        certificate=CertificateFacts(certificate.anniversary_date, certificate.expiry_date)
        if active
        else None,
        hold=account.cor_hold,
        hold_since=account.cor_hold_since,
    )
    account_standing = standing(facts, today)
    return {
        "number": number,
        "found": True,
        "status": verification_status(
            certificate_status=certificate.status, facts=facts, today=today
        ).value,
        "standing": account_standing.standing.value if active else None,
        "certificate_number": certificate.number,
        "organization": certificate.wsib_account.organization.legal_name,
        "operating_name": certificate.wsib_account.organization.operating_name,
        "anniversary_date": certificate.anniversary_date.isoformat(),
        "expiry_date": certificate.expiry_date.isoformat(),
    }


def bulk_verify(request: BulkRequest, today: date) -> list[dict]:
    """Each number's status, standing and dates today, in the order asked; "not found" for
    the rest. An account number is found when the account holds or held a certificate
    (its latest one answers); other accounts' participation is not disclosed."""
    by_number = {
        c.number: c
        for c in Certificate.objects.filter(number__in=request.certificate_numbers).select_related(
            "wsib_account__organization"
        )
    }
    by_account: dict[str, Certificate] = {}
    if request.wsib_numbers:
        certs = (
            Certificate.objects.filter(wsib_account__account_number__in=request.wsib_numbers)
            .select_related("wsib_account__organization")
            .order_by("wsib_account_id", "-anniversary_date", "-id")
        )
        for c in certs:
            number = c.wsib_account.account_number
            current = by_account.get(number)
            # The active certificate answers for the account, else the latest one.
            if current is None or (
                c.status == CertificateStatus.ACTIVE and current.status != CertificateStatus.ACTIVE
            ):
                by_account[number] = c
    results = []
    for number in request.order:
        certificate = by_number.get(number) if "-" in number else by_account.get(number)
        result = _verified(number, certificate, today)
        if certificate is not None and "-" not in number:
            result["wsib_account_number"] = number
        results.append(result)
    return results
