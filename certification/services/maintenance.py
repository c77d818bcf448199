"""Maintenance years 2 and 3, recertification, pending and lapse [SPEC §4.2, §4.3, §5 D5–D8;
001 §2.4, §2.5]: one function per transition, each in a transaction with history.

Stable entry points for other apps:

- `maintenance_plan_create(certificate, by)` — called by certificate issue/supersede: plans
  years 2, 3 and 4 (recertification) and opens their D5, D6, D7 deadlines.
- `maintenance_year_for(wsib_account, today)` — the open year a maintenance audit is for.
- `maintenance_audit_received(year, audit_id, by)` — the audit was submitted (meets D5).
- `maintenance_review_failed(year, by)` — written report + CAP: deficiencies open, D8 opens.
- `maintenance_deficiencies_corrected(year, by)` — meets D8 (then an LGS may be issued).
- `lgs_issue(year, by, source_audit_id)` — the Letter of Good Standing (meets D6/D7, clears
  pending). Refused while deficiencies are open, twice for one year, or once lapsed.
- The sweep's consequences (certification/deadlines.py): `years_late`, `years_pending`,
  `years_lapsed` — set-based, conditional (a year already moved is left alone), so a
  catch-up sweep or an earlier `--as-of` never applies anything twice.

The account's stored standing is WsibAccount.cor_hold (see the model); it is written here only.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.enums import CertificateStatus, CertificationAction
from certification.maintenance import (
    LAPSED_AFTER_DAYS,
    RECERTIFICATION_YEAR,
    maintenance_plan,
    year_plan,
)
from certification.models import (
    Certificate,
    LetterOfGoodStanding,
    LgsCounter,
    MaintenanceYear,
    MaintenanceYearState,
    WsibAccount,
)
from certification.workflows import CERTIFICATE_FLOW, MAINTENANCE_FLOW
from cor_portal.access import require
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services.deadline import (
    deadline_meet,
    deadline_open,
    deadlines_cancel_of,
)
from cor_portal.errors import DomainError
from cor_portal.history.services import record, record_many
from cor_portal.notifications.services import Localized

D5, D6, D7, D8 = "D5", "D6", "D7", "D8"
MAINTENANCE_KINDS = (D5, D6, D7, D8)
PLANNED, PENDING, MET, LAPSED, CANCELLED = (s.value for s in MaintenanceYearState)
OPEN_YEAR = (PLANNED, PENDING)
HOLD_CLEAR, HOLD_PENDING, HOLD_LAPSED = "", "pending", "lapsed"


def _titles(year: int, account: WsibAccount) -> dict[str, Localized]:
    params = {"year": year, "board": account.account_label_text, "account": account.account_number}
    if year == RECERTIFICATION_YEAR:
        return {
            D5: Localized(
                gettext_lazy("Start the recertification external audit of %(board)s %(account)s"),
                params,
            ),
            D6: Localized(
                gettext_lazy("New certificate of %(board)s %(account)s (30 days, else pending)"),
                params,
            ),
            D7: Localized(
                gettext_lazy("New certificate of %(board)s %(account)s (90 days, else lapsed)"),
                params,
            ),
        }
    return {
        D5: Localized(
            gettext_lazy("Submit the year %(year)s maintenance audit of %(board)s %(account)s"),
            params,
        ),
        D6: Localized(
            gettext_lazy(
                "Letter of Good Standing, year %(year)s, %(board)s %(account)s "
                "(30 days, else pending)"
            ),
            params,
        ),
        D7: Localized(
            gettext_lazy(
                "Letter of Good Standing, year %(year)s, %(board)s %(account)s "
                "(90 days, else lapsed)"
            ),
            params,
        ),
        D8: Localized(
            gettext_lazy(
                "Correct the year %(year)s maintenance deficiencies of %(board)s %(account)s"
            ),
            params,
        ),
    }


def maintenance_plan_create(*, certificate: Certificate, by) -> list[MaintenanceYear]:
    """Plan the maintenance years of a just-issued certificate (inside its transaction) and
    open their deadlines; the account's standing becomes tracked and clear."""
    today = timezone.localdate()
    account = certificate.wsib_account
    years = []
    for plan in maintenance_plan(certificate.anniversary_date, today):
        year = MaintenanceYear.objects.create(
            certificate=certificate,
            wsib_account=account,
            year=plan.year,
            anniversary_date=plan.anniversary,
            audit_due_on=plan.audit_due_on,
        )
        titles = _titles(plan.year, account)
        for kind, due in ((D5, plan.audit_due_on), (D6, plan.pending_due_on)):
            deadline_open(
                kind=kind,
                subject=year,
                due_on=due,
                opened_on=min(today, due),
                title=titles[kind],
                organization_id=account.organization_id,
                wsib_account_id=account.pk,
                actor=by,
            )
        deadline_open(
            kind=D7,
            subject=year,
            due_on=plan.lapse_due_on,
            opened_on=min(today, plan.lapse_due_on),
            title=titles[D7],
            organization_id=account.organization_id,
            wsib_account_id=account.pk,
            actor=by,
        )
        years.append(year)
    before = WsibAccount.objects.filter(pk=account.pk).values_list("cor_hold", flat=True).first()
    WsibAccount.objects.filter(pk=account.pk).update(cor_hold=HOLD_CLEAR, cor_hold_since=None)
    if before == HOLD_PENDING:  # recertified while pending: the new certificate clears it
        record(
            subject=account,
            actor=by,
            action=CertificationAction.STANDING_CLEARED,
            from_state=HOLD_PENDING,
            to_state=HOLD_CLEAR,
        )
    record(
        subject=certificate,
        actor=by,
        action=CertificationAction.MAINTENANCE_PLANNED,
        changes={"certificate": ("", certificate.number)},
        reason=", ".join(f"{y.year}: {y.anniversary_date.isoformat()}" for y in years),
    )
    return years


