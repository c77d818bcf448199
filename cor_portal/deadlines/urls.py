from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("deadlines/", views.dashboard, name="dashboard"),
    path("deadlines/next/", views.due_next, name="due_next"),
    path("deadlines/calendar/", views.calendar_settings, name="calendar_settings"),
    path("deadlines/closures/", views.closures, name="closures"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
