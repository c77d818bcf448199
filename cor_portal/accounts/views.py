from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error, domain_error_message

from . import services
from .forms import LanguageForm, StaffAcceptForm, StaffInviteForm
from .language import set_user_language
from .models import StaffInvitation


@login_required
def account_overview(request):
    """The account page: e-mail, password, two-factor authentication, API token, and the
    language preference (posted here)."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.utils import translation

    if request.method == "POST":
        language_form = LanguageForm(request.POST)
        if language_form.is_valid():
            code = language_form.cleaned_data["language"]
            set_user_language(request.user, code)
            translation.activate(code)
            messages.success(request, _("Your language preference was saved."))
            response = redirect("account_overview")
            # The cookie follows, so the pages stay in this language after signing out.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            )
            return response
    else:
        language_form = LanguageForm(initial={"language": request.user.language})
    authenticators = set(
        Authenticator.objects.filter(user=request.user).values_list("type", flat=True)
    )
    return render(
        request,
        "accounts/account_overview.html",
        {"has_totp": Authenticator.Type.TOTP in authenticators, "language_form": language_form},
        status=400 if language_form.errors else 200,
    )


def _require_administrator(user) -> None:
    if not user.is_administrator:
        raise PermissionDenied(_("Only administrators can invite staff."))


@login_required
def staff_invite(request):
    _require_administrator(request.user)
    form = StaffInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.staff_invite(by=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect("staff_invite")
        status = 400
    invitations = StaffInvitation.objects.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    )
    now = timezone.now()
    rows = [
        (
            inv,
            services.staff_invitation_expired(inv.created_at, now),
            services.staff_invitation_expires_at(inv.created_at),
        )
        for inv in invitations.order_by("created_at")
    ]
    return render(
        request, "accounts/staff_invite.html", {"form": form, "invitations": rows}, status=status
    )


@login_required
@require_POST
def staff_invitation_revoke(request, pk: int):
    _require_administrator(request.user)
    invitation = get_object_or_404(StaffInvitation, pk=pk)
    try:
        services.staff_invitation_revoke(by=request.user, invitation=invitation)
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("staff_invite")


def staff_invitation_accept(request, token: str):
    invitation = services.staff_invitation_open(token)
    if invitation is None:
        return render(request, "accounts/staff_invitation_invalid.html", status=404)
    if services.staff_invitation_expired(invitation.created_at, timezone.now()):
        return render(
            request,
            "accounts/staff_invitation_invalid.html",
            {"expired_on": services.staff_invitation_expires_at(invitation.created_at)},
            status=410,
        )
    if request.user.is_authenticated:
        return render(
            request,
            "accounts/staff_invitation_accept.html",
            {"invitation": invitation, "logged_in": True},
        )
    form = StaffAcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.staff_invitation_accept(
                    token=token,
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to the COR Portal."))
                return redirect("home")
        status = 400
    return render(
        request,
        "accounts/staff_invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=status,
    )
