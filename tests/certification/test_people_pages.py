"""People & training pages: the permission cast over every page, what the pages show, bad
input (message on the field, nothing changed) and query-count pins."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

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
from tests.factories import CAST_ROLES as ROLES
from tests.factories import SAMPLE_PDF as TINY_PDF
from tests.factories import WINDOWS_EXE as EXE
from tests.factories import PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")), tick=False)


def make_exemption(person, by):
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


@pytest.fixture
def world(cast):
    person = PersonFactory(
        organization=cast.organization, first_name="Quinn", last_name="Ourperson"
    )
    training = TrainingRecordFactory(person=person, course=Course.COR_INTERNAL_AUDITOR)
    exemption = make_exemption(person, cast.smr)
    return {"person": person, "training": training, "exemption": exemption}


# role → expected status. "org" members: smr, internal_auditor, viewer.
READ = {"smr": 200, "internal_auditor": 200, "viewer": 200, "outsider": 404, "auditor": 404,
        "reviewer": 200, "admin": 200}  # fmt: skip
MANAGE = {"smr": 200, "internal_auditor": 403, "viewer": 403, "outsider": 404, "auditor": 404,
          "reviewer": 403, "admin": 403}  # fmt: skip
MANAGE_POST = {**MANAGE, "smr": 302}
STAFF_ONLY = {"smr": 403, "internal_auditor": 403, "viewer": 403, "outsider": 403,
              "auditor": 403, "reviewer": 200, "admin": 200}  # fmt: skip
DECIDE = {"smr": 403, "internal_auditor": 403, "viewer": 403, "outsider": 404, "auditor": 404,
          "reviewer": 302, "admin": 302}  # fmt: skip

PAGES = [
    ("get", "/people/", {**READ, "outsider": 200, "auditor": 403}),
    ("get", "/people/add/", {**MANAGE, "outsider": 200, "auditor": 403}),
    ("get", "/people/{person}/", READ),
    ("get", "/people/{person}/edit/", MANAGE),
    ("get", "/people/{person}/replace/", MANAGE),
    ("get", "/people/{person}/code-of-ethics/", MANAGE),
    ("get", "/people/{person}/training/add/", MANAGE),
    ("get", "/people/{person}/exemptions/request/", MANAGE),
    ("get", "/training-records/{training}/edit/", MANAGE),
    ("post", "/training-records/{training}/remove/", MANAGE_POST),
    ("get", "/exemptions/", STAFF_ONLY),
    ("get", "/exemptions/{exemption}/", READ),
    ("post", "/exemptions/{exemption}/decide/", DECIDE),
    ("get", "/exemptions/{exemption}/files/transcript/", READ),
    ("get", "/wsib-accounts/{account}/readiness/", READ),
    ("get", "/wsib-accounts/{account}/ohsms/", MANAGE),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "expected"), PAGES, ids=[p[1] for p in PAGES])
def test_permission_cast(client, cast, world, role, method, url, expected):
    path = url.format(
        person=world["person"].pk,
        training=world["training"].pk,
        exemption=world["exemption"].pk,
        account=cast.wsib_account.pk,
    )
    client.force_login(getattr(cast, role))
    data = {"decision": "approve", "reason": ""} if "decide" in url else {}
    response = getattr(client, method)(path, data)
    assert response.status_code == expected[role]
    if role == "outsider" and url == "/people/":
        assert b"Ourperson" not in response.content


@pytest.mark.parametrize(("method", "url", "_expected"), PAGES, ids=[p[1] for p in PAGES])
def test_anonymous_is_sent_to_login(client, cast, world, method, url, _expected):
    path = url.format(
        person=world["person"].pk,
        training=world["training"].pk,
        exemption=world["exemption"].pk,
        account=cast.wsib_account.pk,
    )
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_people_list_shows_training_status(client, cast, world):
    TrainingRecordFactory(person=world["person"], course=Course.COR_ESSENTIALS)
    auditor = PersonFactory(
        organization=cast.organization,
        first_name="Ada",
        last_name="Aud",
        is_smr=False,
        is_internal_auditor=True,
    )
    TrainingRecordFactory(person=auditor, course=Course.COR_ESSENTIALS)
    client.force_login(cast.viewer)
    html = client.get("/people/").content.decode()
    assert "3 courses missing" in html
    assert (
        "Basic Auditing Principles, COR™ Internal Auditor, Introduction to Hazard &amp; Risk "
        "Management" in html
    )
    assert '<span class="badge ok">complete</span>' in html  # Quinn: SMR with COR Essentials
    assert "Add a person" not in html  # viewers read only


def test_person_detail_shows_records_exemptions_signatures_history(client, cast, world):
    person = world["person"]
    CodeOfEthicsSignature.objects.create(
        person=person, signed_name="Quinn Ourperson", version=CODE_OF_ETHICS_CURRENT_VERSION
    )
    client.force_login(cast.smr)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "COR™ Internal Auditor" in html
    assert "Other Safety Association: OHS Essentials" in html
    assert CODE_OF_ETHICS_CURRENT_VERSION in html
    assert "Exemption requested" in html  # history
    assert f'href="/people/{person.pk}/replace/"' in html


def test_add_person_page_refuses_part_time_internal_auditor(client, cast):
    client.force_login(cast.smr)
    before = (Person.objects.count(), HistoryEntry.objects.count())
    response = client.post(
        "/people/add/",
        {
            "first_name": "Pat",
            "last_name": "Parttime",
            "is_internal_auditor": "on",
            "employment_status": EmploymentStatus.PERMANENT_PART_TIME,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "employment_status": [
            "An internal auditor must be a permanent full-time employee [COR™ 2020 §2.2]; "
            "this person's employment status is Permanent part-time."
        ]
    }
    assert (Person.objects.count(), HistoryEntry.objects.count()) == before


def test_add_person_page_creates_and_redirects(client, cast):
    client.force_login(cast.smr)
    response = client.post(
        "/people/add/",
        {
            "first_name": "Ira",
            "last_name": "New",
            "is_internal_auditor": "on",
            "employment_status": EmploymentStatus.PERMANENT_FULL_TIME,
            "user": cast.internal_auditor.pk,
        },
    )
    person = Person.objects.get(last_name="New")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.organization, person.user, person.is_internal_auditor) == (
        cast.organization,
        cast.internal_auditor,
        True,
    )


def test_replace_page(client, cast, world):
    client.force_login(cast.smr)
    response = client.post(
        f"/people/{world['person'].pk}/replace/",
        {
            "new_first_name": "Nia",
            "new_last_name": "Next",
            "new_employment_status": EmploymentStatus.CONTRACT,
            "ended_on": "2026-11-21",
            "reason": "Moved to another company",
        },
    )
    new = Person.objects.get(last_name="Next")
    assert response.status_code == 302
    old = Person.objects.get(pk=world["person"].pk)
    assert (old.active, old.ended_on, old.replaced_by) == (False, date(2026, 11, 21), new)
    assert new.is_smr is True


def test_replace_page_without_reason_changes_nothing(client, cast, world):
    client.force_login(cast.smr)
    before = (Person.objects.count(), HistoryEntry.objects.count())
    response = client.post(
        f"/people/{world['person'].pk}/replace/",
        {"new_first_name": "Nia", "new_last_name": "Next", "ended_on": "2026-11-21"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert (Person.objects.count(), HistoryEntry.objects.count()) == before


def test_training_page_refuses_future_date(client, cast, world):
    client.force_login(cast.smr)
    before = TrainingRecord.objects.count()
    response = client.post(
        f"/people/{world['person'].pk}/training/add/",
        {"course": Course.COR_ESSENTIALS, "completed_on": "2026-11-23", "provider": "IHSA"},
    )
    assert response.context["form"].errors == {
        "completed_on": ["The completion date cannot be in the future."]
    }
    assert TrainingRecord.objects.count() == before


def test_exemption_page_refuses_renamed_executable(client, cast, world):
    client.force_login(cast.smr)
    person = PersonFactory(organization=cast.organization)
    before = TrainingExemption.objects.count()
    response = client.post(
        f"/people/{person.pk}/exemptions/request/",
        {
            "course": Course.BASIC_AUDITING_PRINCIPLES,
            "provider": "Other Safety Association",
            "provider_course_title": "Auditing 101",
            "completed_on": "2025-06-01",
            "transcript": SimpleUploadedFile("transcript.pdf", EXE),
            "transcript_kind": ExemptionDocumentKind.TRANSCRIPT,
            "course_outline": SimpleUploadedFile("outline.pdf", TINY_PDF),
            "course_outline_kind": ExemptionDocumentKind.COURSE_OUTLINE,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["transcript"]
    assert errors["transcript"][0].startswith(
        "The file transcript.pdf is not an accepted type (its content was checked)."
    )
    assert TrainingExemption.objects.count() == before


def test_exemption_page_refuses_wallet_card(client, cast):
    client.force_login(cast.smr)
    person = PersonFactory(organization=cast.organization)
    response = client.post(
        f"/people/{person.pk}/exemptions/request/",
        {
            "course": Course.BASIC_AUDITING_PRINCIPLES,
            "provider": "Other Safety Association",
            "provider_course_title": "Auditing 101",
            "completed_on": "2025-06-01",
            "transcript": SimpleUploadedFile("card.pdf", TINY_PDF),
            "transcript_kind": ExemptionDocumentKind.WALLET_CARD,
            "course_outline": SimpleUploadedFile("outline.pdf", TINY_PDF),
            "course_outline_kind": ExemptionDocumentKind.COURSE_OUTLINE,
        },
    )
    assert response.context["form"].errors == {
        "transcript_kind": [
            "Wallet cards are not acceptable documentation [COR™ 2020 §2.2]: upload the "
            "transcript from the training provider."
        ]
    }
    assert not TrainingExemption.objects.filter(person=person).exists()


def test_exemption_page_request_then_staff_approves(client, cast):
    person = PersonFactory(organization=cast.organization, is_internal_auditor=True)
    client.force_login(cast.smr)
    response = client.post(
        f"/people/{person.pk}/exemptions/request/",
        {
            "course": Course.BASIC_AUDITING_PRINCIPLES,
            "provider": "Other Safety Association",
            "provider_course_title": "Auditing 101",
            "completed_on": "2025-06-01",
            "transcript": SimpleUploadedFile("transcript.pdf", TINY_PDF),
            "transcript_kind": ExemptionDocumentKind.TRANSCRIPT,
            "course_outline": SimpleUploadedFile("outline.pdf", TINY_PDF),
            "course_outline_kind": ExemptionDocumentKind.COURSE_OUTLINE,
        },
    )
    exemption = TrainingExemption.objects.get(person=person)
    assert response["Location"] == f"/exemptions/{exemption.pk}/"
    client.force_login(cast.reviewer)
    queue = client.get("/exemptions/").content.decode()
    assert f'href="/exemptions/{exemption.pk}/"' in queue
    refused = client.post(f"/exemptions/{exemption.pk}/decide/", {"decision": "refuse"})
    assert refused.status_code == 400
    assert refused.context["form"].errors == {
        "reason": ["Give the reason for refusing the request."]
    }
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.SUBMITTED
    approved = client.post(f"/exemptions/{exemption.pk}/decide/", {"decision": "approve"})
    assert approved.status_code == 302
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.APPROVED
    assert TrainingRecord.objects.get(person=person).exemption == exemption


def test_ethics_sign_page_own_person_and_once(client, cast):
    person = PersonFactory(organization=cast.organization, user=cast.internal_auditor)
    client.force_login(cast.internal_auditor)
    assert client.get("/code-of-ethics/")["Location"] == f"/people/{person.pk}/code-of-ethics/"
    bad = client.post(f"/people/{person.pk}/code-of-ethics/", {"signed_name": "Ira"})
    assert list(bad.context["form"].errors) == ["agree"]
    assert not CodeOfEthicsSignature.objects.exists()
    ok = client.post(
        f"/people/{person.pk}/code-of-ethics/", {"signed_name": "Ira Auditor", "agree": "on"}
    )
    assert ok.status_code == 302
    signature = CodeOfEthicsSignature.objects.get()
    assert (signature.person, signature.user, signature.version, signature.signed_name) == (
        person,
        cast.internal_auditor,
        CODE_OF_ETHICS_CURRENT_VERSION,
        "Ira Auditor",
    )
    again = client.post(
        f"/people/{person.pk}/code-of-ethics/", {"signed_name": "Ira Auditor", "agree": "on"}
    )
    assert again.context["form"].errors == {
        "__all__": [f"The Code of Ethics ({CODE_OF_ETHICS_CURRENT_VERSION}) is already signed."]
    }
    assert CodeOfEthicsSignature.objects.count() == 1


def test_external_auditor_signs_as_user(client, cast):
    client.force_login(cast.auditor)
    response = client.post("/code-of-ethics/", {"signed_name": "Alex External", "agree": "on"})
    assert response.status_code == 302
    signature = CodeOfEthicsSignature.objects.get()
    assert (signature.person, signature.user) == (None, cast.auditor)
    page = client.get("/code-of-ethics/").content.decode()
    assert "Signed by Alex External" in page


def test_viewer_has_no_code_to_sign(client, cast):
    client.force_login(cast.viewer)
    assert client.get("/code-of-ethics/").status_code == 403


# --- query-count pins ---------------------------------------------------------------------


def _people(org, n):
    for i in range(n):
        p = PersonFactory(organization=org, is_internal_auditor=True)
        TrainingRecordFactory(
            person=p, course=Course.COR_ESSENTIALS, completed_on=date(2025, 1, i + 1)
        )
        CodeOfEthicsSignature.objects.create(
            person=p, signed_name=str(p), version=CODE_OF_ETHICS_CURRENT_VERSION
        )


def test_people_list_queries_do_not_grow(client, cast, django_assert_max_num_queries):
    _people(cast.organization, 3)
    client.force_login(cast.smr)
    with django_assert_max_num_queries(12):
        assert client.get("/people/").status_code == 200
    _people(cast.organization, 20)
    with django_assert_max_num_queries(12):
        html = client.get("/people/").content.decode()
    assert html.count('<th scope="row">') == 23


def test_exemption_queue_queries_do_not_grow(client, cast, django_assert_max_num_queries):
    for _ in range(3):
        make_exemption(PersonFactory(organization=cast.organization), cast.smr)
    client.force_login(cast.reviewer)
    with django_assert_max_num_queries(10):
        assert client.get("/exemptions/").status_code == 200
    for _ in range(15):
        make_exemption(PersonFactory(organization=cast.other_organization), cast.outsider)
    with django_assert_max_num_queries(10):
        html = client.get("/exemptions/").content.decode()
    assert html.count("/exemptions/") >= 18
    assert timezone.localdate() == date(2026, 11, 22)


@pytest.mark.django_db
def test_people_page_title_is_plain_text(client, cast):
    client.force_login(cast.smr)
    html = client.get("/people/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip() == "People & training · COR Portal"
