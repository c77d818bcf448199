"""/api/v1/: one router; each app contributes its viewsets in its api/urls.py."""

from django.urls import include, path

from cor_portal.accounts.api import (
    ObtainTokenView,
    TokenDetailView,
    TokenListView,
    TokenLogoutView,
)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<uuid:public_id>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("auth/logout/", TokenLogoutView.as_view(), name="api-logout"),
    path("", include("certification.api.urls")),
    path("", include("audits.api.urls")),
    path("", include("equivalency.api.urls")),
    path("", include("oversight.api.urls")),
    path("", include("sose.urls_api")),
    path("", include("appeals.urls_api")),
    path("", include("cor_portal.deadlines.api")),
    path("", include("cor_portal.notifications.api")),
]
