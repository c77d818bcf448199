from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cor_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("cor_portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("cor_portal.accounts.urls_staff")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inbox/", include("cor_portal.notifications.urls")),
    # Certificate numbers (/verify/COR-…/) and the public registry, before documents' codes.
    path("", include("certification.urls_public")),
    path("verify/", include("cor_portal.documents.urls")),
    path("", include("cor_portal.deadlines.urls")),
    path("", include("certification.urls")),
    path("", include("audits.urls")),
    path("", include("equivalency.urls")),
    path("", include("oversight.urls")),
    path("", include("sose.urls")),
    path("api/v1/", include("cor_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
