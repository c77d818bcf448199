"""The reads behind the program figures (issue 14 §3; SPEC §8): aggregates only, no
organization named, in a fixed number of queries whatever the number of accounts; the
arithmetic is oversight/figures.py's (pure) and the standing is certification.standing's."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear

from audits.enums import AuditorStatus
from audits.models import ExternalAuditor, InternalReview
from certification.enums import CERTIFIED_STANDINGS, CertificateStatus, Standing
from certification.models import Certificate, Registration, WsibAccount
from certification.standing import CertificateFacts, StandingFacts, standing
from certification.standing_facts import latest_registration_status
from cor_portal.deadlines.models import Deadline
from oversight import figures
from oversight.models.performance import OhsPerformance

# "About to go pending or lapse": within this many days from today.
APPROACHING_DAYS = 30


def program_year_start(today: date) -> date:
    """The certifying partner's program year runs April to March (seed 004)."""
    year = today.year if today.month >= 4 else today.year - 1
    return date(year, 4, 1)


@dataclass
class ProgramFigures:
    today: date
    registrations_by_year: list[tuple[int, int]] = field(default_factory=list)
    certifications_by_year: list[tuple[int, int]] = field(default_factory=list)
    standings: dict[str, int] = field(default_factory=dict)
    about_to_go_pending: int = 0
    about_to_lapse: int = 0
    review_cycle: figures.CycleTimes = field(
        default_factory=lambda: figures.CycleTimes(0, None, None)
    )
    sla_by_kind: dict[str, figures.SlaCompliance] = field(default_factory=dict)
    cycle_by_kind: dict[str, figures.CycleTimes] = field(default_factory=dict)
    auditors_active: int = 0
    retention: figures.Retention = field(default_factory=lambda: figures.Retention(0, 0, None))
    retention_since: date | None = None
    performance: list[dict] = field(default_factory=list)

    @property
    def certified_now(self) -> int:
        return sum(self.standings.get(s, 0) for s in CERTIFIED_STANDINGS)


def _active_certificate(column: str) -> Subquery:
    return Subquery(
        Certificate.objects.filter(
            wsib_account=OuterRef("pk"), status=CertificateStatus.ACTIVE
        ).values(column)[:1]
    )


def _standing_groups():
    """(registration status, anniversary, expiry) → number of accounts: one query, one row
    per distinct combination, not per account."""
    return (
        WsibAccount.objects.annotate(
            reg=latest_registration_status(),
            ann=_active_certificate("anniversary_date"),
            exp=_active_certificate("expiry_date"),
        )
        .values("reg", "ann", "exp")
        .annotate(n=Count("id"))
        .order_by()
    )


def _facts(group) -> StandingFacts:
    cert = None
    if group["ann"] is not None:
        cert = CertificateFacts(group["ann"], group["exp"])
    return StandingFacts(registration_status=group["reg"], certificate=cert)


def standings_and_approaching(today: date):
    counts: dict[str, int] = {s.value: 0 for s in Standing}
    pending_soon = lapse_soon = 0
    later = today + timedelta(days=APPROACHING_DAYS)
    for group in _standing_groups():
        facts = _facts(group)
        now = standing(facts, today).standing
        counts[now] = counts.get(now, 0) + group["n"]
        then = standing(facts, later).standing
        if now == Standing.CERTIFIED and then in (Standing.PENDING, Standing.LAPSED):
            pending_soon += group["n"]
        elif now == Standing.PENDING and then == Standing.LAPSED:
            lapse_soon += group["n"]
    return counts, pending_soon, lapse_soon


def _by_year(qs, column: str) -> list[tuple[int, int]]:
    rows = qs.annotate(y=ExtractYear(column)).values("y").annotate(n=Count("id")).order_by("y")
    return [(r["y"], r["n"]) for r in rows if r["y"] is not None]


def _days(end, start):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def _histogram(rows) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for r in rows:
        days = r["d"]
        counts[days.days if isinstance(days, timedelta) else int(days)] += r["n"]
    return dict(counts)


def review_cycle_times() -> figures.CycleTimes:
    """Desk reviews: the internal audit's receipt → the review report (every review decided,
    in time or late)."""
    rows = (
        InternalReview.objects.filter(received_on__isnull=False, report_issued_on__isnull=False)
        .annotate(d=_days("report_issued_on", "received_on"))
        .values("d")
        .annotate(n=Count("id"))
        .order_by()
    )
    return figures.cycle_times(_histogram(rows))


