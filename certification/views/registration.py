"""Registration pages: start, edit, submit, the administrator's verification queue and
decisions, and the confirmation letter download. Every object is found through the access
module (404 when it is not the user's to see); actions are checked (403) and done by one
service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from certification import selectors
from certification.enums import RegistrationStatus
from certification.forms.organization import RegistrationForm, ReregistrationForm
from certification.models import Registration, WsibAccount
from certification.services.registration import (
    REGISTRATION_FACT_FIELDS,
    registration_confirm,
    registration_confirmation_letter,
    registration_request_reregistration,
    registration_start,
    registration_submit,
    registration_update,
    submission_problems,
)
from cor_portal.access import allowed, get_visible_or_404
from cor_portal.documents.downloads import document_response
from cor_portal.documents.services import document_for
from cor_portal.errors import DomainError
from cor_portal.exports import Column, list_export
from cor_portal.forms import add_domain_error, domain_error_message
from cor_portal.history.services import history_of

from .organization import PAGE_SIZE
from .perms import forbid_unless


def _registration_or_404(request, pk: int) -> Registration:
    return get_visible_or_404(
        Registration.objects.select_related(
            "wsib_account__organization", "confirmed_by", "created_by"
        ),
        request.user,
        pk=pk,
    )


ADMINISTRATORS_ONLY = gettext_lazy("Only an administrator may verify registrations.")


def _forbid_unless_administrator(user) -> None:
    forbid_unless(user, "certification.verify_registration", message=str(ADMINISTRATORS_ONLY))


def _back(request, default: str, **kwargs):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, **kwargs)


@login_required
def registration_create(request, account_pk: int):
    account = get_visible_or_404(
        WsibAccount.objects.select_related("organization"), request.user, pk=account_pk
    )
    forbid_unless(request.user, "certification.register_account", account)
    initial = {
        "applicant_name": request.user.get_full_name(),
        "applicant_email": request.user.email,
        "workers": account.organization.workers,
    }
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        facts = {f: form.cleaned_data[f] for f in REGISTRATION_FACT_FIELDS}
        try:
            registration = registration_start(wsib_account=account, facts=facts, by=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The registration was saved as a draft. Review it and submit it.")
            )
            return redirect("registration_detail", pk=registration.pk)
    return render(
        request,
        "certification/registration_form.html",
        {"form": form, "account": account, "registration": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registration_detail(request, pk: int):
    registration = _registration_or_404(request, pk)
    organization = registration.wsib_account.organization
    can_verify = allowed(request.user, "certification.confirm_registration", registration)
    letter = (
        document_for(registration, "registration_confirmation")
        if registration.status == RegistrationStatus.CONFIRMED
        else None
    )
    return render(
        request,
        "certification/registration_detail.html",
        {
            "registration": registration,
            "account": registration.wsib_account,
            "organization": organization,
            "history": history_of(registration),
            "can_edit": allowed(request.user, "certification.edit_registration", registration),
            "can_submit": allowed(request.user, "certification.submit_registration", registration),
            "can_verify": can_verify,
            "can_request_reregistration": allowed(
                request.user, "certification.request_reregistration", registration
            ),
            "reregistration_form": ReregistrationForm(),
            "letter": letter,
            "is_confirmed": registration.status == RegistrationStatus.CONFIRMED,
        },
    )


@login_required
def registration_edit(request, pk: int):
    registration = _registration_or_404(request, pk)
    forbid_unless(request.user, "certification.register_account", registration)
    if not allowed(request.user, "certification.edit_registration", registration):
        messages.error(request, _("This registration can no longer be edited."))
        return redirect("registration_detail", pk=registration.pk)
    form = RegistrationForm(request.POST or None, instance=Registration.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        facts = {f: form.cleaned_data[f] for f in REGISTRATION_FACT_FIELDS}
        try:
            registration_update(registration=registration, facts=facts, by=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The registration was saved."))
            return redirect("registration_detail", pk=registration.pk)
    return render(
        request,
        "certification/registration_form.html",
        {"form": form, "account": registration.wsib_account, "registration": registration},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registration_submit_view(request, pk: int):
    """GET: the application as it will be sent, with what still stops it. POST: submit."""
    registration = _registration_or_404(request, pk)
    forbid_unless(request.user, "certification.register_account", registration)
    error = None
    if request.method == "POST":
        try:
            registration_submit(registration=registration, by=request.user)
        except DomainError as exc:
            error = domain_error_message(exc)
        else:
            messages.success(
                request,
                _(
                    "The registration was submitted. You will receive an e-mail once it is "
                    "received and again once it is confirmed."
                ),
            )
            return redirect("registration_detail", pk=registration.pk)
    problems = submission_problems({f: getattr(registration, f) for f in REGISTRATION_FACT_FIELDS})
    return render(
        request,
        "certification/registration_submit.html",
        {
            "registration": registration,
            "account": registration.wsib_account,
            "organization": registration.wsib_account.organization,
            "problems": problems,
            "error": error,
            "submittable": allowed(request.user, "certification.submit_registration", registration),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def registration_confirm_view(request, pk: int):
    registration = _registration_or_404(request, pk)
    _forbid_unless_administrator(request.user)
    try:
        registration_confirm(registration=registration, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(
            request,
            _("The registration of %(board)s account %(number)s was confirmed.")
            % {
                "board": registration.wsib_account.account_label,
                "number": registration.wsib_account.account_number,
            },
        )
    return _back(request, "registration_detail", pk=registration.pk)


@login_required
def registration_request_reregistration_view(request, pk: int):
    registration = _registration_or_404(request, pk)
    _forbid_unless_administrator(request.user)
    form = ReregistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_request_reregistration(
                registration=registration, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Re-registration of %(board)s account %(number)s was requested.")
                % {
                    "board": registration.wsib_account.account_label,
                    "number": registration.wsib_account.account_number,
                },
            )
            return _back(request, "registration_detail", pk=registration.pk)
    return render(
        request,
        "certification/registration_reregister.html",
        {"form": form, "registration": registration, "account": registration.wsib_account},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registration_confirmation_letter_view(request, pk: int):
    registration = _registration_or_404(request, pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404(_("This registration has no confirmation letter."))
    # Normally the task stored it already; if not (yet), generate it now, once.
    document = registration_confirmation_letter(registration=registration)
    return document_response(document)


REGISTRATION_COLUMNS = (
    Column(_l("Organization"), lambda r: r.wsib_account.organization.legal_name),
    Column(_l("WSIB account"), lambda r: r.wsib_account.account_number),
    Column(_l("Status"), lambda r: r.get_status_display()),
    Column(_l("Applicant"), lambda r: r.applicant_name),
    Column(_l("Workers"), lambda r: r.workers),
    Column(_l("Received on"), lambda r: r.received_on),
    Column(_l("Submitted"), lambda r: r.submitted_at),
)


@login_required
def registration_queue(request):
    if not request.user.has_perm("certification.view_registration_queue"):
        raise PermissionDenied(_("Only certifying-body staff see the registration queue."))
    export = list_export(
        request,
        name="registrations",
        columns=REGISTRATION_COLUMNS,
        objects=selectors.registration_queue(request.user),
    )
    if export is not None:
        return export
    page = Paginator(selectors.registration_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "certification/registration_queue.html",
        {
            "page": page,
            "can_verify": allowed(request.user, "certification.verify_registration"),
            "reregistration_form": ReregistrationForm(),
        },
    )
