from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cor_portal.security"
    label = "security"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
