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


def open_deadline_due(kind: str):
    """Subquery: the due date of the audit's open deadline of `kind` (None if none)."""
    return Subquery(
        Deadline.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(Audit),
            subject_id=Cast(OuterRef("pk"), CharField()),
            state=Deadline.State.OPEN,
        )
        .order_by("due_on")
        .values("due_on")[:1]
    )


def with_deadlines(qs):
    return qs.annotate(d1_due=open_deadline_due(D1), d2_due=open_deadline_due(D2))
