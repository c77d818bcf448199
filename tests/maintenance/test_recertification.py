"""Recertification, end to end [001 §2.5; SPEC §4.3, §5 D5-D7]: the account re-registers
(a new application, confirmed like the first), completes the year-1 internal audit without
submitting it, the external auditor validates it at the recertification external audit
(reminded 90, 74 and 63 days before the anniversary), and a pass supersedes the certificate
and starts a new 3-year cycle; no new certificate by +30 → pending, by +90 → lapsed."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from audits.enums import AuditKind, EngagementStatus, InternalReviewStatus
from audits.models import ExternalEngagement
from audits.services.audit import audit_start, audit_submit
from audits.services.engagement import (
    external_audit_start,
    report_approve,
    report_submit,
)
from audits.services.recertification import (
    internal_audit_validate,
    recertification_audit_complete,
)
from certification.enums import CertificateStatus, CertificationAction, RegistrationStatus
from certification.maintenance import recertification_reminder_days, reregistration_window
from certification.models import Certificate, LetterOfGoodStanding, MaintenanceYear, Registration
from certification.services.certificates import certificate_issue
from certification.services.maintenance import lgs_issue
from certification.services.registration import (
    registration_confirm,
    registration_start,
    registration_submit,
)
from certification.standing_facts import certificate_verification
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from cor_portal.history.models import HistoryEntry
from tests.audits.conftest import Flow, db_state, make_ready, make_tool
from tests.audits.external import External, make_external, report_qa_cleared
from tests.factories import make_cast

from .helpers import hold, on, standing_on, sweep_on, year_of

pytestmark = pytest.mark.django_db
A = date(2027, 3, 1)
A2, A3, A4 = date(2028, 3, 1), date(2029, 3, 1), date(2030, 3, 1)
FACTS = {
    "applicant_name": "Dana Smr",
    "applicant_email": "dana@example.com",
    "workers": 12,
    "declaration_accepted": True,
}


def days(n: int) -> timedelta:
    return timedelta(days=n)


class Recert:
    """One certified account of the audits flow, walked through its recertification."""

    def __init__(self, flow: Flow, ext: External, anniversary: date):
        self.flow, self.ext, self.cast = flow, ext, flow.cast
        with on(anniversary):
            self.certificate = certificate_issue(
                wsib_account=self.cast.wsib_account,
                anniversary_date=anniversary,
                by=self.cast.reviewer,
            )
        # Years 2 and 3 kept with their Letters of Good Standing, 70 days ahead.
        self.letters(anniversary + relativedelta(years=1), anniversary + relativedelta(years=2))

    def letters(self, a2: date, a3: date) -> None:
        with on(a2 - days(70)):
            lgs_issue(year=year_of(self.certificate, 2), by=self.cast.reviewer)
        with on(a3 - days(70)):
            lgs_issue(year=year_of(self.certificate, 3), by=self.cast.reviewer)

    def reregister(self) -> Registration:
        registration = registration_start(
            wsib_account=self.cast.wsib_account, facts=FACTS, by=self.cast.smr
        )
        registration_submit(registration=registration, by=self.cast.smr)
        return registration_confirm(registration=registration, by=self.cast.admin)

    def internal_audit(self, *, complete: bool = True):
        audit = audit_start(
            wsib_account=self.cast.wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_auditor=self.flow.ia,
            by=self.cast.internal_auditor,
        )
        self.flow.answer(audit)
        if complete:
            audit = recertification_audit_complete(audit=audit, by=self.cast.smr, signed_off=True)
        return audit

    def started(self) -> ExternalEngagement:
        engagement = self.ext.plan_approved()
        external_audit_start(engagement=engagement, by=engagement.auditor.user)
        engagement.refresh_from_db()
        self.ext.score(engagement)
        return engagement

    def reported(self) -> ExternalEngagement:
        engagement = self.started()
        internal_audit_validate(engagement=engagement, by=engagement.auditor.user)
        engagement = report_submit(engagement=engagement, by=engagement.auditor.user)
        report_qa_cleared(engagement, by=self.cast.admin)
        return engagement

    def ready(self, day: date) -> None:
        """Re-registered and the year-1 internal audit completed, on `day`."""
        with on(day):
            self.reregister()
            self.internal_audit()


@pytest.fixture
def flow(db) -> Flow:
    cast = make_cast()
    tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    return Flow(cast=cast, tool=tool, items=items, ia=ia)


@pytest.fixture
def rc(flow) -> Recert:
    return Recert(flow, make_external(flow), A)


def _passed(rc: Recert, start: date, decide: date) -> Certificate:
    rc.ready(start - days(10))
    with on(start):
        engagement = rc.reported()
    with on(decide):
        report_approve(engagement=engagement, by=rc.cast.reviewer)
    return Certificate.objects.get(wsib_account=rc.cast.wsib_account, status="active")


# --- the whole cycle and into the next ------------------------------------------------------


def test_recertification_success_starts_a_new_cycle_and_keeps_the_old_one(rc):
    sweep_on(A4 - days(100))
    new = _passed(rc, start=A4 - days(80), decide=A4 - days(20))
    old = Certificate.objects.get(pk=rc.certificate.pk)
    # The old certificate is superseded by the new one, its year 4 met (D5, D6, D7).
    assert old.status == CertificateStatus.SUPERSEDED and old.superseded_by_id == new.pk
    assert (new.anniversary_date, new.expiry_date) == (A4 - days(20), date(2033, 2, 9))
    recert = year_of(old, 4)
    assert (recert.state, recert.late) == ("met", False)
    assert recert.audit_id == ExternalEngagement.objects.get(status="passed").audit_id
    assert dict(
        Deadline.objects.filter(subject_id=str(recert.pk), kind__in=["D5", "D6", "D7"]).values_list(
            "kind", "state"
        )
    ) == {"D5": "met", "D6": "met", "D7": "met"}
    # A new 3-year cycle with its maintenance years planned.
    years = MaintenanceYear.objects.filter(certificate=new).order_by("year")
    assert [(y.year, y.anniversary_date, y.state) for y in years] == [
        (2, date(2031, 2, 9), "planned"),
        (3, date(2032, 2, 9), "planned"),
        (4, date(2033, 2, 9), "planned"),
    ]
    assert hold(new) == "" and standing_on(new, A4) == "certified"
    # The previous cycle's history stays whole: letters, years, registrations, history.
    assert LetterOfGoodStanding.objects.filter(certificate=old).count() == 2
    assert list(
        MaintenanceYear.objects.filter(certificate=old).order_by("year").values_list("state")
    ) == [("met",), ("met",), ("met",)]
    assert list(
        Registration.objects.filter(wsib_account=rc.cast.wsib_account)
        .order_by("created_at")
        .values_list("status", "recertification_of")
    ) == [("confirmed", None), ("confirmed", old.pk)]
    actions = set(
        HistoryEntry.objects.filter(object_id=str(old.pk)).values_list("action", flat=True)
    )
    assert {"certificate_issued", "certificate_superseded", "maintenance_planned"} <= actions
    with on(A4):
        assert certificate_verification(old.number, A4).status == "superseded"
        assert certificate_verification(new.number, A4).status == "valid"
    # Into the next cycle: its own year 2 LGS is due, pending from its anniversary + 31.
    sweep_on(date(2031, 2, 9) + days(30))
    assert hold(new) == ""
    sweep_on(date(2031, 2, 9) + days(31))
    assert hold(new) == "pending"
    assert year_of(new, 2).state == "pending" and year_of(old, 4).state == "met"


def test_a_recertification_certificate_in_time_clears_pending(rc):
    sweep_on(A4 + days(31))
    assert standing_on(rc.certificate, A4 + days(31)) == "pending"
    new = _passed(rc, start=A4 + days(35), decide=A4 + days(90))  # day 90 still counts
    assert hold(new) == "" and standing_on(new, A4 + days(90)) == "certified"
    assert year_of(rc.certificate, 4).state == "met"
    assert HistoryEntry.objects.filter(action=CertificationAction.STANDING_CLEARED).exists()
    sweep_on(A4 + days(91))  # nothing left to lapse
    assert Certificate.objects.get(pk=new.pk).status == CertificateStatus.ACTIVE
    assert hold(new) == ""


def test_recertification_lapse_refuses_the_late_certificate(rc):
    rc.ready(A4 - days(30))
    with on(A4 + days(20)):
        engagement = rc.reported()
    sweep_on(A4 + days(90))
    assert hold(rc.certificate) == "pending"
    sweep_on(A4 + days(91))
    certificate = Certificate.objects.get(pk=rc.certificate.pk)
    assert certificate.status == CertificateStatus.LAPSED
    assert standing_on(certificate, A4 + days(91)) == "lapsed"
    before = db_state(), list(Certificate.objects.values_list("pk", "status"))
    with on(A4 + days(92)), pytest.raises(DomainError, match="no longer holds an active"):
        report_approve(engagement=engagement, by=rc.cast.reviewer)
    assert (db_state(), list(Certificate.objects.values_list("pk", "status"))) == before
    assert ExternalEngagement.objects.get(pk=engagement.pk).status == "report_submitted"


# --- reminders to start the external audit, 60-90 days ahead -------------------------------


@pytest.mark.parametrize(
    "offset, reminded, late",
    # A first sweep past the due day claims the deadline missed without a reminder.
    [
        (91, None, False),
        (90, 30, False),
        (75, 30, False),
        (74, 14, False),
        (63, 3, False),
        (60, 3, False),
        (59, None, True),
    ],
)
def test_start_the_external_audit_reminders_and_late_flag_edges(rc, offset, reminded, late):
    sweep_on(A4 - days(offset))
    d5 = Deadline.objects.get(kind="D5", subject_id=str(year_of(rc.certificate, 4).pk))
    assert d5.reminded_days_before == reminded
    assert year_of(rc.certificate, 4).late is late
    assert d5.state == ("missed" if late else "open")


def test_starting_the_external_audit_on_day_60_meets_d5_and_day_59_is_late(flow):
    ext = make_external(flow)
    rc = Recert(flow, ext, A)
    rc.ready(A4 - days(70))
    with on(A4 - days(60)):
        rc.started()
    sweep_on(A4 - days(59))
    year = year_of(rc.certificate, 4)
    assert (year.late, year.audit_id is not None) == (False, True)
    assert Deadline.objects.get(kind="D5", subject_id=str(year.pk)).state == "met"


def test_an_external_audit_started_after_day_60_stays_late(rc):
    rc.ready(A4 - days(70))
    with on(A4 - days(59)):
        rc.started()
    sweep_on(A4 - days(59))
    year = year_of(rc.certificate, 4)
    assert year.late is True
    assert Deadline.objects.get(kind="D5", subject_id=str(year.pk)).state == "missed"


@pytest.mark.parametrize(
    "anniversary, a4, reminders, pending_from, lapsed_from",
    [
        (
            date(2028, 2, 29),
            date(2031, 2, 28),
            (date(2030, 11, 30), date(2030, 12, 16), date(2030, 12, 27)),
            date(2031, 3, 31),
            date(2031, 5, 30),
        ),
        (
            date(2026, 12, 31),
            date(2029, 12, 31),
            (date(2029, 10, 2), date(2029, 10, 18), date(2029, 10, 29)),
            date(2030, 1, 31),
            date(2030, 4, 1),
        ),
    ],
)
def test_feb_29_and_dec_31_anniversaries(
    flow, anniversary, a4, reminders, pending_from, lapsed_from
):
    assert recertification_reminder_days(a4) == reminders
    assert reregistration_window(anniversary) == (
        anniversary.replace(year=anniversary.year + 2, day=28)
        if anniversary.month == 2
        else anniversary.replace(year=anniversary.year + 2),
        lapsed_from - days(1),
    )
    rc = Recert(flow, make_external(flow), anniversary)
    year = year_of(rc.certificate, 4)
    assert year.anniversary_date == a4
    d5 = Deadline.objects.get(kind="D5", subject_id=str(year.pk))
    sweep_on(reminders[0] - days(1))
    d5.refresh_from_db()
    assert d5.reminded_days_before is None
    sweep_on(reminders[0])
    d5.refresh_from_db()
    assert d5.reminded_days_before == 30
    sweep_on(pending_from - days(1))
    assert year_of(rc.certificate, 4).state != "pending"
    sweep_on(pending_from)
    assert year_of(rc.certificate, 4).state == "pending"
    assert year_of(rc.certificate, 4).pending_since == pending_from
    sweep_on(lapsed_from - days(1))
    assert Certificate.objects.get(pk=rc.certificate.pk).status == "active"
    sweep_on(lapsed_from)
    assert Certificate.objects.get(pk=rc.certificate.pk).status == "lapsed"


# --- re-registration: a new application, confirmed like the first ------------------------


def test_reregistration_opens_at_the_start_of_year_3(rc):
    before = list(Registration.objects.values_list("pk", "status"))
    with on(A3 - days(1)), pytest.raises(DomainError, match="opens on 2029-03-01"):
        registration_start(wsib_account=rc.cast.wsib_account, facts=FACTS, by=rc.cast.smr)
    assert list(Registration.objects.values_list("pk", "status")) == before
    with on(A3):
        registration = registration_start(
            wsib_account=rc.cast.wsib_account, facts=FACTS, by=rc.cast.smr
        )
    assert registration.recertification_of_id == rc.certificate.pk
    assert registration.status == RegistrationStatus.DRAFT
    # While the new application waits, the account is still certified.
    assert standing_on(rc.certificate, A3) == "certified"


def test_one_reregistration_per_certificate(rc):
    with on(A3 + days(5)):
        rc.reregister()
        with pytest.raises(DomainError, match="already has its registration"):
            registration_start(wsib_account=rc.cast.wsib_account, facts=FACTS, by=rc.cast.smr)


def test_an_account_without_a_certificate_cannot_register_again(flow):
    with pytest.raises(DomainError, match="already registered in the COR program"):
        registration_start(wsib_account=flow.cast.wsib_account, facts=FACTS, by=flow.cast.smr)


def test_the_external_audit_needs_the_reregistration_confirmed(rc):
    with on(A4 - days(100)):
        registration = registration_start(
            wsib_account=rc.cast.wsib_account, facts=FACTS, by=rc.cast.smr
        )
        rc.internal_audit()
        before = list(ExternalEngagement.objects.values_list("pk"))
        with pytest.raises(DomainError, match="re-register WSIB account"):
            rc.ext.chosen()
        registration_submit(registration=registration, by=rc.cast.smr)
        with pytest.raises(DomainError, match="re-register WSIB account"):
            rc.ext.chosen()
        assert list(ExternalEngagement.objects.values_list("pk")) == before
        registration_confirm(registration=registration, by=rc.cast.admin)
        engagement = rc.ext.chosen()
    assert engagement.is_recertification
    assert engagement.internal_audit.kind == AuditKind.RECERTIFICATION_INTERNAL


# --- the year-1 internal audit: completed, not submitted, validated by the auditor ----------


def test_the_external_audit_needs_the_internal_audit_completed(rc):
    with on(A4 - days(100)):
        rc.reregister()
        audit = rc.internal_audit(complete=False)
        with pytest.raises(DomainError, match="complete and sign off the recertification"):
            rc.ext.chosen()
        recertification_audit_complete(audit=audit, by=rc.cast.smr, signed_off=True)
        assert rc.ext.chosen().internal_audit_id == audit.pk


def test_completing_the_internal_audit(rc):
    with on(A4 - days(100)):
        audit = rc.internal_audit(complete=False)
        before = db_state()
        with pytest.raises(DomainError, match="Tick the sign-off"):
            recertification_audit_complete(audit=audit, by=rc.cast.smr)
        with pytest.raises(DomainError, match="not submitted for review"):
            audit_submit(audit=audit, by=rc.cast.smr, signed_off=True)
        assert db_state() == before
        audit = recertification_audit_complete(audit=audit, by=rc.cast.smr, signed_off=True)
        assert audit.internal_review.status == InternalReviewStatus.COMPLETED
        assert audit.signed_off_by == rc.cast.smr
        assert audit.internal_review.received_on is None  # never received for review
        assert not Deadline.objects.filter(kind="D1").exists()
        with pytest.raises(DomainError, match="already completed for the external auditor"):
            recertification_audit_complete(audit=audit, by=rc.cast.smr, signed_off=True)


def test_only_the_recertification_audit_is_completed_without_review(flow):
    audit = flow.start()
    flow.answer(audit)
    with pytest.raises(DomainError, match="submit this audit for review instead"):
        recertification_audit_complete(audit=audit, by=flow.cast.smr, signed_off=True)


def test_the_report_needs_the_internal_audit_validated(rc):
    rc.ready(A4 - days(100))
    with on(A4 - days(80)):
        engagement = rc.started()
        with pytest.raises(DomainError, match="Validate that the recertification internal"):
            report_submit(engagement=engagement, by=engagement.auditor.user)
        assert ExternalEngagement.objects.get(pk=engagement.pk).status == "audit_in_progress"
        internal_audit_validate(engagement=engagement, by=engagement.auditor.user)
        with pytest.raises(DomainError, match="already validated"):
            internal_audit_validate(engagement=engagement, by=engagement.auditor.user)
        engagement = report_submit(engagement=engagement, by=engagement.auditor.user)
    assert engagement.status == EngagementStatus.REPORT_SUBMITTED


def test_an_initial_external_audit_has_no_internal_audit_to_validate(flow):
    ext = make_external(flow)
    ext.confirmed()
    engagement = ext.started()
    with pytest.raises(DomainError, match="Only a recertification external audit"):
        internal_audit_validate(engagement=engagement, by=engagement.auditor.user)
    assert ExternalEngagement.objects.get(pk=engagement.pk).internal_audit_validated_at is None


# --- the account's timeline: its Letters of Good Standing and both cycles -----------------


def test_the_timeline_shows_the_letters_and_both_cycles(rc):
    from cor_portal.timeline import timeline_of

    new = _passed(rc, start=A4 - days(80), decide=A4 - days(20))
    with on(A4):
        timeline = timeline_of(rc.cast.smr, rc.cast.wsib_account.pk, A4)
    letters = [(e.on, e.title) for e in timeline.past if e.kind == "letter"]
    numbers = list(
        LetterOfGoodStanding.objects.order_by("issued_on").values_list("number", flat=True)
    )
    assert letters == [
        (A2 - days(70), f"Letter of Good Standing {numbers[0]} issued (certificate year 2)"),
        (A3 - days(70), f"Letter of Good Standing {numbers[1]} issued (certificate year 3)"),
    ]
    titles = [e.title for e in timeline.past]
    assert f"Certificate {rc.certificate.number} superseded" in titles
    assert "Registration confirmed (recertification)" in titles
    assert any(new.number in t for t in titles)
    # An outsider's timeline of this account holds none of it.
    with on(A4):
        assert timeline_of(rc.cast.outsider, rc.cast.wsib_account.pk, A4).past == ()
