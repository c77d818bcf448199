"""Staff page of auditor quality: this year's EAQA progress and selections, evaluations and
declarations, and the internal-auditor roster's figure [004 mandates 3-5]."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cor_portal.errors import DomainError, NotAllowed
from cor_portal.forms import domain_error_message

from ..selectors import (
    declarations,
    eaqa_progress,
    eaqas,
    evaluations,
    internal_auditor_roster,
)
from ..services import auditors as svc

SHOWN = 25


@login_required
def auditor_quality(request):
    if not request.user.has_perm("oversight.manage_auditor_quality"):
        raise PermissionDenied
    year = timezone.localdate().year
    roster = internal_auditor_roster(today=timezone.localdate())
    rows = roster["rows"]
    return render(
        request,
        "oversight/auditor_quality.html",
        {
            "year": year,
            "progress": eaqa_progress(year),
            "eaqas": list(eaqas(request.user).filter(year=year)[:SHOWN]),
            "evaluations": list(evaluations(request.user)[:SHOWN]),
            "declarations": list(declarations(request.user).filter(year=year)[:SHOWN]),
            "internal_auditors": len(rows),
            "trained": sum(1 for r in rows if r["trained"]),
            "current": sum(1 for r in rows if r["training_current"]),
            "employers_with_more_than_one": roster["employers_with_more_than_one_trained"],
        },
    )


@login_required
@require_POST
def eaqa_select_view(request):
    if not request.user.has_perm("oversight.manage_auditor_quality"):
        raise PermissionDenied
    try:
        picked = svc.eaqa_select(year=timezone.localdate().year, by=request.user)
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("%(n)s auditors selected for an EAQA.") % {"n": len(picked)})
    return redirect("oversight:auditor_quality")
