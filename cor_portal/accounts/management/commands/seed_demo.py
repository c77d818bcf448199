"""Idempotent demo data: one user per role, several organizations and WSIB accounts at
every stage. Passwords are DEMO_PASSWORD (see README). Each app registers its demo step in
its AppConfig.ready() (cor_portal/demo.py); this command only runs them, in INSTALLED_APPS
order. It lives in the platform so that no app has to name the apps above it."""

from django.conf import settings
from django.core.management.base import BaseCommand

from cor_portal.demo import run_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent)."

    def handle(self, *args, **options):
        run_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
