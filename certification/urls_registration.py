"""Pages for organizations, WSIB accounts and registrations."""

from django.urls import path

from certification.views import organization as org_views
from certification.views import registration as reg_views

urlpatterns = [
    path("organization/", org_views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/", org_views.organization_detail, name="organization_detail"),
    path("organization/edit/", org_views.organization_edit, name="organization_edit"),
    path("wsib-accounts/", org_views.wsib_account_list, name="wsib_account_list"),
    path("wsib-accounts/add/", org_views.wsib_account_create_view, name="wsib_account_create"),
    path("wsib-accounts/<int:pk>/", org_views.wsib_account_detail, name="wsib_account_detail"),
    path("wsib-accounts/<int:pk>/edit/", org_views.wsib_account_edit, name="wsib_account_edit"),
    path(
        "wsib-accounts/<int:account_pk>/register/",
        reg_views.registration_create,
        name="registration_create",
    ),
    path("registrations/queue/", reg_views.registration_queue, name="registration_queue"),
    path("registrations/<int:pk>/", reg_views.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", reg_views.registration_edit, name="registration_edit"),
    path(
        "registrations/<int:pk>/submit/",
        reg_views.registration_submit_view,
        name="registration_submit",
    ),
    path(
        "registrations/<int:pk>/confirm/",
        reg_views.registration_confirm_view,
        name="registration_confirm",
    ),
    path(
        "registrations/<int:pk>/request-reregistration/",
        reg_views.registration_request_reregistration_view,
        name="registration_request_reregistration",
    ),
    path(
        "registrations/<int:pk>/confirmation-letter.pdf",
        reg_views.registration_confirmation_letter_view,
        name="registration_confirmation_letter",
    ),
]
