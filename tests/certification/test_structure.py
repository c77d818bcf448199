"""The certification app on the platform primitives: its workflow tables and the one call site
of each move, typed history, permissions that take the object (and are asked the same way by
pages), plain-id filters over the caller's scope, and length limits shared by forms and API."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.enums import (
    CertificationAction,
    Course,
    ExemptionDocumentKind,
    RegistrationStatus,
)
from certification.models import Organization, Person, Registration, TrainingRecord
from certification.services.organization import organization_update
from certification.services.registration import registration_submit
from certification.services.training import exemption_refuse, exemption_request
from cor_portal.access import allowed
from cor_portal.errors import NotAllowed
from cor_portal.history.labels import action_label, state_label
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.factories import SAMPLE_PDF, PersonFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

# The workflow tables' call sites and status writes are checked for every app at once in
# tests/test_workflow_table.py; record() itself refuses an action that is not typed.


def test_history_shows_labels_in_the_readers_words(cast):
    registration = RegistrationFactory(wsib_account=cast.wsib_account, created_by=cast.smr)
    registration_submit(registration=registration, by=cast.smr)
    entry = history_of(registration).get()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "registration_submitted",
        "draft",
        "submitted",
    )
    assert (entry.action_label, entry.from_state_label, entry.to_state_label) == (
        "Registration submitted",
        "Draft",
        "Submitted",
    )
    # A row written before the action was typed still reads as words.
    assert action_label("certification", "training record added") == "Training record added"
    assert state_label(Registration, "reregistration_requested") == "Re-registration requested"


def test_typed_action_values_are_unique_snake_case():
    values = CertificationAction.values
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", v) for v in values), values


# --- permissions that take the object ---------------------------------------------------


def test_an_smr_may_act_on_their_own_organization_only(cast):
    own = RegistrationFactory(wsib_account=cast.wsib_account, created_by=cast.smr)
    theirs = RegistrationFactory(wsib_account=cast.other_wsib_account, created_by=cast.outsider)
    for perm, ours, other in [
        ("certification.manage_organization", cast.organization, cast.other_organization),
        ("certification.register_account", cast.wsib_account, cast.other_wsib_account),
        ("certification.submit_registration", own, theirs),
        ("certification.edit_registration", own, theirs),
    ]:
        assert allowed(cast.smr, perm, ours), perm
        assert not allowed(cast.smr, perm, other), perm
        assert not allowed(cast.viewer, perm, ours), perm
        assert not allowed(cast.smr, perm), perm  # no object: no organization to act for


@pytest.mark.parametrize(
    ("status", "editable", "verifiable"),
    [
        (RegistrationStatus.DRAFT, True, False),
        (RegistrationStatus.SUBMITTED, False, True),
        (RegistrationStatus.REREGISTRATION_REQUESTED, True, False),
        (RegistrationStatus.RESUBMITTED, False, True),
        (RegistrationStatus.CONFIRMED, False, False),
    ],
)
def test_state_half_of_the_registration_permissions(cast, status, editable, verifiable):
    registration = Registration(wsib_account=cast.wsib_account, status=status)
    assert allowed(cast.smr, "certification.edit_registration", registration) is editable
    assert allowed(cast.smr, "certification.submit_registration", registration) is editable
    assert allowed(cast.admin, "certification.confirm_registration", registration) is verifiable
    assert allowed(cast.admin, "certification.request_reregistration", registration) is verifiable
    assert not allowed(cast.reviewer, "certification.confirm_registration", registration)


def test_a_superuser_is_not_an_smr_of_every_organization(cast):
    """Django's "superusers have every permission" shortcut does not let a superuser make an
    employer's changes: rules decide every permission they know, for has_perm and for the
    access layer alike (the old hand-written re-check refused them; so does the rule)."""
    root = UserFactory(is_staff=True, is_superuser=True)
    assert not root.has_perm("certification.manage_organization", cast.organization)
    assert not allowed(root, "certification.manage_organization", cast.organization)
    with pytest.raises(NotAllowed):
        organization_update(organization=cast.organization, values={"city": "Nowhere"}, by=root)
    cast.organization.refresh_from_db()
    assert cast.organization.city != "Nowhere"
    # Staff powers stay: a superuser administers whatever their role.
    assert allowed(root, "certification.verify_registration")
    assert allowed(root, "certification.decide_exemption")


def test_the_registration_page_asks_the_same_permission(client, cast):
    registration = RegistrationFactory(
        wsib_account=cast.wsib_account,
        created_by=cast.smr,
        status=RegistrationStatus.SUBMITTED,
        submitted_at="2026-11-10T15:00Z",
        received_on="2026-11-10",
    )
    edit = reverse("registration_edit", args=[registration.pk])
    confirm = reverse("registration_confirm", args=[registration.pk])
    client.force_login(cast.smr)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert edit not in html and confirm not in html  # submitted: nothing left for the SMR
    client.force_login(cast.admin)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert confirm in html
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.DRAFT)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert confirm not in html
    client.force_login(cast.smr)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert edit in html


def test_the_exemption_page_offers_a_decision_only_while_it_waits(client, cast, time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")))
    exemption = _exemption(PersonFactory(organization=cast.organization), cast.smr)
    decide = reverse("exemption_decide", args=[exemption.pk])
    client.force_login(cast.reviewer)
    assert decide in client.get(reverse("exemption_detail", args=[exemption.pk])).content.decode()
    exemption_refuse(exemption=exemption, by=cast.reviewer, reason="No outline")
    page = client.get(reverse("exemption_detail", args=[exemption.pk])).content.decode()
    assert decide not in page


# --- audiences ------------------------------------------------------------------------------


def _exemption(person, by, course=Course.COR_ESSENTIALS):
    return exemption_request(
        person=person,
        course=course,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("transcript.pdf", SAMPLE_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("outline.pdf", SAMPLE_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=by,
    )


def test_an_exemption_request_reaches_the_intake_staff_superusers_included(cast, time_machine):
    """One recipient list (accounts.audiences.intake_staff), not a copy that forgot
    superusers."""
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")))
    root = UserFactory(is_staff=True, is_superuser=True)
    _exemption(PersonFactory(organization=cast.organization), cast.smr)
    told = set(
        InboxMessage.objects.filter(kind="exemption_requested").values_list("user", flat=True)
    )
    assert told == {cast.reviewer.pk, cast.admin.pk, root.pk}


# --- filters take plain ids over the caller's own scope [issue 7 item 8] ------------------


@pytest.mark.parametrize("url", ["/api/v1/training-records/", "/api/v1/training-exemptions/"])
def test_another_organizations_person_reads_like_an_unknown_one(
    api_client, cast, url, time_machine
):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")))
    ours = PersonFactory(organization=cast.organization)
    theirs = PersonFactory(organization=cast.other_organization)
    for person, by in [(ours, cast.smr), (theirs, cast.outsider)]:
        TrainingRecord.objects.create(
            person=person, course=Course.COR_INTERNAL_AUDITOR, completed_on=date(2025, 3, 1)
        )
        _exemption(person, by)
    unknown = Person.objects.order_by("-pk").first().pk + 1000
    api_client.force_authenticate(cast.smr)
    own = api_client.get(url, {"person": ours.pk})
    assert own.status_code == 200 and own.json()["count"] == 1
    answers = [api_client.get(url, {"person": pk}) for pk in (theirs.pk, unknown)]
    assert [r.status_code for r in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["count"] == 0
    # Staff see every organization: the same filter finds the other organization's rows.
    api_client.force_authenticate(cast.reviewer)
    assert api_client.get(url, {"person": theirs.pk}).json()["count"] == 1


# --- length limits: the API refuses what the form refuses, naming the field ---------------


def test_a_too_long_email_through_the_api_is_a_field_error_and_nothing_changes(api_client, cast):
    email = "a" * 250 + "@example.test"  # a valid shape, longer than the column's 254
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        "/api/v1/people/",
        {
            "first_name": "Long",
            "last_name": "Mail",
            "email": email,
            "is_smr": True,
            "employment_status": "permanent_full_time",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not Person.objects.filter(last_name="Mail").exists()


def test_a_too_long_provider_through_the_api_is_a_field_error(api_client, cast):
    person = PersonFactory(organization=cast.organization)
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        "/api/v1/training-records/",
        {
            "person": person.pk,
            "course": Course.COR_ESSENTIALS,
            "completed_on": "2025-03-01",
            "provider": "P" * 201,
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["provider"]
    assert not TrainingRecord.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("form_path", "form_name", "field", "model", "model_field"),
    [
        ("certification.forms.people", "PersonForm", "email", Person, "email"),
        ("certification.forms.people", "PersonForm", "first_name", Person, "first_name"),
        ("certification.forms.people", "ReplaceForm", "new_email", Person, "email"),
        (
            "certification.forms.onboarding",
            "OrganizationCreateForm",
            "legal_name",
            Organization,
            "legal_name",
        ),
    ],
)
def test_form_limits_are_the_model_fields(form_path, form_name, field, model, model_field):
    import importlib

    form_class = getattr(importlib.import_module(form_path), form_name)
    declared = form_class.base_fields[field]
    assert declared.max_length == model._meta.get_field(model_field).max_length
