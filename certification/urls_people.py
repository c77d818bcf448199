"""Pages for people, training, exemptions, Code of Ethics and readiness."""

from django.urls import path

from certification.views import people, readiness, training

urlpatterns = [
    path("people/", people.people_list, name="people_list"),
    path("people/add/", people.person_add_view, name="person_add"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit_view, name="person_edit"),
    path("people/<int:pk>/replace/", people.person_replace_view, name="person_replace"),
    path(
        "people/<int:pk>/code-of-ethics/",
        people.person_ethics_sign_view,
        name="person_ethics_sign",
    ),
    path("code-of-ethics/", people.ethics_sign_self_view, name="ethics_sign_self"),
    path("people/<int:pk>/training/add/", training.training_add_view, name="training_add"),
    path(
        "people/<int:pk>/exemptions/request/",
        training.exemption_request_view,
        name="exemption_request",
    ),
    path("training-records/<int:pk>/edit/", training.training_edit_view, name="training_edit"),
    path(
        "training-records/<int:pk>/remove/", training.training_remove_view, name="training_remove"
    ),
    path("exemptions/", training.exemption_queue, name="exemption_queue"),
    path("exemptions/<int:pk>/", training.exemption_detail, name="exemption_detail"),
    path("exemptions/<int:pk>/decide/", training.exemption_decide_view, name="exemption_decide"),
    path(
        "exemptions/<int:pk>/files/<slug:which>/",
        training.exemption_file,
        name="exemption_file",
    ),
    path(
        "wsib-accounts/<int:pk>/readiness/",
        readiness.wsib_account_readiness,
        name="wsib_account_readiness",
    ),
    path(
        "wsib-accounts/<int:pk>/ohsms/",
        readiness.wsib_account_ohsms_edit,
        name="wsib_account_ohsms_edit",
    ),
]
