"""SMR invites colleagues; invitations are accepted, revoked; roles change; members leave."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from certification.enums import MemberRole
from certification.models import MemberInvitation, Membership
from certification.services import onboarding as svc
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def invite(cast, email="colleague@example.test", role=MemberRole.INTERNAL_AUDITOR):
    return svc.member_invite(by=cast.smr, organization=cast.organization, email=email, role=role)


# --- services --------------------------------------------------------------------------


def test_invite_emails_a_token_link(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(cast)
    assert invitation.organization == cast.organization
    assert invitation.role == MemberRole.INTERNAL_AUDITOR
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["colleague@example.test"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    assert history_of(cast.organization).last().action == "member_invited"


@pytest.mark.parametrize("who", ["internal_auditor", "viewer"])
def test_only_the_smr_invites(cast, who):
    with pytest.raises(NotAllowed):
        svc.member_invite(
            by=getattr(cast, who),
            organization=cast.organization,
            email="x@example.test",
            role=MemberRole.VIEWER,
        )
    assert not MemberInvitation.objects.exists()


def test_invite_bad_input_names_the_field(cast):
    for email, role, field in [
        ("", MemberRole.VIEWER, "email"),
        ("a@example.test", "owner", "role"),
        (cast.viewer.email.upper(), MemberRole.VIEWER, "email"),
    ]:
        with pytest.raises(DomainError) as err:
            svc.member_invite(by=cast.smr, organization=cast.organization, email=email, role=role)
        assert err.value.field == field
    invite(cast)
    with pytest.raises(DomainError, match="already open"):
        invite(cast, email="COLLEAGUE@example.test")
    assert MemberInvitation.objects.count() == 1


def test_accept_joins_with_the_invited_role(cast):
    invitation = invite(cast)
    user = UserFactory(email="colleague@example.test")
    membership = svc.member_invitation_accept(user=user, token=invitation.token)
    assert (membership.organization, membership.role) == (
        cast.organization,
        MemberRole.INTERNAL_AUDITOR,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert history_of(cast.organization).last().action == "member_joined"


def test_accepted_invitation_cannot_be_reused(cast):
    invitation = invite(cast)
    svc.member_invitation_accept(
        user=UserFactory(email="colleague@example.test"), token=invitation.token
    )
    second = UserFactory()
    with pytest.raises(DomainError, match="already been used"):
        svc.member_invitation_accept(user=second, token=invitation.token)
    assert not Membership.objects.filter(user=second).exists()


def test_revoked_invitation_cannot_be_used(cast):
    invitation = invite(cast)
    svc.member_invitation_revoke(by=cast.smr, invitation=invitation)
    user = UserFactory()
    with pytest.raises(DomainError, match="not valid"):
        svc.member_invitation_accept(user=user, token=invitation.token)
    assert not Membership.objects.filter(user=user).exists()
    assert history_of(cast.organization).last().action == "member_invitation_revoked"
    with pytest.raises(DomainError, match="already accepted or revoked"):
        svc.member_invitation_revoke(by=cast.smr, invitation=invitation)


def test_user_of_another_organization_cannot_accept(cast):
    invitation = invite(cast)
    with pytest.raises(DomainError, match="already belong to an organization"):
        svc.member_invitation_accept(user=cast.outsider, token=invitation.token)
    assert cast.outsider.membership.organization == cast.other_organization
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_staff_cannot_accept(cast):
    invitation = invite(cast)
    with pytest.raises(NotAllowed):
        svc.member_invitation_accept(user=cast.reviewer, token=invitation.token)
    assert not Membership.objects.filter(user=cast.reviewer).exists()


def test_role_change_and_last_smr_rule(cast):
    viewer_membership = cast.viewer.membership
    svc.member_role_change(by=cast.smr, membership=viewer_membership, role=MemberRole.SMR)
    assert Membership.objects.get(user=cast.viewer).role == MemberRole.SMR
    entry = history_of(cast.organization).last()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "member_role_changed",
        "viewer",
        "smr",
    )
    # Two SMRs now: the first may step down.
    svc.member_role_change(by=cast.smr, membership=cast.smr.membership, role=MemberRole.VIEWER)
    assert Membership.objects.get(user=cast.smr).role == MemberRole.VIEWER


def test_last_smr_cannot_demote_or_remove_themselves(cast):
    with pytest.raises(DomainError, match="at least one SMR"):
        svc.member_role_change(by=cast.smr, membership=cast.smr.membership, role="viewer")
    with pytest.raises(DomainError, match="at least one SMR"):
        svc.member_remove(by=cast.smr, membership=cast.smr.membership)
    assert Membership.objects.get(user=cast.smr).role == MemberRole.SMR


def test_remove_member(cast):
    svc.member_remove(by=cast.smr, membership=cast.viewer.membership)
    assert not Membership.objects.filter(user=cast.viewer).exists()
    assert history_of(cast.organization).last().action == "member_removed"


def test_non_smr_cannot_change_roles_or_remove(cast):
    with pytest.raises(NotAllowed):
        svc.member_role_change(
            by=cast.internal_auditor, membership=cast.viewer.membership, role=MemberRole.SMR
        )
    with pytest.raises(NotAllowed):
        svc.member_remove(by=cast.viewer, membership=cast.internal_auditor.membership)
    assert Membership.objects.get(user=cast.viewer).role == MemberRole.VIEWER


# --- pages -----------------------------------------------------------------------------


def test_members_page_smr_manages(client, cast):
    invite(cast, email="open@example.test")
    client.force_login(cast.smr)
    html = client.get(reverse("members_list")).content.decode()
    for user in (cast.smr, cast.internal_auditor, cast.viewer):
        assert user.email in html
    assert cast.outsider.email not in html
    assert "open@example.test" in html
    assert 'action="/organization/members/invite/"' in html
    assert "Revoke invitation to open@example.test" in html


@pytest.mark.parametrize("who", ["internal_auditor", "viewer"])
def test_members_page_others_read_only(client, cast, who):
    invitation = invite(cast, email="open@example.test")
    client.force_login(getattr(cast, who))
    response = client.get(reverse("members_list"))
    html = response.content.decode()
    assert response.status_code == 200 and cast.smr.email in html
    assert "Send invitation" not in html and "Change role" not in html
    # Forged posts are refused and change nothing.
    assert (
        client.post(
            reverse("member_invite"), {"email": "z@example.test", "role": "smr"}
        ).status_code
        == 403
    )
    assert client.post(reverse("member_invitation_revoke", args=[invitation.pk])).status_code == 403
    assert (
        client.post(
            reverse("member_role_change", args=[cast.viewer.membership.pk]), {"role": "smr"}
        ).status_code
        == 403
    )
    assert client.post(reverse("member_remove", args=[cast.smr.membership.pk])).status_code == 403
    assert MemberInvitation.objects.count() == 1
    assert Membership.objects.filter(organization=cast.organization).count() == 3


def test_members_page_staff_404(client, cast):
    client.force_login(cast.reviewer)
    assert client.get(reverse("members_list")).status_code == 404


def test_other_organizations_members_are_404(client, cast):
    client.force_login(cast.outsider)
    target = cast.viewer.membership
    assert client.post(reverse("member_remove", args=[target.pk])).status_code == 404
    assert (
        client.post(reverse("member_role_change", args=[target.pk]), {"role": "smr"}).status_code
        == 404
    )
    invitation = invite(cast)
    assert client.post(reverse("member_invitation_revoke", args=[invitation.pk])).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()
    assert MemberInvitation.objects.filter(pk=invitation.pk).exists()


def test_members_page_queries_are_constant(client, cast, django_assert_max_num_queries):
    for i in range(8):
        member(cast.organization, MemberRole.VIEWER)
        invite(cast, email=f"c{i}@example.test")
    client.force_login(cast.smr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members_list")).status_code == 200


def test_invite_page_flow_and_bad_input(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.smr)
    bad = client.post(reverse("member_invite"), {"email": "not-an-email", "role": "smr"})
    assert bad.status_code == 400 and "Enter a valid email address." in bad.content.decode()
    dup = client.post(reverse("member_invite"), {"email": cast.viewer.email, "role": "smr"})
    assert "already a member of your organization" in dup.content.decode()
    assert not MemberInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(reverse("member_invite"), {"email": "new@example.test", "role": "viewer"})
    assert ok.status_code == 302
    assert MemberInvitation.objects.get().email == "new@example.test"
    assert mail.outbox[-1].to == ["new@example.test"]


def test_role_change_and_remove_pages(client, cast):
    client.force_login(cast.smr)
    response = client.post(
        reverse("member_role_change", args=[cast.viewer.membership.pk]),
        {"role": "internal_auditor"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=cast.viewer).role == MemberRole.INTERNAL_AUDITOR
    last = client.post(
        reverse("member_role_change", args=[cast.smr.membership.pk]),
        {"role": "viewer"},
        follow=True,
    )
    assert "at least one SMR" in last.content.decode()
    assert Membership.objects.get(user=cast.smr).role == MemberRole.SMR
    client.post(reverse("member_remove", args=[cast.viewer.membership.pk]))
    assert not Membership.objects.filter(user=cast.viewer).exists()
    # The removed user is sent to create an organization (or accept another invitation).
    client.force_login(cast.viewer)
    assert client.get(reverse("home"))["Location"] == reverse("organization_create")


def test_anonymous_visitor_signs_up_and_comes_back_to_accept(
    client, cast, django_capture_on_commit_callbacks
):
    invitation = invite(cast, email="newbie@example.test", role=MemberRole.VIEWER)
    url = reverse("invitation_accept", args=[invitation.token])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert cast.organization.operating_name in html
    assert f"/accounts/signup/?next={url.replace('/', '%2F')}" in html
    assert f"/accounts/login/?next={url.replace('/', '%2F')}" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/accounts/signup/?next={url}",
            {
                "email": "newbie@example.test",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": url,
            },
        )
    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == url  # back to the invitation after verification
    accept_page = client.get(url)
    assert "Accept and join" in accept_page.content.decode()
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user__email="newbie@example.test").role == MemberRole.VIEWER


def test_anonymous_visitor_logs_in_and_comes_back(client, cast):
    invitation = invite(cast)
    url = reverse("invitation_accept", args=[invitation.token])
    user = UserFactory(email="colleague@example.test")
    response = client.post(
        f"/accounts/login/?next={url}", {"login": user.username, "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=user).organization == cast.organization


def test_accept_page_for_user_of_another_organization_says_why(client, cast):
    invitation = invite(cast)
    url = reverse("invitation_accept", args=[invitation.token])
    client.force_login(cast.outsider)
    page = client.get(url).content.decode()
    assert "You already belong to an organization" in page and "Accept and join" not in page
    response = client.post(url)
    assert response.status_code == 400
    assert "You already belong to an organization" in response.content.decode()
    assert cast.outsider.membership.organization == cast.other_organization


def test_revoked_or_used_link_page(client, cast):
    invitation = invite(cast)
    url = reverse("invitation_accept", args=[invitation.token])
    svc.member_invitation_revoke(by=cast.smr, invitation=invitation)
    response = client.get(url)
    assert response.status_code == 404
    assert "This invitation is no longer valid" in response.content.decode()
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404


def test_employer_without_organization_can_open_the_invitation(client, cast):
    invitation = invite(cast)
    user = UserFactory(email="colleague@example.test")
    client.force_login(user)
    url = reverse("invitation_accept", args=[invitation.token])
    assert client.get(url).status_code == 200
    assert client.post(url)["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_revoke_page(client, cast):
    invitation = invite(cast)
    client.force_login(cast.smr)
    response = client.post(reverse("member_invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert not MemberInvitation.objects.exists()


def test_invitations_of_another_org_are_not_listed(client, cast):
    other = OrganizationFactory()
    smr = member(other, MemberRole.SMR)
    svc.member_invite(by=smr, organization=other, email="secret@example.test", role="viewer")
    client.force_login(cast.smr)
    assert "secret@example.test" not in client.get(reverse("members_list")).content.decode()


def test_create_page_lists_invitations_sent_to_the_users_verified_address(client, cast):
    invitation = invite(cast, email="Found@Example.test")
    invite(cast, email="someone.else@example.test")
    user = UserFactory(email="found@example.test")
    client.force_login(user)
    html = client.get(reverse("organization_create")).content.decode()
    assert "Invitations waiting for you" in html
    assert reverse("invitation_accept", args=[invitation.token]) in html
    assert html.count("/invitations/") == 1
    # Unverified addresses do not count.
    other = UserFactory(email="someone.else@example.test")
    other.emailaddress_set.update(verified=False)
    client.force_login(other)
    assert (
        "Invitations waiting for you"
        not in client.get(reverse("organization_create")).content.decode()
    )


# --- expiry ----------------------------------------------------------------------------


def test_invitation_expiry_rule():
    from datetime import UTC, datetime, timedelta

    sent = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    assert svc.invitation_expires_at(sent) == sent + timedelta(days=14)
    assert not svc.invitation_expired(sent, sent + timedelta(days=14) - timedelta(seconds=1))
    assert svc.invitation_expired(sent, sent + timedelta(days=14))


def test_expired_invitation_cannot_be_accepted_and_can_be_replaced(client, cast):
    import time_machine

    with time_machine.travel("2026-11-01 12:00 -05:00", tick=False):
        invitation = invite(cast)
    url = reverse("invitation_accept", args=[invitation.token])
    with time_machine.travel("2026-11-15 12:00 -05:00", tick=False):
        user = UserFactory(email="colleague@example.test")
        with pytest.raises(DomainError, match="expired"):
            svc.member_invitation_accept(user=user, token=invitation.token)
        assert not Membership.objects.filter(user=user).exists()
        page = client.get(url)
        assert page.status_code == 410
        assert "The invitation expired on 2026-11-15." in page.content.decode()
        client.force_login(cast.smr)
        assert "Expired" in client.get(reverse("members_list")).content.decode()
        # Inviting the same address again replaces the dead invitation.
        fresh = invite(cast)
        assert list(MemberInvitation.objects.values_list("pk", flat=True)) == [fresh.pk]
        actions = [h.action for h in history_of(cast.organization)]
        assert actions[-2:] == ["member_invitation_expired", "member_invited"]
        assert svc.member_invitation_accept(user=user, token=fresh.token).organization == (
            cast.organization
        )