def _refresh_hold(account_ids: Sequence[int], *, day: date | None) -> None:
    """Recompute the stored hold of accounts whose active certificate's years changed:
    pending while any of its years is pending, else clear. (Lapse is written by
    years_lapsed itself.)"""
    pending = MaintenanceYear.objects.filter(
        wsib_account_id=OuterRef("pk"),
        certificate__status=CertificateStatus.ACTIVE,
        state=PENDING,
    )
    accounts = WsibAccount.objects.filter(pk__in=list(account_ids)).exclude(cor_hold=HOLD_LAPSED)
    accounts.filter(Exists(pending)).exclude(cor_hold=HOLD_PENDING).update(
        cor_hold=HOLD_PENDING, cor_hold_since=day
    )
    accounts.exclude(Exists(pending)).exclude(cor_hold=HOLD_CLEAR).update(
        cor_hold=HOLD_CLEAR, cor_hold_since=None
    )


# --- the deadline sweep's consequences (set-based: a fixed number of queries) --------------


def years_late(year_ids: Sequence[int]) -> None:
    """D5 missed: flag the years late (the reminders went out; nothing else changes)."""
    rows = MaintenanceYear.objects.filter(pk__in=list(year_ids), late=False, state__in=OPEN_YEAR)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        MaintenanceYear.objects.filter(pk__in=ids).update(late=True)
        record_many(
            model=MaintenanceYear,
            entries=[(pk, "") for pk in ids],
            actor=None,
            action=CertificationAction.MAINTENANCE_LATE,
            reason=_("Maintenance audit not submitted 60 days before the anniversary"),
        )


def years_pending(year_ids: Sequence[int], *, day: date) -> None:
    """D6 missed on `day` (due + 1): the years become pending and so do their accounts."""
    moved = MAINTENANCE_FLOW.move_set(
        MaintenanceYear.objects.filter(pk__in=list(year_ids)),
        CertificationAction.MAINTENANCE_PENDING,
        reason=_("No Letter of Good Standing or new certificate 30 days after the anniversary"),
        pending_since=day,
    )
    if moved:
        account_ids = list(
            MaintenanceYear.objects.filter(pk__in=moved).values_list("wsib_account_id", flat=True)
        )
        accounts = WsibAccount.objects.filter(pk__in=account_ids, cor_hold=HOLD_CLEAR)
        held = list(accounts.values_list("pk", flat=True))
        accounts.update(cor_hold=HOLD_PENDING, cor_hold_since=day)
        record_many(
            model=WsibAccount,
            entries=[(pk, HOLD_CLEAR) for pk in held],
            actor=None,
            action=CertificationAction.MAINTENANCE_PENDING,
            to_state=HOLD_PENDING,
            reason=_("Pending from %(day)s (deadline sweep)") % {"day": day.isoformat()},
        )


