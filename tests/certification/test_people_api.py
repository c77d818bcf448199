"""API for people, training records and training exemptions: the permission cast over every
endpoint, the workflows, errors naming the field with nothing changed, query pins."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    Course,
    EmploymentStatus,
    ExemptionDocumentKind,
    ExemptionStatus,
)
from certification.models import (
    CodeOfEthicsSignature,
    Person,
    TrainingExemption,
    TrainingRecord,
)
from certification.services.training import exemption_request
from cor_portal.history.models import HistoryEntry
from cor_portal.notifications.models import InboxMessage
from tests.factories import CAST_ROLES as ROLES
from tests.factories import SAMPLE_PDF as TINY_PDF
from tests.factories import WINDOWS_EXE as EXE
from tests.factories import PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")), tick=False)


def make_exemption(person, by, course=Course.COR_ESSENTIALS):
    return exemption_request(
        person=person,
        course=course,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("transcript.pdf", TINY_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("outline.pdf", TINY_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=by,
    )


@pytest.fixture
def world(cast):
    person = PersonFactory(organization=cast.organization, first_name="Quinn", last_name="Ours")
    training = TrainingRecordFactory(person=person, course=Course.COR_INTERNAL_AUDITOR)
    exemption = make_exemption(person, cast.smr)
    return {"person": person, "training": training, "exemption": exemption}


READ = {"smr": 200, "internal_auditor": 200, "viewer": 200, "outsider": 404, "auditor": 404,
        "reviewer": 200, "admin": 200}  # fmt: skip
# Visible but not theirs to change → 403; not visible → 404.
WRITE = {"internal_auditor": 403, "viewer": 403, "outsider": 404, "auditor": 404,
         "reviewer": 403, "admin": 403}  # fmt: skip

ENDPOINTS = [
    ("get", "/api/v1/people/{person}/", None, READ),
    ("patch", "/api/v1/people/{person}/", {"job_title": "Boss"}, {**WRITE, "smr": 200}),
    (
        "post",
        "/api/v1/people/{person}/replace/",
        {
            "reason": "Left",
            "new_person": {"first_name": "N", "last_name": "P", "employment_status": "contract"},
        },
        {**WRITE, "smr": 200},
    ),
    (
        "post",
        "/api/v1/people/{person}/sign-code-of-ethics/",
        {"signed_name": "Quinn Ours"},
        {**WRITE, "smr": 201},
    ),
    ("get", "/api/v1/training-records/{training}/", None, READ),
    (
        "patch",
        "/api/v1/training-records/{training}/",
        {"provider": "IHSA online"},
        {**WRITE, "smr": 200},
    ),
    ("delete", "/api/v1/training-records/{training}/", None, {**WRITE, "smr": 204}),
    ("get", "/api/v1/training-exemptions/{exemption}/", None, READ),
    ("get", "/api/v1/training-exemptions/{exemption}/transcript/", None, READ),
    ("get", "/api/v1/training-exemptions/{exemption}/course-outline/", None, READ),
    (
        "post",
        "/api/v1/training-exemptions/{exemption}/decide/",
        {"decision": "approve"},
        {
            "smr": 403,
            "internal_auditor": 403,
            "viewer": 403,
            "outsider": 404,
            "auditor": 404,
            "reviewer": 200,
            "admin": 200,
        },
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "body", "expected"), ENDPOINTS, ids=[f"{e[0]} {e[1]}" for e in ENDPOINTS]
)
def test_permission_cast(api_client, cast, world, role, method, url, body, expected):
    path = url.format(
        person=world["person"].pk, training=world["training"].pk, exemption=world["exemption"].pk
    )
    api_client.force_authenticate(getattr(cast, role))
    response = getattr(api_client, method)(path, body, format="json")
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url", ["/api/v1/people/", "/api/v1/training-records/", "/api/v1/training-exemptions/"]
)
def test_lists_are_scoped(api_client, cast, world, role, url):
    theirs = PersonFactory(organization=cast.other_organization)
    TrainingRecordFactory(person=theirs)
    make_exemption(theirs, cast.outsider, course=Course.BASIC_AUDITING_PRINCIPLES)
    api_client.force_authenticate(getattr(cast, role))
    response = api_client.get(url)
    assert response.status_code == 200
    ids = {r["id"] for r in response.json()["results"]}
    ours = {
        "/api/v1/people/": world["person"].pk,
        "/api/v1/training-records/": world["training"].pk,
        "/api/v1/training-exemptions/": world["exemption"].pk,
    }[url]
    sees_ours = role in {"smr", "internal_auditor", "viewer", "reviewer", "admin"}
    assert (ours in ids) is sees_ours
    if role in {"smr", "internal_auditor", "viewer"}:
        assert len(ids) == 1
    if role == "auditor":
        assert ids == set()


def test_anonymous_gets_401(api_client, world):
    assert api_client.get("/api/v1/people/").status_code == 401
    assert api_client.get(f"/api/v1/people/{world['person'].pk}/").status_code == 401


def test_create_person_and_error_naming_the_field(api_client, cast):
    api_client.force_authenticate(cast.smr)
    before = (Person.objects.count(), HistoryEntry.objects.count())
    bad = api_client.post(
        "/api/v1/people/",
        {
            "first_name": "Pat",
            "last_name": "Temp",
            "is_internal_auditor": True,
            "employment_status": EmploymentStatus.TEMPORARY,
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "employment_status": [
            "An internal auditor must be a permanent full-time employee [COR™ 2020 §2.2]; "
            "this person's employment status is Temporary."
        ]
    }
    assert (Person.objects.count(), HistoryEntry.objects.count()) == before
    other_login = api_client.post(
        "/api/v1/people/",
        {
            "first_name": "Pat",
            "last_name": "Temp",
            "is_smr": True,
            "employment_status": EmploymentStatus.TEMPORARY,
            "user": cast.outsider.pk,
        },
        format="json",
    )
    assert other_login.status_code == 400
    assert list(other_login.json()) == ["user"]
    ok = api_client.post(
        "/api/v1/people/",
        {
            "first_name": "Pat",
            "last_name": "Perm",
            "is_internal_auditor": True,
            "employment_status": EmploymentStatus.PERMANENT_FULL_TIME,
            "user": cast.internal_auditor.pk,
        },
        format="json",
    )
    assert ok.status_code == 201
    body = ok.json()
    assert (body["organization"], body["user"], body["active"]) == (
        cast.organization.pk,
        cast.internal_auditor.pk,
        True,
    )
    assert body["missing_courses"] == list(
        c.value
        for c in (
            Course.COR_ESSENTIALS,
            Course.BASIC_AUDITING_PRINCIPLES,
            Course.COR_INTERNAL_AUDITOR,
            Course.HAZARD_RISK_MANAGEMENT,
        )
    )


@pytest.mark.parametrize("role", ["internal_auditor", "viewer", "auditor", "reviewer", "admin"])
def test_only_smr_creates_people(api_client, cast, role):
    api_client.force_authenticate(getattr(cast, role))
    response = api_client.post(
        "/api/v1/people/",
        {"first_name": "A", "last_name": "B", "is_smr": True, "employment_status": "contract"},
        format="json",
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_replace_through_the_api(api_client, cast, world):
    colleague = PersonFactory(
        organization=cast.organization, is_smr=False, is_internal_auditor=True
    )
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        f"/api/v1/people/{world['person'].pk}/replace/",
        {"reason": "Retired", "replacement": colleague.pk, "ended_on": "2026-11-01"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["id"] == colleague.pk
    assert response.json()["is_smr"] is True
    old = Person.objects.get(pk=world["person"].pk)
    assert (old.active, old.ended_on, old.replaced_by_id) == (
        False,
        date(2026, 11, 1),
        colleague.pk,
    )
    assert InboxMessage.objects.filter(user=cast.admin, kind="person_replaced").count() == 1
    # Someone else's person as replacement looks nonexistent.
    stranger = PersonFactory(organization=cast.other_organization)
    again = api_client.post(
        f"/api/v1/people/{colleague.pk}/replace/",
        {"reason": "x", "replacement": stranger.pk},
        format="json",
    )
    assert again.status_code == 400
    assert again.json() == {"replacement": ["Choose an active person of this organization."]}


def test_training_record_create_and_duplicate(api_client, cast, world):
    api_client.force_authenticate(cast.smr)
    body = {"person": world["person"].pk, "course": "cor_essentials", "completed_on": "2026-10-01"}
    created = api_client.post("/api/v1/training-records/", body, format="json")
    assert created.status_code == 201
    assert created.json()["provider"] == "IHSA"
    before = TrainingRecord.objects.count()
    duplicate = api_client.post("/api/v1/training-records/", body, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json() == {"course": ["Quinn Ours already has a record for COR™ Essentials."]}
    future = api_client.post(
        "/api/v1/training-records/",
        {**body, "course": "basic_auditing_principles", "completed_on": "2026-11-23"},
        format="json",
    )
    assert future.json() == {"completed_on": ["The completion date cannot be in the future."]}
    assert TrainingRecord.objects.count() == before
    # Another organization's person is not a valid choice.
    api_client.force_authenticate(cast.outsider)
    response = api_client.post("/api/v1/training-records/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["person"]


def _multipart(person, **overrides):
    data = {
        "person": person.pk,
        "course": "basic_auditing_principles",
        "provider": "Other Safety Association",
        "provider_course_title": "Auditing 101",
        "completed_on": "2025-06-01",
        "transcript": SimpleUploadedFile("transcript.pdf", TINY_PDF),
        "transcript_kind": ExemptionDocumentKind.TRANSCRIPT,
        "course_outline": SimpleUploadedFile("outline.pdf", TINY_PDF),
        "course_outline_kind": ExemptionDocumentKind.COURSE_OUTLINE,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_exemption_multipart_create_and_decide(api_client, cast):
    person = PersonFactory(organization=cast.organization, first_name="Ira", last_name="Aud")
    api_client.force_authenticate(cast.smr)
    created = api_client.post(
        "/api/v1/training-exemptions/", _multipart(person), format="multipart"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["transcript_name"], body["course_outline_name"]) == (
        "submitted",
        "transcript.pdf",
        "outline.pdf",
    )
    assert body["transcript_url"] == f"/api/v1/training-exemptions/{body['id']}/transcript/"
    download = api_client.get(body["transcript_url"])
    assert b"".join(download.streaming_content) == TINY_PDF
    assert download["Content-Disposition"] == 'attachment; filename="transcript.pdf"'

    api_client.force_authenticate(cast.admin)
    no_reason = api_client.post(
        f"/api/v1/training-exemptions/{body['id']}/decide/", {"decision": "refuse"}, format="json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Give the reason for refusing the request."]}
    refused = api_client.post(
        f"/api/v1/training-exemptions/{body['id']}/decide/",
        {"decision": "refuse", "reason": "Provider not recognized."},
        format="json",
    )
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["decision_reason"]) == (
        "refused",
        "Provider not recognized.",
    )
    twice = api_client.post(
        f"/api/v1/training-exemptions/{body['id']}/decide/", {"decision": "approve"}, format="json"
    )
    assert twice.json() == {"decision": ["This request was already decided."]}
    assert TrainingExemption.objects.get().status == ExemptionStatus.REFUSED


@pytest.mark.parametrize(
    ("overrides", "field", "starts"),
    [
        ({"course": "cor_internal_auditor"}, "course", "Exemptions are granted only for COR™"),
        ({"completed_on": "2023-11-21"}, "completed_on", "The course was completed on 2023-11-21"),
        (
            {"transcript_kind": ExemptionDocumentKind.COURSE_CERTIFICATE},
            "transcript_kind",
            "Course certificates are not acceptable documentation",
        ),
        (
            {"transcript": SimpleUploadedFile("transcript.pdf", EXE)},
            "transcript",
            "The file transcript.pdf is not an accepted type",
        ),
        ({"course_outline": None}, "course_outline", "No file was submitted."),
    ],
)
def test_exemption_api_refusals(api_client, cast, overrides, field, starts):
    person = PersonFactory(organization=cast.organization)
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        "/api/v1/training-exemptions/", _multipart(person, **overrides), format="multipart"
    )
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0].startswith(starts)
    assert not TrainingExemption.objects.exists()


def test_sign_code_of_ethics_once(api_client, cast, world):
    api_client.force_authenticate(cast.smr)
    url = f"/api/v1/people/{world['person'].pk}/sign-code-of-ethics/"
    first = api_client.post(url, {"signed_name": "Quinn Ours"}, format="json")
    assert first.status_code == 201
    assert first.json()["signed_current_code_of_ethics"] is True
    second = api_client.post(url, {"signed_name": "Quinn Ours"}, format="json")
    assert second.status_code == 400
    assert second.json() == {
        "version": [f"The Code of Ethics ({CODE_OF_ETHICS_CURRENT_VERSION}) is already signed."]
    }
    assert CodeOfEthicsSignature.objects.count() == 1


def test_people_endpoint_queries_do_not_grow(api_client, cast, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            p = PersonFactory(organization=cast.organization)
            TrainingRecordFactory(person=p)

    add(2)
    api_client.force_authenticate(cast.smr)
    with django_assert_max_num_queries(8):
        assert len(api_client.get("/api/v1/people/").json()["results"]) == 2
    add(20)
    with django_assert_max_num_queries(8):
        assert len(api_client.get("/api/v1/people/").json()["results"]) == 22


def test_exemption_endpoint_queries_do_not_grow(api_client, cast, django_assert_max_num_queries):
    for _ in range(2):
        make_exemption(PersonFactory(organization=cast.organization), cast.smr)
    api_client.force_authenticate(cast.reviewer)
    with django_assert_max_num_queries(6):
        assert api_client.get("/api/v1/training-exemptions/").json()["count"] == 2
    for _ in range(12):
        make_exemption(PersonFactory(organization=cast.organization), cast.smr)
    with django_assert_max_num_queries(6):
        assert api_client.get("/api/v1/training-exemptions/").json()["count"] == 14
