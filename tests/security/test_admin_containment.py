"""The administrator role is contained (issue 7 item 6): an administrator who is not a
superuser cannot grant superuser, staff, groups or permissions in Django admin nor take over
a superuser's account; no admin page shows a secret (API tokens, invitation tokens, the
links in the outbox); superuser or not, certifying-body users never get employer actions;
the demo administrator is an administrator by role, not a superuser."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import ApiToken, StaffInvitation, User
from cor_portal.accounts.tokens import api_token_issue
from cor_portal.notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    return client


def change_form_data(client, user) -> dict:
    page = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    return data


def test_an_administrator_cannot_make_itself_superuser(admin_client, cast):
    group = Group.objects.create(name="everything")
    data = change_form_data(admin_client, cast.admin)
    data.update({"is_superuser": "on", "is_staff": "on", "groups": [group.pk]})
    response = admin_client.post(f"/admin/accounts/user/{cast.admin.pk}/change/", data)
    assert response.status_code == 302
    cast.admin.refresh_from_db()
    assert not cast.admin.is_superuser
    assert not cast.admin.groups.exists()
    assert cast.admin.is_staff  # by the role, as before


def test_the_power_fields_are_read_only_for_an_administrator(admin_client, cast):
    html = admin_client.get(f"/admin/accounts/user/{cast.reviewer.pk}/change/").content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html
    assert 'name="role"' in html


def test_an_administrator_cannot_take_over_a_superuser(admin_client):
    root = UserFactory(is_staff=True, is_superuser=True)
    # Viewable, not editable.
    page = admin_client.get(f"/admin/accounts/user/{root.pk}/change/")
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    edit = admin_client.post(f"/admin/accounts/user/{root.pk}/change/", {"email": "me@x.test"})
    assert edit.status_code == 403
    response = admin_client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "taken over 12345", "password2": "taken over 12345"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password("taken over 12345")


def test_an_administrator_cannot_edit_groups_or_permissions(admin_client, cast):
    assert admin_client.get("/admin/auth/group/add/").status_code == 403
    assert not cast.admin.has_perm("auth.change_group")
    assert not cast.admin.has_perm("auth.change_permission")


def test_a_superuser_still_can(client):
    root = UserFactory(is_staff=True, is_superuser=True, role=UserRole.ADMINISTRATOR)
    target = UserFactory()
    client.force_login(root)
    html = client.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    assert 'name="is_superuser"' in html


def test_no_admin_page_shows_an_api_token(admin_client, cast):
    token, secret = api_token_issue(user=cast.smr, name="export")
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 404
    listing = admin_client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200
    detail = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    for page in (listing, detail):
        html = page.content.decode()
        assert secret not in html
        assert secret[:15] not in html  # knox's lookup prefix
    # (The digest is the row's key and appears in admin URLs: a SHA-512 hash, not a secret.)


def test_an_administrator_revokes_a_token_in_admin(admin_client, cast):
    token, _secret = api_token_issue(user=cast.smr)
    response = admin_client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_staff_invitation_token_is_not_shown(admin_client, cast):
    invitation = StaffInvitation.objects.create(
        email="new@example.test", role=UserRole.REVIEWER, invited_by=cast.admin
    )
    html = admin_client.get(
        f"/admin/accounts/staffinvitation/{invitation.pk}/change/"
    ).content.decode()
    assert "new@example.test" in html
    assert invitation.token not in html


def test_the_outbox_masks_reset_and_invitation_links(admin_client):
    key = "3-cbx5l5-8f4a0b1c2d3e4f5a6b7c8d9e"
    token = "Xy3kP0q-9aB_cdEfGhIjKlMnOpQrStUvWxYz012345"
    email = OutboundEmail.objects.create(
        to="someone@example.test",
        subject="Password reset",
        body=f"Reset: https://cor.example/accounts/password/reset/key/{key}/\n"
        f"Join: https://cor.example/accounts/staff-invitations/{token}/",
        html_body=f'<a href="https://cor.example/accounts/password/reset/key/{key}/">reset</a>',
    )
    html = admin_client.get(f"/admin/notifications/outboundemail/{email.pk}/change/").content
    html = html.decode()
    assert key not in html and token not in html
    assert "/accounts/password/reset/key/•••/" in html
    assert "/accounts/staff-invitations/•••/" in html


# --- no employer actions for the certifying body, whatever the flags -----------------------


def test_a_superuser_administrator_passes_no_employer_rule(flow):
    audit = flow.start()
    boss = flow.cast.admin
    boss.is_superuser = boss.is_staff = True
    boss.save()
    boss = User.objects.get(pk=boss.pk)
    for perm in ("audits.submit_audit", "audits.prepare_audit", "audits.submit_cap"):
        assert not boss.has_perm(perm, audit), perm
    assert boss.has_perm("audits.view_review_queue")  # the role's own powers stay
    assert boss.has_perm("accounts.change_user")  # and Django admin


def test_a_superuser_cannot_answer_or_submit_an_employers_audit(flow):
    audit = flow.start()
    boss = flow.cast.admin
    boss.is_superuser = boss.is_staff = True
    boss.save()
    client = APIClient()
    client.force_authenticate(boss)
    answer = client.post(
        f"/api/v1/audits/{audit.pk}/responses/",
        {"item": flow.items["1.1"].pk, "points_earned": 10},
        format="json",
    )
    assert answer.status_code == 403, answer.content
    submit = client.post(f"/api/v1/audits/{audit.pk}/submit/", {}, format="json")
    assert submit.status_code == 403
    audit.refresh_from_db()
    assert audit.signed_off_by is None
    assert audit.internal_review.submission_count == 0


def test_the_demo_administrator_is_not_a_superuser_but_runs_django_admin(client):
    from cor_portal.accounts.demo import seed_users

    # A database seeded before: the demo admin was a superuser.
    User.objects.create(
        username="admin",
        email="admin@demo.cor-portal.test",
        role=UserRole.ADMINISTRATOR,
        is_superuser=True,
    )
    users = seed_users(password="demo pass 2026")
    admin = User.objects.get(pk=users["admin"].pk)
    assert (admin.is_superuser, admin.is_staff, admin.is_administrator) == (False, True, True)
    assert not any(u.is_superuser for u in User.objects.all())
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
