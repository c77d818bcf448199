"""Spot checks [001 §4.4]: open on a certified account only, the outcome letter PDF, the CAP
due 90 days after the letter (D9) through the real sweep at days 89/90/91, validation with its
fee, referral and the decision with reasons."""

from datetime import date
from decimal import Decimal

import pytest

from certification.enums import CertificateStatus
from certification.models import Certificate
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import sweep
from cor_portal.documents.services import document_for
from cor_portal.errors import DomainError, NotAllowed
from equivalency.documents import SPOT_CHECK_LETTER
from equivalency.enums import SpotCheckStatus
from equivalency.models import SpotCheck
from equivalency.services.spot_checks import (
    spot_check_decide,
    spot_check_issue_letter,
    spot_check_open,
    spot_check_report_cap,
    spot_check_validate,
)

from .helpers import at, certified_account, confirmed

pytestmark = pytest.mark.django_db
LETTER = date(2026, 3, 2)


def open_check(cast, account):
    return spot_check_open(
        wsib_account=account,
        scope="Element 3 hazard assessment",
        check_date=LETTER,
        findings="Assessments not reviewed.",
        by=cast.reviewer,
    )


@pytest.fixture
def with_letter(cast):
    with at(LETTER):
        account = certified_account(cast, date(2025, 6, 1))
        check = open_check(cast, account)
        spot_check_issue_letter(check=check, outcome="corrective_action", by=cast.reviewer)
    return check


def test_a_spot_check_on_an_uncertified_account_is_refused(cast):
    account = confirmed(cast)
    with pytest.raises(DomainError) as err:
        open_check(cast, account)
    assert err.value.field == "wsib_account"
    assert "is not certified" in err.value.message and account.account_number in err.value.message
    assert not SpotCheck.objects.exists()


def test_only_staff_open_spot_checks(cast):
    with at(LETTER):
        account = certified_account(cast, date(2025, 6, 1))
        with pytest.raises(NotAllowed):
            spot_check_open(wsib_account=account, scope="x", check_date=LETTER, by=cast.smr)


def test_no_follow_up_letter_closes_it_with_a_stored_pdf(cast):
    with at(LETTER):
        account = certified_account(cast, date(2025, 6, 1))
        check = open_check(cast, account)
        spot_check_issue_letter(check=check, outcome="no_follow_up", by=cast.reviewer)
    check.refresh_from_db()
    assert check.status == SpotCheckStatus.NO_FOLLOW_UP and check.letter_on == LETTER
    assert check.cap_due_on is None
    assert document_for(check, SPOT_CHECK_LETTER).number.startswith("SCL-")
    assert not Deadline.objects.filter(kind="D9").exists()


def test_corrective_action_opens_d9_due_90_days_after_the_letter(with_letter):
    check = with_letter
    check.refresh_from_db()
    assert check.status == SpotCheckStatus.CORRECTIVE_ACTION
    assert check.cap_due_on == date(2026, 5, 31)
    deadline = Deadline.objects.get(kind="D9")
    assert deadline.due_on == date(2026, 5, 31) and deadline.state == "open"


@pytest.mark.parametrize(
    ("sweep_on", "state", "status"),
    [
        (date(2026, 5, 30), "open", SpotCheckStatus.CORRECTIVE_ACTION),  # day 89
        (date(2026, 5, 31), "open", SpotCheckStatus.CORRECTIVE_ACTION),  # day 90
        (date(2026, 6, 1), "missed", SpotCheckStatus.REFERRED),  # day 91
    ],
)
def test_d9_missed_refers_the_account_to_staff(with_letter, sweep_on, state, status):
    with at(sweep_on):
        sweep(sweep_on)
        sweep(sweep_on)  # idempotent
    assert Deadline.objects.get(kind="D9").state == state
    with_letter.refresh_from_db()
    assert with_letter.status == status


def test_cap_reported_on_day_90_meets_d9_and_day_91_is_refused(cast, with_letter):
    check = with_letter
    with at(date(2026, 6, 1)), pytest.raises(DomainError) as err:
        spot_check_report_cap(check=check, actions="Done", implemented_on="2026-05-20", by=cast.smr)
    assert err.value.code == "deadline_passed"
    with at(date(2026, 5, 31)):
        spot_check_report_cap(check=check, actions="Done", implemented_on="2026-05-31", by=cast.smr)
    assert Deadline.objects.get(kind="D9").state == "met"
    with at(date(2026, 6, 1)):
        sweep(date(2026, 6, 1))
    check.refresh_from_db()
    assert check.status == SpotCheckStatus.CAP_IMPLEMENTED


def test_validation_records_the_fee_and_referral_decision_has_reasons(cast, with_letter):
    check = with_letter
    with at(date(2026, 4, 1)):
        spot_check_report_cap(check=check, actions="Done", implemented_on="2026-03-30", by=cast.smr)
        with pytest.raises(DomainError) as err:
            spot_check_validate(
                check=check, validated=True, scope="Docs", fee_amount="12.345", by=cast.reviewer
            )
        assert err.value.field == "fee_amount"
        spot_check_validate(
            check=check,
            validated=False,
            scope="Site visit",
            notes="Second site not done",
            fee_amount="350",
            fee_paid_on="2026-04-01",
            by=cast.reviewer,
        )
        check.refresh_from_db()
        assert check.status == SpotCheckStatus.REFERRED
        assert check.fee_amount == Decimal("350.00")
        with pytest.raises(DomainError) as err:
            spot_check_decide(check=check, decision="suspend", reason="  ", by=cast.admin)
        assert err.value.field == "reason"
        spot_check_decide(check=check, decision="suspend", reason="Not corrected", by=cast.admin)
    check.refresh_from_db()
    assert check.status == SpotCheckStatus.DECIDED and check.decision_reason == "Not corrected"
    assert Certificate.objects.get(wsib_account=check.wsib_account).status == (
        CertificateStatus.REVOKED
    )


def test_the_employer_sees_a_spot_check_only_once_its_letter_is_issued(cast):
    from cor_portal.access import visible

    with at(LETTER):
        account = certified_account(cast, date(2025, 6, 1))
        check = open_check(cast, account)
        assert not visible(SpotCheck, cast.smr).exists()
        spot_check_issue_letter(check=check, outcome="no_follow_up", by=cast.reviewer)
    assert visible(SpotCheck, cast.smr).get() == check
    assert not visible(SpotCheck, cast.outsider).exists()