def years_lapsed(year_ids: Sequence[int], *, day: date) -> None:
    """D7 or D8 missed on `day`: the years lapse, their certificates end (the registry's next
    publication drops them), the certificates' other years and every open maintenance
    deadline of them are cancelled, and the accounts' standing becomes lapsed: they start
    the COR process from the beginning [001 §2.4]."""
    reason = _("No Letter of Good Standing or new certificate 90 days after the anniversary")
    moved = MAINTENANCE_FLOW.move_set(
        MaintenanceYear.objects.filter(pk__in=list(year_ids)),
        CertificationAction.MAINTENANCE_LAPSED,
        reason=reason,
        lapsed_on=day,
    )
    if not moved:
        return
    certificate_ids = list(
        MaintenanceYear.objects.filter(pk__in=moved).values_list("certificate_id", flat=True)
    )
    CERTIFICATE_FLOW.move_set(
        Certificate.objects.filter(pk__in=certificate_ids),
        CertificationAction.CERTIFICATE_LAPSED,
        reason=reason,
        ended_at=timezone.now(),
        end_reason=reason,
    )
    others = MaintenanceYear.objects.filter(certificate_id__in=certificate_ids)
    _cancel_years(others.exclude(pk__in=moved), by=None, reason=str(_("An earlier year lapsed")))
    deadlines_cancel_of(  # and the lapsed years' own D8 / D7 left open
        model=MaintenanceYear,
        subject_ids=list(moved),
        kinds=MAINTENANCE_KINDS,
        reason=str(_("The certification lapsed")),
    )
    accounts = WsibAccount.objects.filter(
        pk__in=Certificate.objects.filter(pk__in=certificate_ids).values("wsib_account_id")
    ).exclude(cor_hold=HOLD_LAPSED)
    entries = [(pk, hold or "") for pk, hold in accounts.values_list("pk", "cor_hold")]
    accounts.update(cor_hold=HOLD_LAPSED, cor_hold_since=day)
    record_many(
        model=WsibAccount,
        entries=entries,
        actor=None,
        action=CertificationAction.MAINTENANCE_LAPSED,
        to_state=HOLD_LAPSED,
        reason=_("Lapsed on %(day)s (deadline sweep): start the COR process again")
        % {"day": day.isoformat()},
    )


# --- the employer's and the reviewer's steps ----------------------------------------------


def maintenance_year_for(wsib_account: WsibAccount, today: date) -> MaintenanceYear:
    """The open LGS year (2 or 3) of the account's active certificate that a maintenance
    audit started today is for: the earliest one not met. DomainError when there is none
    (the account is not certified, lapsed, or both letters are in)."""
    year = (
        MaintenanceYear.objects.filter(
            wsib_account=wsib_account,
            certificate__status=CertificateStatus.ACTIVE,
            state__in=OPEN_YEAR,
            year__lt=RECERTIFICATION_YEAR,
        )
        .select_related("certificate")
        .order_by("anniversary_date")
        .first()
    )
    if year is None:
        raise DomainError(
            _(
                "%(board)s account %(account)s has no maintenance year open: a maintenance audit "
                "is for a certified account in year 2 or 3 of its certificate."
            )
            % {"board": wsib_account.account_label, "account": wsib_account.account_number},
            field="wsib_account",
        )
    return year


def recertification_year_for(wsib_account: WsibAccount) -> MaintenanceYear:
    """The open recertification year (4) of the account's active certificate; DomainError
    when there is none (not certified, or lapsed)."""
    year = (
        MaintenanceYear.objects.filter(
            wsib_account=wsib_account,
            certificate__status=CertificateStatus.ACTIVE,
            state__in=OPEN_YEAR,
            year=RECERTIFICATION_YEAR,
        )
        .select_related("certificate")
        .first()
    )
    if year is None:
        raise DomainError(
            _(
                "%(board)s account %(account)s has no recertification open: the recertification "
                "internal audit is for a certified account nearing the end of its 3 years."
            )
            % {"board": wsib_account.account_label, "account": wsib_account.account_number},
            field="wsib_account",
        )
    return year


def _locked(year: MaintenanceYear) -> MaintenanceYear:
    return (
        MaintenanceYear.objects.select_for_update()
        .select_related("certificate", "wsib_account")
        .get(pk=year.pk)
    )


def year_of_audit(audit_id: int) -> MaintenanceYear:
    """The maintenance year a maintenance audit is for."""
    return MaintenanceYear.objects.select_related("certificate", "wsib_account").get(
        audit_id=audit_id
    )


