"""Reads of the deadline table shaped for the domain apps' lists."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, OuterRef, Subquery
from django.db.models.functions import Cast

from .models import Deadline


def deadline_due(kind: str, model: type[Model], *, include_missed: bool = False) -> Subquery:
    """Annotation: the due date of the current deadline of `kind` whose subject is the outer
    row (a `model`), None if there is none. With include_missed a missed one counts too: a
    review past its 60 days is still outstanding and shows as overdue, it does not lose its
    clock. The one copy of this subquery — pages, API and home pages all use it."""
    states = (
        [Deadline.State.OPEN, Deadline.State.MISSED] if include_missed else [Deadline.State.OPEN]
    )
    return Subquery(
        Deadline.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(model),
            subject_id=Cast(OuterRef("pk"), CharField()),
            state__in=states,
        )
        .order_by("-opened_on", "-id")
        .values("due_on")[:1]
    )
