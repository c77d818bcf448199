"""The readiness checklist of a WSIB account for its initial internal audit, and the
employer's OHSMS date that feeds it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from certification import selectors
from certification.forms.people import OhsmsForm
from certification.models import WsibAccount
from certification.services.people import ohsms_date_set
from cor_portal.access import allowed, get_visible_or_404
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error


@login_required
def wsib_account_readiness(request, pk: int):
    account = get_visible_or_404(selectors.visible_accounts(request.user), request.user, pk=pk)
    readiness = selectors.readiness_for_account(account)
    return render(
        request,
        "certification/readiness_detail.html",
        {
            "account": account,
            "readiness": readiness,
            "can_edit": allowed(request.user, "certification.manage_organization", account),
            "is_employer": allowed(request.user, "certification.view_as_member", account),
        },
    )


@login_required
def wsib_account_ohsms_edit(request, pk: int):
    account = get_visible_or_404(WsibAccount, request.user, pk=pk)
    if not allowed(request.user, "certification.manage_organization", account):
        raise PermissionDenied(_("Only a Senior Management Representative may do this."))
    form = OhsmsForm(
        request.POST or None, initial={"ohsms_in_place_since": account.ohsms_in_place_since}
    )
    if request.method == "POST" and form.is_valid():
        try:
            ohsms_date_set(
                wsib_account=account,
                since=form.cleaned_data["ohsms_in_place_since"],
                by=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The OHSMS date was saved."))
            return redirect("wsib_account_readiness", account.pk)
    return render(
        request, "certification/readiness_ohsms_form.html", {"form": form, "account": account}
    )
