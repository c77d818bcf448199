"""The registration workflow through its services: every transition, every refusal, and
that a refusal changes nothing."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from certification.enums import RegistrationStatus
from certification.models import Registration
from certification.services.registration import (
    registration_confirm,
    registration_request_reregistration,
    registration_start,
    registration_submit,
    registration_update,
    submission_problems,
    submit_target,
)
from cor_portal.documents.models import GeneratedDocument
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage, OutboundEmail
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

FACTS = {
    "applicant_name": "Pat Applicant",
    "applicant_title": "President",
    "applicant_email": "pat@applicant.test",
    "applicant_phone": "416-555-0100",
    "workers": 12,
    "declaration_accepted": True,
}


def _snapshot(registration: Registration) -> dict:
    fresh = Registration.objects.get(pk=registration.pk)
    return {f.attname: getattr(fresh, f.attname) for f in Registration._meta.concrete_fields} | {
        "history": HistoryEntry.objects.count()
    }


def _submitted(cast, **extra) -> Registration:
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    return registration_submit(registration=registration, by=cast.smr)


# --- pure rules ---------------------------------------------------------------------------


def test_submission_problems_names_each_missing_fact():
    assert submission_problems(FACTS) == {}
    problems = submission_problems(
        {"applicant_name": " ", "applicant_email": "", "workers": 0, "declaration_accepted": False}
    )
    assert set(problems) == {"applicant_name", "applicant_email", "workers", "declaration_accepted"}


@pytest.mark.parametrize(
    ("status", "target"),
    [
        ("draft", "submitted"),
        ("reregistration_requested", "resubmitted"),
        ("submitted", None),
        ("resubmitted", None),
        ("confirmed", None),
    ],
)
def test_submit_target(status, target):
    assert submit_target(status) == target


# --- start --------------------------------------------------------------------------------


def test_start_creates_a_draft_with_history(cast):
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    assert registration.status == RegistrationStatus.DRAFT
    assert registration.created_by == cast.smr
    assert registration.applicant_email == "pat@applicant.test"
    [entry] = history_of(registration)
    assert (entry.action, entry.to_state, entry.actor) == (
        "registration_started",
        "draft",
        cast.smr,
    )
    assert entry.changes["workers"] == [None, 12]


def test_second_registration_in_flight_is_refused(cast):
    registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    with pytest.raises(DomainError) as err:
        registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    assert err.value.message == "This WSIB account already has a registration in progress."
    assert err.value.field == "wsib_account"
    assert Registration.objects.filter(wsib_account=cast.wsib_account).count() == 1


def test_database_refuses_a_second_registration_in_flight(cast):
    RegistrationFactory(
        wsib_account=cast.wsib_account, status="submitted", submitted_at="2026-11-01T10:00Z"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(wsib_account=cast.wsib_account, status="draft")


def test_confirmed_account_cannot_start_again(cast):
    registration = _submitted(cast)
    registration_confirm(registration=registration, by=cast.admin)
    with pytest.raises(DomainError, match="already registered in the COR program"):
        registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)


@pytest.mark.parametrize(
    "who", ["internal_auditor", "viewer", "outsider", "auditor", "reviewer", "admin"]
)
def test_only_the_organizations_smr_may_start(cast, who):
    with pytest.raises(NotAllowed):
        registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=getattr(cast, who))
    assert not Registration.objects.exists()


def test_start_refuses_unknown_facts_and_zero_workers(cast):
    with pytest.raises(DomainError, match="cannot be set here: status"):
        registration_start(
            wsib_account=cast.wsib_account, facts={**FACTS, "status": "confirmed"}, by=cast.smr
        )
    with pytest.raises(DomainError) as err:
        registration_start(
            wsib_account=cast.wsib_account, facts={**FACTS, "workers": 0}, by=cast.smr
        )
    assert err.value.field == "workers"
    assert not Registration.objects.exists()


# --- update -------------------------------------------------------------------------------


def test_update_in_draft_records_field_diffs(cast):
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    registration_update(
        registration=registration, facts={"workers": 30, "applicant_name": "Pat"}, by=cast.smr
    )
    registration.refresh_from_db()
    assert (registration.workers, registration.applicant_name) == (30, "Pat")
    entry = history_of(registration).last()
    assert entry.action == "registration_updated"
    assert entry.changes == {"workers": [12, 30], "applicant_name": ["Pat Applicant", "Pat"]}


def test_update_after_submission_is_refused_and_changes_nothing(cast):
    registration = _submitted(cast)
    before = _snapshot(registration)
    with pytest.raises(DomainError, match=r"A submitted registration cannot be edited\."):
        registration_update(registration=registration, facts={"workers": 99}, by=cast.smr)
    assert _snapshot(registration) == before


def test_update_allowed_when_reregistration_requested(cast):
    registration = _submitted(cast)
    registration_request_reregistration(
        registration=registration, reason="Wrong firm number", by=cast.admin
    )
    registration_update(registration=registration, facts={"workers": 14}, by=cast.smr)
    assert Registration.objects.get(pk=registration.pk).workers == 14


# --- submit -------------------------------------------------------------------------------


@time_machine.travel("2026-11-20 23:30 -05:00", tick=False)
def test_submit_records_times_notifies_admins_and_emails_applicant(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(registration=registration, by=cast.smr)
    registration.refresh_from_db()
    assert registration.status == "submitted"
    # 23:30 in Toronto is already the 21st in UTC: the received day is Toronto's.
    assert registration.received_on == date(2026, 11, 20)
    assert registration.submitted_at is not None
    entry = history_of(registration).last()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "registration_submitted",
        "draft",
        "submitted",
    )
    [inbox] = InboxMessage.objects.filter(kind="registration_received")
    assert inbox.user == cast.admin
    assert cast.wsib_account.account_number in inbox.subject
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([cast.admin.email, "pat@applicant.test"])
    applicant_mail = next(m for m in mailoutbox if m.to == ["pat@applicant.test"])
    assert applicant_mail.subject == "[COR Portal] Your COR registration was received"
    assert "2026-11-20" in applicant_mail.body


def test_submit_without_declaration_is_refused_and_changes_nothing(cast):
    registration = registration_start(
        wsib_account=cast.wsib_account, facts={**FACTS, "declaration_accepted": False}, by=cast.smr
    )
    before = _snapshot(registration)
    emails = OutboundEmail.objects.count()
    with pytest.raises(DomainError) as err:
        registration_submit(registration=registration, by=cast.smr)
    assert err.value.field == "declaration_accepted"
    assert _snapshot(registration) == before
    assert OutboundEmail.objects.count() == emails


@pytest.mark.parametrize("status", ["submitted", "resubmitted", "confirmed"])
def test_submit_from_wrong_state_is_refused(cast, status):
    registration = RegistrationFactory(
        wsib_account=cast.wsib_account,
        status=status,
        submitted_at="2026-11-01T10:00Z",
        confirmed_at="2026-11-02T10:00Z",
        confirmed_by=cast.admin,
    )
    before = _snapshot(registration)
    with pytest.raises(DomainError, match="Only a draft or a registration sent back"):
        registration_submit(registration=registration, by=cast.smr)
    assert _snapshot(registration) == before


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "admin"])
def test_only_smr_submits(cast, who):
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    with pytest.raises(NotAllowed):
        registration_submit(registration=registration, by=getattr(cast, who))
    assert Registration.objects.get(pk=registration.pk).status == "draft"


def test_resubmit_after_reregistration(cast):
    registration = _submitted(cast)
    registration_request_reregistration(
        registration=registration, reason="Wrong firm number", by=cast.admin
    )
    registration_submit(registration=registration, by=cast.smr)
    registration.refresh_from_db()
    assert registration.status == "resubmitted"
    entry = history_of(registration).last()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "registration_resubmitted",
        "reregistration_requested",
        "resubmitted",
    )


# --- confirm ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["submitted", "resubmitted"])
def test_confirm_records_who_when_queues_letter_and_notifies_smrs(
    cast, path, django_capture_on_commit_callbacks, mailoutbox
):
    registration = _submitted(cast)
    if path == "resubmitted":
        registration_request_reregistration(registration=registration, reason="Typo", by=cast.admin)
        registration_submit(registration=registration, by=cast.smr)
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm(registration=registration, by=cast.admin)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert registration.confirmed_by == cast.admin
    assert registration.confirmed_at is not None
    entry = history_of(registration).filter(action="registration_confirmed").get()
    assert (entry.from_state, entry.to_state, entry.actor) == (path, "confirmed", cast.admin)
    # The Celery task (eager in tests) stored the letter once.
    doc = GeneratedDocument.objects.get(kind="registration_confirmation")
    assert doc.number == "RCL-2026-000001"  # the first of the kind this year
    assert history_of(registration).filter(action="document_generated").count() == 1
    [inbox] = InboxMessage.objects.filter(kind="registration_confirmed")
    assert inbox.user == cast.smr
    assert {m.to[0] for m in mailoutbox if "confirmed" in m.subject} == {
        cast.smr.email,
        "pat@applicant.test",
    }


@pytest.mark.parametrize("status", ["draft", "reregistration_requested", "confirmed"])
def test_confirming_a_registration_that_is_not_submitted_changes_nothing(cast, status):
    registration = RegistrationFactory(
        wsib_account=cast.wsib_account,
        status=status,
        submitted_at="2026-11-01T10:00Z",
        reregistration_reason="x" if status == "reregistration_requested" else "",
        confirmed_at="2026-11-02T10:00Z" if status == "confirmed" else None,
        confirmed_by=cast.reviewer if status == "confirmed" else None,
    )
    before = _snapshot(registration)
    with pytest.raises(DomainError) as err:
        registration_confirm(registration=registration, by=cast.admin)
    assert err.value.message.startswith(
        "Only a submitted or resubmitted registration can be confirmed"
    )
    assert _snapshot(registration) == before
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("who", ["smr", "internal_auditor", "viewer", "reviewer", "auditor"])
def test_only_administrators_confirm(cast, who):
    registration = _submitted(cast)
    with pytest.raises(NotAllowed):
        registration_confirm(registration=registration, by=getattr(cast, who))
    assert Registration.objects.get(pk=registration.pk).status == "submitted"


def test_conditional_update_loses_a_race(cast):
    registration = _submitted(cast)
    stale = Registration.objects.get(pk=registration.pk)
    registration_confirm(registration=registration, by=cast.admin)
    # A second administrator acting on the old page: refused, nothing changes twice.
    with pytest.raises(DomainError):
        registration_request_reregistration(registration=stale, reason="late", by=cast.admin)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    assert history_of(registration).filter(action="reregistration_requested").count() == 0


# --- request re-registration ----------------------------------------------------------------


def test_request_reregistration_requires_reason(cast):
    registration = _submitted(cast)
    before = _snapshot(registration)
    with pytest.raises(DomainError) as err:
        registration_request_reregistration(registration=registration, reason="  ", by=cast.admin)
    assert err.value.field == "reason"
    assert _snapshot(registration) == before


def test_request_reregistration_notifies_smrs_with_reason(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    registration = _submitted(cast)
    with django_capture_on_commit_callbacks(execute=True):
        registration_request_reregistration(
            registration=registration, reason="Firm number does not match", by=cast.admin
        )
    registration.refresh_from_db()
    assert registration.status == "reregistration_requested"
    assert registration.reregistration_reason == "Firm number does not match"
    entry = history_of(registration).last()
    assert (entry.action, entry.reason) == (
        "reregistration_requested",
        "Firm number does not match",
    )
    [inbox] = InboxMessage.objects.filter(kind="reregistration_requested")
    assert inbox.user == cast.smr
    assert "Firm number does not match" in inbox.body
    smr_mail = next(
        m for m in mailoutbox if m.to == [cast.smr.email] and "Re-registration" in m.subject
    )
    assert "Firm number does not match" in smr_mail.body


@pytest.mark.parametrize("status", ["draft", "confirmed"])
def test_request_reregistration_from_wrong_state(cast, status):
    registration = RegistrationFactory(
        wsib_account=cast.wsib_account,
        status=status,
        submitted_at="2026-11-01T10:00Z",
        confirmed_at="2026-11-02T10:00Z",
        confirmed_by=cast.admin,
    )
    before = _snapshot(registration)
    with pytest.raises(DomainError, match="Re-registration can be requested only"):
        registration_request_reregistration(registration=registration, reason="x", by=cast.admin)
    assert _snapshot(registration) == before


def test_smr_may_not_request_reregistration(cast):
    registration = _submitted(cast)
    with pytest.raises(NotAllowed):
        registration_request_reregistration(registration=registration, reason="x", by=cast.smr)


# --- the applicant's language (issue 8) ---------------------------------------------------


def test_an_applicant_who_applied_in_french_gets_a_french_subject_and_prefix(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    with translation.override("fr-ca"), django_capture_on_commit_callbacks(execute=True):
        registration_submit(registration=registration, by=cast.smr)
    applicant_mail = next(m for m in mailoutbox if m.to == ["pat@applicant.test"])
    assert applicant_mail.subject == "[Portail COR] Votre inscription au COR™ a été reçue"


def test_a_french_applicant_reads_the_confirmation_in_french_whoever_confirms(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    """The administrator confirms in English; the applicant (a user who chose French) reads
    French, the "[Portail COR]" prefix included."""
    from django.utils import translation

    from tests.factories import UserFactory

    UserFactory(email="pat@applicant.test", language="fr-ca")
    registration = _submitted(cast)
    mailoutbox.clear()
    with translation.override("en-ca"), django_capture_on_commit_callbacks(execute=True):
        registration_confirm(registration=registration, by=cast.admin)
    [applicant_mail] = [m for m in mailoutbox if m.to == ["pat@applicant.test"]]
    number = cast.wsib_account.account_number
    assert (
        applicant_mail.subject == f"[Portail COR] Inscription au COR™ confirmée : CSPAAT {number}"
    )
    assert "COR program" not in applicant_mail.body