@transaction.atomic
def maintenance_audit_started(*, year: MaintenanceYear, audit_id: int, by) -> MaintenanceYear:
    """A maintenance audit was started for `year` (one per year)."""
    year = _locked(year)
    if year.audit_id is not None or year.state not in OPEN_YEAR:
        raise DomainError(
            _("Year %(year)s of this certificate already has its maintenance audit.")
            % {"year": year.year},
            field="wsib_account",
            code="conflict",
        )
    MaintenanceYear.objects.filter(pk=year.pk).update(audit_id=audit_id)
    record(
        subject=year,
        actor=by,
        action=CertificationAction.MAINTENANCE_AUDIT_STARTED,
        changes={"audit": ("", audit_id)},
    )
    year.refresh_from_db()
    return year


@transaction.atomic
def maintenance_audit_received(*, year: MaintenanceYear, audit_id: int, by) -> MaintenanceYear:
    """The maintenance audit of `year` was submitted: D5 met (if in time; a late one stays
    for the sweep to flag), the audit recorded on the year."""
    year = _locked(year)
    if year.state not in OPEN_YEAR:
        raise DomainError(
            _("Year %(year)s of this certificate is %(state)s: no audit is accepted for it.")
            % {"year": year.year, "state": MaintenanceYearState(year.state).label.lower()},
            field="state",
            code="conflict",
        )
    deadline_meet(kind=D5, subject=year, actor=by, missing_ok=True)
    year.refresh_from_db()
    return year


@transaction.atomic
def maintenance_review_failed(*, year: MaintenanceYear, by) -> MaintenanceYear:
    """The maintenance review did not confirm the benchmarks: a written report and a CAP;
    the deficiencies are open until corrected, within 90 days after the anniversary (D8)."""
    year = _locked(year)
    if year.state not in OPEN_YEAR:
        raise DomainError(
            _("Year %(year)s of this certificate is %(state)s.")
            % {"year": year.year, "state": MaintenanceYearState(year.state).label.lower()},
            field="state",
            code="conflict",
        )
    if not year.deficiencies_open:
        MaintenanceYear.objects.filter(pk=year.pk).update(deficiencies_open=True)
        due = correction_due_of(year)
        today = timezone.localdate()
        deadline_open(
            kind=D8,
            subject=year,
            due_on=due,
            opened_on=min(today, due),
            title=_titles(year.year, year.wsib_account)[D8],
            organization_id=year.wsib_account.organization_id,
            wsib_account_id=year.wsib_account_id,
            actor=by,
            replace=True,
        )
        record(
            subject=year,
            actor=by,
            action=CertificationAction.MAINTENANCE_DEFICIENCIES,
            changes={"deficiencies_open": (False, True)},
        )
    year.refresh_from_db()
    return year


@transaction.atomic
def maintenance_deficiencies_corrected(*, year: MaintenanceYear, by) -> MaintenanceYear:
    """The certifying body confirms the deficiencies are corrected (the CAP implemented and
    a passing score achieved): D8 met. Refused after the 90 days (the sweep lapses it)."""
    require(by, "certification.issue_certificate", year.wsib_account)
    year = _locked(year)
    if not year.deficiencies_open:
        raise DomainError(
            _("Year %(year)s has no open deficiencies.") % {"year": year.year},
            field="deficiencies_open",
        )
    if year.state not in OPEN_YEAR:
        raise DomainError(
            _("Year %(year)s of this certificate is %(state)s.")
            % {"year": year.year, "state": MaintenanceYearState(year.state).label.lower()},
            field="state",
            code="conflict",
        )
    deadline_meet(kind=D8, subject=year, actor=by)
    MaintenanceYear.objects.filter(pk=year.pk).update(deficiencies_open=False)
    record(
        subject=year,
        actor=by,
        action=CertificationAction.MAINTENANCE_CORRECTED,
        changes={"deficiencies_open": (True, False)},
    )
    year.refresh_from_db()
    return year


def correction_due_of(year: MaintenanceYear) -> date:
    """D8's due date: 90 days after the year's anniversary."""
    return year.anniversary_date + timedelta(days=LAPSED_AFTER_DAYS)


def format_lgs_number(year: int, sequence: int) -> str:
    return f"LGS-{year:04d}-{sequence:06d}"


def _next_lgs_number(year: int) -> str:
    counters = LgsCounter.objects.select_for_update()
    counter = counters.filter(year=year).first()
    if counter is None:
        LgsCounter.objects.bulk_create([LgsCounter(year=year, last=0)], ignore_conflicts=True)
        counter = counters.get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_lgs_number(year, counter.last)


