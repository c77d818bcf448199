"""Helpers shared by the audit pages."""

from collections.abc import Callable

from django.http import Http404
from django.utils.translation import gettext as _

from audits.forms import ResponseForm
from audits.models import Audit, Item
from cor_portal.access import get_visible_or_404
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
