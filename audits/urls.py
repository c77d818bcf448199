"""Pages and downloads of the audits area."""

from django.urls import path

from audits.views import audit as audit_views
from audits.views import cap as cap_views
from audits.views import downloads as download_views
from audits.views import external as external_views
from audits.views import review as review_views
from audits.views import roster as roster_views

app_name = "audits"

urlpatterns = [
    path(
        "audits/evidence/<int:pk>/download/",
        download_views.evidence_download,
        name="evidence_download",
    ),
    path(
        "audits/evidence/<int:pk>/remove/",
        audit_views.evidence_remove_view,
        name="evidence_remove",
    ),
    path("audits/", audit_views.audit_list, name="audit_list"),
    path("audits/start/", audit_views.audit_start_view, name="audit_start"),
    path(
        "audits/recertification/start/",
        audit_views.recertification_audit_start_view,
        name="recertification_audit_start",
    ),
    path("audits/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
    path(
        "audits/<int:pk>/elements/<int:number>/",
        audit_views.audit_element,
        name="audit_element",
    ),
    path(
        "audits/<int:pk>/items/<int:item_pk>/",
        audit_views.response_save_view,
        name="response_save",
    ),
    path("audits/<int:pk>/evidence/", audit_views.evidence_upload, name="evidence_upload"),
    path("audits/<int:pk>/submit/", audit_views.audit_submit_view, name="audit_submit"),
    path(
        "audits/<int:pk>/ready-for-sign-off/",
        audit_views.audit_ready_for_sign_off_view,
        name="ready_for_sign_off",
    ),
    path("audits/reviews/", review_views.review_queue, name="review_queue"),
    path("audits/<int:pk>/pre-assess/", review_views.pre_assess, name="pre_assess"),
    path("audits/<int:pk>/assign-reviewer/", review_views.assign_reviewer, name="assign_reviewer"),
    path("audits/<int:pk>/review/", review_views.desk_review, name="desk_review"),
    path(
        "audits/<int:pk>/review/elements/<int:number>/",
        review_views.desk_review_element,
        name="desk_review_element",
    ),
    path(
        "audits/<int:pk>/review/items/<int:item_pk>/",
        review_views.review_item_save,
        name="review_item_save",
    ),
    path(
        "audits/<int:pk>/review/complete/",
        review_views.review_complete_view,
        name="review_complete",
    ),
    path(
        "audits/<int:pk>/review-report/",
        review_views.review_report_download,
        name="review_report",
    ),
    path("external/", external_views.engagement_list, name="engagement_list"),
    path("external/choose/", external_views.engagement_choose, name="engagement_choose"),
    path("external/<int:pk>/", external_views.engagement_detail, name="engagement_detail"),
    path("external/<int:pk>/report/", external_views.engagement_report, name="engagement_report"),
    path(
        "external/<int:pk>/forms/<str:meeting>/",
        external_views.meeting_form_download,
        name="meeting_form",
    ),
    path(
        "external/<int:pk>/do/<str:step>/",
        external_views.engagement_step,
        name="engagement_step",
    ),
    path("staff/auditors/", roster_views.roster_list, name="roster_list"),
    path("staff/auditors/conflicts/", roster_views.roster_conflicts, name="roster_conflicts"),
    path("staff/auditors/<int:pk>/", roster_views.roster_detail, name="roster_detail"),
    path(
        "staff/auditors/<int:pk>/<slug:step>/",
        roster_views.roster_action,
        name="roster_action",
    ),
    path("audits/caps/<int:pk>/", cap_views.cap_detail, name="cap_detail"),
    path("audits/caps/<int:pk>/items/add/", cap_views.cap_item_add_view, name="cap_item_add"),
    path("audits/caps/items/<int:pk>/edit/", cap_views.cap_item_edit, name="cap_item_edit"),
    path("audits/caps/<int:pk>/submit/", cap_views.cap_submit_view, name="cap_submit"),
    path("audits/caps/<int:pk>/approve/", cap_views.cap_approve_view, name="cap_approve"),
    path("audits/caps/<int:pk>/return/", cap_views.cap_return_view, name="cap_return"),
]
