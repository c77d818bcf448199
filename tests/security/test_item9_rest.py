"""Issue 7, the rest of item 9 and of the security log: an invitation only for the invited
address, e-mail subjects that cannot carry a header line, CSV cells that cannot run a formula,
length limits on free text, seed_demo refused in production, downloads and 404 refusals in the
security log. Each test fails without its fix; refused input changes nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from certification.enums import MemberRole
from certification.models import MemberInvitation, Membership
from certification.services import onboarding as svc
from cor_portal.errors import NotAllowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- 1. an invitation link works only for the invited address ---------------------------


def _invite(cast, email="invited@example.test"):
    return svc.member_invite(
        by=cast.smr, organization=cast.organization, email=email, role=MemberRole.VIEWER
    )


def test_invitation_refused_to_another_address(cast):
    invitation = _invite(cast)
    holder = UserFactory(email="holder@example.test")
    with pytest.raises(NotAllowed, match="sent to another e-mail address"):
        svc.member_invitation_accept(user=holder, token=invitation.token)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(user=holder).exists()


def test_invitation_refused_while_the_invited_address_is_unverified(cast):
    invitation = _invite(cast)
    user = UserFactory(email="invited@example.test")
    EmailAddress.objects.filter(user=user).update(verified=False)
    with pytest.raises(NotAllowed):
        svc.member_invitation_accept(user=user, token=invitation.token)
    assert not Membership.objects.filter(user=user).exists()


def test_invitation_accepted_by_the_invited_address_in_any_case(cast):
    invitation = _invite(cast, email="Invited@Example.test")
    user = UserFactory(email="invited@example.test")
    assert svc.member_invitation_accept(user=user, token=invitation.token).role == (
        MemberRole.VIEWER
    )


def test_invitation_page_refuses_another_address(client, cast):
    invitation = _invite(cast)
    holder = UserFactory(email="holder@example.test")
    client.force_login(holder)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "sent to another e-mail address" in page and "Accept and join" not in page
    response = client.post(url)
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    assert MemberInvitation.objects.get(pk=invitation.pk).accepted_at is None
    assert not Membership.objects.filter(user=holder).exists()


# --- 2. attacker-chosen names cannot shape an official e-mail subject ------------------


HOSTILE = "Maple Ltd\r\nBcc: victim@example.test\n\tURGENT:\x00 pay invoice " + "x" * 400


def test_queued_subjects_are_one_short_line(cast):
    from cor_portal.notifications.models import InboxMessage, OutboundEmail
    from cor_portal.notifications.services import (
        SUBJECT_MAX_LENGTH,
        email_queue,
        email_queue_many,
        notify,
    )

    email_queue(to="a@example.test", subject=f"Welcome to {HOSTILE}", body="b")
    email_queue_many([("b@example.test", f"Invited to {HOSTILE}", "b")])
    notify(users=[cast.smr], subject=f"Joined {HOSTILE}", body="b")
    subjects = list(OutboundEmail.objects.values_list("subject", flat=True))
    subjects += list(InboxMessage.objects.values_list("subject", flat=True))
    assert len(subjects) == 4
    for subject in subjects:
        assert not any(ch in subject for ch in "\r\n\t\x00"), subject
        assert len(subject) <= SUBJECT_MAX_LENGTH
        assert "Maple Ltd Bcc: victim@example.test URGENT: pay invoice" in subject


def test_an_invitation_from_a_hostile_organization_name(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    name = HOSTILE.replace("\x00", "")[:200]  # PostgreSQL refuses NUL anyway
    type(cast.organization).objects.filter(pk=cast.organization.pk).update(
        operating_name=name, legal_name=name
    )
    cast.organization.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast)
    message = mail.outbox[-1].message()
    assert message["Bcc"] is None
    assert "\n" not in mail.outbox[-1].subject and len(mail.outbox[-1].subject) <= 150


# --- 3. CSV cells that cannot run as formulas; CSV evidence only as a download ----------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Plain text", "Plain text"),
        (-5, -5),
    ],
)
def test_safe_cell(cell, written):
    from cor_portal.csvsafe import safe_cell, unsafe_cell

    assert safe_cell(cell) == written
    assert unsafe_cell(safe_cell(cell)) == cell


def test_tool_export_neutralizes_formulas_and_imports_back(cast):
    import csv
    import io

    from audits.tool_io.export import export_tool_csv
    from audits.tool_io.read import read_csv
    from tests.audits.conftest import make_tool

    tool, _items = make_tool(publish_by=cast.admin)
    first = tool.items.order_by("order").first()
    type(first).objects.filter(pk=first.pk).update(text='=HYPERLINK("http://evil","Click")')
    data = export_tool_csv(tool)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][5] == '\'=HYPERLINK("http://evil","Click")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    read_back = [cells for _line, cells in read_csv(data)]
    assert read_back[1][5] == '=HYPERLINK("http://evil","Click")'


CSV_EVIDENCE = b"name,total\r\n=1+1,3\r\n<script>alert(1)</script>,4\r\n"


def test_csv_evidence_is_kept_as_is_and_served_as_a_csv_download(client, flow):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from audits.services.audit import evidence_attach

    audit = flow.start()
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("totals.csv", CSV_EVIDENCE),
        document_date=date(2026, 1, 1),
        by=flow.cast.smr,
    )
    client.force_login(flow.cast.reviewer)
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSV_EVIDENCE  # stored byte for byte
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- 5. seed_demo refuses production settings -------------------------------------------


def test_seed_demo_refuses_production_settings(settings):
    from django.core.management import CommandError, call_command

    from cor_portal.accounts.models import User

    settings.SETTINGS_MODULE = "cor_portal.settings.production"
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_refuses_under_real_production_settings():
    import secrets

    from tests.test_security import DEPLOY_ENV, _manage

    result = _manage(
        "seed_demo", env={**DEPLOY_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)}
    )
    assert result.returncode == 1
    assert "refuses to run under production settings" in result.stderr
    assert "Nothing was written" in result.stderr


# --- 6. the security log: 404 refusals of the access layer, downloads --------------------


def _events(kind):
    from cor_portal.security.models import SecurityEvent

    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def _pdf_evidence(flow):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from audits.services.audit import evidence_attach
    from tests.audits.conftest import PDF

    return evidence_attach(
        audit=flow.start(),
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("Policy.pdf", PDF),
        document_date=date(2026, 1, 1),
        by=flow.cast.smr,
    )


def test_an_access_layer_404_is_logged_once_for_a_signed_in_user(client, flow):
    evidence = _pdf_evidence(flow)
    url = reverse("audits:evidence_download", args=[evidence.pk])
    client.force_login(flow.cast.outsider)
    assert client.get(url).status_code == 404
    (event,) = _events("access_hidden")
    assert (event.user, event.path, event.method) == (flow.cast.outsider, url, "GET")
    assert event.details == {"model": "audits.Evidence"}
    # One row per request, however many lookups the request made.
    assert client.get(url).status_code == 404
    assert len(_events("access_hidden")) == 2
    # Anonymous callers and ordinary 404s write nothing.
    client.logout()
    client.get(url)
    client.force_login(flow.cast.smr)
    client.get("/no-such-page/")
    assert len(_events("access_hidden")) == 2


def test_downloads_are_logged_with_who_and_what(client, flow):
    evidence = _pdf_evidence(flow)
    client.force_login(flow.cast.reviewer)
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    (event,) = _events("downloaded")
    assert event.user == flow.cast.reviewer and event.at is not None
    assert event.details == {"what": "evidence", "model": "audits.Evidence", "id": evidence.pk}
    # A refused download is not a download.
    client.force_login(flow.cast.outsider)
    client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert len(_events("downloaded")) == 1


def test_document_download_is_logged(client, cast):
    from cor_portal.documents.downloads import document_response
    from cor_portal.security.middleware import SecurityLogMiddleware

    class Doc:
        number = "COR-1"
        pk = 7

        class _meta:  # stands in for a model's options
            label = "documents.GeneratedDocument"

        class file:
            @staticmethod
            def open(mode):
                import io

                return io.BytesIO(b"%PDF-1.4")

    from django.test import RequestFactory

    request = RequestFactory().get("/documents/7/")
    request.user = cast.smr
    response = SecurityLogMiddleware(lambda r: document_response(Doc))(request)
    assert response["X-Content-Type-Options"] == "nosniff"
    (event,) = _events("downloaded")
    assert event.details == {"what": "document COR-1", "model": Doc._meta.label, "id": 7}


def test_a_failing_log_never_breaks_the_answer(client, flow, monkeypatch):
    from cor_portal.security.models import SecurityEvent

    evidence = _pdf_evidence(flow)

    def broken(*args, **kwargs):
        raise RuntimeError("log down")

    monkeypatch.setattr(SecurityEvent.objects, "create", broken)
    client.force_login(flow.cast.reviewer)
    assert client.get(reverse("audits:evidence_download", args=[evidence.pk])).status_code == 200
    client.force_login(flow.cast.outsider)
    assert client.get(reverse("audits:evidence_download", args=[evidence.pk])).status_code == 404


# --- 4. free text has a length limit, the same on every entry point ----------------------

HUGE = "x" * 200_000


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def _submitted_registration(cast):
    from tests.factories import RegistrationFactory

    return RegistrationFactory(
        wsib_account=cast.wsib_account,
        status="submitted",
        submitted_at="2026-11-10T15:00Z",
        received_on="2026-11-10",
        created_by=cast.smr,
    )


def test_reregistration_reason_is_limited_in_api_page_and_service(client, cast):
    from certification.limits import REREGISTRATION_REASON_MAX_LENGTH
    from certification.models import Registration
    from certification.services.registration import registration_request_reregistration
    from cor_portal.errors import DomainError

    registration = _submitted_registration(cast)
    response = _api(cast.admin).post(
        f"/api/v1/registrations/{registration.pk}/request-reregistration/",
        {"reason": HUGE},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    client.force_login(cast.admin)
    page = client.post(
        reverse("registration_request_reregistration", args=[registration.pk]), {"reason": HUGE}
    )
    assert page.status_code == 400
    assert f"at most {REREGISTRATION_REASON_MAX_LENGTH}" in page.content.decode().replace(",", "")
    with pytest.raises(DomainError) as err:
        registration_request_reregistration(registration=registration, reason=HUGE, by=cast.admin)
    assert err.value.field == "reason"
    registration = Registration.objects.get(pk=registration.pk)
    assert (registration.status, registration.reregistration_reason) == ("submitted", "")


def test_replacement_reason_is_limited_in_api_and_service(cast):
    from certification.models import Person
    from certification.services.people import person_replace
    from cor_portal.errors import DomainError
    from tests.factories import PersonFactory

    person = PersonFactory(organization=cast.organization, is_smr=True)
    colleague = PersonFactory(
        organization=cast.organization, is_smr=False, is_internal_auditor=True
    )
    response = _api(cast.smr).post(
        f"/api/v1/people/{person.pk}/replace/",
        {"reason": HUGE, "replacement": colleague.pk},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    with pytest.raises(DomainError) as err:
        person_replace(person=person, by=cast.smr, reason=HUGE, replacement=colleague)
    assert err.value.field == "reason"
    assert Person.objects.get(pk=person.pk).active is True


def test_exemption_reason_is_limited_in_api_and_service(cast):
    from certification.models import TrainingExemption
    from certification.services.training import exemption_refuse
    from cor_portal.errors import DomainError
    from tests.certification.test_people_api import make_exemption
    from tests.factories import PersonFactory

    exemption = make_exemption(PersonFactory(organization=cast.organization), cast.smr)
    response = _api(cast.admin).post(
        f"/api/v1/training-exemptions/{exemption.pk}/decide/",
        {"decision": "refuse", "reason": HUGE},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    with pytest.raises(DomainError) as err:
        exemption_refuse(exemption=exemption, by=cast.admin, reason=HUGE)
    assert err.value.field == "reason"
    exemption = TrainingExemption.objects.get(pk=exemption.pk)
    assert (exemption.status, exemption.decision_reason) == ("submitted", "")


def test_audit_notes_and_reasons_are_limited(flow):
    from audits.models import InternalReview
    from audits.services.common import checked_item_score
    from cor_portal.errors import DomainError

    audit = flow.submitted()
    response = _api(flow.cast.reviewer).post(
        f"/api/v1/audits/{audit.pk}/pre-assess/",
        {"complete": False, "declared_score_meets_benchmarks": True, "reasons": HUGE},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reasons"]
    assert InternalReview.objects.get(audit=audit).status == "submitted"
    # The services refuse too, whoever calls them.
    with pytest.raises(DomainError) as err:
        checked_item_score(flow.items["1.1"], points_earned=None, not_applicable=True, note=HUGE)
    assert err.value.field == "note"


def test_cap_text_is_limited(flow):
    from audits.models import CapItem
    from audits.services.cap import cap_item_add, cap_return
    from cor_portal.errors import DomainError

    plan = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).plan
    before = CapItem.objects.filter(plan=plan).count()
    with pytest.raises(DomainError) as err:
        cap_item_add(plan=plan, description=HUGE, by=flow.cast.smr)
    assert err.value.field == "description"
    assert CapItem.objects.filter(plan=plan).count() == before
    response = _api(flow.cast.reviewer).post(
        f"/api/v1/corrective-action-plans/{plan.pk}/return/", {"reason": HUGE}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    with pytest.raises(DomainError) as err:
        cap_return(plan=plan, by=flow.cast.reviewer, reason=HUGE)
    assert err.value.field == "reason"


def test_tool_description_is_limited(client, cast):
    from audits.models import AuditTool
    from audits.services.tool import audit_tool_import
    from cor_portal.errors import DomainError

    with pytest.raises(DomainError) as err:
        audit_tool_import(
            name="COR", version="v9", data=b"", filename="t.csv", by=cast.admin, description=HUGE
        )
    assert err.value.field == "description"
    assert not AuditTool.objects.filter(version="v9").exists()
