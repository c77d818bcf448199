from django.urls import path

from certification.views import onboarding as views

urlpatterns = [
    path("organization/create/", views.organization_create, name="organization_create"),
    path("organization/members/", views.members_list, name="members_list"),
    path("organization/members/invite/", views.member_invite, name="member_invite"),
    path(
        "organization/members/<int:pk>/role/", views.member_role_change, name="member_role_change"
    ),
    path("organization/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "organization/invitations/<int:pk>/revoke/",
        views.member_invitation_revoke,
        name="member_invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
