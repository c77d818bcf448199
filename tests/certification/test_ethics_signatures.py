"""Code of Ethics signatures [001 §4.5]: who, when, which version; once per version."""

import pytest

from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature
from certification.services.people import PersonData, ethics_sign, person_replace
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_person_signs_with_their_own_login(cast):
    person = PersonFactory(organization=cast.organization, user=cast.internal_auditor)
    signature = ethics_sign(by=cast.internal_auditor, person=person, signed_name=" Ira Auditor ")
    assert (signature.person, signature.user, signature.signed_name, signature.version) == (
        person,
        cast.internal_auditor,
        "Ira Auditor",
        CODE_OF_ETHICS_CURRENT_VERSION,
    )
    assert signature.signed_at is not None
    entry = history_of(person).get()
    assert (entry.action, entry.to_state, entry.actor) == (
        "code_of_ethics_signed",
        CODE_OF_ETHICS_CURRENT_VERSION,
        cast.internal_auditor,
    )


def test_smr_records_a_signed_form_for_a_person_without_login(cast):
    person = PersonFactory(organization=cast.organization)
    signature = ethics_sign(by=cast.smr, person=person, signed_name="Lee Shore")
    # No user: the signer is the person; the SMR who recorded it is in the history.
    assert (signature.person, signature.user) == (person, None)
    assert history_of(person).get().actor == cast.smr


def test_once_per_version(cast):
    person = PersonFactory(organization=cast.organization)
    ethics_sign(by=cast.smr, person=person, signed_name="A")
    with pytest.raises(DomainError) as err:
        ethics_sign(by=cast.smr, person=person, signed_name="A")
    assert (err.value.field, err.value.message) == (
        "version",
        f"The Code of Ethics ({CODE_OF_ETHICS_CURRENT_VERSION}) is already signed.",
    )
    assert CodeOfEthicsSignature.objects.count() == 1


def test_only_the_current_version(cast):
    person = PersonFactory(organization=cast.organization)
    with pytest.raises(DomainError) as err:
        ethics_sign(by=cast.smr, person=person, signed_name="A", version="COR 2010")
    assert err.value.field == "version"
    assert not CodeOfEthicsSignature.objects.exists()


def test_name_required(cast):
    person = PersonFactory(organization=cast.organization)
    with pytest.raises(DomainError) as err:
        ethics_sign(by=cast.smr, person=person, signed_name="  ")
    assert (err.value.field, err.value.message) == ("signed_name", "Type your full name to sign.")
    assert not CodeOfEthicsSignature.objects.exists()


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "reviewer", "auditor"])
def test_nobody_else_signs_for_a_person(cast, who):
    person = PersonFactory(organization=cast.organization)
    with pytest.raises(NotAllowed):
        ethics_sign(by=getattr(cast, who), person=person, signed_name="X")
    assert not CodeOfEthicsSignature.objects.exists()


def test_replaced_person_cannot_sign(cast):
    person = PersonFactory(organization=cast.organization)
    person_replace(
        person=person,
        by=cast.smr,
        reason="Left",
        new_person=PersonData(
            first_name="N", last_name="P", employment_status="contract", is_smr=True
        ),
    )
    person.refresh_from_db()
    with pytest.raises(DomainError):
        ethics_sign(by=cast.smr, person=person, signed_name="X")


def test_external_auditor_and_staff_sign_as_users_once(cast):
    for user in (cast.auditor, cast.reviewer):
        signature = ethics_sign(by=user, signed_name=str(user))
        assert (signature.person, signature.user) == (None, user)
        with pytest.raises(DomainError):
            ethics_sign(by=user, signed_name=str(user))
    assert CodeOfEthicsSignature.objects.count() == 2


@pytest.mark.parametrize("who", ["smr", "internal_auditor", "viewer"])
def test_employer_users_sign_as_their_person_not_as_users(cast, who):
    with pytest.raises(NotAllowed):
        ethics_sign(by=getattr(cast, who), signed_name="X")
    assert not CodeOfEthicsSignature.objects.exists()
