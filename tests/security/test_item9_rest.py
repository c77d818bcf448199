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
