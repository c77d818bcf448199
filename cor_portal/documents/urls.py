from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<str:code>/", views.verify, name="verify"),
]
