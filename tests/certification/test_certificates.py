"""Certificates [001 §2.4]: issue, one active per WSIB account, supersede, revoke, the PDF."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from certification.enums import CertificateStatus, CertificationAction, RegistrationStatus
from certification.models import Certificate
from certification.services.certificates import (
    certificate_issue,
    certificate_pdf,
    certificate_revoke,
    certificate_supersede,
)
from cor_portal.documents.enums import DocumentStatus
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import RegistrationFactory, WsibAccountFactory, make_cast

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def confirmed(account, by):
    return RegistrationFactory(
        wsib_account=account,
        status=RegistrationStatus.CONFIRMED,
        submitted_at=timezone.now(),
        confirmed_at=timezone.now(),
        confirmed_by=by,
    )


@pytest.fixture
def cast(db):
    cast = make_cast()
    confirmed(cast.wsib_account, cast.admin)
    return cast


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_certificate_issue_numbers_dates_and_history(cast):
    certificate = certificate_issue(
        wsib_account=cast.wsib_account,
        anniversary_date=date(2026, 6, 1),
        by=cast.reviewer,
        source_audit_id=42,
        reason="External audit passed",
    )
    assert certificate.number == "COR-2026-000001"
    assert certificate.status == CertificateStatus.ACTIVE
    assert certificate.anniversary_date == date(2026, 6, 1)
    assert certificate.expiry_date == date(2029, 6, 1)
    assert certificate.source_audit_id == 42
    actions = [h.action for h in history_of(certificate)]
    assert CertificationAction.CERTIFICATE_ISSUED in actions
    assert [h.action for h in history_of(cast.wsib_account)] == [
        CertificationAction.CERTIFICATE_ISSUED
    ]


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_certificate_numbers_are_consecutive_per_anniversary_year(cast):
    other = WsibAccountFactory(organization=cast.organization)
    confirmed(other, cast.admin)
    third = WsibAccountFactory(organization=cast.organization)
    confirmed(third, cast.admin)
    a = certificate_issue(wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin)
    b = certificate_issue(wsib_account=other, anniversary_date=TODAY, by=cast.admin)
    c = certificate_issue(wsib_account=third, anniversary_date=date(2025, 12, 31), by=cast.admin)
    assert [a.number, b.number, c.number] == [
        "COR-2026-000001",
        "COR-2026-000002",
        "COR-2025-000001",
    ]


@time_machine.travel("2029-02-28 12:00 -05:00", tick=False)
def test_certificate_expiry_of_29_february_is_28_february(cast):
    certificate = certificate_issue(
        wsib_account=cast.wsib_account, anniversary_date=date(2028, 2, 29), by=cast.admin
    )
    assert certificate.expiry_date == date(2031, 2, 28)


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_second_active_certificate_is_refused_and_nothing_changes(cast):
    first = certificate_issue(wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin)
    with pytest.raises(DomainError) as err:
        certificate_issue(wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin)
    assert err.value.field == "wsib_account"
    assert first.number in err.value.message
    assert Certificate.objects.count() == 1


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_database_holds_one_active_certificate_per_account(cast):
    first = certificate_issue(wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            wsib_account=cast.wsib_account,
            number="COR-2026-000099",
            anniversary_date=TODAY,
            expiry_date=first.expiry_date,
            issued_by=cast.admin,
        )


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
@pytest.mark.parametrize(
    ("anniversary", "field"),
    [(date(2026, 6, 16), "anniversary_date"), (date(2023, 6, 15), "anniversary_date")],
)
def test_future_or_expired_anniversary_is_refused(cast, anniversary, field):
    with pytest.raises(DomainError) as err:
        certificate_issue(
            wsib_account=cast.wsib_account, anniversary_date=anniversary, by=cast.admin
        )
    assert err.value.field == field
    assert Certificate.objects.count() == 0


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_account_without_confirmed_registration_cannot_be_certified(cast):
    with pytest.raises(DomainError) as err:
        certificate_issue(
            wsib_account=cast.other_wsib_account, anniversary_date=TODAY, by=cast.admin
        )
    assert err.value.field == "wsib_account"
    assert Certificate.objects.count() == 0


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
@pytest.mark.parametrize("who", ["smr", "internal_auditor", "viewer", "outsider", "auditor"])
def test_only_certifying_body_staff_issue_certificates(cast, who):
    with pytest.raises(NotAllowed):
        certificate_issue(
            wsib_account=cast.wsib_account, anniversary_date=TODAY, by=getattr(cast, who)
        )
    assert Certificate.objects.count() == 0


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_supersede_replaces_the_active_certificate(cast):
    old = certificate_issue(
        wsib_account=cast.wsib_account, anniversary_date=date(2023, 7, 1), by=cast.admin
    )
    new = certificate_supersede(
        certificate=old, anniversary_date=date(2026, 6, 1), by=cast.admin, reason="Recertified"
    )
    assert old.status == CertificateStatus.SUPERSEDED
    assert old.superseded_by == new
    assert new.status == CertificateStatus.ACTIVE
    with pytest.raises(DomainError):
        certificate_supersede(
            certificate=old, anniversary_date=date(2026, 6, 2), by=cast.admin, reason="again"
        )


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_revoke_needs_a_reason_and_an_administrator(cast):
    certificate = certificate_issue(
        wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin
    )
    with pytest.raises(DomainError) as err:
        certificate_revoke(certificate=certificate, by=cast.admin, reason="  ")
    assert err.value.field == "reason"
    with pytest.raises(NotAllowed):
        certificate_revoke(certificate=certificate, by=cast.reviewer, reason="no")
    certificate_revoke(certificate=certificate, by=cast.admin, reason="Appeal upheld")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.end_reason == "Appeal upheld"
    # The account may be certified again once the revoked one is out of the way.
    again = certificate_issue(wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin)
    assert again.status == CertificateStatus.ACTIVE


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_certificate_pdf_is_generated_once_with_qr_to_its_number(cast):
    certificate = certificate_issue(
        wsib_account=cast.wsib_account, anniversary_date=TODAY, by=cast.admin
    )
    # Generated after the commit (eager in tests).
    document = certificate_pdf(certificate=certificate)
    assert document.kind == "certificate"
    assert document.number.startswith("CERT-2026-")
    assert len(document.sha256) == 64
    assert certificate_pdf(certificate=certificate).pk == document.pk
    certificate_revoke(certificate=certificate, by=cast.admin, reason="Appeal upheld")
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED
