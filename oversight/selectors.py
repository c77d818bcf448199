"""Reads of the oversight area, shaped for its pages and endpoints (constant queries in rows)."""

from datetime import date

from django.db.models import Prefetch, QuerySet

from audits.enums import ENGAGEMENT_DECIDED
from audits.models import ExternalEngagement, Review
from cor_portal.access import visible

from .enums import QaStatus, QaSubjectKind
from .models import QaCheck, QaReview
from .qa import qa_coverage_pct


def qa_reviews(user) -> QuerySet[QaReview]:
    return visible(
        QaReview.objects.select_related(
            "qa_reviewer", "wsib_account__organization", "review", "engagement"
        )
        .prefetch_related(
            Prefetch(
                "checks",
                queryset=QaCheck.objects.select_related("item").order_by("item__order", "item_id"),
            )
        )
        .order_by("-opened_at", "-pk"),
        user,
    )


def qa_coverage(*, start: date, end: date) -> dict:
    """The QA coverage figure over results released from `start` to `end` (inclusive): desk
    reviews completed and external reports decided, and how many of them a QA review
    released first. Three queries whatever the number of rows."""
    reviews = Review.objects.filter(completed_at__date__gte=start, completed_at__date__lte=end)
    reports = ExternalEngagement.objects.filter(
        status__in=ENGAGEMENT_DECIDED, report_approved_on__gte=start, report_approved_on__lte=end
    )
    released = reviews.count() + reports.count()
    released_qa = QaReview.objects.filter(status=QaStatus.RELEASED)
    after_qa = (
        released_qa.filter(kind=QaSubjectKind.DESK_REVIEW, review__in=reviews)
        .values("review_id")
        .distinct()
        .count()
        + released_qa.filter(kind=QaSubjectKind.EXTERNAL_REPORT, engagement__in=reports)
        .values("engagement_id")
        .distinct()
        .count()
    )
    return {
        "start": start,
        "end": end,
        "released": released,
        "released_after_qa": after_qa,
        "coverage_pct": qa_coverage_pct(released=released, released_after_qa=after_qa),
    }


# --- external-auditor quality -------------------------------------------------------------


def evaluations(user):
    from .models import AuditorEvaluation

    return visible(
        AuditorEvaluation.objects.select_related(
            "auditor__user", "evaluator", "engagement__wsib_account"
        ).order_by("-evaluated_on", "-pk"),
        user,
    )


def eaqas(user):
    from .models import Eaqa

    return visible(
        Eaqa.objects.select_related("auditor__user", "selected_by").order_by("-year", "pk"), user
    )


def eaqa_progress(year: int) -> dict:
    """This year's EAQAs against the 10 % target: required, selected, completed."""
    from .auditor_quality import eaqa_required
    from .enums import EaqaStatus
    from .models import Eaqa
    from .services.auditors import active_roster

    roster = active_roster().count()
    rows = Eaqa.objects.filter(year=year).exclude(status=EaqaStatus.CANCELLED)
    return {
        "year": year,
        "active_roster": roster,
        "required": eaqa_required(roster),
        "selected": rows.count(),
        "completed": rows.filter(status=EaqaStatus.COMPLETED).count(),
    }


def declarations(user):
    from .models import AuditorDeclaration

    return visible(
        AuditorDeclaration.objects.select_related("auditor__user").order_by("-year", "pk"), user
    )


def cpd_activities(user):
    from .models import AuditorCpd

    return visible(
        AuditorCpd.objects.select_related("auditor__user").order_by("-completed_on", "-pk"), user
    )


# --- the internal-auditor roster [004 mandate 3] -------------------------------------------


def internal_auditor_roster(*, today: date, organization_id: int | None = None) -> dict:
    """Active internal auditors per organization with their training currency, and the count
    of employers with more than one trained internal auditor. Two queries in all."""
    from certification.enums import INTERNAL_AUDITOR_REQUIRED_COURSES, Course
    from certification.models import Person, TrainingRecord

    from .auditor_quality import (
        InternalAuditorFacts,
        employers_with_more_than_one,
        is_trained,
        training_current,
    )

    people = Person.objects.filter(is_internal_auditor=True, active=True).select_related(
        "organization"
    )
    if organization_id is not None:
        people = people.filter(organization_id=organization_id)
    listed = list(people.order_by("organization__legal_name", "last_name", "first_name", "pk"))
    courses: dict[int, dict[str, date]] = {p.pk: {} for p in listed}
    records = (
        TrainingRecord.objects.filter(person__in=[p.pk for p in listed])
        .values_list("person_id", "course", "completed_on")
        .order_by("completed_on")
    )
    for person_id, course, completed_on in records:
        courses[person_id][course] = completed_on  # the latest wins (ordered by date)
    rows = []
    for p in listed:
        taken = courses[p.pk]
        rows.append(
            {
                "person_id": p.pk,
                "name": f"{p.first_name} {p.last_name}",
                "organization_id": p.organization_id,
                "organization": p.organization.legal_name,
                "trained": is_trained(taken, INTERNAL_AUDITOR_REQUIRED_COURSES),
                "training_current": training_current(
                    taken,
                    required=INTERNAL_AUDITOR_REQUIRED_COURSES,
                    key_course=Course.COR_INTERNAL_AUDITOR,
                    today=today,
                ),
                "internal_auditor_course_on": taken.get(Course.COR_INTERNAL_AUDITOR),
            }
        )
    facts = [InternalAuditorFacts(p.organization_id, courses[p.pk]) for p in listed]
    return {
        "rows": rows,
        "employers_with_more_than_one_trained": employers_with_more_than_one(
            facts, required=INTERNAL_AUDITOR_REQUIRED_COURSES
        ),
    }
