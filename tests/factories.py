"""factory_boy factories and the standard access cast."""

from dataclasses import dataclass
from datetime import date

import factory
from django.conf import settings

from certification.enums import EmploymentStatus, MemberRole, RegistrationStatus, Sector
from certification.models import Membership, Organization, Person, Registration, WsibAccount
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = UserRole.EMPLOYER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            # Logins need a verified address (ACCOUNT_EMAIL_VERIFICATION = mandatory).
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    legal_name = factory.Sequence(lambda n: f"Constructors {n} Inc.")
    operating_name = factory.Sequence(lambda n: f"Constructors {n}")
    sector = Sector.CONSTRUCTION
    workers = 40
    city = "Toronto"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MemberRole.SMR


class WsibAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WsibAccount

    organization = factory.SubFactory(OrganizationFactory)
    account_number = factory.Sequence(lambda n: f"{1000000 + n:07d}")
    firm_number = factory.Sequence(lambda n: f"{2000000 + n:07d}")
    ohsms_in_place_since = date(2024, 1, 15)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    wsib_account = factory.SubFactory(WsibAccountFactory)
    status = RegistrationStatus.DRAFT
    applicant_name = "Pat Applicant"
    applicant_email = "pat@example.test"
    workers = 25
    declaration_accepted = True
    created_by = factory.SubFactory(UserFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    is_smr = True
    employment_status = EmploymentStatus.PERMANENT_FULL_TIME


# Sample uploads: small byte strings whose *content* says what they are (uploads are
# checked by content, not by name).
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
# The standard cast's roles, in the order access tables list them (see Cast.all()).
CAST_ROLES = ["smr", "internal_auditor", "viewer", "outsider", "auditor", "reviewer", "admin"]


def member(organization: Organization, role: str, username: str | None = None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@dataclass
class Cast:
    organization: Organization
    wsib_account: WsibAccount
    smr: User
    internal_auditor: User
    viewer: User
    other_organization: Organization
    other_wsib_account: WsibAccount
    outsider: User
    auditor: User
    reviewer: User
    admin: User

    def all(self) -> dict[str, User]:
        return {
            "smr": self.smr,
            "internal_auditor": self.internal_auditor,
            "viewer": self.viewer,
            "outsider": self.outsider,
            "auditor": self.auditor,
            "reviewer": self.reviewer,
            "admin": self.admin,
        }


def make_cast() -> Cast:
    org = OrganizationFactory()
    other = OrganizationFactory()
    return Cast(
        organization=org,
        wsib_account=WsibAccountFactory(organization=org),
        smr=member(org, MemberRole.SMR),
        internal_auditor=member(org, MemberRole.INTERNAL_AUDITOR),
        viewer=member(org, MemberRole.VIEWER),
        other_organization=other,
        other_wsib_account=WsibAccountFactory(organization=other),
        outsider=member(other, MemberRole.SMR),
        auditor=UserFactory(role=UserRole.EXTERNAL_AUDITOR),
        reviewer=UserFactory(role=UserRole.REVIEWER),
        admin=UserFactory(role=UserRole.ADMINISTRATOR),
    )


__all__ = ["PASSWORD", "Cast", "make_cast", "settings"]


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """A completed IHSA course (people & training)."""

    class Meta:
        model = "certification.TrainingRecord"

    person = factory.SubFactory(PersonFactory)
    course = "cor_essentials"
    completed_on = date(2025, 3, 1)
    provider = "IHSA"
