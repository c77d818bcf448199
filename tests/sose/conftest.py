"""Fixtures of the action-plan tests: an account whose COR 2020 external audit passed below
100 % with two corrective-action items (the SOSE path), and an ACSA-eligible account."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audits.enums import FindingKind
from certification.enums import CertificateStatus, EmploymentStatus
from certification.models import Certificate, Person
from tests.audits.conftest import Flow, make_ready, make_tool
from tests.audits.external import make_external, report_qa_cleared


@pytest.fixture
def external(db):
    from tests.factories import make_cast

    cast = make_cast()
    tool, items = make_tool("COR 2020", "2020.1", publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    return make_external(Flow(cast=cast, tool=tool, items=items, ia=ia))


def passed_external(external, points=None, findings=("Update the hazard register", "Train JHSC")):
    """A passed external audit (92.5 % by default) with a CAP item per finding."""
    from audits.services.engagement import finding_add, report_approve, report_submit

    external.confirmed()
    engagement = external.started()
    external.score(engagement, points if points is not None else {"2.2": 7})
    for text in findings:
        finding_add(
            engagement=engagement,
            by=engagement.auditor.user,
            kind=FindingKind.FINDING,
            text=text,
            element_number=2,
        )
    engagement = report_submit(engagement=engagement, by=engagement.auditor.user)
    report_qa_cleared(engagement, by=external.cast.admin)  # the QA gate of report_approve
    return report_approve(engagement=engagement, by=external.cast.reviewer)


@pytest.fixture
def sose(external):
    engagement = passed_external(external)
    external.extras["engagement"] = engagement
    return external


@pytest.fixture
def lead(db):
    from cor_portal.accounts.enums import UserRole
    from tests.factories import UserFactory

    return UserFactory(role=UserRole.LEAD_AUDITOR)


def make_acsa_eligible(cast):
    """Certify the cast's account for an ACSA plan (a current certificate after an expired one:
    one full cycle completed) and give it a permanent full-time internal auditor."""
    today = timezone.localdate()
    Certificate.objects.create(
        wsib_account=cast.wsib_account,
        number="COR-2022-900001",
        status=CertificateStatus.SUPERSEDED,
        ended_at=timezone.now(),
        anniversary_date=today - timedelta(days=365 * 4),
        expiry_date=today - timedelta(days=365),
        issued_by=cast.admin,
    )
    Certificate.objects.create(
        wsib_account=cast.wsib_account,
        number="COR-2026-900002",
        anniversary_date=today - timedelta(days=300),
        expiry_date=today + timedelta(days=800),
        issued_by=cast.admin,
    )
    Person.objects.create(
        organization=cast.organization,
        first_name="Ada",
        last_name="Auditor",
        is_internal_auditor=True,
        employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
    )
    return cast


@pytest.fixture
def acsa(cast):
    """An account eligible for an ACSA plan (make_acsa_eligible)."""
    return make_acsa_eligible(cast)


__all__ = ["date", "passed_external"]
