"""Time travel through a whole 3-year cycle and into the next [SPEC §4.2, §4.3, §5 D5–D8]:
the sweep applies pending (anniversary + 31) and lapse (+ 91) exactly once, an LGS or a new
certificate in time clears pending, and every reader shows the stored standing."""

import contextlib
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.enums import CertificateStatus, CertificationAction
from certification.models import Certificate, LetterOfGoodStanding, MaintenanceYear
from certification.services.certificates import certificate_revoke, certificate_supersede
from certification.services.maintenance import (
    lgs_issue,
    maintenance_deficiencies_corrected,
    maintenance_review_failed,
)
from certification.services.registry import registry_publish
from certification.standing_facts import certificate_verification
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of

from .helpers import hold, issue, on, snapshot, standing_on, sweep_on, year_of

pytestmark = pytest.mark.django_db
A = date(2026, 3, 1)
A2, A3, A4 = date(2027, 3, 1), date(2028, 3, 1), date(2029, 3, 1)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def test_issue_plans_years_2_3_and_recertification(cast):
    certificate = issue(cast.reviewer, A)
    years = list(MaintenanceYear.objects.filter(certificate=certificate).order_by("year"))
    assert [(y.year, y.anniversary_date, y.audit_due_on) for y in years] == [
        (2, A2, A2 - days(60)),
        (3, A3, A3 - days(60)),
        (4, A4, A4 - days(60)),
    ]
    assert all(y.state == "planned" for y in years)
    due = sorted(
        Deadline.objects.filter(wsib_account_id=certificate.wsib_account_id).values_list(
            "kind", "due_on"
        )
    )
    assert ("D6", A2 + days(30)) in due and ("D7", A4 + days(90)) in due
    assert len(due) == 9
    assert hold(certificate) == ""
    assert standing_on(certificate, A) == "certified"


@pytest.mark.parametrize(
    "offset, expected",
    [(29, "certified"), (30, "certified"), (31, "pending"), (89, "pending"), (90, "pending")],
)
def test_pending_from_anniversary_plus_31(cast, offset, expected):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(offset))
    assert standing_on(certificate, A2 + days(offset)) == expected
    if expected == "pending":
        assert year_of(certificate, 2).pending_since == A2 + days(31)
        # Pending counts as certified.
        account = certificate.wsib_account
        from certification.standing_facts import standing_of

        assert standing_of(account, A2 + days(offset)).is_certified


@pytest.mark.parametrize("offset, lapsed", [(89, False), (90, False), (91, True)])
def test_lapsed_from_anniversary_plus_91(cast, offset, lapsed):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(offset))
    certificate.refresh_from_db()
    assert (certificate.status == CertificateStatus.LAPSED) is lapsed
    assert standing_on(certificate, A2 + days(offset)) == ("lapsed" if lapsed else "pending")
    if lapsed:
        assert year_of(certificate, 2).lapsed_on == A2 + days(91)
        # The later years are cancelled with their deadlines.
        assert year_of(certificate, 3).state == "cancelled"
        assert not Deadline.objects.filter(
            wsib_account_id=certificate.wsib_account_id, state="open"
        ).exists()
        verification = certificate_verification(certificate.number, A2 + days(offset))
        assert verification is not None and verification.status == "lapsed"


def test_d5_missed_flags_the_year_late(cast):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 - days(60))
    assert not year_of(certificate, 2).late
    sweep_on(A2 - days(59))
    assert year_of(certificate, 2).late
    assert hold(certificate) == ""


@pytest.mark.parametrize(
    "anniversary, a2",
    [(date(2028, 2, 29), date(2029, 2, 28)), (date(2026, 12, 31), date(2027, 12, 31))],
)
def test_feb_29_and_dec_31_anniversaries(cast, anniversary, a2):
    certificate = issue(cast.reviewer, anniversary)
    assert year_of(certificate, 2).anniversary_date == a2
    sweep_on(a2 + days(30))
    assert hold(certificate) == ""
    sweep_on(a2 + days(31))
    assert hold(certificate) == "pending"
    sweep_on(a2 + days(91))
    assert hold(certificate) == "lapsed"


