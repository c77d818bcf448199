"""Certificates of Recognition [001 §2.4, §2.5; SPEC §4, §10]: one function per transition of
CERTIFICATE_FLOW (certification/workflows.py).

The stable entry point the audits app calls when an external audit (or a re-audit) passes:

    from certification.services.certificates import certificate_issue
    certificate_issue(*, wsib_account, anniversary_date, by, source_audit_id=None, reason="")

- `certificate_issue` creates an *active* certificate: a unique number (COR-YYYY-NNNNNN from a
  per-anniversary-year counter under a row lock), issue date = anniversary date, expiry 3 years
  later. A WSIB account holds at most one active certificate (a partial unique constraint; a
  second one is refused with a DomainError naming the one in force). It supersedes nothing.
- `certificate_supersede` is recertification's path (issue 11): in one transaction the active
  certificate becomes *superseded*, pointing to its successor, which is issued as above.
- `certificate_revoke` ends an active certificate with a reason.
- `certificate_pdf` returns the stored PDF, generating it the first time (documents registry:
  numbered, stored with its SHA-256, a verification code, QR code to /verify/<number>/). It is
  queued after the commit of every issue; the download view calls it too, so a failed render
  only delays the PDF.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.documents import CERTIFICATE
from certification.enums import CertificateStatus, CertificationAction, RegistrationStatus
from certification.limits import check_length
from certification.models import Certificate, CertificateCounter, Registration, WsibAccount
from certification.services.maintenance import (
    certificate_ended,
    maintenance_plan_create,
    recertification_check,
    recertified,
)
from certification.standing import expiry_of
from certification.workflows import CERTIFICATE_FLOW
from cor_portal.access import require
from cor_portal.accounts.models import User
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.services import document_for, document_issue
from cor_portal.errors import DomainError
from cor_portal.history.services import record

CERTIFICATE_REASON_MAX_LENGTH = 2000


def format_certificate_number(year: int, sequence: int) -> str:
    return f"COR-{year:04d}-{sequence:06d}"


def _next_number(year: int) -> str:
    """The next number of `year`, from its counter row locked until the transaction ends (a
    rollback releases it, two issues at once wait for each other)."""
    counters = CertificateCounter.objects.select_for_update()
    counter = counters.filter(year=year).first()
    if counter is None:
        CertificateCounter.objects.bulk_create(
            [CertificateCounter(year=year, last=0)], ignore_conflicts=True
        )
        counter = counters.get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_certificate_number(year, counter.last)


def _active_of(account: WsibAccount) -> Certificate | None:
    return Certificate.objects.filter(wsib_account=account, status=CertificateStatus.ACTIVE).first()


def _check_issuable(*, wsib_account: WsibAccount, anniversary_date: date, today: date) -> None:
    if not isinstance(anniversary_date, date):
        raise DomainError(_("Give the anniversary date as a date."), field="anniversary_date")
    if anniversary_date > today:
        raise DomainError(
            _(
                "The anniversary date %(date)s is in the future: a certificate is issued on "
                "its anniversary date."
            )
            % {"date": anniversary_date.isoformat()},
            field="anniversary_date",
        )
    if expiry_of(anniversary_date) <= today:
        raise DomainError(
            _(
                "A certificate with the anniversary date %(date)s would already have expired "
                "(on %(expiry)s)."
            )
            % {"date": anniversary_date.isoformat(), "expiry": expiry_of(anniversary_date)},
            field="anniversary_date",
        )
    if not Registration.objects.filter(
        wsib_account=wsib_account, status=RegistrationStatus.CONFIRMED
    ).exists():
        raise DomainError(
            _("%(board)s account %(number)s has no confirmed registration: it cannot be certified.")
            % {"board": wsib_account.account_label, "number": wsib_account.account_number},
            field="wsib_account",
        )


def _already_active(account: WsibAccount, active: Certificate) -> DomainError:
    return DomainError(
        _(
            "%(board)s account %(account)s already holds active certificate %(number)s "
            "(anniversary %(date)s); a %(board)s account holds one active certificate at a time. "
            "Recertification supersedes it; otherwise revoke it first."
        )
        % {
            "board": account.account_label,
            "account": account.account_number,
            "number": active.number,
            "date": active.anniversary_date.isoformat(),
        },
        field="wsib_account",
        code="conflict",
    )


def _create(
    *,
    wsib_account: WsibAccount,
    anniversary_date: date,
    by: User,
    source_audit_id: int | None,
    reason: str,
) -> Certificate:
    """Insert one active certificate and its history row (inside the caller's transaction)."""
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                wsib_account=wsib_account,
                number=_next_number(anniversary_date.year),
                anniversary_date=anniversary_date,
                expiry_date=expiry_of(anniversary_date),
                source_audit_id=source_audit_id,
                reason=reason,
                issued_by=by,
            )
    except IntegrityError:
        # Another issue for this account committed between our check and our insert.
        active = _active_of(wsib_account)
        if active is None:
            raise
        raise _already_active(wsib_account, active) from None
    record(
        subject=certificate,
        actor=by,
        action=CertificationAction.CERTIFICATE_ISSUED,
        to_state=CertificateStatus.ACTIVE,
        changes={
            "number": ("", certificate.number),
            "anniversary_date": ("", anniversary_date),
            "expiry_date": ("", certificate.expiry_date),
        },
        reason=reason,
    )
    record(
        subject=wsib_account,
        actor=by,
        action=CertificationAction.CERTIFICATE_ISSUED,
        changes={"certificate": ("", certificate.number)},
        reason=reason,
    )
    # Years 2 and 3 and recertification, with their deadlines D5-D7 [SPEC §4.2, §4.3].
    maintenance_plan_create(certificate=certificate, by=by)
    return certificate


