"""Reads that feed the pure standing function (certification/standing.py) from the database,
in a fixed number of queries whatever the number of accounts."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery

from certification.enums import CertificateStatus, VerificationStatus
from certification.models import Certificate, Registration, WsibAccount
from certification.models.certificates import CERTIFICATE_NUMBER_REGEX
from certification.standing import (
    CertificateFacts,
    StandingFacts,
    StandingResult,
    standing,
    verification_status,
)


def latest_registration_status():
    """Subquery: the status of an account's latest registration (annotate WsibAccount)."""
    return Subquery(
        Registration.objects.filter(wsib_account=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("status")[:1]
    )


def facts_of(
    *,
    registration_status: str | None,
    certificate: Certificate | None,
    hold: str | None = None,
    hold_since: date | None = None,
) -> StandingFacts:
    cert = None
    if certificate is not None and certificate.status == CertificateStatus.ACTIVE:
        cert = CertificateFacts(certificate.anniversary_date, certificate.expiry_date)
    return StandingFacts(
        registration_status=registration_status,
        certificate=cert,
        hold=hold,
        hold_since=hold_since,
    )


# Apps above certification add facts of their own (equivalency: `equivalent_until`,
# `reciprocity`): source(account ids, today) -> {account id: {StandingFacts field: value}},
# set-based (a fixed number of queries). Certification never imports them.
StandingSource = Callable[[list[int], date], Mapping[int, Mapping[str, Any]]]
_standing_sources: list[StandingSource] = []


def register_standing_source(source: StandingSource) -> StandingSource:
    if source not in _standing_sources:
        _standing_sources.append(source)
    return source


def _extra_facts(ids: list[int], today: date) -> dict[int, dict[str, Any]]:
    extra: dict[int, dict[str, Any]] = {}
    for source in _standing_sources:
        for pk, values in source(ids, today).items():
            extra.setdefault(pk, {}).update(values)
    return extra


def standings_of(account_ids: Iterable[int], today: date) -> dict[int, StandingResult]:
    """The standing of each account id (two queries)."""
    ids = list(account_ids)
    statuses: dict[int, str | None] = {}
    holds: dict[int, tuple[str | None, date | None]] = {}
    for pk, reg, hold, since in (
        WsibAccount.objects.filter(pk__in=ids)
        .annotate(reg=latest_registration_status())
        .values_list("pk", "reg", "cor_hold", "cor_hold_since")
    ):
        statuses[pk] = reg
        holds[pk] = (hold, since)
    actives = {
        c.wsib_account_id: c
        for c in Certificate.objects.filter(
            wsib_account_id__in=ids, status=CertificateStatus.ACTIVE
        )
    }
    extra = _extra_facts(ids, today) if _standing_sources else {}
    return {
        pk: standing(
            replace(
                facts_of(
                    registration_status=statuses.get(pk),
                    certificate=actives.get(pk),
                    hold=holds.get(pk, (None, None))[0],
                    hold_since=holds.get(pk, (None, None))[1],
                ),
                **extra.get(pk, {}),
            ),
            today,
        )
        for pk in ids
    }


def standing_of(account: WsibAccount, today: date) -> StandingResult:
    return standings_of([account.pk], today)[account.pk]


@dataclass(frozen=True)
class Verification:
    """What the public may know of one certificate today."""

    number: str
    status: VerificationStatus
    organization: str
    operating_name: str
    wsib_account_number: str
    anniversary_date: date
    expiry_date: date
    standing: StandingResult
    superseded_by: str | None
    program_code: str = ""

    @property
    def is_valid(self) -> bool:
        return self.status == VerificationStatus.VALID

    @property
    def account_label(self) -> str:
        """ "WSIB", "WCB"… of the holder's program, in the active language."""
        from certification.models.programs import account_label_of

        return account_label_of(self.program_code)


def certificate_verification(number: str, today: date) -> Verification | None:
    """The verification of certificate `number` (None: no such certificate), in 2 queries."""
    number = (number or "").strip().upper()
    if not CERTIFICATE_NUMBER_REGEX.match(number):
        return None
    certificate = (
        Certificate.objects.select_related("wsib_account__organization", "superseded_by")
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return None
    account = certificate.wsib_account
    result = standings_of([account.pk], today)[account.pk]
    facts = facts_of(
        registration_status=None,
        certificate=certificate,
        hold=account.cor_hold,
        hold_since=account.cor_hold_since,
    )
    status = verification_status(certificate_status=certificate.status, facts=facts, today=today)
    return Verification(
        number=certificate.number,
        status=status,
        organization=account.organization.legal_name,
        operating_name=account.organization.operating_name,
        wsib_account_number=account.account_number,
        anniversary_date=certificate.anniversary_date,
        expiry_date=certificate.expiry_date,
        standing=result,
        superseded_by=certificate.superseded_by.number if certificate.superseded_by else None,
        program_code=account.organization.program_id,
    )


@dataclass(frozen=True)
class LetterVerification:
    """What the public may know of one Letter of Good Standing today."""

    number: str
    status: VerificationStatus
    organization: str
    operating_name: str
    wsib_account_number: str
    certificate_number: str
    year: int
    issued_on: date
    valid_until: date
    standing: StandingResult
    program_code: str = ""

    @property
    def is_valid(self) -> bool:
        return self.status == VerificationStatus.VALID

    @property
    def account_label(self) -> str:
        """ "WSIB", "WCB"… of the holder's program, in the active language."""
        from certification.models.programs import account_label_of

        return account_label_of(self.program_code)


def lgs_status(
    *, certificate_status: str, standing: StandingResult, valid_until: date, today: date
) -> VerificationStatus:
    """A letter is valid while its certificate is active, the account certified and the
    letter's year not over; pending with its account; lapsed or revoked with its certificate;
    expired once its year is over (the next letter or certificate took over)."""
    if certificate_status == CertificateStatus.REVOKED:
        return VerificationStatus.REVOKED
    if certificate_status == CertificateStatus.LAPSED:
        return VerificationStatus.LAPSED
    if certificate_status != CertificateStatus.ACTIVE or today > valid_until:
        return VerificationStatus.EXPIRED
    if standing.standing == "pending":
        return VerificationStatus.PENDING
    if standing.standing == "lapsed":
        return VerificationStatus.LAPSED
    return VerificationStatus.VALID


def lgs_verification(number: str, today: date) -> LetterVerification | None:
    """The verification of Letter of Good Standing `number` (None: no such letter)."""
    from certification.models import LetterOfGoodStanding
    from certification.models.maintenance import LGS_NUMBER_REGEX

    number = (number or "").strip().upper()
    if not LGS_NUMBER_REGEX.match(number):
        return None
    letter = (
        LetterOfGoodStanding.objects.select_related("wsib_account__organization", "certificate")
        .filter(number=number)
        .first()
    )
    if letter is None:
        return None
    account = letter.wsib_account
    result = standings_of([account.pk], today)[account.pk]
    return LetterVerification(
        number=letter.number,
        status=lgs_status(
            certificate_status=letter.certificate.status,
            standing=result,
            valid_until=letter.valid_until,
            today=today,
        ),
        organization=account.organization.legal_name,
        operating_name=account.organization.operating_name,
        wsib_account_number=account.account_number,
        certificate_number=letter.certificate.number,
        year=letter.year,
        issued_on=letter.issued_on,
        valid_until=letter.valid_until,
        standing=result,
        program_code=account.organization.program_id,
    )
