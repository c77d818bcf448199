from django.urls import path

from . import views

app_name = "equivalency"

urlpatterns = [
    path("keeping-cor/", views.overview, name="overview"),
    path("keeping-cor/spot-checks/open/", views.spot_check_open, name="spot_check_open"),
    path("keeping-cor/spot-checks/<int:pk>/", views.spot_check, name="spot_check"),
    path(
        "keeping-cor/spot-checks/<int:pk>/letter.pdf",
        views.spot_check_letter,
        name="spot_check_letter",
    ),
    path("keeping-cor/equivalency/new/", views.equivalency_create, name="equivalency_create"),
    path("keeping-cor/equivalency/<int:pk>/", views.equivalency, name="equivalency"),
    path(
        "keeping-cor/equivalency/<int:pk>/report.pdf",
        views.equivalency_report,
        name="equivalency_report",
    ),
    path(
        "keeping-cor/equivalency/<int:pk>/certificate.pdf",
        views.equivalency_certificate,
        name="equivalency_certificate",
    ),
    path("keeping-cor/reciprocity/new/", views.reciprocity_create, name="reciprocity_create"),
    path("keeping-cor/reciprocity/<int:pk>/", views.reciprocity, name="reciprocity"),
]
