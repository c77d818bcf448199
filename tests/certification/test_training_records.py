"""Training records: one per person and course, completion not in the future, history."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from certification.enums import Course
from certification.models import TrainingRecord
from certification.services.people import PersonData, person_replace
from certification.services.training import (
    training_record_add,
    training_record_remove,
    training_record_update,
)
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from tests.factories import PersonFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")), tick=False)


def counts():
    return (TrainingRecord.objects.count(), HistoryEntry.objects.count())


def test_add_update_remove_with_history(cast):
    person = PersonFactory(organization=cast.organization)
    training = training_record_add(
        person=person, course=Course.COR_ESSENTIALS, completed_on=date(2026, 3, 4), by=cast.smr
    )
    assert (training.course, training.completed_on, training.provider) == (
        Course.COR_ESSENTIALS,
        date(2026, 3, 4),
        "IHSA",
    )
    training_record_update(training=training, by=cast.smr, completed_on=date(2026, 3, 5))
    training.refresh_from_db()
    assert training.completed_on == date(2026, 3, 5)
    training_record_remove(training=training, by=cast.smr)
    assert not TrainingRecord.objects.filter(pk=training.pk).exists()
    assert [(e.action, e.changes) for e in history_of(person)] == [
        ("training_record_added", {"COR™ Essentials": [None, "2026-03-04 (IHSA)"]}),
        (
            "training_record_updated",
            {"COR™ Essentials: completed_on": ["2026-03-04", "2026-03-05"]},
        ),
        ("training_record_removed", {"COR™ Essentials": ["2026-03-05 (IHSA)", None]}),
    ]


def test_completed_today_is_fine_tomorrow_is_not(cast):
    person = PersonFactory(organization=cast.organization)
    before = counts()
    with pytest.raises(DomainError) as err:
        training_record_add(
            person=person,
            course=Course.COR_ESSENTIALS,
            completed_on=date(2026, 11, 23),
            by=cast.smr,
        )
    assert (err.value.field, err.value.message) == (
        "completed_on",
        "The completion date cannot be in the future.",
    )
    assert counts() == before
    training_record_add(
        person=person, course=Course.COR_ESSENTIALS, completed_on=date(2026, 11, 22), by=cast.smr
    )


def test_one_record_per_person_and_course(cast):
    person = PersonFactory(organization=cast.organization, first_name="Sam", last_name="Senior")
    TrainingRecordFactory(person=person, course=Course.COR_ESSENTIALS)
    before = counts()
    with pytest.raises(DomainError) as err:
        training_record_add(
            person=person, course=Course.COR_ESSENTIALS, completed_on=date(2026, 1, 1), by=cast.smr
        )
    assert (err.value.field, err.value.message) == (
        "course",
        "Sam Senior already has a record for COR™ Essentials.",
    )
    assert counts() == before


def test_unknown_course_refused(cast):
    person = PersonFactory(organization=cast.organization)
    with pytest.raises(DomainError) as err:
        training_record_add(
            person=person, course="first_aid", completed_on=date(2026, 1, 1), by=cast.smr
        )
    assert (err.value.field, err.value.message) == ("course", "Choose a course.")


def test_update_to_the_future_changes_nothing(cast):
    training = TrainingRecordFactory(person=PersonFactory(organization=cast.organization))
    before = counts()
    with pytest.raises(DomainError) as err:
        training_record_update(training=training, by=cast.smr, completed_on=date(2027, 1, 1))
    assert err.value.field == "completed_on"
    training.refresh_from_db()
    assert training.completed_on == date(2025, 3, 1)
    assert counts() == before


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "reviewer", "auditor"])
def test_only_the_organizations_smr_manages_training(cast, who):
    person = PersonFactory(organization=cast.organization)
    training = TrainingRecordFactory(person=person, course=Course.COR_INTERNAL_AUDITOR)
    user = getattr(cast, who)
    before = counts()
    with pytest.raises(NotAllowed):
        training_record_add(
            person=person, course=Course.COR_ESSENTIALS, completed_on=date(2026, 1, 1), by=user
        )
    with pytest.raises(NotAllowed):
        training_record_update(training=training, by=user, provider="x")
    with pytest.raises(NotAllowed):
        training_record_remove(training=training, by=user)
    assert counts() == before


def test_replaced_persons_training_is_frozen(cast):
    person = PersonFactory(organization=cast.organization)
    training = TrainingRecordFactory(person=person)
    person_replace(
        person=person,
        by=cast.smr,
        reason="Left",
        new_person=PersonData(
            first_name="A", last_name="B", employment_status="contract", is_smr=True
        ),
    )
    person.refresh_from_db()
    training.refresh_from_db()
    with pytest.raises(DomainError):
        training_record_remove(training=training, by=cast.smr)
    with pytest.raises(DomainError):
        training_record_add(
            person=person,
            course=Course.BASIC_AUDITING_PRINCIPLES,
            completed_on=date(2026, 1, 1),
            by=cast.smr,
        )
