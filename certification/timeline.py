"""The certification app's events on an account's timeline (cor_portal.timeline): its
registrations, its certificates and the cycles they start, the anniversaries of each cycle
and the standing's own turns (pending, lapsed), past and ahead. Three queries for any number
of accounts (registrations, certificates, and the standing's two)."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.enums import CertificateStatus, RegistrationStatus, Standing
from certification.models import Certificate, LetterOfGoodStanding, Registration, WsibAccount
from certification.standing import CERTIFICATE_YEARS, anniversary_in_year
from certification.standing_facts import facts_of, latest_registration_status
from certification.standing_forecast import standing_turns
from cor_portal.access import visible
from cor_portal.deadlines.timeline import deadline_key
from cor_portal.timeline import Event, EventKind, Outcome, register_timeline_source


def registration_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    rows = (
        visible(Registration, user)
        .filter(wsib_account_id__in=account_ids)
        .exclude(status=RegistrationStatus.DRAFT)
        .only("pk", "wsib_account_id", "status", "received_on", "submitted_at", "confirmed_at")
        .order_by("created_at", "pk")
    )
    first_confirmed: set[int] = set()
    for r in rows:
        url = reverse("registration_detail", args=[r.pk])
        received = r.received_on or (timezone.localdate(r.submitted_at) if r.submitted_at else None)
        if received is not None:
            yield Event(
                account_id=r.wsib_account_id,
                on=received,
                kind=EventKind.REGISTRATION,
                title=_("COR registration received"),
                outcome=Outcome.DONE,
                url=url,
                upcoming=False,
            )
        if r.status == RegistrationStatus.REREGISTRATION_REQUESTED:
            yield Event(
                account_id=r.wsib_account_id,
                on=today,
                kind=EventKind.REGISTRATION,
                title=_("Re-register: the administrator sent the registration back"),
                outcome=Outcome.OPEN,
                url=url,
                upcoming=True,
            )
        if r.status == RegistrationStatus.CONFIRMED and r.confirmed_at is not None:
            confirmed = timezone.localdate(r.confirmed_at)
            initial = r.wsib_account_id not in first_confirmed
            first_confirmed.add(r.wsib_account_id)
            yield Event(
                account_id=r.wsib_account_id,
                on=confirmed,
                kind=EventKind.CYCLE if initial else EventKind.REGISTRATION,
                title=(
                    _("Initial certification cycle: registration confirmed")
                    if initial
                    else _("Registration confirmed (recertification)")
                ),
                outcome=Outcome.DONE,
                url=url,
                upcoming=False,
                starts_cycle=initial,
                at=r.confirmed_at,
            )


def certificate_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    certificates = (
        visible(Certificate, user)
        .filter(wsib_account_id__in=account_ids)
        .order_by("anniversary_date", "pk")
    )
    statuses = dict(
        visible(WsibAccount, user)
        .filter(pk__in=account_ids)
        .annotate(reg=latest_registration_status())
        .values_list("pk", "reg")
    )
    for c in certificates:
        account = c.wsib_account_id
        url = reverse("certificate_detail", args=[c.pk])
        yield Event(
            account_id=account,
            on=c.anniversary_date,
            kind=EventKind.CERTIFICATE,
            title=_("COR cycle from %(start)s to %(end)s: certificate %(number)s issued")
            % {
                "start": c.anniversary_date.isoformat(),
                "end": c.expiry_date.isoformat(),
                "number": c.number,
            },
            outcome=Outcome.PASSED,
            url=url,
            upcoming=False,
            starts_cycle=True,
        )
        if c.status != CertificateStatus.ACTIVE:
            ended = timezone.localdate(c.ended_at) if c.ended_at else c.anniversary_date
            yield Event(
                account_id=account,
                on=ended,
                kind=EventKind.CERTIFICATE,
                title=(
                    _("Certificate %(number)s revoked")
                    if c.status == CertificateStatus.REVOKED
                    else _("Certificate %(number)s superseded")
                )
                % {"number": c.number},
                detail=c.end_reason,
                outcome=Outcome.ENDED,
                url=url,
                upcoming=False,
            )
            continue
        # The active certificate's anniversaries: years 2 and 3, then recertification's.
        for year in range(2, CERTIFICATE_YEARS + 2):
            on = anniversary_in_year(c.anniversary_date, year)
            title = (
                _("Anniversary: certificate year %(year)d begins") % {"year": year}
                if year <= CERTIFICATE_YEARS
                else _("Anniversary: the certificate's 3 years end (recertification)")
            )
            yield Event(account_id=account, on=on, kind=EventKind.ANNIVERSARY, title=title)
        facts = facts_of(registration_status=statuses.get(account), certificate=c)
        for on, result in standing_turns(facts, c.anniversary_date):
            ahead = on > today
            if result.standing == Standing.PENDING:
                title = (
                    _("Standing becomes pending (still certified) unless renewed in time")
                    if ahead
                    else _("Standing became pending (still certified)")
                )
            elif result.standing == Standing.LAPSED:
                title = (
                    _("Standing becomes lapsed: the certification would be lost")
                    if ahead
                    else _("Standing became lapsed: the certification is lost")
                )
            else:
                continue
            yield Event(
                account_id=account,
                on=on,
                kind=EventKind.STANDING,
                title=title,
                outcome=Outcome.OPEN if ahead else Outcome.MISSED,
                covered_by=_covering_deadlines(result.standing, on),
            )


def letter_events(user, account_ids: Sequence[int], today: date) -> Iterable[Event]:
    """Each Letter of Good Standing [001 §2.0, §2.4]: the maintenance year it kept (one
    query)."""
    letters = (
        visible(LetterOfGoodStanding, user)
        .filter(wsib_account_id__in=account_ids)
        .only("pk", "wsib_account_id", "number", "year", "issued_on", "valid_until", "issued_at")
        .order_by("issued_on", "pk")
    )
    for letter in letters:
        yield Event(
            account_id=letter.wsib_account_id,
            on=letter.issued_on,
            kind=EventKind.LETTER,
            title=_("Letter of Good Standing %(number)s issued (certificate year %(year)d)")
            % {"number": letter.number, "year": letter.year},
            detail=_("Valid until %(date)s") % {"date": letter.valid_until.isoformat()},
            outcome=Outcome.PASSED,
            url=reverse("lgs_download", args=[letter.pk]),
            upcoming=False,
            at=letter.issued_at,
        )


# The maintenance deadlines whose miss is a standing's turn (certification/deadlines.py): the
# turn comes the day after their due date.
TURN_DEADLINES = {Standing.PENDING: ("D6",), Standing.LAPSED: ("D7", "D8")}


def _covering_deadlines(turn: str, on: date) -> tuple[str, ...]:
    """The keys of the open deadlines that already stand for this turn on the timeline: its
    forecast line is left out while one of them is open [the same event is shown once]."""
    due = on - timedelta(days=1)
    return tuple(deadline_key(kind, due) for kind in TURN_DEADLINES.get(turn, ()))


def register() -> None:
    register_timeline_source("certification.registrations", registration_events)
    register_timeline_source("certification.certificates", certificate_events)
    register_timeline_source("certification.letters", letter_events)
