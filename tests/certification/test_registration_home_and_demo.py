"""Home-page sections for registrations, the demo data, and the admin actions."""

import pytest
from django.conf import settings
from django.urls import reverse

from certification import demo as certification_demo
from certification.enums import RegistrationStatus
from certification.models import Membership, Registration, WsibAccount
from cor_portal.accounts import demo as accounts_demo
from cor_portal.history.services import history_of
from cor_portal.home import home_sections
from tests.factories import RegistrationFactory, WsibAccountFactory

pytestmark = pytest.mark.django_db


def _section(user, title):
    return next((s for s in home_sections(user) if s.title == title), None)


def test_smr_home_lists_what_to_do(cast):
    draft_account = WsibAccountFactory(organization=cast.organization)
    draft = RegistrationFactory(wsib_account=draft_account)
    rereg_account = WsibAccountFactory(organization=cast.organization)
    rereg = RegistrationFactory(
        wsib_account=rereg_account,
        status="reregistration_requested",
        submitted_at="2026-11-01T10:00Z",
        reregistration_reason="Wrong firm number",
    )
    RegistrationFactory(wsib_account=cast.other_wsib_account)  # another organization's
    section = _section(cast.smr, "COR registration")
    texts = [(i.text, i.url, i.urgent) for i in section.items]
    assert texts == [
        (
            f"Re-register WSIB account {rereg_account.account_number}: Wrong firm number",
            reverse("registration_detail", args=[rereg.pk]),
            True,
        ),
        (
            f"Submit the COR registration of WSIB account {draft_account.account_number}",
            reverse("registration_detail", args=[draft.pk]),
            True,
        ),
        (
            f"WSIB account {cast.wsib_account.account_number} is not registered in COR yet: "
            "register it",
            reverse("registration_create", args=[cast.wsib_account.pk]),
            False,
        ),
    ]


@pytest.mark.parametrize("role", ["internal_auditor", "viewer", "auditor", "reviewer"])
def test_others_get_no_employer_registration_section(cast, role):
    assert _section(cast.all()[role], "COR registration") is None


def test_administrator_home_counts_registrations_awaiting_verification(cast):
    for status in ("submitted", "resubmitted"):
        RegistrationFactory(
            wsib_account=WsibAccountFactory(), status=status, submitted_at="2026-11-01T10:00Z"
        )
    RegistrationFactory(wsib_account=WsibAccountFactory())  # a draft is not awaiting anything
    section = _section(cast.admin, "Registrations")
    assert [(i.text, i.url) for i in section.items] == [
        ("2 registrations awaiting verification", reverse("registration_queue"))
    ]
    assert _section(cast.reviewer, "Registrations") is None


def test_home_page_renders_the_section(client, cast):
    client.force_login(cast.smr)
    html = client.get(reverse("home")).content.decode()
    assert f"WSIB account {cast.wsib_account.account_number} is not registered" in html


def test_demo_seed_is_idempotent_and_covers_every_stage(django_capture_on_commit_callbacks):
    users = accounts_demo.seed_users(password=settings.DEMO_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        orgs = certification_demo.seed(users=users)
    counts = (WsibAccount.objects.count(), Registration.objects.count())
    orgs_again = certification_demo.seed(users=users)
    # Ontario's six accounts and five registrations, and the Alberta (ACSA) employer's two
    # WCB accounts, each registered.
    assert (WsibAccount.objects.count(), Registration.objects.count()) == counts == (8, 7)
    assert orgs_again == orgs
    maple, lakeshore = orgs["maple"], orgs["lakeshore"]
    assert maple.operating_name == "Maple Ridge Constructors"
    assert lakeshore.legal_name == "Lakeshore Paving Ltd."
    roles = dict(
        Membership.objects.filter(organization=maple).values_list("user__username", "role")
    )
    assert roles == {"smr": "smr", "ia": "internal_auditor", "viewer": "viewer"}
    statuses = sorted(
        Registration.objects.filter(wsib_account__organization=maple).values_list(
            "status", flat=True
        )
    )
    assert statuses == sorted(["confirmed", "submitted", "reregistration_requested", "draft"])
    rereg = Registration.objects.get(status=RegistrationStatus.REREGISTRATION_REQUESTED)
    assert rereg.reregistration_reason
    confirmed = Registration.objects.get(wsib_account__organization=maple, status="confirmed")
    assert [e.action for e in history_of(confirmed)] == [
        "registration_started",
        "registration_submitted",
        "registration_confirmed",
        "document_generated",
    ]
    assert Registration.objects.get(wsib_account__organization=lakeshore).status == "confirmed"


def test_admin_pages_and_confirm_action(client, cast):
    registration = RegistrationFactory(
        wsib_account=cast.wsib_account, status="submitted", submitted_at="2026-11-01T10:00Z"
    )
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    for model in (
        "organization",
        "wsibaccount",
        "registration",
        "membership",
        "person",
        "trainingrecord",
        "trainingexemption",
        "codeofethicssignature",
        "memberinvitation",
    ):
        response = client.get(reverse(f"admin:certification_{model}_changelist"))
        assert response.status_code == 200, model
    response = client.post(
        reverse("admin:certification_registration_changelist"),
        {"action": "confirm_registrations", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.confirmed_by) == ("confirmed", cast.admin)
    assert history_of(registration).filter(action="registration_confirmed").count() == 1
