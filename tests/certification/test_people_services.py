"""People: designate, edit (history with diffs), replace (notifies the certifying body)."""

from datetime import date

import pytest
import time_machine

from certification.enums import EmploymentStatus, MemberRole
from certification.models import Person
from certification.services.people import PersonData, person_add, person_replace, person_update
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from cor_portal.notifications.models import InboxMessage
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db

PFT = EmploymentStatus.PERMANENT_FULL_TIME


def data(**overrides) -> PersonData:
    values = dict(
        first_name="Ira",
        last_name="Auditor",
        employment_status=PFT,
        is_internal_auditor=True,
        email="ira@example.test",
    )
    values.update(overrides)
    return PersonData(**values)


def counts():
    return (Person.objects.count(), HistoryEntry.objects.count(), InboxMessage.objects.count())


def test_person_add_records_history(cast):
    person = person_add(organization=cast.organization, data=data(), by=cast.smr)
    person.refresh_from_db()
    assert (person.first_name, person.is_internal_auditor, person.active) == ("Ira", True, True)
    [entry] = history_of(person)
    assert (entry.action, entry.to_state, entry.actor) == ("designated", "active", cast.smr)
    assert entry.changes["employment_status"] == [None, PFT]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"employment_status": EmploymentStatus.CONTRACT},
            "employment_status",
            "An internal auditor must be a permanent full-time employee [COR™ 2020 §2.2]; "
            "this person's employment status is Contract.",
        ),
        (
            {"employment_status": EmploymentStatus.PERMANENT_PART_TIME},
            "employment_status",
            "An internal auditor must be a permanent full-time employee [COR™ 2020 §2.2]; "
            "this person's employment status is Permanent part-time.",
        ),
        (
            {"is_internal_auditor": False},
            "is_smr",
            "Choose a role: Senior Management Representative, internal auditor or both.",
        ),
        ({"first_name": "  "}, "first_name", "Enter the first name."),
        ({"last_name": ""}, "last_name", "Enter the last name."),
        ({"employment_status": "intern"}, "employment_status", "Choose an employment status."),
    ],
)
def test_person_add_bad_input_changes_nothing(cast, overrides, field, message):
    before = counts()
    with pytest.raises(DomainError) as err:
        person_add(organization=cast.organization, data=data(**overrides), by=cast.smr)
    assert (err.value.field, err.value.message) == (field, message)
    assert counts() == before


def test_person_add_login_must_be_a_member_of_the_organization(cast):
    before = counts()
    with pytest.raises(DomainError) as err:
        person_add(organization=cast.organization, data=data(user=cast.outsider), by=cast.smr)
    assert err.value.field == "user"
    assert counts() == before
    person = person_add(
        organization=cast.organization, data=data(user=cast.internal_auditor), by=cast.smr
    )
    assert person.user == cast.internal_auditor


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "reviewer", "admin"])
def test_only_the_organizations_smr_adds_people(cast, who):
    before = counts()
    with pytest.raises(NotAllowed):
        person_add(organization=cast.organization, data=data(), by=getattr(cast, who))
    assert counts() == before


def test_person_update_records_the_diff(cast):
    person = PersonFactory(organization=cast.organization, first_name="Sam", job_title="")
    person_update(person=person, by=cast.smr, job_title="Operations manager", first_name="Sam")
    person.refresh_from_db()
    assert person.job_title == "Operations manager"
    [entry] = history_of(person)
    assert entry.action == "updated"
    assert entry.changes == {"job_title": ["", "Operations manager"]}


def test_person_update_refuses_part_time_internal_auditor(cast):
    person = PersonFactory(organization=cast.organization, is_internal_auditor=True)
    before = counts()
    with pytest.raises(DomainError) as err:
        person_update(person=person, by=cast.smr, employment_status=EmploymentStatus.TEMPORARY)
    assert err.value.field == "employment_status"
    person.refresh_from_db()
    assert person.employment_status == PFT
    assert counts() == before


def test_person_update_of_other_organization_refused(cast):
    person = PersonFactory(organization=cast.other_organization)
    with pytest.raises(NotAllowed):
        person_update(person=person, by=cast.smr, job_title="x")


