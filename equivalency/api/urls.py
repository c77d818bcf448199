from rest_framework.routers import DefaultRouter

from .views import EquivalencyRequestViewSet, ReciprocityRequestViewSet, SpotCheckViewSet

router = DefaultRouter()
router.register("spot-checks", SpotCheckViewSet, basename="spot-check")
router.register("equivalency-requests", EquivalencyRequestViewSet, basename="equivalency-request")
router.register("reciprocity-requests", ReciprocityRequestViewSet, basename="reciprocity-request")
urlpatterns = router.urls
