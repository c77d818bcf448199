from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cor_portal.notifications"
    label = "notifications"
