"""Administrators invite staff and external auditors; the link creates the account."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from cor_portal.accounts import services
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import StaffInvitation, User
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_invite_emails_a_link(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.staff_invite(
            by=cast.admin,
            email="audra@audits.test",
            role=UserRole.EXTERNAL_AUDITOR,
            auditing_company="Northern Audit Co.",
        )
    assert (inv.role, inv.auditing_company, inv.invited_by) == (
        UserRole.EXTERNAL_AUDITOR,
        "Northern Audit Co.",
        cast.admin,
    )
    assert mail.outbox[-1].to == ["audra@audits.test"]
    assert f"/accounts/staff-invitations/{inv.token}/" in mail.outbox[-1].body
    assert [h.action for h in history_of(inv)] == ["invited"]


@pytest.mark.parametrize("who", ["reviewer", "smr", "auditor"])
def test_only_administrators_invite(cast, who):
    with pytest.raises(NotAllowed):
        services.staff_invite(by=getattr(cast, who), email="x@example.test", role=UserRole.REVIEWER)
    assert not StaffInvitation.objects.exists()


def test_employer_role_never_via_staff_invitation(cast):
    with pytest.raises(DomainError) as err:
        services.staff_invite(by=cast.admin, email="e@example.test", role=UserRole.EMPLOYER)
    assert err.value.field == "role"
    assert not StaffInvitation.objects.exists()
    # The database refuses it as well.
    with pytest.raises(IntegrityError):
        StaffInvitation.objects.create(
            email="e@example.test", role=UserRole.EMPLOYER, invited_by=cast.admin
        )


@pytest.mark.parametrize(
    ("email", "role", "company", "field"),
    [
        ("", UserRole.REVIEWER, "", "email"),
        ("r@example.test", UserRole.REVIEWER, "Acme Audits", "auditing_company"),
        ("EXISTING", UserRole.REVIEWER, "", "email"),
    ],
)
def test_invite_bad_input(cast, email, role, company, field):
    if email == "EXISTING":
        email = cast.smr.email.upper()
    with pytest.raises(DomainError) as err:
        services.staff_invite(by=cast.admin, email=email, role=role, auditing_company=company)
    assert err.value.field == field
    assert not StaffInvitation.objects.exists()


@pytest.mark.parametrize(
    "role",
    [
        UserRole.REVIEWER,
        UserRole.LEAD_AUDITOR,
        UserRole.PROGRAM_MANAGER,
        UserRole.PROGRAM_DIRECTOR,
        UserRole.ADMINISTRATOR,
        UserRole.EXTERNAL_AUDITOR,
    ],
)
def test_accept_creates_account_with_the_role(client, cast, role):
    inv = services.staff_invite(by=cast.admin, email="new@staff.test", role=role)
    url = reverse("staff_invitation_accept", args=[inv.token])
    page = client.get(url)
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    response = client.post(
        url,
        {
            "username": "newstaff",
            "first_name": "Nia",
            "last_name": "Staff",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newstaff")
    assert (user.role, user.email, user.is_staff, user.is_superuser) == (
        role,
        "new@staff.test",
        role == UserRole.ADMINISTRATOR,
        False,
    )
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    inv.refresh_from_db()
    assert inv.accepted_by == user
    # The link works once.
    client.logout()
    assert client.get(url).status_code == 404


def test_accept_keeps_the_auditing_company(client, cast):
    inv = services.staff_invite(
        by=cast.admin,
        email="ext@audits.test",
        role=UserRole.EXTERNAL_AUDITOR,
        auditing_company="Lakeshore Safety Audits",
    )
    user = services.staff_invitation_accept(
        token=inv.token, username="ext", password=PASSWORD, first_name="E", last_name="X"
    )
    assert user.auditing_company == "Lakeshore Safety Audits"
    assert user.is_external_auditor


def test_accept_bad_input_creates_nothing(client, cast):
    inv = services.staff_invite(by=cast.admin, email="n@staff.test", role=UserRole.REVIEWER)
    url = reverse("staff_invitation_accept", args=[inv.token])
    base = {"username": "n", "first_name": "N", "last_name": "S"}
    mismatch = client.post(url, {**base, "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert "The two passwords are not the same." in mismatch.content.decode()
    weak = client.post(url, {**base, "password1": "12345678", "password2": "12345678"})
    assert "This password is too common." in weak.content.decode()
    taken = client.post(
        url, {**base, "username": cast.smr.username, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "This username is taken; choose another." in taken.content.decode()
    assert not User.objects.filter(email="n@staff.test").exists()
    inv.refresh_from_db()
    assert inv.accepted_at is None


def test_revoked_invitation_cannot_be_used(client, cast):
    inv = services.staff_invite(by=cast.admin, email="n@staff.test", role=UserRole.REVIEWER)
    client.force_login(cast.admin)
    assert client.post(reverse("staff_invitation_revoke", args=[inv.pk])).status_code == 302
    assert not StaffInvitation.objects.exists()
    client.logout()
    response = client.get(reverse("staff_invitation_accept", args=[inv.token]))
    assert response.status_code == 404
    with pytest.raises(DomainError, match="not valid"):
        services.staff_invitation_accept(
            token=inv.token, username="n", password=PASSWORD, first_name="", last_name=""
        )
    assert [h.action for h in history_of(inv)] == ["invited", "revoked"]


def test_staff_invite_page(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.admin)
    page = client.get(reverse("staff_invite"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="employer"' not in html and 'value="external_auditor"' in html
    bad = client.post(reverse("staff_invite"), {"email": "x@y.test", "role": "employer"})
    assert bad.status_code == 400
    assert "Select a valid choice." in bad.content.decode()
    assert not StaffInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            reverse("staff_invite"), {"email": "lead@staff.test", "role": "lead_auditor"}
        )
    assert ok.status_code == 302
    assert StaffInvitation.objects.get().role == UserRole.LEAD_AUDITOR
    assert "lead@staff.test" in client.get(reverse("staff_invite")).content.decode()


@pytest.mark.parametrize("who", ["reviewer", "smr", "auditor"])
def test_staff_invite_page_is_for_administrators(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("staff_invite")).status_code == 403
    assert (
        client.post(reverse("staff_invite"), {"email": "a@b.test", "role": "reviewer"}).status_code
        == 403
    )
    assert not StaffInvitation.objects.exists()


def test_logged_in_user_is_told_to_log_out_first(client, cast):
    inv = services.staff_invite(by=cast.admin, email="n@staff.test", role=UserRole.REVIEWER)
    client.force_login(cast.smr)
    html = client.get(reverse("staff_invitation_accept", args=[inv.token])).content.decode()
    assert "Log out first" in html and 'name="password1"' not in html


def test_home_shows_open_staff_invitations_to_administrators(client, cast):
    services.staff_invite(by=cast.admin, email="pending@staff.test", role=UserRole.REVIEWER)
    client.force_login(cast.admin)
    html = client.get(reverse("home")).content.decode()
    assert "Open staff invitations" in html and "pending@staff.test" in html
    client.force_login(cast.reviewer)
    assert "pending@staff.test" not in client.get(reverse("home")).content.decode()


def test_staff_invite_page_queries_are_constant(client, cast, django_assert_max_num_queries):
    for i in range(10):
        services.staff_invite(by=cast.admin, email=f"s{i}@staff.test", role=UserRole.REVIEWER)
    client.force_login(cast.admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("staff_invite")).status_code == 200


def test_expired_staff_invitation(client, cast):
    import time_machine

    with time_machine.travel("2026-11-01 09:00 -05:00", tick=False):
        inv = services.staff_invite(by=cast.admin, email="late@staff.test", role="reviewer")
    with time_machine.travel("2026-11-16 09:00 -05:00", tick=False):
        page = client.get(reverse("staff_invitation_accept", args=[inv.token]))
        assert page.status_code == 410
        assert "The invitation expired on 2026-11-15." in page.content.decode()
        with pytest.raises(DomainError, match="expired"):
            services.staff_invitation_accept(
                token=inv.token, username="late", password=PASSWORD, first_name="", last_name=""
            )
        assert not User.objects.filter(username="late").exists()
        fresh = services.staff_invite(by=cast.admin, email="late@staff.test", role="reviewer")
        assert list(StaffInvitation.objects.values_list("pk", flat=True)) == [fresh.pk]
        assert [h.action for h in history_of(inv)] == ["invited", "expired"]
