"""ISO 45001 / MLTSD equivalency and reciprocity [001 §5, §6]: a missing document is refused by
name, D10 at days 29/30/31, approval issues a 1-year certificate that gives the `equivalent`
standing until D11 ends it (leap day), an ISO request without an Ontario WSIB account or scope
becomes reciprocity with the reason, and reciprocity is never certified."""

from datetime import date, timedelta

import pytest

from certification.enums import Standing
from certification.standing_facts import standing_of
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.documents.services import document_for
from cor_portal.errors import DomainError, NotAllowed
from equivalency.documents import EQUIVALENCY_CERTIFICATE, EQUIVALENCY_DECISION_REPORT
from equivalency.enums import (
    DocumentKind,
    EquivalencyCertificateStatus,
    EquivalencyStatus,
    ReciprocityStatus,
)
from equivalency.models import EquivalencyCertificate, ReciprocityRequest
from equivalency.services.equivalency import equivalency_decide, equivalency_submit
from equivalency.services.reciprocity import reciprocity_decide, reciprocity_request_create

from .helpers import at, confirmed, lead, pdf, submitted_request

pytestmark = pytest.mark.django_db


def decide(request, by, outcome="approve", **kw):
    return equivalency_decide(
        request=request,
        outcome=outcome,
        summary=kw.pop("summary", "Reviewed"),
        fee_amount=kw.pop("fee_amount", "750.00"),
        fee_paid_on=kw.pop("fee_paid_on", None) or request.submitted_on,
        by=by,
        **kw,
    )


def test_a_missing_document_is_refused_by_name_and_nothing_changes(cast):
    account = confirmed(cast)
    request = submitted_request(cast, account=account, skip=(DocumentKind.ISO_CERTIFICATE,))
    with pytest.raises(DomainError) as err:
        equivalency_submit(request=request, by=cast.smr)
    assert err.value.field == "documents"
    assert "Most recent ISO 45001 certificate" in err.value.message
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.DRAFT and request.submitted_on is None
    assert not Deadline.objects.filter(kind="D10").exists()


def test_mltsd_names_each_missing_document(cast):
    account = confirmed(cast)
    request = submitted_request(
        cast,
        kind="mltsd",
        account=account,
        skip=(DocumentKind.MASTER_HAZARD_REGISTRY, DocumentKind.OHSMS_MANUAL),
    )
    with pytest.raises(DomainError) as err:
        equivalency_submit(request=request, by=cast.smr)
    assert "Master hazard registry" in err.value.message
    assert "Current OHSMS manual with policies and procedures" in err.value.message


@pytest.mark.parametrize(
    ("sweep_on", "state"),
    [
        (date(2026, 3, 1), "open"),  # day 29 (submitted Jan 31)
        (date(2026, 3, 2), "open"),  # day 30
        (date(2026, 3, 3), "missed"),  # day 31
    ],
)
def test_d10_the_lead_auditor_decides_within_30_days(cast, sweep_on, state):
    with at(date(2026, 1, 31)):
        submitted_request(cast, account=confirmed(cast))
    deadline = Deadline.objects.get(kind="D10")
    assert deadline.due_on == date(2026, 3, 2)
    with at(sweep_on):
        sweep(sweep_on)
    deadline.refresh_from_db()
    assert deadline.state == state


def test_approval_issues_a_one_year_certificate_and_the_equivalent_standing(cast):
    issued = date(2028, 2, 29)
    with at(issued - timedelta(days=5)):
        account = confirmed(cast)
        request = submitted_request(cast, account=account)
    with at(issued):
        with pytest.raises(NotAllowed):
            decide(request, cast.reviewer)
        decide(request, lead())
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.APPROVED
    certificate = EquivalencyCertificate.objects.get(request=request)
    assert (certificate.issued_on, certificate.expiry_date) == (issued, date(2029, 2, 28))
    assert document_for(certificate, EQUIVALENCY_CERTIFICATE) is not None
    assert document_for(request, EQUIVALENCY_DECISION_REPORT) is not None
    assert Deadline.objects.get(kind="D10").state == "met"
    d11 = Deadline.objects.get(kind="D11")
    assert d11.due_on == date(2029, 2, 27)
    for day, expected in [
        (date(2029, 2, 26), Standing.EQUIVALENT),
        (date(2029, 2, 27), Standing.EQUIVALENT),  # the last day it covers
        (date(2029, 2, 28), Standing.IN_INITIAL_CYCLE),  # the expiry day
    ]:
        with at(day):
            sweep(day)
            result = standing_of(account, day)
        assert result.standing == expected, day
        assert result.is_certified == (expected == Standing.EQUIVALENT)
    certificate.refresh_from_db()
    assert certificate.status == EquivalencyCertificateStatus.EXPIRED
    assert Deadline.objects.get(kind="D11").state == "missed"


def test_iso_without_an_ontario_wsib_account_goes_to_reciprocity_with_the_reason(cast):
    with at(date(2026, 5, 1)):
        request = submitted_request(cast, account=None)
        decide(request, lead())
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.RECIPROCITY
    assert "no valid Ontario WSIB account" in request.decision_reason
    assert "bidding purposes only" in request.decision_reason
    grant = ReciprocityRequest.objects.get(source=request)
    assert grant.status == ReciprocityStatus.APPROVED
    assert not EquivalencyCertificate.objects.exists()


def test_iso_without_ontario_work_in_scope_is_reciprocity_and_never_certified(cast):
    with at(date(2026, 5, 1)):
        account = confirmed(cast)
        request = submitted_request(cast, account=account, ontario=False)
        decide(request, lead())
        result = standing_of(account, date(2026, 5, 1))
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.RECIPROCITY
    assert "representative work performed in Ontario" in request.decision_reason
    assert result.standing == Standing.RECIPROCITY and not result.is_certified


def test_a_decision_without_the_fee_or_a_refusal_without_reason_changes_nothing(cast):
    with at(date(2026, 5, 1)):
        request = submitted_request(cast, account=confirmed(cast))
        with pytest.raises(DomainError) as err:
            decide(request, lead(), fee_amount="")
        assert err.value.field == "fee_amount"
        with pytest.raises(DomainError) as err:
            decide(request, lead(), outcome="refuse")
        assert err.value.field == "reason"
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.SUBMITTED


def test_reciprocity_request_and_decision(cast):
    with at(date(2026, 5, 1)):
        account = confirmed(cast)
        with pytest.raises(DomainError) as err:
            reciprocity_request_create(
                organization=cast.organization,
                home_province="ON",
                cfcsa_member="IHSA",
                letter=pdf(),
                by=cast.smr,
            )
        assert err.value.field == "home_province"
        with pytest.raises(DomainError) as err:
            reciprocity_request_create(
                organization=cast.organization,
                home_province="AB",
                cfcsa_member="ACSA",
                letter=None,
                by=cast.smr,
            )
        assert err.value.field == "letter"
        request = reciprocity_request_create(
            organization=cast.organization,
            home_province="ab",
            cfcsa_member="Alberta Construction Safety Association",
            letter=pdf("letter.pdf"),
            wsib_account=account.pk,
            by=cast.smr,
        )
        reciprocity_decide(
            request=request, approve=True, valid_until=date(2026, 12, 31), by=cast.reviewer
        )
    request.refresh_from_db()
    assert request.status == ReciprocityStatus.APPROVED
    for day, expected in [
        (date(2026, 12, 31), Standing.RECIPROCITY),
        (date(2027, 1, 1), Standing.IN_INITIAL_CYCLE),
    ]:
        assert standing_of(account, day).standing == expected
        assert not standing_of(account, day).is_certified
