"""Pages of the certification app. Each area keeps its own url module."""

from certification.urls_onboarding import urlpatterns as onboarding_urls
from certification.urls_people import urlpatterns as people_urls
from certification.urls_registration import urlpatterns as registration_urls

urlpatterns = [*onboarding_urls, *registration_urls, *people_urls]
