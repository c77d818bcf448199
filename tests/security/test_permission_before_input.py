"""Who may act is decided before any input is read: a caller who may see the object but not
act on it gets 403 whatever it sent — here always an *invalid* body, so a 403 proves the
permission came first (before, these answered the input's 400 or a page redirect with the
form's error, found by the access matrix). Nothing changes. Callers who may act still get
their input error, so the check is not a blanket refusal."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.enums import Course, ExemptionDocumentKind
from certification.models import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from certification.services.training import exemption_request
from tests.audits.conftest import db_state
from tests.factories import SAMPLE_PDF, PersonFactory

pytestmark = pytest.mark.django_db


def _people_state() -> dict:
    return {
        "people": sorted(Person.objects.values_list("pk", "active", "replaced_by_id")),
        "training": sorted(TrainingRecord.objects.values_list("pk", "person_id", "course")),
        "exemptions": sorted(TrainingExemption.objects.values_list("pk", "status")),
        "signatures": CodeOfEthicsSignature.objects.count(),
    }


def _state() -> dict:
    return {**db_state(), **_people_state()}


@pytest.fixture
def plan(flow):
    done = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}, findings=["Records missing."])
    assert done.plan is not None, "a review that is not confirmed opens a plan"
    return done.plan


@pytest.fixture
def exemption(flow):
    return exemption_request(
        person=PersonFactory(organization=flow.cast.organization),
        course=Course.COR_ESSENTIALS,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("t.pdf", SAMPLE_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("o.pdf", SAMPLE_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=flow.cast.smr,
    )


def _login(client, user):
    client.force_login(user)
    return client


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin"])
def test_item_save_and_evidence_upload_pages_refuse_before_the_form(client, flow, role):
    audit = flow.start()
    item = flow.items["1.1"]
    _login(client, getattr(flow.cast, role))
    before = _state()

    saved = client.post(f"/audits/{audit.pk}/items/{item.pk}/", {"points_earned": "lots"})
    uploaded = client.post(
        f"/audits/{audit.pk}/evidence/", {"item": str(item.pk), "document_date": "not a date"}
    )

    assert (saved.status_code, uploaded.status_code) == (403, 403)
    assert _state() == before


def test_the_preparer_still_gets_the_input_error(client, flow):
    audit = flow.start()
    item = flow.items["1.1"]
    _login(client, flow.cast.internal_auditor)
    before = _state()

    saved = client.post(f"/audits/{audit.pk}/items/{item.pk}/", {"points_earned": "lots"})
    uploaded = client.post(
        f"/audits/{audit.pk}/evidence/", {"item": str(item.pk), "document_date": "not a date"}
    )

    assert saved.status_code == 400
    assert uploaded.status_code == 302  # back to the item, with the form's error
    assert _state() == before


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin"])
def test_cap_item_add_page_refuses_before_the_form(client, flow, plan, role):
    _login(client, getattr(flow.cast, role))
    before = _state()

    response = client.post(f"/audits/caps/{plan.pk}/items/add/", {"description": ""})

    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("role", ["smr", "internal_auditor", "viewer"])
def test_cap_return_page_refuses_an_employer_before_the_form(client, flow, plan, role):
    _login(client, getattr(flow.cast, role))
    before = _state()

    response = client.post(f"/audits/caps/{plan.pk}/return/", {"reason": ""})

    assert response.status_code == 403
    assert _state() == before


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin"])
def test_api_answers_evidence_and_cap_items_refuse_before_the_input(api_client, flow, plan, role):
    audit = flow.start()
    api_client.force_authenticate(getattr(flow.cast, role))
    before = _state()

    answers = [
        api_client.post(
            f"/api/v1/audits/{audit.pk}/responses/", {"item": "x", "points_earned": "many"}
        ),
        api_client.post(
            f"/api/v1/audits/{audit.pk}/evidence/", {"document_date": "never"}, format="multipart"
        ),
        api_client.post(
            f"/api/v1/corrective-action-plans/{plan.pk}/items/", {"element": "x"}, format="json"
        ),
        api_client.patch(
            f"/api/v1/corrective-action-plans/{plan.pk}/items/{plan.items.first().pk}/",
            {"target_date": "soon"},
            format="json",
        ),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert _state() == before


@pytest.mark.parametrize("role", ["smr", "internal_auditor", "viewer"])
def test_api_cap_return_and_exemption_decide_refuse_an_employer_first(
    api_client, flow, plan, exemption, role
):
    api_client.force_authenticate(getattr(flow.cast, role))
    before = _state()

    returned = api_client.post(
        f"/api/v1/corrective-action-plans/{plan.pk}/return/", {"reason": ["x"]}, format="json"
    )
    decided = api_client.post(
        f"/api/v1/training-exemptions/{exemption.pk}/decide/", {"decision": "maybe"}, format="json"
    )

    assert (returned.status_code, decided.status_code) == (403, 403)
    assert decided.json() == {"detail": "Only certifying-body staff decide exemption requests."}
    assert _state() == before


def test_staff_still_get_the_input_errors_of_return_and_decide(api_client, flow, plan, exemption):
    api_client.force_authenticate(flow.cast.reviewer)
    before = _state()

    returned = api_client.post(
        f"/api/v1/corrective-action-plans/{plan.pk}/return/", {"reason": ["x"]}, format="json"
    )
    decided = api_client.post(
        f"/api/v1/training-exemptions/{exemption.pk}/decide/", {"decision": "maybe"}, format="json"
    )

    assert (returned.status_code, decided.status_code) == (400, 400)
    assert _state() == before


@pytest.mark.parametrize("role", ["internal_auditor", "viewer", "reviewer", "admin"])
def test_api_replace_and_sign_for_a_person_refuse_before_the_input(api_client, flow, role):
    person = PersonFactory(organization=flow.cast.organization)
    api_client.force_authenticate(getattr(flow.cast, role))
    before = _state()

    replaced = api_client.post(
        f"/api/v1/people/{person.pk}/replace/", {"reason": "", "ended_on": "x"}, format="json"
    )
    signed = api_client.post(
        f"/api/v1/people/{person.pk}/sign-code-of-ethics/", {"signed_name": ""}, format="json"
    )

    assert (replaced.status_code, signed.status_code) == (403, 403)
    assert _state() == before


def test_the_smr_still_gets_the_input_errors_of_replace_and_sign(api_client, flow):
    person = PersonFactory(organization=flow.cast.organization)
    api_client.force_authenticate(flow.cast.smr)

    replaced = api_client.post(
        f"/api/v1/people/{person.pk}/replace/", {"reason": "", "ended_on": "x"}, format="json"
    )
    signed = api_client.post(
        f"/api/v1/people/{person.pk}/sign-code-of-ethics/", {"signed_name": ""}, format="json"
    )

    assert (replaced.status_code, signed.status_code) == (400, 400)


@pytest.mark.parametrize("role", ["auditor", "reviewer", "admin"])
def test_create_endpoints_refuse_who_has_no_organization_before_the_input(api_client, flow, role):
    """An external auditor (or certifying-body staff) starts no audit and adds no training:
    403, for an invalid body and for one naming the organization's real objects alike."""
    person = PersonFactory(organization=flow.cast.organization)
    api_client.force_authenticate(getattr(flow.cast, role))
    before = _state()

    answers = [
        api_client.post("/api/v1/audits/", {"wsib_account": "x"}, format="json"),
        api_client.post(
            "/api/v1/audits/",
            {
                "wsib_account": flow.cast.wsib_account.pk,
                "kind": "initial_internal",
                "internal_auditor": flow.ia.pk,
            },
            format="json",
        ),
        api_client.post("/api/v1/training-records/", {"person": "x"}, format="json"),
        api_client.post(
            "/api/v1/training-records/",
            {"person": person.pk, "course": Course.COR_ESSENTIALS, "completed_on": "2025-01-10"},
            format="json",
        ),
        api_client.post("/api/v1/training-exemptions/", {"person": "x"}, format="multipart"),
    ]

    assert [a.status_code for a in answers] == [403] * 5
    assert _state() == before


def test_a_viewer_is_refused_training_records_first(api_client, flow):
    api_client.force_authenticate(flow.cast.viewer)
    before = _state()

    answer = api_client.post("/api/v1/training-records/", {"person": "x"}, format="json")

    assert answer.status_code == 403
    assert _state() == before


def test_the_smr_still_gets_the_input_error_of_the_create_endpoints(api_client, flow):
    api_client.force_authenticate(flow.cast.smr)

    audit = api_client.post("/api/v1/audits/", {"wsib_account": "x"}, format="json")
    training = api_client.post("/api/v1/training-records/", {"person": "x"}, format="json")

    assert (audit.status_code, training.status_code) == (400, 400)
