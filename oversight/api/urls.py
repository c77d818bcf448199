"""The oversight area's API routes (/api/v1/); each module adds its viewsets with
register(router)."""

from rest_framework.routers import DefaultRouter

from oversight.api import auditors, qa

router = DefaultRouter()
qa.register(router)
auditors.register(router)
urlpatterns = router.urls