def sla_and_cycle_by_kind(today: date):
    """Per deadline kind: SLA compliance (on time / decided) and, for the deadlines met,
    opened → met in days. Two grouped queries."""
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: {"on_time": 0, "late": 0, "missed": 0})
    rows = (
        Deadline.objects.filter(
            Q(state__in=[Deadline.State.MET, Deadline.State.MISSED])
            | Q(state=Deadline.State.OPEN, due_on__lt=today)
        )
        .annotate(on_time=Q(state=Deadline.State.MET, closed_at__date__lte=F("due_on")))
        .values("kind", "state", "on_time")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in rows:
        tally = tallies[r["kind"]]
        if r["state"] == Deadline.State.MET:
            tally["on_time" if r["on_time"] else "late"] += r["n"]
        else:
            tally["missed"] += r["n"]
    sla = {kind: figures.sla_tally(**t) for kind, t in sorted(tallies.items())}
    met = (
        Deadline.objects.filter(state=Deadline.State.MET, closed_at__isnull=False)
        .annotate(closed_on=F("closed_at__date"))
        .annotate(d=_days("closed_on", "opened_on"))
        .values("kind", "d")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_kind: dict[str, list] = defaultdict(list)
    for r in met:
        by_kind[r["kind"]].append(r)
    cycles = {kind: figures.cycle_times(_histogram(rs)) for kind, rs in sorted(by_kind.items())}
    return sla, cycles


def retention_since(start: date, certified_now_ids_q) -> figures.Retention:
    """Accounts certified on `start` (a certificate not revoked whose anniversary had come and
    whose recertification grace had not passed) and, of them, those certified today."""
    grace = timedelta(days=30)
    at_start = set(
        Certificate.objects.filter(anniversary_date__lte=start, expiry_date__gte=start - grace)
        .exclude(status=CertificateStatus.REVOKED, ended_at__date__lte=start)
        .values_list("wsib_account_id", flat=True)
    )
    return figures.retention(at_start, certified_now_ids_q)


def certified_account_ids(today: date) -> set[int]:
    """Accounts certified (certified, pending, equivalent) today, by the standing function."""
    ids: set[int] = set()
    rows = (
        WsibAccount.objects.annotate(
            reg=latest_registration_status(),
            ann=_active_certificate("anniversary_date"),
            exp=_active_certificate("expiry_date"),
        )
        .filter(ann__isnull=False)
        .values("id", "reg", "ann", "exp")
    )
    for r in rows:
        if standing(_facts(r), today).standing in CERTIFIED_STANDINGS:
            ids.add(r["id"])
    return ids


def performance_by_year() -> list[dict]:
    """Per year, certified (a certificate covering part of that year) against not: summed
    hours and claims (one grouped query), rates by oversight.figures."""
    covering = Certificate.objects.filter(
        wsib_account=OuterRef("wsib_account"),
        anniversary_date__year__lte=OuterRef("year"),
        expiry_date__year__gte=OuterRef("year"),
    ).exclude(status=CertificateStatus.REVOKED)
    rows = (
        OhsPerformance.objects.annotate(certified=Exists(covering))
        .values("year", "certified")
        .annotate(
            accounts=Count("id"),
            hours=Sum("hours_worked"),
            lost=Sum("lost_time_claims"),
            modified=Sum("modified_work_claims"),
        )
        .order_by("-year", "-certified")
    )
    years: dict[int, dict] = {}
    for r in rows:
        entry = years.setdefault(r["year"], {"year": r["year"], "certified": None, "not": None})
        totals = figures.PerformanceTotals(
            accounts=r["accounts"],
            hours=Decimal(r["hours"] or 0),
            lost_time_claims=r["lost"] or 0,
            modified_work_claims=r["modified"] or 0,
        )
        entry["certified" if r["certified"] else "not"] = totals
    return list(years.values())


def auditors_active() -> int:
    return ExternalAuditor.objects.filter(status=AuditorStatus.APPROVED).count()


def program_figures(today: date) -> ProgramFigures:
    counts, pending_soon, lapse_soon = standings_and_approaching(today)
    sla, cycles = sla_and_cycle_by_kind(today)
    start = program_year_start(today)
    return ProgramFigures(
        today=today,
        registrations_by_year=_by_year(
            Registration.objects.filter(submitted_at__isnull=False), "submitted_at"
        ),
        certifications_by_year=_by_year(Certificate.objects.all(), "anniversary_date"),
        standings=counts,
        about_to_go_pending=pending_soon,
        about_to_lapse=lapse_soon,
        review_cycle=review_cycle_times(),
        sla_by_kind=sla,
        cycle_by_kind=cycles,
        auditors_active=auditors_active(),
        retention=retention_since(start, certified_account_ids(today)),
        retention_since=start,
        performance=performance_by_year(),
    )
