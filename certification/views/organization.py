"""Pages for the organization and its WSIB accounts. Thin: find the object through the access
module (404 when it is not the user's to see), check the action (403), call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import selectors
from certification.enums import RegistrationStatus
from certification.forms.organization import OrganizationForm, WsibAccountForm
from certification.models import Certificate, Membership, Organization, WsibAccount
from certification.services.organization import (
    ORGANIZATION_FACT_FIELDS,
    organization_update,
    wsib_account_create,
    wsib_account_update,
)
from certification.standing_facts import standing_of
from certification.views.perms import forbid_unless
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error
from cor_portal.history.services import history_of
from cor_portal.timeline import timeline_of

PAGE_SIZE = 50


def with_status_labels(accounts):
    """Accounts annotated by selectors.wsib_accounts_for_list, with a readable status."""
    accounts = list(accounts)
    for account in accounts:
        status = account.latest_registration_status
        account.latest_registration_label = RegistrationStatus(status).label if status else ""
    return accounts


def own_organization_or_404(user) -> Organization:
    organization = selectors.organization_of(user)
    if organization is None:
        raise Http404(_("You are not a member of an organization."))
    return organization


@login_required
def organization_detail(request, pk: int | None = None):
    if pk is None:
        organization = own_organization_or_404(request.user)
    else:
        organization = get_visible_or_404(Organization, request.user, pk=pk)
    accounts = with_status_labels(
        selectors.wsib_accounts_for_list(request.user).filter(organization=organization)
    )
    members = (
        visible(Membership, request.user)
        .filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )
    return render(
        request,
        "certification/organization_detail.html",
        {
            "organization": organization,
            "accounts": accounts,
            "members": members,
            "history": history_of(organization),
            "can_edit": allowed(request.user, "certification.manage_organization", organization),
            "can_add_account": allowed(
                request.user, "certification.register_account", organization
            ),
        },
    )


@login_required
def organization_edit(request):
    organization = own_organization_or_404(request.user)
    forbid_unless(request.user, "certification.manage_organization", organization)
    form = OrganizationForm(
        request.POST or None, instance=Organization.objects.get(pk=organization.pk)
    )
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ORGANIZATION_FACT_FIELDS}
        try:
            organization_update(organization=organization, values=values, by=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The organization's details were saved."))
            return redirect("organization_detail")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "certification/organization_form.html",
        {"form": form, "organization": organization},
        status=status,
    )


@login_required
def wsib_account_list(request):
    accounts = selectors.wsib_accounts_for_list(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        accounts = accounts.filter(
            Q(account_number__startswith=query)
            | Q(organization__legal_name__icontains=query)
            | Q(organization__operating_name__icontains=query)
        )
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_status_labels(page.object_list)
    organization = selectors.organization_of(request.user)
    return render(
        request,
        "certification/wsib_account_list.html",
        {
            "page": page,
            "query": query,
            "organization": organization,
            "can_add_account": allowed(
                request.user, "certification.register_account", organization
            ),
            "is_staff_view": request.user.is_certifying_body_staff,
        },
    )


@login_required
def wsib_account_create_view(request):
    organization = selectors.organization_of(request.user)
    if not allowed(request.user, "certification.register_account", organization):
        raise PermissionDenied(_("Only a Senior Management Representative may add accounts."))
    form = WsibAccountForm(request.POST or None, program=organization.program)
    if request.method == "POST" and form.is_valid():
        try:
            account = wsib_account_create(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(board)s account %(number)s was added. Now fill in its COR registration.")
                % {"board": organization.account_label, "number": account.account_number},
            )
            return redirect("registration_create", account_pk=account.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "certification/wsib_account_form.html",
        {"form": form, "organization": organization, "account": None},
        status=status,
    )


def _account_or_404(request, pk: int) -> WsibAccount:
    return get_visible_or_404(
        WsibAccount.objects.select_related("organization__program"), request.user, pk=pk
    )


@login_required
def wsib_account_detail(request, pk: int):
    account = _account_or_404(request, pk)
    registrations = list(selectors.registrations_of_account(account))
    can_manage = allowed(request.user, "certification.register_account", account)
    certificates = list(
        visible(Certificate, request.user)
        .filter(wsib_account=account)
        .order_by("-anniversary_date", "-id")
    )
    from certification.models import MaintenanceYear

    maintenance_years = list(
        visible(MaintenanceYear, request.user)
        .filter(wsib_account=account, certificate__status="active")
        .select_related("letter", "certificate")
        .order_by("anniversary_date")
    )
    today = timezone.localdate()
    recertification = next((y for y in maintenance_years if y.is_recertification), None)
    return render(
        request,
        "certification/wsib_account_detail.html",
        {
            "account": account,
            "certificates": certificates,
            "maintenance_years": maintenance_years,
            "standing": standing_of(account, today),
            "timeline": timeline_of(request.user, account.pk, today),
            "organization": account.organization,
            "registrations": registrations,
            "history": history_of(account),
            "can_edit": can_manage,
            "can_register": allowed(request.user, "certification.start_registration", account),
            "recertification": _recertification_panel(recertification, can_manage, today),
        },
    )


def _recertification_panel(year, can_manage: bool, today) -> dict | None:
    """The recertification of the active certificate [001 §2.5], in the order of its steps:
    re-register (its window), the year-1 internal audit (completed, not submitted), the
    external audit (reminded 90-63 days ahead, due to start 60 days before), the dates that
    make it pending and lapsed."""
    if year is None:
        return None
    from datetime import timedelta

    from certification.maintenance import (
        LAPSED_AFTER_DAYS,
        PENDING_AFTER_DAYS,
        recertification_reminder_days,
        reregistration_window,
    )
    from certification.services.registration import recertification_registration_of

    opens_on, closes_on = reregistration_window(year.certificate.anniversary_date)
    registration = recertification_registration_of(year.certificate)
    return {
        "year": year,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "registration": registration,
        "can_reregister": can_manage
        and registration is None
        and opens_on <= today <= closes_on
        and year.state in ("planned", "pending"),
        "reminders_from": recertification_reminder_days(year.anniversary_date)[0],
        "pending_from": year.anniversary_date + timedelta(days=PENDING_AFTER_DAYS + 1),
        "lapsed_from": year.anniversary_date + timedelta(days=LAPSED_AFTER_DAYS + 1),
    }


@login_required
def wsib_account_edit(request, pk: int):
    account = _account_or_404(request, pk)
    forbid_unless(request.user, "certification.register_account", account)
    initial = {
        "account_number": account.account_number,
        "firm_number": account.firm_number,
        "ohsms_in_place_since": account.ohsms_in_place_since,
    }
    form = WsibAccountForm(
        request.POST or None, initial=initial, program=account.organization.program
    )
    if request.method == "POST" and form.is_valid():
        try:
            wsib_account_update(wsib_account=account, values=form.cleaned_data, by=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The %(board)s account was saved.") % {"board": account.account_label},
            )
            return redirect("wsib_account_detail", pk=account.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "certification/wsib_account_form.html",
        {"form": form, "organization": account.organization, "account": account},
        status=status,
    )
