"""The people & training demo data: what it promises, and idempotent."""

import pytest
from django.conf import settings

from certification import demo as certification_demo
from certification.demo import people as demo_people
from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    Course,
    ExemptionStatus,
)
from certification.models import (
    CodeOfEthicsSignature,
    Person,
    TrainingExemption,
    TrainingRecord,
    WsibAccount,
)
from certification.selectors import readiness_for_account
from cor_portal.accounts import demo as accounts_demo
from cor_portal.history.models import HistoryEntry

pytestmark = pytest.mark.django_db


def seed():
    users = accounts_demo.seed_users(password=settings.DEMO_PASSWORD)
    organizations = certification_demo.seed(users=users)
    demo_people.seed(users=users, organizations=organizations)
    return users, organizations


def counts():
    return (
        Person.objects.count(),
        TrainingRecord.objects.count(),
        TrainingExemption.objects.count(),
        CodeOfEthicsSignature.objects.count(),
        HistoryEntry.objects.count(),
    )


def test_demo_people(time_machine):
    users, organizations = seed()
    maple = organizations["maple"]
    sam = Person.objects.get(organization=maple, user=users["smr"])
    ira = Person.objects.get(organization=maple, user=users["ia"])
    assert (sam.is_smr, sam.active) == (True, True)
    assert set(sam.training_records.values_list("course", flat=True)) == {Course.COR_ESSENTIALS}
    assert set(ira.training_records.values_list("course", flat=True)) == set(
        INTERNAL_AUDITOR_REQUIRED_COURSES
    )
    for person in (sam, ira):
        assert person.ethics_signatures.filter(version=CODE_OF_ETHICS_CURRENT_VERSION).exists()
    pending = TrainingExemption.objects.get(status=ExemptionStatus.SUBMITTED)
    assert pending.person.organization == maple
    assert pending.transcript.read().startswith(b"%PDF-")
    former = Person.objects.get(organization=maple, last_name="Former")
    assert (former.active, former.replaced_by) == (False, sam)
    assert Person.objects.filter(organization=organizations["lakeshore"]).count() == 1
    # The confirmed Maple Ridge account shows a complete checklist.
    confirmed = WsibAccount.objects.get(account_number="4810001")
    assert readiness_for_account(confirmed).ready


def test_demo_is_idempotent():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_missing_organizations_are_skipped():
    users = accounts_demo.seed_users(password=settings.DEMO_PASSWORD)
    assert demo_people.seed(users=users, organizations={}) is None
    assert not Person.objects.exists()
