"""Training exemption requests [001 §2.2]: the request with its documents, every refusal
(with a message naming the field and nothing changed), the staff decision, the downloads."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.enums import Course, ExemptionDocumentKind, ExemptionStatus
from certification.models import TrainingExemption, TrainingRecord
from certification.services.training import (
    exemption_approve,
    exemption_decide,
    exemption_refuse,
    exemption_request,
)
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.factories import SAMPLE_PDF as TINY_PDF
from tests.factories import WINDOWS_EXE as EXE
from tests.factories import PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")


def pdf(name="transcript.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=TORONTO), tick=False)


@pytest.fixture
def person(cast):
    return PersonFactory(
        organization=cast.organization,
        first_name="Ira",
        last_name="Auditor",
        is_smr=False,
        is_internal_auditor=True,
    )


def request_args(person, by, **overrides):
    args = dict(
        person=person,
        course=Course.BASIC_AUDITING_PRINCIPLES,
        provider="Construction Safety Association of Manitoba",
        provider_course_title="Auditor Training",
        completed_on=date(2025, 6, 1),
        transcript=pdf("My Transcript.pdf"),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=pdf("outline.pdf"),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=by,
    )
    args.update(overrides)
    return args


def stored_files(settings) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found += [os.path.join(root, f) for f in files]
    return found


def state(settings):
    return (
        TrainingExemption.objects.count(),
        TrainingRecord.objects.count(),
        HistoryEntry.objects.count(),
        InboxMessage.objects.count(),
        len(stored_files(settings)),
    )


def test_request_stores_documents_and_tells_staff(cast, person, settings):
    exemption = exemption_request(**request_args(person, cast.smr))
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.SUBMITTED
    assert exemption.requested_on == date(2026, 11, 22)
    assert (exemption.transcript_name, exemption.course_outline_name) == (
        "My Transcript.pdf",
        "outline.pdf",
    )
    # Stored under random names, not the uploaded ones.
    assert "Transcript" not in exemption.transcript.name
    assert exemption.transcript.read() == TINY_PDF
    assert len(stored_files(settings)) == 2
    assert [e.action for e in history_of(exemption)] == ["requested"]
    assert [e.action for e in history_of(person)] == ["exemption_requested"]
    told = set(InboxMessage.objects.values_list("user_id", flat=True))
    assert told == {cast.admin.pk, cast.reviewer.pk}
    message = InboxMessage.objects.filter(user=cast.admin).get()
    assert message.subject == f"Training exemption request from {cast.organization}"
    assert message.url == f"/exemptions/{exemption.pk}/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"course": Course.COR_INTERNAL_AUDITOR},
            "course",
            "Exemptions are granted only for COR™ Essentials and Basic Auditing Principles "
            "[COR™ 2020 §2.2]; COR™ Internal Auditor must be taken with IHSA.",
        ),
        (
            {"course": Course.HAZARD_RISK_MANAGEMENT},
            "course",
            "Exemptions are granted only for COR™ Essentials and Basic Auditing Principles "
            "[COR™ 2020 §2.2]; Introduction to Hazard & Risk Management must be taken with IHSA.",
        ),
        ({"provider": " "}, "provider", "Enter the training provider."),
        (
            {"provider": "ihsa"},
            "provider",
            "An IHSA course needs no exemption: add it as a training record.",
        ),
        (
            {"provider_course_title": ""},
            "provider_course_title",
            "Enter the title of the course taken.",
        ),
        (
            {"completed_on": date(2023, 11, 21)},
            "completed_on",
            "The course was completed on 2023-11-21, more than three years before this "
            "request; only courses completed on or after 2023-11-22 are accepted.",
        ),
        (
            {"completed_on": date(2026, 11, 23)},
            "completed_on",
            "The completion date cannot be after the date of the request.",
        ),
        (
            {"transcript_kind": ExemptionDocumentKind.COURSE_CERTIFICATE},
            "transcript_kind",
            "Course certificates are not acceptable documentation [COR™ 2020 §2.2]: upload the "
            "transcript from the training provider.",
        ),
        (
            {"transcript_kind": ExemptionDocumentKind.WALLET_CARD},
            "transcript_kind",
            "Wallet cards are not acceptable documentation [COR™ 2020 §2.2]: upload the "
            "transcript from the training provider.",
        ),
        (
            {"course_outline_kind": ExemptionDocumentKind.PROFESSIONAL_EXPERIENCE},
            "course_outline_kind",
            "Professional experience is not accepted in lieu of training [COR™ 2020 §2.2]: "
            "upload the official course outline of a course taken.",
        ),
        (
            {"transcript_kind": ExemptionDocumentKind.COURSE_OUTLINE},
            "transcript_kind",
            "This file must be the transcript.",
        ),
        (
            {"transcript": pdf("transcript.pdf", EXE)},
            "transcript",
            "The file transcript.pdf is not an accepted type (its content was checked). "
            "Accepted: CSV, Excel workbook, GIF image, JPEG image, OpenDocument spreadsheet, "
            "OpenDocument text, PDF, PNG image, PowerPoint presentation, TIFF image, WebP image, "
            "Word document.",
        ),
        (
            {"course_outline": pdf("outline.pdf", b"")},
            "course_outline",
            "The file outline.pdf is empty.",
        ),
    ],
)
def test_refusals_name_the_field_and_change_nothing(
    cast, person, settings, overrides, field, message
):
    before = state(settings)
    with pytest.raises(DomainError) as err:
        exemption_request(**request_args(person, cast.smr, **overrides))
    assert (err.value.field, err.value.message) == (field, message)
    assert state(settings) == before


def test_oversize_upload_refused(cast, person, settings):
    settings.UPLOAD_MAX_BYTES = 100
    before = state(settings)
    with pytest.raises(DomainError) as err:
        exemption_request(**request_args(person, cast.smr))
    assert (err.value.field, err.value.message) == (
        "transcript",
        f"The file My Transcript.pdf is {len(TINY_PDF)} bytes; the limit is 100 bytes.",
    )
    assert state(settings) == before


def test_exactly_three_years_before_is_accepted(cast, person):
    exemption = exemption_request(**request_args(person, cast.smr, completed_on=date(2023, 11, 22)))
    assert exemption.completed_on == date(2023, 11, 22)


@pytest.mark.parametrize(
    ("today", "completed_on", "accepted"),
    [
        (datetime(2028, 2, 29, 12, tzinfo=TORONTO), date(2025, 2, 28), True),
        (datetime(2028, 2, 29, 12, tzinfo=TORONTO), date(2025, 2, 27), False),
        (datetime(2027, 2, 28, 12, tzinfo=TORONTO), date(2024, 2, 29), True),
        (datetime(2027, 3, 1, 12, tzinfo=TORONTO), date(2024, 2, 29), False),
        # Late evening in Toronto is already the next day in UTC: the Toronto date counts.
        (datetime(2026, 11, 22, 23, 30, tzinfo=TORONTO), date(2023, 11, 22), True),
    ],
)
def test_leap_day_edges(cast, person, time_machine, today, completed_on, accepted):
    time_machine.move_to(today, tick=False)
    args = request_args(person, cast.smr, completed_on=completed_on)
    if accepted:
        assert exemption_request(**args).completed_on == completed_on
    else:
        with pytest.raises(DomainError) as err:
            exemption_request(**args)
        assert err.value.field == "completed_on"
        assert TrainingExemption.objects.count() == 0


def test_one_open_request_per_course_and_none_once_trained(cast, person, settings):
    exemption_request(**request_args(person, cast.smr))
    before = state(settings)
    with pytest.raises(DomainError) as err:
        exemption_request(**request_args(person, cast.smr))
    assert (err.value.field, err.value.message) == (
        "course",
        "An exemption request for this course is already waiting for a decision.",
    )
    TrainingRecordFactory(person=person, course=Course.COR_ESSENTIALS)
    with pytest.raises(DomainError) as err:
        exemption_request(**request_args(person, cast.smr, course=Course.COR_ESSENTIALS))
    assert err.value.message == "Ira Auditor already has a record for COR™ Essentials."
    assert state(settings)[0] == before[0]


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "reviewer", "auditor"])
def test_only_the_smr_requests(cast, person, settings, who):
    before = state(settings)
    with pytest.raises(NotAllowed):
        exemption_request(**request_args(person, getattr(cast, who)))
    assert state(settings) == before


def test_approval_creates_the_training_record_and_tells_the_smrs(cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    InboxMessage.objects.all().delete()
    exemption_approve(exemption=exemption, by=cast.reviewer)
    exemption.refresh_from_db()
    assert (exemption.status, exemption.decided_by) == (ExemptionStatus.APPROVED, cast.reviewer)
    record = TrainingRecord.objects.get(person=person)
    assert (record.course, record.completed_on, record.provider, record.exemption) == (
        Course.BASIC_AUDITING_PRINCIPLES,
        date(2025, 6, 1),
        "Construction Safety Association of Manitoba",
        exemption,
    )
    entry = history_of(exemption).last()
    assert (entry.action, entry.from_state, entry.to_state) == ("approved", "submitted", "approved")
    assert history_of(person).last().action == "training_record_added"
    [message] = InboxMessage.objects.all()
    assert message.user == cast.smr
    assert message.subject == "Training exemption approved: Ira Auditor"
    assert message.body == (
        "The exemption from Basic Auditing Principles for Ira Auditor was approved."
    )


def test_refusal_needs_a_reason(cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    before = HistoryEntry.objects.count()
    with pytest.raises(DomainError) as err:
        exemption_refuse(exemption=exemption, by=cast.admin, reason="  ")
    assert (err.value.field, err.value.message) == (
        "reason",
        "Give the reason for refusing the request.",
    )
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.SUBMITTED
    assert HistoryEntry.objects.count() == before
    exemption_refuse(exemption=exemption, by=cast.admin, reason="Not a recognized provider.")
    exemption.refresh_from_db()
    assert (exemption.status, exemption.decision_reason) == (
        ExemptionStatus.REFUSED,
        "Not a recognized provider.",
    )
    assert not TrainingRecord.objects.exists()
    assert InboxMessage.objects.filter(user=cast.smr).get().body == (
        "The exemption from Basic Auditing Principles for Ira Auditor was refused. "
        "Reason: Not a recognized provider."
    )


def test_a_decision_is_made_once(cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    exemption_decide(exemption=exemption, decision="approve", reason="", by=cast.reviewer)
    with pytest.raises(DomainError) as err:
        exemption_decide(exemption=exemption, decision="refuse", reason="late", by=cast.admin)
    assert (err.value.field, err.value.message) == ("decision", "This request was already decided.")
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.APPROVED
    with pytest.raises(DomainError) as err:
        exemption_decide(exemption=exemption, decision="maybe", reason="", by=cast.admin)
    assert err.value.field == "decision"


@pytest.mark.parametrize("who", ["smr", "internal_auditor", "viewer", "outsider", "auditor"])
def test_only_staff_decide(cast, person, who):
    exemption = exemption_request(**request_args(person, cast.smr))
    with pytest.raises(NotAllowed):
        exemption_decide(exemption=exemption, decision="approve", reason="", by=getattr(cast, who))
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.SUBMITTED


def test_approval_refused_when_the_course_was_recorded_meanwhile(cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    TrainingRecordFactory(person=person, course=Course.BASIC_AUDITING_PRINCIPLES)
    with pytest.raises(DomainError) as err:
        exemption_approve(exemption=exemption, by=cast.admin)
    assert err.value.field == "decision"
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.SUBMITTED


# --- downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("smr", 200),
        ("internal_auditor", 200),
        ("viewer", 200),
        ("reviewer", 200),
        ("admin", 200),
        ("outsider", 404),
        ("auditor", 404),
    ],
)
def test_downloads_check_access(client, cast, person, who, expected):
    exemption = exemption_request(**request_args(person, cast.smr))
    client.force_login(getattr(cast, who))
    response = client.get(f"/exemptions/{exemption.pk}/files/transcript/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == TINY_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="My Transcript.pdf"'
        outline = client.get(f"/exemptions/{exemption.pk}/files/course-outline/")
        assert outline["Content-Disposition"] == 'attachment; filename="outline.pdf"'


def test_download_of_unknown_document_is_404(client, cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    client.force_login(cast.smr)
    assert client.get(f"/exemptions/{exemption.pk}/files/passport/").status_code == 404


def test_download_needs_login(client, cast, person):
    exemption = exemption_request(**request_args(person, cast.smr))
    response = client.get(f"/exemptions/{exemption.pk}/files/transcript/")
    assert response.status_code == 302
