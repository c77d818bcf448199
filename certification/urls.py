"""Pages of the certification app, one list per area, all served from the site root."""

from django.urls import path

from certification.views import (
    certificates,
    onboarding,
    organization,
    people,
    readiness,
    registration,
    standings,
    training,
)

# Creating an organization, invitations and the members page.
onboarding_urls = [
    path("organization/create/", onboarding.organization_create, name="organization_create"),
    path("organization/members/", onboarding.members_list, name="members_list"),
    path("organization/members/invite/", onboarding.member_invite, name="member_invite"),
    path(
        "organization/members/<int:pk>/role/",
        onboarding.member_role_change,
        name="member_role_change",
    ),
    path("organization/members/<int:pk>/remove/", onboarding.member_remove, name="member_remove"),
    path(
        "organization/invitations/<int:pk>/revoke/",
        onboarding.member_invitation_revoke,
        name="member_invitation_revoke",
    ),
    path("invitations/<str:token>/", onboarding.invitation_accept, name="invitation_accept"),
]

# The organization, its WSIB accounts and their registrations.
registration_urls = [
    path("organization/", organization.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/", organization.organization_detail, name="organization_detail"),
    path("organization/edit/", organization.organization_edit, name="organization_edit"),
    path("wsib-accounts/", organization.wsib_account_list, name="wsib_account_list"),
    path("wsib-accounts/add/", organization.wsib_account_create_view, name="wsib_account_create"),
    path("wsib-accounts/<int:pk>/", organization.wsib_account_detail, name="wsib_account_detail"),
    path("wsib-accounts/<int:pk>/edit/", organization.wsib_account_edit, name="wsib_account_edit"),
    path(
        "wsib-accounts/<int:account_pk>/register/",
        registration.registration_create,
        name="registration_create",
    ),
    path("registrations/queue/", registration.registration_queue, name="registration_queue"),
    path("registrations/<int:pk>/", registration.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", registration.registration_edit, name="registration_edit"),
    path(
        "registrations/<int:pk>/submit/",
        registration.registration_submit_view,
        name="registration_submit",
    ),
    path(
        "registrations/<int:pk>/confirm/",
        registration.registration_confirm_view,
        name="registration_confirm",
    ),
    path(
        "registrations/<int:pk>/request-reregistration/",
        registration.registration_request_reregistration_view,
        name="registration_request_reregistration",
    ),
    path(
        "registrations/<int:pk>/confirmation-letter.pdf",
        registration.registration_confirmation_letter_view,
        name="registration_confirmation_letter",
    ),
]

# People, training, exemptions, the Code of Ethics and readiness.
people_urls = [
    path("people/", people.people_list, name="people_list"),
    path("people/add/", people.person_add_view, name="person_add"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit_view, name="person_edit"),
    path("people/<int:pk>/replace/", people.person_replace_view, name="person_replace"),
    path(
        "people/<int:pk>/code-of-ethics/",
        people.person_ethics_sign_view,
        name="person_ethics_sign",
    ),
    path("code-of-ethics/", people.ethics_sign_self_view, name="ethics_sign_self"),
    path("people/<int:pk>/training/add/", training.training_add_view, name="training_add"),
    path(
        "people/<int:pk>/exemptions/request/",
        training.exemption_request_view,
        name="exemption_request",
    ),
    path("training-records/<int:pk>/edit/", training.training_edit_view, name="training_edit"),
    path(
        "training-records/<int:pk>/remove/", training.training_remove_view, name="training_remove"
    ),
    path("exemptions/", training.exemption_queue, name="exemption_queue"),
    path("exemptions/<int:pk>/", training.exemption_detail, name="exemption_detail"),
    path("exemptions/<int:pk>/decide/", training.exemption_decide_view, name="exemption_decide"),
    path(
        "exemptions/<int:pk>/files/<slug:which>/",
        training.exemption_file,
        name="exemption_file",
    ),
    path(
        "wsib-accounts/<int:pk>/readiness/",
        readiness.wsib_account_readiness,
        name="wsib_account_readiness",
    ),
    path(
        "wsib-accounts/<int:pk>/ohsms/",
        readiness.wsib_account_ohsms_edit,
        name="wsib_account_ohsms_edit",
    ),
]

# Certificates and the administrators' registry pages.
certificate_urls = [
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path(
        "certificates/<int:pk>/certificate.pdf",
        certificates.certificate_download,
        name="certificate_download",
    ),
    path(
        "letters-of-good-standing/<int:pk>/letter.pdf",
        certificates.lgs_download,
        name="lgs_download",
    ),
    path("staff/registry/", certificates.registry_admin, name="registry_admin"),
    path("staff/standings/", standings.standings_dashboard, name="standings_dashboard"),
    path("staff/registry/publish/", certificates.registry_publish_view, name="registry_publish"),
    path(
        "staff/registry/clients/add/",
        certificates.registry_client_create_view,
        name="registry_client_create",
    ),
    path(
        "staff/registry/clients/<int:pk>/key/",
        certificates.registry_key_issue_view,
        name="registry_key_issue",
    ),
    path(
        "staff/registry/clients/<int:pk>/key/revoke/",
        certificates.registry_key_revoke_view,
        name="registry_key_revoke",
    ),
]

urlpatterns = [*onboarding_urls, *registration_urls, *people_urls, *certificate_urls]
