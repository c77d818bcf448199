"""Helpers shared by the audit pages."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from audits.models import Audit
from audits.services.common import D1, D2
from cor_portal.access import get_visible_or_404
from cor_portal.deadlines.models import Deadline


def audit_or_404(user, pk: int) -> Audit:
    return get_visible_or_404(
        Audit.objects.select_related(
            "wsib_account__organization", "tool", "reviewer", "internal_auditor", "signed_off_by"
        ),
        user,
        pk=pk,
    )


def may(user, perm: str, obj) -> bool:
    return bool(user.has_perm(perm, obj))


def deadline_due(kind: str, *, include_missed: bool = False):
    """Subquery: the due date of the audit's current deadline of `kind` (None if none).
    With include_missed, a missed one counts too: a review past its 60 days is still
    outstanding and must show as overdue, not vanish from the queue's clock."""
    states = (
        [Deadline.State.OPEN, Deadline.State.MISSED] if include_missed else [Deadline.State.OPEN]
    )
    return Subquery(
        Deadline.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(Audit),
            subject_id=Cast(OuterRef("pk"), CharField()),
            state__in=states,
        )
        .order_by("-opened_on", "-id")
        .values("due_on")[:1]
    )


def with_deadlines(qs, *, include_missed: bool = False):
    return qs.annotate(
        d1_due=deadline_due(D1, include_missed=include_missed),
        d2_due=deadline_due(D2, include_missed=include_missed),
    )
