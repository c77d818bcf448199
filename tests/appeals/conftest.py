"""Appeal test helpers: a failed external audit whose report was received on a known day."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from cor_portal.accounts.enums import UserRole
from tests.audits.conftest import flow  # noqa: F401 - the fixture, re-exported
from tests.audits.external import External, make_external
from tests.factories import UserFactory

# Monday 2026-03-30: Good Friday (April 3) falls inside every 5-business-day window.
RECEIVED = date(2026, 3, 30)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=UTC)  # midday in Toronto


@pytest.fixture
def ext(flow) -> External:  # noqa: F811
    return make_external(flow)


@pytest.fixture
def failed(ext):
    """A failed external audit report, received (approved) on RECEIVED."""
    ext.confirmed()
    with time_machine.travel(noon(RECEIVED), tick=False):
        engagement = ext.decided(points={"1.1": 5})
    return engagement


@pytest.fixture
def manager(db):
    return UserFactory(role=UserRole.PROGRAM_MANAGER, username="pm")


@pytest.fixture
def director(db):
    return UserFactory(role=UserRole.PROGRAM_DIRECTOR, username="pd")


def add_evidence(engagement, items, by) -> list:
    """Two pieces of evidence in the external audit of `engagement` (rows written directly:
    the evidence upload has its own tests)."""
    from django.core.files.base import ContentFile

    from audits.models import Evidence
    from tests.factories import SAMPLE_PDF

    return [
        Evidence.objects.create(
            audit=engagement.audit,
            item=items[number],
            file=ContentFile(SAMPLE_PDF, name=name),
            original_name=name,
            content_type="application/pdf",
            size=len(SAMPLE_PDF),
            sha256="0" * 64,
            document_date=engagement.report_approved_on or RECEIVED,
            uploaded_by=by,
        )
        for number, name in (("1.1", "jhsc-minutes.pdf"), ("1.2", "policy.pdf"))
    ]