@time_machine.travel(date(2026, 11, 22), tick=False)
def test_replace_with_a_new_person(cast):
    old = PersonFactory(
        organization=cast.organization, first_name="Old", last_name="Smr", is_smr=True
    )
    new = person_replace(
        person=old,
        by=cast.smr,
        reason="Retired",
        new_person=data(first_name="New", last_name="Smr", is_internal_auditor=False),
        ended_on=date(2026, 11, 20),
    )
    old.refresh_from_db()
    assert (old.active, old.ended_on, old.replaced_by) == (False, date(2026, 11, 20), new)
    assert (new.is_smr, new.active, new.organization) == (True, True, cast.organization)
    assert [e.action for e in history_of(old)] == ["replaced"]
    entry = history_of(old).get()
    assert (entry.from_state, entry.to_state, entry.reason) == ("active", "inactive", "Retired")
    assert [e.action for e in history_of(new)] == ["designated", "replaces"]
    # The certifying body's administrators hear of it [001 §3.2] — and no one else.
    [message] = InboxMessage.objects.all()
    assert message.user == cast.admin
    assert message.subject == (f"{cast.organization} replaced its Senior Management Representative")
    assert message.body == (
        "Old Smr (Senior Management Representative) was replaced by New Smr on 2026-11-20. "
        "Reason: Retired"
    )
    assert message.url == f"/people/{new.pk}/"


def test_replace_with_an_existing_person_gives_them_the_role(cast):
    auditor = PersonFactory(organization=cast.organization, is_smr=False, is_internal_auditor=True)
    colleague = PersonFactory(organization=cast.organization, is_smr=True)
    result = person_replace(person=auditor, by=cast.smr, reason="Left", replacement=colleague)
    colleague.refresh_from_db()
    assert result == colleague
    assert (colleague.is_smr, colleague.is_internal_auditor) == (True, True)
    assert history_of(colleague).get().changes["is_internal_auditor"] == [False, True]


def test_replacement_of_an_internal_auditor_must_be_permanent_full_time(cast):
    auditor = PersonFactory(organization=cast.organization, is_smr=False, is_internal_auditor=True)
    contractor = PersonFactory(
        organization=cast.organization, employment_status=EmploymentStatus.CONTRACT
    )
    before = counts()
    with pytest.raises(DomainError) as err:
        person_replace(person=auditor, by=cast.smr, reason="Left", replacement=contractor)
    assert err.value.field == "replacement"
    assert "permanent full-time" in err.value.message
    auditor.refresh_from_db()
    assert auditor.active is True
    assert counts() == before


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"reason": " "}, "reason", "Give the reason for the replacement."),
        ({"ended_on": date(2099, 1, 1)}, "ended_on", "The end date cannot be in the future."),
        (
            {"new_person": None},
            "replacement",
            "Choose an existing person or enter a new person as the replacement.",
        ),
    ],
)
def test_replace_bad_input_changes_nothing(cast, kwargs, field, message):
    old = PersonFactory(organization=cast.organization)
    args = {"person": old, "by": cast.smr, "reason": "Left", "new_person": data()} | kwargs
    before = counts()
    with pytest.raises(DomainError) as err:
        person_replace(**args)
    assert (err.value.field, err.value.message) == (field, message)
    assert counts() == before


def test_replace_twice_refused_and_other_org_replacement_refused(cast):
    old = PersonFactory(organization=cast.organization)
    stranger = PersonFactory(organization=cast.other_organization)
    with pytest.raises(DomainError) as err:
        person_replace(person=old, by=cast.smr, reason="x", replacement=stranger)
    assert err.value.field == "replacement"
    person_replace(person=old, by=cast.smr, reason="x", new_person=data())
    old.refresh_from_db()
    before = counts()
    with pytest.raises(DomainError) as err:
        person_replace(person=old, by=cast.smr, reason="x", new_person=data())
    assert err.value.message == "This person was already replaced."
    assert counts() == before


def test_replaced_person_cannot_be_edited(cast):
    old = PersonFactory(organization=cast.organization)
    person_replace(person=old, by=cast.smr, reason="x", new_person=data())
    with pytest.raises(DomainError):
        person_update(person=old, by=cast.smr, job_title="x")


def test_viewer_cannot_replace(cast):
    old = PersonFactory(organization=cast.organization)
    viewer2 = member(cast.organization, MemberRole.VIEWER)
    with pytest.raises(NotAllowed):
        person_replace(person=old, by=viewer2, reason="x", new_person=data())