def test_lgs_on_day_30_exactly_keeps_the_account_clear(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2 + days(30)):
        letter = lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
    assert letter.number == "LGS-2027-000001"
    assert letter.valid_until == A3 - days(1)
    sweep_on(A2 + days(31))
    sweep_on(A2 + days(91))
    assert hold(certificate) == ""
    assert year_of(certificate, 2).state == "met"
    assert standing_on(certificate, A2 + days(91)) == "certified"


def test_lgs_after_pending_clears_it(cast):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(31))
    assert hold(certificate) == "pending"
    with on(A2 + days(45)):
        lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
    assert hold(certificate) == ""
    assert CertificationAction.STANDING_CLEARED in [
        h.action for h in history_of(certificate.wsib_account)
    ]
    sweep_on(A2 + days(120))
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    assert standing_on(certificate, A2 + days(120)) == "certified"


def test_a_second_lgs_for_the_same_year_is_refused(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2):
        lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
        with pytest.raises(DomainError, match="already has its Letter of Good Standing"):
            lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
    assert LetterOfGoodStanding.objects.count() == 1


def test_no_lgs_while_deficiencies_are_open_then_d8_lapses(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2 - days(10)):
        maintenance_review_failed(year=year_of(certificate, 2), by=cast.reviewer)
        before = snapshot()
        with pytest.raises(DomainError, match="still open"):
            lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
        assert snapshot() == before
    assert Deadline.objects.filter(kind="D8", state="open", due_on=A2 + days(90)).exists()
    sweep_on(A2 + days(91))
    assert hold(certificate) == "lapsed"
    assert Deadline.objects.get(kind="D8").state == "missed"


def test_deficiencies_corrected_in_time_then_lgs(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2 - days(10)):
        maintenance_review_failed(year=year_of(certificate, 2), by=cast.reviewer)
    sweep_on(A2 + days(31))
    assert hold(certificate) == "pending"
    with on(A2 + days(90)):
        maintenance_deficiencies_corrected(year=year_of(certificate, 2), by=cast.reviewer)
        lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
    sweep_on(A2 + days(91))
    assert hold(certificate) == ""


def test_no_lgs_after_lapse(cast):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(91))
    with on(A2 + days(92)), pytest.raises(DomainError):
        lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)


def test_an_earlier_sweep_date_applies_nothing_twice(cast):
    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(91))
    after = snapshot()
    history = HistoryEntry.objects.count()
    sweep_on(A2 + days(31))
    sweep_on(A2 + days(91))
    assert snapshot() == after
    assert HistoryEntry.objects.count() == history
    assert hold(certificate) == "lapsed"


def _full_cycle(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2 - days(70)):
        lgs_issue(year=year_of(certificate, 2), by=cast.reviewer)
    sweep_on(A3 - days(1))
    with on(A3 + days(10)):
        lgs_issue(year=year_of(certificate, 3), by=cast.reviewer)
    sweep_on(A3 + days(200))
    assert hold(certificate) == ""
    return certificate


def test_recertification_success_starts_a_new_cycle(cast):
    certificate = _full_cycle(cast)
    sweep_on(A4 + days(31))
    assert standing_on(certificate, A4 + days(31)) == "pending"
    with on(A4 + days(40)):
        new = certificate_supersede(
            certificate=certificate,
            anniversary_date=A4 + days(40),
            by=cast.reviewer,
            reason="Recertification external audit passed",
        )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert year_of(certificate, 4).state == "met"
    assert hold(new) == ""
    assert [y.year for y in MaintenanceYear.objects.filter(certificate=new)] == [2, 3, 4]
    # Into the next cycle: its own year 2.
    sweep_on(A4 + days(40 + 365 + 31))
    assert hold(new) == "pending"
    # The previous cycle's history stays whole.
    assert LetterOfGoodStanding.objects.filter(certificate=certificate).count() == 2
    assert Certificate.objects.get(pk=certificate.pk).superseded_by_id == new.pk


