"""Scale step of the audits app (seed_scale, cor_portal/scale.py): initial internal audits on
the published tool with item responses, their internal reviews in every state, pre-assessments,
desk review rounds, findings, corrective action plans, the D1/D2 deadlines (open, met, missed,
cancelled) and the history of each move.

Only accounts with a confirmed registration get audits, spread round-robin; an account's
earlier audits ended in a cycle restart (D2 missed) and its latest is in any state
(LATEST_STATES), so at most one initial internal audit per account is open. Dates follow the
services' rules: D1 due 60 days after receipt (open if not yet due, missed if it passed with the
review still pending, met when the report was issued, cancelled when returned at
pre-assessment); D2 due 6 months after a "not confirmed" report (open, or missed for a cycle
restart)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audits.enums import (
    INTERNAL_REVIEW_QUEUE,
    AuditAction,
    AuditKind,
    CapItemSource,
    CapPurpose,
    CapStatus,
    FailureKind,
    InternalReviewStatus,
    PreAssessmentOutcome,
    ReviewOutcome,
)
from audits.models import (
    Audit,
    AuditTool,
    CapItem,
    CorrectiveActionPlan,
    InternalReview,
    Item,
    ItemResponse,
    PreAssessment,
    Review,
    ReviewFinding,
)
from audits.services.common import CORRECTION_MONTHS, D1, D2, REVIEW_DAYS
from certification.enums import RegistrationStatus
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.registry import Binds
from cor_portal.history.models import HistoryEntry
from cor_portal.scale import HISTORY_COLUMNS, ScaleRun

S = InternalReviewStatus
# The latest audit of an account: state, share in %, created this many days ago (range).
LATEST_STATES = [
    (S.IN_PROGRESS, 20, (1, 90)),
    (S.SUBMITTED, 10, (20, 110)),
    (S.RETURNED, 8, (20, 110)),
    (S.RESUBMITTED, 5, (30, 120)),
    (S.ACCEPTED, 7, (20, 110)),
    (S.UNDER_REVIEW, 15, (20, 110)),
    (S.CONFIRMED, 20, (60, 700)),
    (S.NOT_CONFIRMED, 10, (60, 220)),
    (S.CYCLE_RESTARTED, 5, (260, 900)),
]
SUBMITTED_AFTER = 15  # days from start to submission
REPORT_AFTER = 40  # days from receipt to the review report
REVIEWED = (S.CONFIRMED, S.NOT_CONFIRMED, S.CYCLE_RESTARTED)
QUEUED = (S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED, S.UNDER_REVIEW)
CAP_STATES = [CapStatus.DRAFT, CapStatus.SUBMITTED, CapStatus.APPROVED, CapStatus.RETURNED]


def published_scale_tool(admin_id: int) -> AuditTool:
    """The published tool (the demo sample, published as seed_demo does, if none is)."""
    from audits.demo import ensure_demo_tool
    from audits.services.tool import audit_tool_publish, published_tool
    from cor_portal.accounts.models import User

    tool = published_tool()
    if tool is None:
        tool = ensure_demo_tool()
        audit_tool_publish(tool=tool, by=User.objects.get(pk=admin_id))
        tool.refresh_from_db()
    return tool


def _latest_state(rng, n: int):
    """The n-th account's latest audit: the first accounts take each state in turn (so even
    a small data set has every state), the rest draw by share."""
    if n < len(LATEST_STATES):
        state, _, days = LATEST_STATES[n]
        return state, rng.randint(*days)
    roll = rng.randrange(100)
    for state, share, days in LATEST_STATES:
        if roll < share:
            return state, rng.randint(*days)
        roll -= share
    return S.CONFIRMED, rng.randint(60, 700)


def scale_step(run: ScaleRun) -> dict[str, int]:
    rng = run.rng("audits")
    staff = run.earlier["accounts"]
    admin_id = staff[UserRole.ADMINISTRATOR][0]
    reviewers = staff[UserRole.REVIEWER]
    tool = published_scale_tool(admin_id)
    items = list(Item.objects.filter(tool=tool).order_by("order"))
    legislated = next((i for i in items if i.legislated), items[0])
    confirmed = [
        a for a in run.earlier["certification"] if a.registration == RegistrationStatus.CONFIRMED
    ]
    m = run.audits if confirmed else 0
    c = len(confirmed)
    per_account = [m // c + (1 if j < m % c else 0) for j in range(c)] if c else []

    audit_ids = run.reserve_ids(Audit, m)
    review_ids = run.reserve_ids(InternalReview, m)
    audit_ct = ContentType.objects.get_for_model(Audit).pk
    review_ct = ContentType.objects.get_for_model(InternalReview).pk
    url_of = reverse("audits:audit_detail", args=[987654321]).replace("987654321", "{}")

    audits, reviews, responses, pre, rounds, findings, caps, cap_items = ([] for _ in range(8))
    deadlines, history = [], []
    states: dict[str, int] = {}

    def hist(ct, pk, days_ago, actor, action, from_state, to_state, reason=""):
        history.append([ct, str(pk), run.at(days_ago), actor, action, from_state, to_state,
                        "{}", reason])  # fmt: skip

    def deadline(kind, pk, account, opened, due, state, assignee, closed=None, missed=None):
        title = (
            f"Review internal audit of WSIB account {account.number}"
            if kind == D1
            else f"Correct the gaps and complete the external audit: WSIB account {account.number}"
        )
        deadlines.append(
            [kind, audit_ct, str(pk), account.organization_id, account.pk,
             Binds.CERTIFYING_BODY if kind == D1 else Binds.ORGANIZATION, assignee, title,
             url_of.format(pk), opened, due, state, closed,
             run.at((run.today - missed).days, 1) if missed else None, missed, None,
             run.at((run.today - opened).days)]
        )  # fmt: skip

    j = 0
    for n, (account, count) in enumerate(zip(confirmed, per_account, strict=True)):
        if not count:
            continue
        latest, latest_days = _latest_state(rng, n)
        plan = []
        days = latest_days
        for s in range(count):
            plan.append((latest, days) if s == 0 else (S.CYCLE_RESTARTED, days))
            days += rng.randint(300, 400)
        for state, created_d in reversed(plan):
            pk, ir_pk = audit_ids[j], review_ids[j]
            j += 1
            states[state] = states.get(state, 0) + 1
            smr, ia = account.smr_user_id, account.internal_auditor_id
            reviewer = rng.choice(reviewers)
            submitted_d = created_d - SUBMITTED_AFTER
            sub_count, received_d = 1, submitted_d
            if state == S.RESUBMITTED:
                sub_count, received_d = 2, submitted_d - 10
            report_d = received_d - REPORT_AFTER
            submitted = state != S.IN_PROGRESS
            received_on = run.today - timedelta(days=received_d) if submitted else None
            report_on = run.today - timedelta(days=report_d) if state in REVIEWED else None
            correction_due = None
            if state in (S.NOT_CONFIRMED, S.CYCLE_RESTARTED):
                correction_due = report_on + relativedelta(months=CORRECTION_MONTHS)
            has_reviewer = state in (S.UNDER_REVIEW, *REVIEWED)
            last_d = min(
                d for d in (created_d, received_d, report_d if report_on else created_d) if d >= 0
            )
            audits.append(
                [pk, AuditKind.INITIAL_INTERNAL, account.pk, tool.pk, ia, smr,
                 smr if submitted else None, run.at(submitted_d) if submitted else None,
                 run.at(created_d), run.at(last_d)]
            )  # fmt: skip
            # The stored D1 due date, as the services keep it: set while the round is in
            # the queue (open or missed), cleared once met or cancelled.
            review_due = (
                received_on + timedelta(days=REVIEW_DAYS)
                if received_on is not None and state in INTERNAL_REVIEW_QUEUE
                else None
            )
            reviews.append(
                [ir_pk, pk, account.pk, AuditKind.INITIAL_INTERNAL, state,
                 run.at(received_d) if submitted else None, received_on, sub_count if submitted
                 else 0, reviewer if has_reviewer else None, report_on, correction_due,
                 review_due, run.at(created_d), run.at(last_d)]
            )  # fmt: skip
            hist(audit_ct, pk, created_d, smr, AuditAction.STARTED, "", "")
            # Item responses: all answered once submitted; part of them while in progress.
            answered = items if submitted else items[: rng.randrange(len(items) + 1)]
            for item in answered:
                roll = rng.randrange(100)
                points, na, note = item.points, False, ""
                if state in (S.NOT_CONFIRMED, S.CYCLE_RESTARTED) and item.pk == legislated.pk:
                    points, note = 0, "No current copy of the legislation on site."
                elif roll < 2:
                    points, na, note = None, True, "Not applicable: no such work on site."
                elif roll < 8:
                    points = item.points - 1
                responses.append([pk, item.pk, points, na, note, smr, run.at(created_d)])
            if not submitted:
                continue
            hist(review_ct, ir_pk, submitted_d, smr, AuditAction.SUBMITTED, S.IN_PROGRESS,
                 S.SUBMITTED)  # fmt: skip
            admin = admin_id
            if state in (S.RETURNED, S.RESUBMITTED):
                returned_d = submitted_d - 3
                reason = "The interview records for element 4 are missing."
                pre.append([ir_pk, 1, admin, run.at(returned_d), PreAssessmentOutcome.RETURNED,
                            False, True, reason])  # fmt: skip
                hist(review_ct, ir_pk, returned_d, admin, AuditAction.PRE_ASSESSMENT_RETURNED,
                     S.SUBMITTED, S.RETURNED, reason)  # fmt: skip
                first_received = run.today - timedelta(days=submitted_d)
                deadline(D1, pk, account, first_received,
                         first_received + timedelta(days=REVIEW_DAYS), Deadline.State.CANCELLED,
                         None, closed=run.at(returned_d))  # fmt: skip
                if state == S.RETURNED:
                    continue
                hist(review_ct, ir_pk, received_d, smr, AuditAction.RESUBMITTED, S.RETURNED,
                     S.RESUBMITTED)  # fmt: skip
            d1_due = received_on + timedelta(days=REVIEW_DAYS)
            if state in (S.SUBMITTED, S.RESUBMITTED):
                _open_or_missed(deadline, run, pk, account, received_on, d1_due, None)
                continue
            accepted_d = max(received_d - 3, 0)
            pre.append([ir_pk, sub_count, admin, run.at(accepted_d),
                        PreAssessmentOutcome.ACCEPTED, True, True, ""])  # fmt: skip
            hist(review_ct, ir_pk, accepted_d, admin, AuditAction.PRE_ASSESSMENT_ACCEPTED,
                 S.SUBMITTED, S.ACCEPTED)  # fmt: skip
            if state == S.ACCEPTED:
                _open_or_missed(deadline, run, pk, account, received_on, d1_due, None)
                continue
            hist(review_ct, ir_pk, accepted_d, admin, AuditAction.REVIEWER_ASSIGNED, S.ACCEPTED,
                 S.UNDER_REVIEW)  # fmt: skip
            round_pk = len(rounds)
            if state == S.UNDER_REVIEW:
                rounds.append([pk, 1, reviewer, run.at(accepted_d), None, "", ""])
                _open_or_missed(deadline, run, pk, account, received_on, d1_due, reviewer)
                continue
            ok = state == S.CONFIRMED
            rounds.append([pk, 1, reviewer, run.at(accepted_d), run.at(report_d),
                           ReviewOutcome.CONFIRMED if ok else ReviewOutcome.NOT_CONFIRMED,
                           "A well-documented programme." if ok else
                           "The legislated requirement is not met."])  # fmt: skip
            hist(review_ct, ir_pk, report_d, reviewer,
                 AuditAction.REVIEW_CONFIRMED if ok else AuditAction.REVIEW_NOT_CONFIRMED,
                 S.UNDER_REVIEW, S.CONFIRMED if ok else S.NOT_CONFIRMED)  # fmt: skip
            deadline(D1, pk, account, received_on, d1_due, Deadline.State.MET, reviewer,
                     closed=run.at(report_d))  # fmt: skip
            if not ok:
                findings.append([round_pk, legislated.pk, "Legislation binder is out of date."])
            cap_status = (
                CapStatus.CLOSED if state == S.CYCLE_RESTARTED else CAP_STATES[len(caps) % 4]
            )
            sent = cap_status != CapStatus.DRAFT
            decided = cap_status in (CapStatus.APPROVED, CapStatus.RETURNED)
            caps.append(
                [pk, CapPurpose.CONTINUAL_IMPROVEMENT if ok else CapPurpose.DEFICIENCIES,
                 cap_status, "Give a target date for each action." if cap_status ==
                 CapStatus.RETURNED else "", run.at(max(report_d - 10, 0)) if sent else None,
                 smr if sent else None, admin if decided else None,
                 run.at(max(report_d - 12, 0)) if decided else None, run.at(report_d)]
            )  # fmt: skip
            if ok:
                cap_items.append([CapItemSource.FINDING, None, "", "Refresh the toolbox talks."])
            else:
                cap_items.append([CapItemSource.FAILED_BENCHMARK, legislated.pk,
                                  FailureKind.LEGISLATED_ITEM, "Legislated item without full "
                                  "points."])  # fmt: skip
                due = correction_due
                if state == S.NOT_CONFIRMED:
                    deadline(D2, pk, account, report_on, due, Deadline.State.OPEN, None)
                else:
                    missed_on = due + timedelta(days=1)
                    deadline(D2, pk, account, report_on, due, Deadline.State.MISSED, None,
                             missed=missed_on)  # fmt: skip
                    hist(
                        review_ct,
                        ir_pk,
                        (run.today - missed_on).days,
                        None,
                        AuditAction.CYCLE_RESTARTED,
                        S.NOT_CONFIRMED,
                        S.CYCLE_RESTARTED,
                    )

    run.copy(
        Audit,
        ["id", "kind", "wsib_account_id", "tool_id", "internal_auditor_id", "prepared_by_id",
         "signed_off_by_id", "signed_off_at", "created_at", "updated_at"],
        audits,
    )  # fmt: skip
    run.copy(
        InternalReview,
        ["id", "audit_id", "wsib_account_id", "kind", "status", "submitted_at", "received_on",
         "submission_count", "reviewer_id", "report_issued_on", "correction_due_on",
         "review_due_on", "created_at", "updated_at"],
        reviews,
    )  # fmt: skip
    run.copy(
        ItemResponse,
        ["audit_id", "item_id", "points_earned", "not_applicable", "note", "updated_by_id",
         "updated_at"],
        responses,
    )  # fmt: skip
    run.copy(
        PreAssessment,
        ["internal_review_id", "submission", "by_id", "at", "outcome", "complete",
         "declared_score_meets_benchmarks", "reasons"],
        pre,
    )  # fmt: skip
    round_ids = run.reserve_ids(Review, len(rounds))
    run.copy(
        Review,
        ["id", "audit_id", "round", "reviewer_id", "started_at", "completed_at", "outcome",
         "findings_summary", "qa_cleared_at"],
        # A completed round was released, so desktop QA cleared it (at its completion).
        ([pk, *row, row[4]] for pk, row in zip(round_ids, rounds, strict=True)),
    )  # fmt: skip
    run.copy(
        ReviewFinding,
        ["review_id", "item_id", "text", "order"],
        ([round_ids[r], item, text, 0] for r, item, text in findings),
    )
    cap_ids = run.reserve_ids(CorrectiveActionPlan, len(caps))
    target = run.today + timedelta(days=45)
    run.copy(
        CorrectiveActionPlan,
        ["id", "audit_id", "purpose", "status", "return_reason", "submitted_at",
         "submitted_by_id", "decided_by_id", "decided_at", "created_at"],
        ([pk, *row] for pk, row in zip(cap_ids, caps, strict=True)),
    )  # fmt: skip
    run.copy(
        CapItem,
        ["plan_id", "order", "source", "item_id", "failure_kind", "description", "action",
         "owner", "target_date"],
        ([pk, 1, src, item, kind, text, "Add cold-stress talks.", "SMR", target]
         for pk, (src, item, kind, text) in zip(cap_ids, cap_items, strict=True)),
    )  # fmt: skip
    run.copy(
        Deadline,
        ["kind", "subject_type_id", "subject_id", "organization_id", "wsib_account_id", "binds",
         "assignee_id", "title", "url", "opened_on", "due_on", "state", "closed_at",
         "missed_at", "missed_on", "reminded_days_before", "created_at"],
        deadlines,
    )  # fmt: skip
    run.copy(HistoryEntry, HISTORY_COLUMNS, history)
    return {str(k): v for k, v in states.items()} | {
        "queued": sum(states.get(s, 0) for s in QUEUED)
    }


def _open_or_missed(deadline, run: ScaleRun, pk, account, received_on, due, assignee) -> None:
    """A D1 still pending: open while not yet due; missed (the sweep has run) once it passed."""
    if due >= run.today:
        deadline(D1, pk, account, received_on, due, Deadline.State.OPEN, assignee)
    else:
        deadline(D1, pk, account, received_on, due, Deadline.State.MISSED, assignee,
                 missed=due + timedelta(days=1))  # fmt: skip