def _queue_pdf(certificate: Certificate) -> None:
    from certification.tasks import task_generate_certificate_pdf

    certificate_id = certificate.pk
    transaction.on_commit(
        lambda: task_generate_certificate_pdf.delay(certificate_id=certificate_id)
    )


def _locked_account(wsib_account: WsibAccount) -> WsibAccount:
    # Serializes issues for one account (the partial unique constraint is the last word).
    return (
        WsibAccount.objects.select_for_update()
        .select_related("organization")
        .get(pk=wsib_account.pk)
    )


def _source_audit(source_audit_id: int | None) -> int | None:
    if source_audit_id is None:
        return None
    if isinstance(source_audit_id, bool) or not isinstance(source_audit_id, int):
        raise DomainError(_("The source audit is given by its id."), field="source_audit_id")
    if source_audit_id < 1:
        raise DomainError(_("The source audit is given by its id."), field="source_audit_id")
    return source_audit_id


@transaction.atomic
def certificate_issue(
    *,
    wsib_account: WsibAccount,
    anniversary_date: date,
    by: User,
    source_audit_id: int | None = None,
    reason: str = "",
    on_appeal: bool = False,
) -> Certificate:
    """Issue the Certificate of Recognition of `wsib_account` [001 §2.4]: issue date =
    `anniversary_date`, expiry 3 years later, valid subject to Letters of Good Standing in
    years 2 and 3. Certifying-body staff only (the reviewer approving a passing external
    audit report, or an administrator). Refused, with nothing changed, when the account has
    no confirmed registration, already holds an active certificate, or the date is in the
    future or already three years past. Records history on the certificate and the account
    and queues its PDF. Supersedes nothing: recertification calls certificate_supersede.
    `on_appeal`: an upheld appeal overturned the failed audit (audits.services.overturn,
    which checked the decider's right: a level-1 decider is the external auditor)."""
    if not on_appeal:
        require(by, "certification.issue_certificate", wsib_account)
    reason = check_length(
        (reason or "").strip(), limit=CERTIFICATE_REASON_MAX_LENGTH, field="reason"
    )
    source_audit_id = _source_audit(source_audit_id)
    account = _locked_account(wsib_account)
    _check_issuable(
        wsib_account=account, anniversary_date=anniversary_date, today=timezone.localdate()
    )
    active = _active_of(account)
    if active is not None:
        raise _already_active(account, active)
    certificate = _create(
        wsib_account=account,
        anniversary_date=anniversary_date,
        by=by,
        source_audit_id=source_audit_id,
        reason=reason,
    )
    _queue_pdf(certificate)
    return certificate


