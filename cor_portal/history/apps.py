from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "cor_portal.history"
    label = "history"
