"""Employer sign-up → e-mail verified → "Create your organization" → SMR."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from certification.enums import EmploymentStatus, MemberRole, Sector
from certification.models import Membership, Organization, Person
from certification.services.onboarding import (
    OrganizationFacts,
    organization_create_with_smr,
    organization_facts_problems,
    smr_count_after,
)
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "legal_name": "Maple Paving Ltd.",
    "operating_name": "Maple Paving",
    "sector": Sector.CONSTRUCTION,
    "workers": "35",
    "street_address": "12 King St",
    "city": "Hamilton",
    "postal_code": "l8p 1a1",
    "contact_phone": "905-555-0100",
    "smr_first_name": "Sam",
    "smr_last_name": "Singh",
    "smr_job_title": "Operations Manager",
    "smr_employment_status": EmploymentStatus.PERMANENT_FULL_TIME,
}


def facts(**over) -> OrganizationFacts:
    data = {**FORM, "workers": 35, **over}
    return OrganizationFacts(**data)


# --- pure rules ------------------------------------------------------------------------


def test_facts_problems_name_each_field():
    assert organization_facts_problems(facts()) == {}
    problems = organization_facts_problems(
        facts(legal_name=" ", sector="bakery", workers=0, smr_first_name="", smr_last_name="")
    )
    assert set(problems) == {"legal_name", "sector", "workers", "smr_first_name", "smr_last_name"}
    assert problems["workers"] == "Enter the number of workers (at least 1)."


@pytest.mark.parametrize(
    ("roles", "index", "new", "expected"),
    [
        (["smr"], 0, None, 0),
        (["smr"], 0, "viewer", 0),
        (["smr", "smr"], 0, None, 1),
        (["smr", "viewer"], 1, "smr", 2),
        (["viewer", "smr"], 0, None, 1),
    ],
)
def test_smr_count_after(roles, index, new, expected):
    assert smr_count_after(roles, changing_index=index, new_role=new) == expected


# --- service ---------------------------------------------------------------------------


def test_create_with_smr_creates_org_membership_person_and_history():
    user = UserFactory(email="sam@maple.test")
    org = organization_create_with_smr(by=user, facts=facts())
    assert org.legal_name == "Maple Paving Ltd."
    assert org.postal_code == "L8P 1A1"
    assert org.created_by == user
    assert org.contact_email == "sam@maple.test"
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (org, MemberRole.SMR)
    person = Person.objects.get(organization=org)
    assert (person.user, person.is_smr, person.is_internal_auditor) == (user, True, False)
    assert (person.first_name, person.last_name, person.job_title) == (
        "Sam",
        "Singh",
        "Operations Manager",
    )
    assert person.employment_status == EmploymentStatus.PERMANENT_FULL_TIME
    assert [h.action for h in history_of(org)] == ["created", "member_added"]
    assert [h.action for h in history_of(person)] == ["created"]


def test_employment_status_is_kept_as_asked():
    user = UserFactory()
    org = organization_create_with_smr(
        by=user, facts=facts(smr_employment_status=EmploymentStatus.CONTRACT)
    )
    assert org.people.get().employment_status == EmploymentStatus.CONTRACT


def test_user_already_in_an_organization_cannot_create_another(cast):
    before = Organization.objects.count()
    with pytest.raises(DomainError, match="already belong to an organization"):
        organization_create_with_smr(by=cast.viewer, facts=facts())
    assert Organization.objects.count() == before


@pytest.mark.parametrize(
    "role", [UserRole.REVIEWER, UserRole.ADMINISTRATOR, UserRole.EXTERNAL_AUDITOR]
)
def test_staff_cannot_create_an_organization(role):
    user = UserFactory(role=role)
    with pytest.raises(NotAllowed):
        organization_create_with_smr(by=user, facts=facts())
    assert not Organization.objects.exists()


def test_bad_facts_change_nothing():
    user = UserFactory()
    with pytest.raises(DomainError) as err:
        organization_create_with_smr(by=user, facts=facts(legal_name=""))
    assert err.value.field == "legal_name"
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()
    assert not Person.objects.exists()


# --- pages -----------------------------------------------------------------------------


def test_employer_without_organization_is_sent_to_create_it(client):
    user = UserFactory()
    client.force_login(user)
    for url in (reverse("home"), reverse("members_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("organization_create")
    # Account pages stay reachable.
    assert client.get(reverse("account_overview")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200


def test_staff_and_members_are_not_redirected(client, cast):
    for user in (cast.reviewer, cast.admin, cast.auditor):
        client.force_login(user)
        assert client.get(reverse("organization_create")).status_code == 403
    client.force_login(cast.smr)
    response = client.get(reverse("organization_create"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_create_organization_page(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("organization_create"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="smr_employment_status"' in html and "Create your organization" in html
    response = client.post(reverse("organization_create"), FORM)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    org = Organization.objects.get()
    assert Membership.objects.get(user=user).organization == org
    home = client.get(reverse("home"), follow=True)
    assert "Maple Paving" in home.content.decode()


def test_create_organization_bad_input_says_which_field_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("organization_create"), {**FORM, "legal_name": "", "workers": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert not Organization.objects.exists() and not Person.objects.exists()


def test_signup_verify_email_login_then_create_organization(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new.smr@maple.test",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.smr@maple.test")  # no username at sign-up (issue 7)
    assert user.role == UserRole.EMPLOYER
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in before the address is verified.
    assert client.get(reverse("home")).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    confirm = client.post(link)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.smr@maple.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302 and landing["Location"] == reverse("organization_create")


def test_user_without_a_name_gets_the_smr_name():
    user = UserFactory(first_name="", last_name="")
    organization_create_with_smr(by=user, facts=facts())
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Sam", "Singh")
    named = UserFactory(first_name="Alex", last_name="Kept")
    organization_create_with_smr(by=named, facts=facts())
    named.refresh_from_db()
    assert (named.first_name, named.last_name) == ("Alex", "Kept")
