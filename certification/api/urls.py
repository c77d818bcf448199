from django.urls import path
from rest_framework.routers import DefaultRouter

from certification.api import (
    maintenance,
    people,
    programs,
    registration,
    registry_admin,
    standings,
    timeline,
)
from certification.api import registry as registry_api

router = DefaultRouter()
registration.register(router)
people.register(router)
registry_api.register(router)
registry_admin.register(router)
maintenance.register(router)
programs.register(router)
urlpatterns = [
    path(
        "public/certified/", registry_api.CertifiedFeedView.as_view(), name="api-public-certified"
    ),
    path(
        "wsib-accounts/<int:pk>/timeline/",
        timeline.WsibAccountTimelineView.as_view(),
        name="api-wsib-account-timeline",
    ),
    path("standings/at-risk/", standings.AtRiskView.as_view(), name="api-standings-at-risk"),
    path("standings/history/", standings.HistoryView.as_view(), name="api-standings-history"),
    path("registry/verify/", registry_api.BulkVerifyView.as_view(), name="api-registry-verify"),
    *router.urls,
]