def _meet_year(year: MaintenanceYear, *, by, today: date) -> None:
    """Year met in time: D6 (if not yet missed), D7 and D8 closed; pending cleared."""
    MAINTENANCE_FLOW.move(year, CertificationAction.MAINTENANCE_MET, by=by)
    deadline_meet(kind=D5, subject=year, actor=by, on=today, missing_ok=True)
    deadline_meet(kind=D6, subject=year, actor=by, on=today, missing_ok=True)
    deadline_meet(kind=D7, subject=year, actor=by, on=today)
    from cor_portal.deadlines.services.deadline import deadline_cancel

    deadline_cancel(kind=D8, subject=year, actor=by, reason="", missing_ok=True)
    before = year.wsib_account.cor_hold
    _refresh_hold([year.wsib_account_id], day=None)
    if before == HOLD_PENDING:
        record(
            subject=year.wsib_account,
            actor=by,
            action=CertificationAction.STANDING_CLEARED,
            from_state=HOLD_PENDING,
            to_state=HOLD_CLEAR,
        )


def _check_obtainable(year: MaintenanceYear, today: date) -> None:
    if year.deficiencies_open:
        raise DomainError(
            _(
                "The deficiencies found in year %(year)s are still open: no Letter of Good "
                "Standing or certificate is issued until they are corrected."
            )
            % {"year": year.year},
            field="deficiencies_open",
            code="conflict",
        )
    if year.state == MET:
        raise DomainError(
            _("Year %(year)s of certificate %(number)s already has its %(what)s.")
            % {
                "year": year.year,
                "number": year.certificate.number,
                "what": _("new certificate")
                if year.is_recertification
                else _("Letter of Good Standing"),
            },
            field="maintenance_year",
            code="conflict",
        )
    if year.state not in OPEN_YEAR:
        raise DomainError(
            _("Year %(year)s of certificate %(number)s is %(state)s.")
            % {
                "year": year.year,
                "number": year.certificate.number,
                "state": MaintenanceYearState(year.state).label.lower(),
            },
            field="state",
            code="conflict",
        )
    if today > year.anniversary_date + timedelta(days=LAPSED_AFTER_DAYS):
        raise DomainError(
            _("The 90 days after the anniversary %(date)s have passed.")
            % {"date": year.anniversary_date.isoformat()},
            field="maintenance_year",
            code="deadline_passed",
        )


@transaction.atomic
def lgs_issue(
    *, year: MaintenanceYear, by, source_audit_id: int | None = None
) -> LetterOfGoodStanding:
    """Issue the Letter of Good Standing of `year` (2 or 3): the maintenance review passed.
    Certifying-body staff only. Meets the year (D6 if in time, D7), clears pending, records
    history on the letter and the account, and queues its PDF."""
    require(by, "certification.issue_certificate", year.wsib_account)
    year = _locked(year)
    today = timezone.localdate()
    if year.is_recertification:
        raise DomainError(
            _("Year 4 is recertification: it is met by a new certificate, not a letter."),
            field="maintenance_year",
        )
    _check_obtainable(year, today)
    if year.certificate.status != CertificateStatus.ACTIVE:
        raise DomainError(
            _("Certificate %(number)s is not active.") % {"number": year.certificate.number},
            field="certificate",
            code="conflict",
        )
    plan = year_plan(year.certificate.anniversary_date, year.year)
    next_anniversary = year_plan(year.certificate.anniversary_date, year.year + 1).anniversary
    letter = LetterOfGoodStanding.objects.create(
        number=_next_lgs_number(today.year),
        maintenance_year=year,
        certificate=year.certificate,
        wsib_account=year.wsib_account,
        year=year.year,
        issued_on=today,
        valid_until=next_anniversary - timedelta(days=1),
        source_audit_id=source_audit_id,
        issued_by=by,
    )
    _meet_year(year, by=by, today=today)
    record(
        subject=letter,
        actor=by,
        action=CertificationAction.LGS_ISSUED,
        changes={"number": ("", letter.number), "anniversary": ("", plan.anniversary)},
    )
    record(
        subject=year.wsib_account,
        actor=by,
        action=CertificationAction.LGS_ISSUED,
        changes={"letter": ("", letter.number)},
    )
    _queue_lgs_pdf(letter)
    return letter


def _queue_lgs_pdf(letter: LetterOfGoodStanding) -> None:
    from certification.tasks import task_generate_lgs_pdf

    letter_id = letter.pk
    transaction.on_commit(lambda: task_generate_lgs_pdf.delay(letter_id=letter_id))


