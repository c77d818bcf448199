"""The appeals' API routes (/api/v1/appeals/)."""

from rest_framework.routers import DefaultRouter

from .api import register

router = DefaultRouter()
register(router)
urlpatterns = router.urls
