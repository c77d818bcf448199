"""The oversight area's API routes (/api/v1/); each module adds its viewsets with
register(router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
