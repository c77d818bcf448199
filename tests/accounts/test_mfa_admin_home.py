"""MFA for staff, Django admin for administrators only, a home page for every role, and
every allauth page in the portal layout."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from cor_portal.accounts.enums import UserRole
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def password_login(client, user):
    """A real login (allauth records the authentication; MFA pages need a recent one)."""
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    # MFA set-up pages ask for the password again (allauth's reauthentication).
    again = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert again.status_code == 302


def test_staff_without_authenticator_is_sent_to_totp_activation(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = True
    for user in (cast.reviewer, cast.admin, cast.auditor):
        client.logout()
        password_login(client, user)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
        # The activation page itself is reachable (no redirect loop).
        page = client.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200
        assert "Activate Authenticator App" in page.content.decode()


def test_employer_is_not_forced_to_mfa(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = True
    client.force_login(cast.smr)
    assert client.get(reverse("home")).status_code == 200


def test_staff_with_authenticator_passes(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = True
    Authenticator.objects.create(user=cast.reviewer, type=Authenticator.Type.TOTP, data={})
    client.force_login(cast.reviewer)
    assert client.get(reverse("home")).status_code == 200


def test_mfa_off_lets_staff_in(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(cast.reviewer)
    assert client.get(reverse("home")).status_code == 200


def test_mfa_pages_are_reachable_from_the_account_page(client, cast):
    client.force_login(cast.reviewer)
    page = client.get(reverse("account_overview")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert f'href="{reverse("account_change_password")}"' in page
    mfa = client.get(reverse("mfa_index"))
    assert mfa.status_code == 200
    assert f'href="{reverse("mfa_activate_totp")}"' in mfa.content.decode()


def test_totp_activation_with_a_real_code(client, cast):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    password_login(client, cast.reviewer)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=cast.reviewer, type="totp").exists()


# --- Django admin --------------------------------------------------------------------


def test_admin_site_for_administrators_only(client, cast):
    client.force_login(cast.admin)  # role administrator, not a superuser
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    assert client.get("/admin/").status_code == 200
    users = client.get("/admin/accounts/user/")
    assert users.status_code == 200 and cast.smr.username in users.content.decode()
    assert client.get("/admin/accounts/staffinvitation/").status_code == 200
    assert client.get(f"/admin/accounts/user/{cast.smr.pk}/change/").status_code == 200


def test_admin_site_refuses_non_administrators_even_with_is_staff(client, cast):
    for user in (cast.reviewer, cast.smr, cast.auditor):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_role_change_follows_is_staff(client, cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    url = f"/admin/accounts/user/{cast.reviewer.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="role"' in html and 'name="auditing_company"' in html


def test_administrator_gains_no_employer_rules(cast):
    cast.admin.is_staff = True
    assert not cast.admin.has_perm("certification.invite_member")
    assert cast.admin.has_perm("accounts.view_user")
    assert not cast.reviewer.has_perm("accounts.view_user")


# --- home page for every role --------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["smr", "internal_auditor", "viewer", "outsider", "auditor", "reviewer", "admin"]
)
def test_home_renders_for_every_role(client, cast, who):
    user = getattr(cast, who)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Welcome, {user}" in html
    assert 'href="/accounts/me/"' in html


@pytest.mark.parametrize(
    "role", [UserRole.LEAD_AUDITOR, UserRole.PROGRAM_MANAGER, UserRole.PROGRAM_DIRECTOR]
)
def test_home_renders_for_other_staff_roles(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Set up two-factor authentication" in response.content.decode()


def test_staff_home_reminds_to_set_up_mfa_employer_not(client, cast):
    client.force_login(cast.reviewer)
    assert "Set up two-factor authentication" in client.get(reverse("home")).content.decode()
    client.force_login(cast.smr)
    assert "Set up two-factor authentication" not in client.get(reverse("home")).content.decode()


# --- allauth pages in our layout, CSP-safe -------------------------------------------

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
USER_PAGES = [
    "account_change_password",
    "account_email",
    "mfa_index",
    "mfa_activate_totp",
    "account_overview",
    "account_reauthenticate",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES + USER_PAGES)
def test_allauth_pages_use_portal_layout_without_inline_code(client, cast, name):
    if name in USER_PAGES:
        password_login(client, cast.smr)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert '<main id="main" class="container">' in html
    assert "style=" not in html
    # Only external scripts or JSON data blocks (not executed): no inline JavaScript.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<h1>" in html


def test_login_with_totp_asks_for_the_code_in_portal_layout(client, cast):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(cast.reviewer, secret)
    response = client.post(
        reverse("account_login"), {"login": cast.reviewer.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    html = page.content.decode()
    assert 'href="/static/css/portal.css"' in html and 'name="code"' in html
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    ok = client.post(reverse("mfa_authenticate"), {"code": code})
    assert ok.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.reviewer.pk


def test_admin_role_change_sets_is_staff_and_records_history(client, cast):
    from cor_portal.history.services import history_of

    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    url = f"/admin/accounts/user/{cast.reviewer.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "role": "administrator",
            "date_joined_0": cast.reviewer.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": cast.reviewer.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cast.reviewer.refresh_from_db()
    assert cast.reviewer.role == UserRole.ADMINISTRATOR and cast.reviewer.is_staff
    entry = history_of(cast.reviewer).last()
    assert entry.action == "edited_in_admin"
    assert entry.changes["role"] == ["reviewer", "administrator"]


def test_admin_delete_of_open_staff_invitation_revokes_it(client, cast):
    from cor_portal.accounts.models import StaffInvitation
    from cor_portal.accounts.services import staff_invite
    from cor_portal.history.services import history_of

    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    inv = staff_invite(by=cast.admin, email="x@staff.test", role=UserRole.REVIEWER)
    client.force_login(cast.admin)
    response = client.post(f"/admin/accounts/staffinvitation/{inv.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not StaffInvitation.objects.exists()
    assert [h.action for h in history_of(inv)] == ["invited", "revoked"]


def test_onboarding_and_staff_pages_are_csp_safe(client, cast):
    from certification.services.onboarding import member_invite
    from cor_portal.accounts.services import staff_invite

    inv = member_invite(
        by=cast.smr, organization=cast.organization, email="c@x.test", role="viewer"
    )
    staff_inv = staff_invite(by=cast.admin, email="s@x.test", role=UserRole.REVIEWER)
    pages = [
        (None, reverse("invitation_accept", args=[inv.token])),
        (None, reverse("staff_invitation_accept", args=[staff_inv.token])),
        (cast.smr, reverse("members_list")),
        (UserFactory(), reverse("organization_create")),
        (cast.admin, reverse("staff_invite")),
        (cast.admin, reverse("account_overview")),
    ]
    for user, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "style=" not in html and "<style" not in html, url
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, url
        # Every input has a label.
        for input_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{input_id}"' in html, (url, input_id)


def test_admin_login_goes_through_allauth(client, cast):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    # Posting a password to Django admin's own form logs nobody in.
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.post("/admin/login/", {"username": cast.admin.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
