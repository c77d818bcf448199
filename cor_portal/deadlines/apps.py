from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "cor_portal.deadlines"
    label = "deadlines"
