"""Administrators' pages under /staff/ (outside /accounts/, so staff MFA applies)."""

from django.urls import path

from . import views

urlpatterns = [
    path("invite/", views.staff_invite, name="staff_invite"),
    path(
        "invitations/<int:pk>/revoke/",
        views.staff_invitation_revoke,
        name="staff_invitation_revoke",
    ),
]
