"""Pages for training records and training exemption requests [001 §2.2]: the employer's
request with its documents, the certifying body's queue and decision, and the guarded file
downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from certification import selectors
from certification.forms.people import (
    ExemptionDecisionForm,
    ExemptionRequestForm,
    TrainingRecordEditForm,
    TrainingRecordForm,
)
from certification.models import Person, TrainingExemption, TrainingRecord
from certification.services.training import (
    exemption_decide,
    exemption_request,
    training_record_add,
    training_record_remove,
    training_record_update,
)
from certification.upload_handlers import checks_first_bytes, upload_refusal
from certification.uploads import content_type_for
from certification.views.people import forbid_unless
from cor_portal.access import allowed, get_visible_or_404
from cor_portal.errors import DomainError
from cor_portal.exports import Column, list_export
from cor_portal.forms import add_domain_error, add_upload_refusal, domain_error_message
from cor_portal.history.services import history_of
from cor_portal.security.services import download_tag


@login_required
def training_add_view(request, pk: int):
    person = get_visible_or_404(Person, request.user, pk=pk)
    forbid_unless(request.user, "certification.manage_people", person)
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_record_add(person=person, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The training record was added."))
            return redirect("person_detail", person.pk)
    return render(
        request,
        "certification/training_form.html",
        {"form": form, "person": person, "title": _("Add a training record")},
    )


def _record_or_404(user, pk: int) -> TrainingRecord:
    return get_visible_or_404(TrainingRecord.objects.select_related("person"), user, pk=pk)


@login_required
def training_edit_view(request, pk: int):
    training = _record_or_404(request.user, pk)
    person = training.person
    forbid_unless(request.user, "certification.manage_people", person)
    form = TrainingRecordEditForm(
        request.POST or None,
        initial={"completed_on": training.completed_on, "provider": training.provider},
    )
    if request.method == "POST" and form.is_valid():
        try:
            training_record_update(training=training, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The training record was updated."))
            return redirect("person_detail", person.pk)
    return render(
        request,
        "certification/training_form.html",
        {
            "form": form,
            "person": person,
            "training": training,
            "title": _("Edit the %(course)s record") % {"course": training.get_course_display()},
        },
    )


@login_required
@require_POST
def training_remove_view(request, pk: int):
    training = _record_or_404(request.user, pk)
    person = training.person
    forbid_unless(request.user, "certification.manage_people", person)
    try:
        training_record_remove(training=training, by=request.user)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, _("The training record was removed."))
    return redirect("person_detail", person.pk)


@login_required
@checks_first_bytes
def exemption_request_view(request, pk: int):
    person = get_visible_or_404(Person, request.user, pk=pk)
    forbid_unless(request.user, "certification.request_exemption", person)
    form = ExemptionRequestForm(request.POST or None, request.FILES or None)
    refused = upload_refusal(request) if request.method == "POST" else None
    if refused is not None:  # a file's first bytes: the rest of the body was never read
        add_upload_refusal(form, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            exemption = exemption_request(person=person, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The exemption request was sent to the certifying body."))
            return redirect("exemption_detail", exemption.pk)
    return render(request, "certification/exemption_request.html", {"form": form, "person": person})


EXEMPTION_COLUMNS = (
    Column(_l("Organization"), lambda e: e.person.organization.legal_name),
    Column(_l("Person"), lambda e: f"{e.person.first_name} {e.person.last_name}"),
    Column(_l("Course"), lambda e: e.get_course_display()),
    Column(_l("Requested on"), lambda e: e.requested_on),
    Column(_l("Status"), lambda e: e.get_status_display()),
)


@login_required
def exemption_queue(request):
    if not allowed(request.user, "certification.decide_exemption"):
        raise PermissionDenied(_("Only certifying-body staff decide exemption requests."))
    export = list_export(
        request,
        name="exemptions",
        columns=EXEMPTION_COLUMNS,
        objects=selectors.exemption_queue(request.user),
    )
    if export is not None:
        return export
    return render(
        request,
        "certification/exemption_queue.html",
        {
            "waiting": selectors.exemption_queue(request.user),
            "decided": selectors.recent_exemption_decisions(request.user),
        },
    )


def _exemption_or_404(user, pk: int) -> TrainingExemption:
    qs = TrainingExemption.objects.select_related(
        "person__organization", "requested_by", "decided_by"
    )
    return get_visible_or_404(qs, user, pk=pk)


@login_required
def exemption_detail(request, pk: int):
    exemption = _exemption_or_404(request.user, pk)
    can_decide = allowed(request.user, "certification.approve_exemption", exemption) or allowed(
        request.user, "certification.refuse_exemption", exemption
    )
    return render(
        request,
        "certification/exemption_detail.html",
        {
            "exemption": exemption,
            "form": ExemptionDecisionForm() if can_decide else None,
            "can_decide": can_decide,
            "history": history_of(exemption),
        },
    )


@login_required
@require_POST
def exemption_decide_view(request, pk: int):
    exemption = _exemption_or_404(request.user, pk)
    if not allowed(request.user, "certification.decide_exemption", exemption):
        raise PermissionDenied(_("Only certifying-body staff decide exemption requests."))
    form = ExemptionDecisionForm(request.POST)
    if form.is_valid():
        try:
            exemption_decide(exemption=exemption, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The decision was recorded and the employer notified."))
            return redirect("exemption_queue")
    return render(
        request,
        "certification/exemption_detail.html",
        {
            "exemption": exemption,
            "form": form,
            "can_decide": True,
            "history": history_of(exemption),
        },
        status=400,
    )


EXEMPTION_FILES = {"transcript": "transcript", "course-outline": "course_outline"}


def exemption_file_response(exemption: TrainingExemption, which: str) -> FileResponse:
    """Stream one of the request's documents under its original name."""
    field_name = EXEMPTION_FILES.get(which)
    if field_name is None:
        raise Http404
    stored = getattr(exemption, field_name)
    original = getattr(exemption, f"{field_name}_name")
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=original, content_type=content_type_for(original)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    download_tag(response, what=f"exemption {which}", obj=exemption)
    return response


@login_required
def exemption_file(request, pk: int, which: str):
    exemption = get_visible_or_404(TrainingExemption, request.user, pk=pk)
    return exemption_file_response(exemption, which)
