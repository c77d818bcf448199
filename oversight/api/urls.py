"""The oversight area's API routes (/api/v1/); each module adds its viewsets with
register(router)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from oversight.api import auditors, figures, qa, workplans

router = DefaultRouter()
qa.register(router)
auditors.register(router)
figures.register(router)
workplans.register(router)
urlpatterns = [
    path("program-figures/", figures.ProgramFiguresView.as_view(), name="program-figures"),
    *router.urls,
]