@transaction.atomic
def certificate_supersede(
    *,
    certificate: Certificate,
    anniversary_date: date,
    by: User,
    source_audit_id: int | None = None,
    reason: str,
) -> Certificate:
    """Recertification [001 §2.5] (called by issue 11's recertification): the active
    `certificate` becomes superseded and a new certificate of the same WSIB account starts a
    new 3-year cycle on `anniversary_date`. Returns the new one; `certificate` is refreshed.
    The old one's verification page then says "superseded"."""
    require(by, "certification.issue_certificate", certificate.wsib_account)
    reason = check_length(
        (reason or "").strip(), limit=CERTIFICATE_REASON_MAX_LENGTH, field="reason"
    )
    if not reason:
        raise DomainError(_("Give the reason the certificate is superseded."), field="reason")
    source_audit_id = _source_audit(source_audit_id)
    account = _locked_account(certificate.wsib_account)
    _check_issuable(
        wsib_account=account, anniversary_date=anniversary_date, today=timezone.localdate()
    )
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    recert = None
    if old.status == CertificateStatus.ACTIVE:
        # No certificate while deficiencies are open; not after the 90 days [001 §2.5].
        recert = recertification_check(certificate=old, today=timezone.localdate())
    if old.status != CertificateStatus.ACTIVE:
        raise DomainError(
            _("Certificate %(number)s is %(status)s: only an active one can be superseded.")
            % {"number": old.number, "status": CertificateStatus(old.status).label.lower()},
            field="status",
            code="conflict",
        )
    if anniversary_date <= old.anniversary_date:
        raise DomainError(
            _("The new anniversary date must come after %(date)s, that of %(number)s.")
            % {"date": old.anniversary_date.isoformat(), "number": old.number},
            field="anniversary_date",
        )
    CERTIFICATE_FLOW.move(
        old,
        CertificationAction.CERTIFICATE_SUPERSEDED,
        by=by,
        reason=reason,
        ended_at=timezone.now(),
        end_reason=reason,
    )
    new = _create(
        wsib_account=account,
        anniversary_date=anniversary_date,
        by=by,
        source_audit_id=source_audit_id,
        reason=reason,
    )
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    recertified(old=old, recert=recert, by=by)
    certificate.refresh_from_db()
    _queue_pdf(new)
    return new


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """An administrator revokes an active certificate (e.g. an appeal or a spot check found it
    was not earned). The reason is required; the certificate stays stored and its
    verification page says "revoked"; its PDF is revoked in the documents registry too."""
    require(by, "certification.revoke_certificate", certificate)
    reason = check_length(
        (reason or "").strip(), limit=CERTIFICATE_REASON_MAX_LENGTH, field="reason"
    )
    if not reason:
        raise DomainError(_("Give the reason the certificate is revoked."), field="reason")
    if certificate.status != CertificateStatus.ACTIVE:
        raise DomainError(
            _("Certificate %(number)s is %(status)s: only an active one can be revoked.")
            % {
                "number": certificate.number,
                "status": CertificateStatus(certificate.status).label.lower(),
            },
            field="status",
            code="conflict",
        )
    CERTIFICATE_FLOW.move(
        certificate,
        CertificationAction.CERTIFICATE_REVOKED,
        by=by,
        reason=reason,
        ended_at=timezone.now(),
        end_reason=reason,
    )
    certificate_ended(certificate=certificate, by=by, reason=reason)
    document = document_for(certificate, CERTIFICATE)
    if document is not None:
        from cor_portal.documents.services import document_revoke

        document_revoke(document=document, by=by, reason=reason)
    return certificate


def certificate_pdf(*, certificate: Certificate, by: User | None = None) -> GeneratedDocument:
    """The stored PDF of `certificate`, generated once (later calls return the same
    document; a revoked certificate's PDF is not generated again)."""
    existing = document_for(certificate, CERTIFICATE)
    if existing is not None:
        return existing
    if certificate.status == CertificateStatus.REVOKED:
        raise DomainError(_("A revoked certificate has no current PDF."), field="status")
    return document_issue(kind=CERTIFICATE, subject=certificate, by=by)
