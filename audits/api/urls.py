"""The audits area's API routes; each module adds its viewsets with register(router)."""

from rest_framework.routers import DefaultRouter

from audits.api import audits, caps, external, reviewers, tools

router = DefaultRouter()
tools.register(router)
audits.register(router)
caps.register(router)
reviewers.register(router)
external.register(router)
urlpatterns = router.urls
