"""Pages of the action plans (sose.views)."""

from django.urls import path

from . import views

app_name = "sose"

P = "action-plans/<int:pk>/"

urlpatterns = [
    path("action-plans/", views.plan_list, name="plan_list"),
    path("action-plans/start/", views.plan_start, name="plan_start"),
    path(
        "action-plans/deliverables/<int:pk>/",
        views.deliverable_download,
        name="deliverable_download",
    ),
    path(P, views.plan_detail, name="plan_detail"),
    path(P + "objectives/", views.objective_add, name="objective_add"),
    path(P + "objectives/<int:objective_pk>/", views.objective_save, name="objective_save"),
    path(
        P + "objectives/<int:objective_pk>/remove/",
        views.objective_remove,
        name="objective_remove",
    ),
    path(
        P + "objectives/<int:objective_pk>/milestones/",
        views.milestone_add,
        name="milestone_add",
    ),
    path(P + "milestones/<int:milestone_pk>/", views.milestone_save, name="milestone_save"),
    path(
        P + "milestones/<int:milestone_pk>/remove/",
        views.milestone_remove,
        name="milestone_remove",
    ),
    path(
        P + "milestones/<int:milestone_pk>/complete/",
        views.milestone_complete,
        name="milestone_complete",
    ),
    path(
        P + "milestones/<int:milestone_pk>/deliverables/",
        views.deliverable_attach,
        name="deliverable_attach",
    ),
    path(P + "submit-proposal/", views.proposal_submit, name="proposal_submit"),
    path(P + "approve/", views.plan_approve, name="plan_approve"),
    path(P + "return/", views.plan_return, name="plan_return"),
    path(P + "verification-plan/", views.verification_plan, name="verification_plan"),
    path(P + "self-score/", views.self_score, name="self_score"),
    path(P + "submit-final/", views.final_submit, name="final_submit"),
    path(P + "score/", views.plan_score, name="plan_score"),
    path(P + "package/", views.package, name="package"),
    path(P + "export/", views.export, name="export"),
]
