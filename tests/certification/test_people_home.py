"""Home page sections of people & training, rendered for each role."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.enums import Course, ExemptionDocumentKind
from certification.services.training import exemption_request
from tests.factories import SAMPLE_PDF as TINY_PDF
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def request_for(person, by):
    return exemption_request(
        person=person,
        course=Course.COR_ESSENTIALS,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("t.pdf", TINY_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("o.pdf", TINY_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=by,
    )


def test_staff_home_lists_waiting_exemptions(client, cast):
    person = PersonFactory(organization=cast.organization, first_name="Quinn", last_name="Ours")
    exemption = request_for(person, cast.smr)
    client.force_login(cast.reviewer)
    html = client.get("/").content.decode()
    assert "Training exemption requests waiting" in html
    assert f'href="/exemptions/{exemption.pk}/"' in html
    assert "Quinn Ours" in html


def test_staff_home_says_when_nothing_waits(client, cast):
    client.force_login(cast.admin)
    html = client.get("/").content.decode()
    assert "No training exemption request is waiting." in html


@pytest.mark.parametrize("role", ["smr", "viewer", "outsider", "auditor"])
def test_no_exemption_section_for_others(client, cast, role):
    request_for(PersonFactory(organization=cast.organization), cast.smr)
    client.force_login(getattr(cast, role))
    assert "Training exemption requests waiting" not in client.get("/").content.decode()


def test_smr_home_links_to_readiness(client, cast):
    cast.wsib_account.ohsms_in_place_since = None
    cast.wsib_account.save()
    client.force_login(cast.smr)
    html = client.get("/").content.decode()
    assert "Before your initial internal audit" in html
    assert f'href="/wsib-accounts/{cast.wsib_account.pk}/readiness/"' in html
