"""Certificate pages: the PDF download (scoped like every object), the staff's certificate
list, revoking; the public registry page; and the administrator's registry pages
(publishing, registry clients and their keys)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from certification.enums import Sector
from certification.forms.registry import RegistryClientForm, RevokeCertificateForm
from certification.models import Certificate, RegistryClient
from certification.registry import latest_publication, registry_page
from certification.services.certificates import certificate_pdf, certificate_revoke
from certification.services.registry import (
    registry_client_create,
    registry_key_issue,
    registry_key_revoke,
    registry_publish,
)
from certification.standing_facts import standings_of
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.accounts.models import ApiToken
from cor_portal.documents.downloads import document_response
from cor_portal.errors import DomainError
from cor_portal.exports import Column, list_export
from cor_portal.forms import add_domain_error, domain_error_message
from cor_portal.history.services import history_of

from .perms import forbid_unless

PAGE_SIZE = 25


@login_required
def certificate_download(request, pk: int):
    certificate = get_visible_or_404(Certificate, request.user, pk=pk)
    try:
        document = certificate_pdf(certificate=certificate)
    except DomainError as err:
        raise PermissionDenied(domain_error_message(err)) from None
    return document_response(document)


@login_required
def lgs_download(request, pk: int):
    """The stored PDF of a Letter of Good Standing the user may see."""
    from certification.models import LetterOfGoodStanding
    from certification.services.maintenance import lgs_pdf

    letter = get_visible_or_404(LetterOfGoodStanding, request.user, pk=pk)
    return document_response(lgs_pdf(letter=letter))


CERTIFICATE_COLUMNS = (
    Column(_l("Certificate"), lambda c: c.number),
    Column(_l("Organization"), lambda c: c.wsib_account.organization.legal_name),
    Column(_l("WSIB account"), lambda c: c.wsib_account.account_number),
    Column(_l("Status"), lambda c: c.get_status_display()),
    Column(_l("Anniversary"), lambda c: c.anniversary_date),
    Column(_l("Expiry"), lambda c: c.expiry_date),
)


@login_required
def certificate_list(request):
    forbid_unless(
        request.user,
        "certification.view_certificate_list",
        message=_("Only certifying-body staff see every certificate."),
    )
    certificates = (
        visible(Certificate, request.user)
        .select_related("wsib_account__organization")
        .order_by("-anniversary_date", "-id")
    )
    query = (request.GET.get("q") or "").strip()
    if query:
        certificates = certificates.filter(number__icontains=query) | certificates.filter(
            wsib_account__account_number=query
        )
    export = list_export(
        request, name="certificates", columns=CERTIFICATE_COLUMNS, objects=certificates
    )
    if export is not None:
        return export
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    standings = standings_of({c.wsib_account_id for c in page.object_list}, timezone.localdate())
    rows = [(c, standings[c.wsib_account_id]) for c in page.object_list]
    return render(
        request,
        "certification/certificate_list.html",
        {"page": page, "rows": rows, "query": query},
    )


@login_required
def certificate_detail(request, pk: int):
    certificate = get_visible_or_404(
        Certificate.objects.select_related("wsib_account__organization"), request.user, pk=pk
    )
    can_revoke = allowed(request.user, "certification.revoke_certificate", certificate)
    form = RevokeCertificateForm(request.POST or None)
    if request.method == "POST":
        forbid_unless(request.user, "certification.revoke_certificate", certificate)
        if form.is_valid():
            try:
                certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("Certificate %(n)s revoked.") % {"n": certificate})
                return redirect("certificate_detail", pk=certificate.pk)
    standing = standings_of([certificate.wsib_account_id], timezone.localdate())[
        certificate.wsib_account_id
    ]
    return render(
        request,
        "certification/certificate_detail.html",
        {
            "certificate": certificate,
            "standing": standing,
            "can_revoke": can_revoke and certificate.status == "active",
            "form": form,
            "history": history_of(certificate),
        },
    )


@require_GET
def registry(request):
    """The public registry (no login): the latest publication, searched and paginated."""
    publication = latest_publication()
    q = (request.GET.get("q") or "").strip()[:200]
    city = (request.GET.get("city") or "").strip()[:100]
    sector = request.GET.get("sector") or ""
    if sector not in Sector.values:
        sector = ""
    page = registry_page(
        publication=publication, q=q, city=city, sector=sector, page=request.GET.get("page")
    )
    return render(
        request,
        "certification/registry/registry.html",
        {
            "publication": publication,
            "page": page,
            "q": q,
            "city": city,
            "sector": sector,
            "sectors": Sector.choices,
        },
    )


@login_required
def registry_admin(request):
    """Administrators: publish the registry, see past publications and the registry clients."""
    forbid_unless(
        request.user,
        "certification.publish_registry",
        message=_("Only administrators publish the registry."),
    )
    from certification.models import RegistryPublication

    publications = RegistryPublication.objects.order_by("-published_at", "-id")[:10]
    clients = list(RegistryClient.objects.order_by("name"))
    # Each client's latest key, in one query whatever the number of clients.
    keys: dict[int, ApiToken] = {}
    for token in ApiToken.objects.filter(user_id__in=[c.service_user_id for c in clients]).order_by(
        "user_id", "-created"
    ):
        keys.setdefault(token.user_id, token)
    return render(
        request,
        "certification/registry/admin.html",
        {
            "publications": publications,
            "clients": [(c, keys.get(c.service_user_id)) for c in clients],
            "form": RegistryClientForm(),
        },
    )


@login_required
@require_POST
def registry_publish_view(request):
    forbid_unless(request.user, "certification.publish_registry")
    publication = registry_publish(by=request.user)
    messages.success(
        request,
        _("Registry published: %(n)d accounts listed.") % {"n": publication.listed},
    )
    return redirect("registry_admin")


@login_required
@require_POST
def registry_client_create_view(request):
    forbid_unless(request.user, "certification.manage_registry_clients")
    form = RegistryClientForm(request.POST)
    if form.is_valid():
        try:
            client = registry_client_create(by=request.user, **form.cleaned_data)
        except DomainError as err:
            messages.error(request, domain_error_message(err))
        else:
            messages.success(request, _("Registry client %(name)s added.") % {"name": client})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("registry_admin")


@login_required
@require_POST
def registry_key_issue_view(request, pk: int):
    forbid_unless(request.user, "certification.manage_registry_clients")
    client = get_visible_or_404(RegistryClient, request.user, pk=pk)
    token, secret = registry_key_issue(client=client, by=request.user, request=request)
    # Shown once, on this response only (never stored in clear, never in a redirect).
    return render(
        request,
        "certification/registry/key_issued.html",
        {"client": client, "token": token, "secret": secret},
    )


@login_required
@require_POST
def registry_key_revoke_view(request, pk: int):
    forbid_unless(request.user, "certification.manage_registry_clients")
    client = get_visible_or_404(RegistryClient, request.user, pk=pk)
    registry_key_revoke(client=client, by=request.user)
    messages.success(request, _("The key of %(name)s was revoked.") % {"name": client})
    return redirect("registry_admin")
