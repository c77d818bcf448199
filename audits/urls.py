"""Pages and downloads of the audits area (page urls are added beside the download)."""

from django.urls import path

from audits import views_downloads

app_name = "audits"

urlpatterns = [
    path(
        "audits/evidence/<int:pk>/download/",
        views_downloads.evidence_download,
        name="evidence_download",
    ),
]
