"""Helpers shared by the audit pages."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _

from audits.forms_pages import ResponseForm
from audits.models import Audit, Item
from audits.services.common import D1, D2
from cor_portal.access import get_visible_or_404
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from cor_portal.forms import domain_error_message, form_errors_text


def audit_or_404(user, pk: int) -> Audit:
    return get_visible_or_404(
        Audit.objects.select_related(
            "wsib_account__organization",
            "tool",
            "internal_review__reviewer",
            "internal_auditor",
            "signed_off_by",
        ),
        user,
        pk=pk,
    )


def tool_item_or_404(audit: Audit, item_pk: int) -> Item:
    """An item of the audit's own tool version (an item id of another tool is a 404)."""
    item = (
        Item.objects.select_related("sub_section__element")
        .filter(pk=item_pk, tool_id=audit.tool_id)
        .first()
    )
    if item is None:
        raise Http404(_("This audit's tool has no such item."))
    return item


def save_item_score_from_post(request, *, audit: Audit, item: Item, save: Callable) -> str | None:
    """Validate an item score posted from a page (the employer's answer or the reviewer's own
    score) and save it with `save` (a service). Returns the error to show, or None."""
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return form_errors_text(form)
    data = form.cleaned_data
    try:
        save(
            audit=audit,
            item=item,
            points_earned=data["points_earned"],
            not_applicable=data["not_applicable"],
            note=data["note"],
            by=request.user,
        )
    except DomainError as exc:
        return domain_error_message(exc)
    return None


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