def test_recertification_lapse(cast):
    certificate = _full_cycle(cast)
    sweep_on(A4 + days(90))
    assert hold(certificate) == "pending"
    sweep_on(A4 + days(91))
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.LAPSED
    assert standing_on(certificate, A4 + days(91)) == "lapsed"


def test_no_recertification_while_deficiencies_are_open(cast):
    certificate = issue(cast.reviewer, A)
    with on(A2 - days(5)):
        maintenance_review_failed(year=year_of(certificate, 2), by=cast.reviewer)
    with on(A2 + days(10)), pytest.raises(DomainError, match="still open"):
        certificate_supersede(
            certificate=certificate,
            anniversary_date=A2 + days(10),
            by=cast.reviewer,
            reason="x",
        )


def test_revoked_certificate_cancels_its_plan(cast):
    certificate = issue(cast.reviewer, A)
    with on(A + days(5)):
        certificate_revoke(certificate=certificate, by=cast.admin, reason="Appeal upheld")
    assert not Deadline.objects.filter(state="open").exists()
    sweep_on(A2 + days(100))
    assert hold(certificate) == ""  # nothing left to miss


def test_registry_and_verification_show_the_stored_standing(cast):
    from certification.models import RegistryEntry

    certificate = issue(cast.reviewer, A)
    sweep_on(A2 + days(31))
    with on(A2 + days(31)):
        first = registry_publish(by=cast.admin)
        entry = RegistryEntry.objects.get(publication=first, wsib_account=certificate.wsib_account)
        assert entry.standing == "pending" and not entry.removed
        verification = certificate_verification(certificate.number, A2 + days(31))
        assert verification is not None and verification.status == "pending"
    sweep_on(A2 + days(91))
    with on(A2 + days(91)):
        second = registry_publish(by=cast.admin)
        assert not RegistryEntry.objects.filter(
            publication=second, wsib_account=certificate.wsib_account, removed=False
        ).exists()


# --- one catch-up sweep equals daily sweeps (as for D1/D2) -----------------------------


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=4),
    st.lists(st.integers(min_value=0, max_value=130), max_size=3),
    st.integers(min_value=20, max_value=140),
)
def test_one_catch_up_sweep_equals_daily_sweeps(cast, back, lgs_days, span):
    start = date(2027, 1, 1)
    sid = transaction.savepoint()
    try:
        certificates = [
            issue(cast.reviewer, start - days(b), issued_on=start, legal_name=f"Org {i}")
            for i, b in enumerate(back)
        ]
        # LGS days: (certificate i mod n, day offset) issued on the way if still obtainable.
        events = sorted((d, i % len(certificates)) for i, d in enumerate(lgs_days))

        def run(daily: bool):
            inner = transaction.savepoint()
            end = start + days(span)
            day = start
            pending = list(events)
            while day < end:
                day += days(1)
                while pending and start + days(pending[0][0]) < day:
                    offset, idx = pending.pop(0)
                    _try_lgs(certificates[idx], start + days(offset), cast.reviewer)
                if daily or day == end or (pending and start + days(pending[0][0]) < day + days(1)):
                    sweep_on(day)
            result = snapshot()
            transaction.savepoint_rollback(inner)
            return result

        assert run(daily=False) == run(daily=True)
    finally:
        transaction.savepoint_rollback(sid)


def _try_lgs(certificate, day, by):
    year = (
        MaintenanceYear.objects.filter(certificate=certificate, state__in=["planned", "pending"])
        .exclude(year=4)
        .order_by("year")
        .first()
    )
    if year is None:
        return
    with on(day), contextlib.suppress(DomainError):
        lgs_issue(year=year, by=by)
