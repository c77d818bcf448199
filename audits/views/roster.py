"""The administrators' pages of the external auditor roster [001 §3.4]: every auditor with
their company, status (approved / suspended / removed, since when and why), Code of Ethics
signature and declared conflicts; approving, suspending and removing with a reason (the
roster services the API calls); and the list of every declared conflict."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits.enums import AuditAction, AuditorStatus
from audits.models import AuditorConflict, ExternalAuditor
from audits.services import roster
from audits.workflows import AUDITOR_FLOW
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.exports import Column, list_export
from cor_portal.forms import domain_error_message
from cor_portal.history.services import history_of

PAGE_SIZE = 25

# step in the URL → (service, the move it makes)
ACTIONS = {
    "approve": (roster.auditor_approve, AuditAction.AUDITOR_APPROVED, gettext_lazy("Approve")),
    "suspend": (roster.auditor_suspend, AuditAction.AUDITOR_SUSPENDED, gettext_lazy("Suspend")),
    "remove": (
        roster.auditor_remove,
        AuditAction.AUDITOR_REMOVED,
        gettext_lazy("Remove from the list"),
    ),
}


def _forbid_unless_admin(user) -> None:
    if not allowed(user, "audits.manage_roster"):
        raise PermissionDenied(_("Only administrators manage the external auditor roster."))


def roster_rows(user):
    """Roster entries with company, the current Code of Ethics signature date and the
    declared conflicts (with their organizations): three queries whatever the count."""
    signed = CodeOfEthicsSignature.objects.filter(
        user_id=OuterRef("user_id"), version=CODE_OF_ETHICS_CURRENT_VERSION
    ).order_by("-signed_at")
    return (
        visible(ExternalAuditor, user)
        .select_related("user", "company")
        .annotate(
            ethics_signed_at=Subquery(signed.values("signed_at")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "conflicts",
                queryset=AuditorConflict.objects.select_related("organization").order_by(
                    "organization__legal_name", "pk"
                ),
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


ROSTER_COLUMNS = (
    Column(gettext_lazy("Auditor"), lambda a: a.user.get_full_name() or a.user.email),
    Column(gettext_lazy("E-mail"), lambda a: a.user.email),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
)


@login_required
def roster_list(request):
    _forbid_unless_admin(request.user)
    status = request.GET.get("status") or ""
    if status not in AuditorStatus.values:
        status = ""
    rows = roster_rows(request.user)
    if status:
        rows = rows.filter(status=status)
    export = list_export(
        request, name="auditors", columns=ROSTER_COLUMNS, objects=rows.prefetch_related(None)
    )
    if export is not None:
        return export
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audits/roster_list.html",
        {"page": page, "status": status, "statuses": AuditorStatus.choices},
    )


@login_required
def roster_detail(request, pk: int):
    _forbid_unless_admin(request.user)
    auditor = get_visible_or_404(roster_rows(request.user), request.user, pk=pk)
    actions = [
        {"step": step, "label": label, "reason_required": step != "approve"}
        for step, (_service, move, label) in ACTIONS.items()
        if AUDITOR_FLOW.can(auditor, move)
    ]
    return render(
        request,
        "audits/roster_detail.html",
        {"auditor": auditor, "actions": actions, "history": history_of(auditor)},
    )


@login_required
@require_POST
def roster_action(request, pk: int, step: str):
    _forbid_unless_admin(request.user)  # who may act, before anything posted is read
    auditor = get_visible_or_404(ExternalAuditor, request.user, pk=pk)
    if step not in ACTIONS:
        raise Http404
    service = ACTIONS[step][0]
    try:
        service(auditor=auditor, by=request.user, reason=request.POST.get("reason", ""))
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("audits:roster_detail", pk=auditor.pk)


@login_required
def roster_conflicts(request):
    _forbid_unless_admin(request.user)
    conflicts = (
        visible(AuditorConflict, request.user)
        .select_related("auditor__user", "auditor__company", "organization", "declared_by")
        .order_by("-declared_at", "-pk")
    )
    page = Paginator(conflicts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audits/roster_conflicts.html", {"page": page})