def recertification_check(*, certificate: Certificate, today: date) -> MaintenanceYear | None:
    """Before a recertification certificate supersedes `certificate`: its year-4 row (None
    when not planned, legacy), refused while any year has open deficiencies or it lapsed."""
    years = list(MaintenanceYear.objects.filter(certificate=certificate).select_for_update())
    for year in years:
        if year.deficiencies_open and year.state in OPEN_YEAR:
            _check_obtainable(year, today)
    recert = next((y for y in years if y.is_recertification), None)
    if recert is not None and recert.state in OPEN_YEAR:
        _check_obtainable(recert, today)
    return recert


def recertified(*, old: Certificate, recert: MaintenanceYear | None, by) -> None:
    """The old certificate was superseded in time: its year 4 is met (D6/D7 closed), every
    other open year of it cancelled with its deadlines."""
    today = timezone.localdate()
    if recert is not None and recert.state in OPEN_YEAR:
        _meet_year(recert, by=by, today=today)
    _cancel_years(
        MaintenanceYear.objects.filter(certificate=old), by=by, reason=str(_("Recertified"))
    )


def certificate_ended(*, certificate: Certificate, by, reason: str) -> None:
    """A revoked certificate's open years are cancelled with their deadlines."""
    _cancel_years(MaintenanceYear.objects.filter(certificate=certificate), by=by, reason=reason)


def _cancel_years(years, *, by, reason: str) -> list[int]:
    """The one place open maintenance years are cancelled, with their open deadlines
    (set-based): another year lapsed, the certificate was superseded or revoked."""
    rest = years.filter(state__in=OPEN_YEAR)
    ids = list(rest.values_list("pk", flat=True))
    if not ids:
        return []
    moved = MAINTENANCE_FLOW.move_set(
        MaintenanceYear.objects.filter(pk__in=ids),
        CertificationAction.MAINTENANCE_CANCELLED,
        by=by,
        reason=reason,
    )
    deadlines_cancel_of(
        model=MaintenanceYear, subject_ids=ids, kinds=MAINTENANCE_KINDS, reason=reason, actor=by
    )
    return moved


def open_maintenance_deadlines(year: MaintenanceYear):
    """The open deadlines of one maintenance year (pages)."""
    ct = ContentType.objects.get_for_model(MaintenanceYear)
    return Deadline.objects.filter(
        subject_type=ct, subject_id=str(year.pk), state=Deadline.State.OPEN
    ).order_by("due_on")


def lgs_pdf(*, letter: LetterOfGoodStanding, by=None):
    """The stored PDF of `letter`, generated once (documents registry: numbered, SHA-256,
    a QR code to /verify/<letter number>/)."""
    from certification.documents import LETTER_OF_GOOD_STANDING
    from cor_portal.documents.services import document_for, document_issue

    existing = document_for(letter, LETTER_OF_GOOD_STANDING)
    if existing is not None:
        return existing
    return document_issue(kind=LETTER_OF_GOOD_STANDING, subject=letter, by=by)


# --- recertification [001 §2.5; SPEC §4.3] -------------------------------------------------


def recertification_registered(wsib_account: WsibAccount) -> MaintenanceYear:
    """The open recertification year of an account whose re-registration is confirmed (the
    new application of this certificate's recertification, confirmed like the first): what
    the recertification external audit needs. DomainError saying which step is missing."""
    from certification.enums import RegistrationStatus
    from certification.models import Registration

    year = recertification_year_for(wsib_account)
    registration = Registration.objects.filter(recertification_of=year.certificate).first()
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(
            _(
                "Certificate %(number)s is renewed through a new application: re-register WSIB "
                "account %(account)s and wait for the confirmation before the recertification "
                "external audit."
            )
            % {"number": year.certificate.number, "account": wsib_account.account_number},
            field="wsib_account",
        )
    return year


@transaction.atomic
def recertification_audit_started(
    *, wsib_account: WsibAccount, audit_id: int, by
) -> MaintenanceYear:
    """The recertification external audit started: year 4's D5 ("start it 60 to 90 days
    before the anniversary") is met — late if after A - 60 (then the sweep already flagged
    it) — and the audit is recorded on the year."""
    year = _locked(recertification_year_for(wsib_account))
    MaintenanceYear.objects.filter(pk=year.pk).update(audit_id=audit_id)
    deadline_meet(kind=D5, subject=year, actor=by, missing_ok=True)
    record(
        subject=year,
        actor=by,
        action=CertificationAction.RECERTIFICATION_AUDIT_STARTED,
        changes={"audit": (year.audit_id or "", audit_id)},
    )
    year.refresh_from_db()
    return year
