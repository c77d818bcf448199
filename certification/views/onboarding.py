"""Pages for onboarding: create your organization, invitations, the members page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification import selectors
from certification.enums import MemberRole
from certification.forms.onboarding import MemberInviteForm, MemberRoleForm, OrganizationCreateForm
from certification.models import MemberInvitation, Membership, Organization
from certification.rules import organization_id_of
from certification.services import onboarding as svc
from cor_portal.access import allowed, get_visible_or_404, visible
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.forms import add_domain_error, domain_error_message

# Paths an employer user without an organization may still open (account pages, the
# invitation link, public pages); everything else sends them to "Create your organization".
_OPEN_WITHOUT_ORGANIZATION = (
    "/accounts/",
    "/invitations/",
    "/organization/create/",
    "/static/",
    "/media/",
    "/api/",
    "/i18n/",
    "/healthz",
    "/admin/",
    "/inbox/",
    "/registry/",
    "/verify/",
)


class RequireOrganizationMiddleware:
    """The one place that sends an employer user with no Membership to "Create your
    organization" (after sign-up, or after being removed from an organization)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_employer
            and not request.path.startswith(_OPEN_WITHOUT_ORGANIZATION)
            and organization_id_of(user) is None
        ):
            return redirect("organization_create")
        return self.get_response(request)


@login_required
def organization_create(request):
    user = request.user
    if not user.is_employer:
        raise PermissionDenied(_("Only employer users create organizations."))
    if organization_id_of(user) is not None:
        messages.info(request, _("You already belong to an organization."))
        return redirect("home")
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = svc.organization_create_with_smr(by=user, facts=form.facts())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s was created; you are its Senior Management Representative.")
                % {"org": org},
            )
            return redirect("home")
    return render(
        request,
        "certification/onboarding_organization_create.html",
        {"form": form, "waiting_invitations": svc.invitations_waiting_for(user)},
    )


def _own_organization(user) -> Organization:
    organization = selectors.organization_of(user)
    if organization is None:
        raise Http404
    return organization


def _members_context(request, organization: Organization, invite_form=None) -> dict:
    user = request.user
    is_smr = allowed(user, "certification.manage_members", organization)
    memberships = (
        visible(Membership, user)
        .filter(organization=organization)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    invitations = (
        visible(MemberInvitation, user)
        .filter(organization=organization, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("created_at")
    )
    now = timezone.now()
    invitations = [
        (
            inv,
            svc.invitation_expired(inv.created_at, now),
            svc.invitation_expires_at(inv.created_at),
        )
        for inv in invitations
    ]
    return {
        "organization": organization,
        "memberships": memberships,
        "invitations": invitations,
        "can_manage": is_smr,
        "invite_form": invite_form or MemberInviteForm(),
        "role_choices": MemberRole.choices,
    }


@login_required
def members_list(request):
    organization = _own_organization(request.user)
    return render(
        request, "certification/members_list.html", _members_context(request, organization)
    )


@login_required
@require_POST
def member_invite(request):
    organization = _own_organization(request.user)
    if not allowed(request.user, "certification.invite_member", organization):
        raise PermissionDenied
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = svc.member_invite(
                by=request.user,
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("members_list")
    context = _members_context(request, organization, invite_form=form)
    return render(request, "certification/members_list.html", context, status=400)


def _post_action(request, action, success_message: str):
    try:
        action()
    except DomainError as exc:
        messages.error(request, domain_error_message(exc))
    else:
        messages.success(request, success_message)
    return redirect("members_list")


@login_required
@require_POST
def member_invitation_revoke(request, pk: int):
    organization = _own_organization(request.user)
    invitation = get_visible_or_404(
        MemberInvitation.objects.filter(organization=organization, accepted_at__isnull=True),
        request.user,
        pk=pk,
    )
    return _post_action(
        request,
        lambda: svc.member_invitation_revoke(by=request.user, invitation=invitation),
        _("The invitation to %(email)s was revoked.") % {"email": invitation.email},
    )


@login_required
@require_POST
def member_role_change(request, pk: int):
    organization = _own_organization(request.user)
    membership = get_visible_or_404(
        Membership.objects.filter(organization=organization).select_related("user", "organization"),
        request.user,
        pk=pk,
    )
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("members_list")
    role = form.cleaned_data["role"]
    return _post_action(
        request,
        lambda: svc.member_role_change(by=request.user, membership=membership, role=role),
        _("%(member)s is now %(role)s.")
        % {"member": membership.user, "role": MemberRole(role).label},
    )


@login_required
@require_POST
def member_remove(request, pk: int):
    organization = _own_organization(request.user)
    membership = get_visible_or_404(
        Membership.objects.filter(organization=organization).select_related("user", "organization"),
        request.user,
        pk=pk,
    )
    return _post_action(
        request,
        lambda: svc.member_remove(by=request.user, membership=membership),
        _("%(member)s was removed from the organization.") % {"member": membership.user},
    )


def invitation_accept(request, token: str):
    """The link in the invitation e-mail. Anonymous visitors are asked to sign up or log in
    and come back here (`next`); a logged-in employer without an organization joins."""
    invitation = svc.invitation_open(token)
    if invitation is None:
        return render(request, "certification/invitation_invalid.html", status=404)
    if svc.invitation_expired(invitation.created_at, timezone.now()):
        return render(
            request,
            "certification/invitation_invalid.html",
            {"expired_on": svc.invitation_expires_at(invitation.created_at)},
            status=410,
        )
    here = reverse("invitation_accept", kwargs={"token": token})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(here)
        try:
            svc.member_invitation_accept(user=request.user, token=token)
        except DomainError as exc:  # NotAllowed included: shown plainly, nothing changed
            return render(
                request,
                "certification/invitation_accept.html",
                {"invitation": invitation, "error": exc.message, "here": here},
                status=400 if not isinstance(exc, NotAllowed) else 403,
            )
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
        return redirect("home")
    blocked = ""
    if request.user.is_authenticated:
        if not request.user.is_employer:
            blocked = _(
                "Only employer users can join an organization; your account is a staff account."
            )
        elif organization_id_of(request.user) is not None:
            blocked = _(
                "You already belong to an organization. An account can belong to one "
                "organization only; ask the person who invited you to use another e-mail address."
            )
        elif not svc.invitation_addressed_to(invitation, request.user):
            blocked = str(svc.INVITATION_OTHER_ADDRESS)
    return render(
        request,
        "certification/invitation_accept.html",
        {"invitation": invitation, "here": here, "error": blocked},
    )
