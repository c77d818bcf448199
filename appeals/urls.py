from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("appeals/", views.index, name="index"),
    path("appeals/board/", views.board, name="board"),
    path("appeals/file/<str:kind>/<int:pk>/", views.file, name="file"),
    path("appeals/<int:pk>/", views.detail, name="detail"),
    path("appeals/<int:pk>/forms/<int:document>.pdf", views.form_pdf, name="form_pdf"),
]
