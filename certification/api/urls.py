from rest_framework.routers import DefaultRouter

from certification.api import people, registration

router = DefaultRouter()
registration.register(router)
people.register(router)
urlpatterns = router.urls
