"""Account pages under /accounts/ (the staff-MFA middleware lets these through, so only
pages a user needs before setting up MFA live here)."""

from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.account_overview, name="account_overview"),
    path(
        "staff-invitations/<str:token>/",
        views.staff_invitation_accept,
        name="staff_invitation_accept",
    ),
]
