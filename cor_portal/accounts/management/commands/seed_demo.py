"""Idempotent demo data: one user per role, several organizations and WSIB accounts at
every stage. Passwords are DEMO_PASSWORD (see README). Each app registers its demo step in
its AppConfig.ready() (cor_portal/demo.py); this command only runs them, in INSTALLED_APPS
order. It lives in the platform so that no app has to name the apps above it.

Refused under production settings: demo accounts share one published password."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cor_portal.demo import run_demo

PRODUCTION_SETTINGS = "cor_portal.settings.production"


def _production() -> bool:
    module = getattr(settings, "SETTINGS_MODULE", "") or ""
    return module == PRODUCTION_SETTINGS or module.startswith(PRODUCTION_SETTINGS + ".")


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent). Refused under production settings."

    def handle(self, *args, **options):
        if _production():
            raise CommandError(
                "seed_demo refuses to run under production settings "
                f"({PRODUCTION_SETTINGS}): demo accounts share a published password. "
                "Nothing was written."
            )
        run_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
