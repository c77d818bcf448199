"""Pages for people (SMRs, internal auditors) and Code of Ethics signatures. Thin: find the
object through the access module (404 outside the user's scope), check the action (403),
call one service, show its error on the named field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification import selectors
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.forms.people import (
    EthicsSignForm,
    PersonForm,
    ReplaceForm,
)
from certification.models import CodeOfEthicsSignature, Organization, Person
from certification.services.people import (
    PERSON_FIELDS,
    PersonData,
    ethics_sign,
    person_add,
    person_replace,
    person_update,
)
from certification.views import perms
from cor_portal.access import allowed, get_visible_or_404
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error
from cor_portal.history.services import history_of

PAGE_SIZE = 50


SMR_ONLY = gettext_lazy("Only a Senior Management Representative may do this.")


def forbid_unless(user, permission: str, obj) -> None:
    perms.forbid_unless(user, permission, obj, str(SMR_ONLY))


@login_required
def people_list(request):
    if not allowed(request.user, "certification.view_people"):
        raise PermissionDenied(_("People and training belong to employer organizations."))
    people = selectors.people_list(request.user)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, selectors.training_status(p)) for p in page.object_list]
    organization = selectors.organization_of(request.user)
    return render(
        request,
        "certification/people_list.html",
        {
            "rows": rows,
            "page": page,
            "can_manage": allowed(request.user, "certification.manage_people", organization),
            "show_organization": organization is None,
            "ethics_version": CODE_OF_ETHICS_CURRENT_VERSION,
            # Employers: a link to each account's readiness checklist.
            "accounts": list(selectors.visible_accounts(request.user)) if organization else [],
        },
    )


@login_required
def person_detail(request, pk: int):
    person = selectors.person_for_detail(request.user, pk)
    signed_current = any(
        s.version == CODE_OF_ETHICS_CURRENT_VERSION for s in person.ethics_signatures.all()
    )
    can_manage = allowed(request.user, "certification.change_person", person)
    may_sign = (
        person.active
        and not signed_current
        and allowed(request.user, "certification.sign_code_of_ethics_as", person)
    )
    return render(
        request,
        "certification/person_detail.html",
        {
            "person": person,
            "status": selectors.training_status(person),
            "records": person.training_records.all(),
            "exemptions": person.exemptions.all(),
            "signatures": person.ethics_signatures.all(),
            "can_manage": can_manage,
            "may_sign": may_sign,
            "ethics_version": CODE_OF_ETHICS_CURRENT_VERSION,
            "history": history_of(person),
        },
    )


def _own_organization(user) -> Organization:
    organization = selectors.organization_of(user)
    forbid_unless(user, "certification.manage_people", organization)
    return organization


@login_required
def person_add_view(request):
    organization = _own_organization(request.user)
    form = PersonForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_add(
                organization=organization, data=PersonData(**form.cleaned_data), by=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(person)s was added.") % {"person": person})
            return redirect("person_detail", person.pk)
    return render(
        request,
        "certification/person_form.html",
        {"form": form, "title": _("Add a person"), "person": None},
    )


@login_required
def person_edit_view(request, pk: int):
    person = get_visible_or_404(Person, request.user, pk=pk)
    forbid_unless(request.user, "certification.manage_people", person)
    initial = {f: getattr(person, f) for f in PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial, organization=person.organization)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("person_detail", person.pk)
    return render(
        request,
        "certification/person_form.html",
        {"form": form, "title": _("Edit %(person)s") % {"person": person}, "person": person},
    )


@login_required
def person_replace_view(request, pk: int):
    person = get_visible_or_404(Person, request.user, pk=pk)
    forbid_unless(request.user, "certification.manage_people", person)
    form = ReplaceForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_person = None
        if form.wants_new_person():
            new_person = PersonData(
                first_name=data["new_first_name"],
                last_name=data["new_last_name"],
                email=data["new_email"],
                job_title=data["new_job_title"],
                employment_status=data["new_employment_status"],
            )
        try:
            replacement = person_replace(
                person=person,
                by=request.user,
                reason=data["reason"],
                replacement=data["replacement"],
                new_person=new_person,
                ended_on=data["ended_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc, prefix="new_")
        else:
            messages.success(
                request,
                _("%(old)s was replaced by %(new)s; the certifying body was notified.")
                % {"old": person, "new": replacement},
            )
            return redirect("person_detail", replacement.pk)
    return render(request, "certification/person_replace.html", {"form": form, "person": person})


@login_required
def person_ethics_sign_view(request, pk: int):
    """Sign the Code of Ethics as this person (their own login), or record their signed form
    (an SMR of the organization)."""
    person = get_visible_or_404(Person, request.user, pk=pk)
    forbid_unless(request.user, "certification.sign_code_of_ethics_as", person)
    own = person.user_id is not None and person.user_id == request.user.pk
    form = EthicsSignForm(request.POST or None, initial={"signed_name": "" if not own else person})
    if request.method == "POST" and form.is_valid():
        try:
            ethics_sign(
                by=request.user, person=person, signed_name=form.cleaned_data["signed_name"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The Code of Ethics signature was recorded."))
            return redirect("person_detail", person.pk)
    return render(
        request,
        "certification/ethics_sign.html",
        {
            "form": form,
            "person": person,
            "own": own,
            "version": CODE_OF_ETHICS_CURRENT_VERSION,
        },
    )


@login_required
def ethics_sign_self_view(request):
    """The logged-in user signs for themselves: as their Person when they are one (SMR or
    internal auditor), otherwise as a user (external auditors, staff)."""
    person = Person.objects.filter(user=request.user, active=True).first()
    if person is not None:
        return redirect("person_ethics_sign", person.pk)
    if not (request.user.is_external_auditor or request.user.is_certifying_body_staff):
        raise PermissionDenied(_("Only SMRs, internal auditors and auditors sign the Code."))
    signed = CodeOfEthicsSignature.objects.filter(
        user=request.user, person__isnull=True, version=CODE_OF_ETHICS_CURRENT_VERSION
    ).first()
    form = EthicsSignForm(
        request.POST or None, initial={"signed_name": request.user.get_full_name()}
    )
    if request.method == "POST" and signed is None and form.is_valid():
        try:
            ethics_sign(by=request.user, signed_name=form.cleaned_data["signed_name"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The Code of Ethics signature was recorded."))
            return redirect("ethics_sign_self")
    return render(
        request,
        "certification/ethics_sign.html",
        {
            "form": form,
            "person": None,
            "own": True,
            "signed": signed,
            "version": CODE_OF_ETHICS_CURRENT_VERSION,
        },
    )
