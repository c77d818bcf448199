from django.apps import AppConfig


class SoseConfig(AppConfig):
    name = "sose"
    default_auto_field = "django.db.models.BigAutoField"
