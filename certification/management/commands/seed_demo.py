"""Idempotent demo data: one user per role, several organizations and WSIB accounts at
every stage. Passwords are DEMO_PASSWORD (see README). Each area adds its own demo data in
its `demo` module; this command only calls them in dependency order."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from certification import demo as certification_demo
from certification import demo_people
from cor_portal.accounts import demo as accounts_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = accounts_demo.seed_users(password=settings.DEMO_PASSWORD)
            orgs = certification_demo.seed(users=users)
            demo_people.seed(users=users, organizations=orgs)
        for step in self._later_steps():
            with transaction.atomic():
                step(users=users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _later_steps(self):
        """Demo data of the apps built on certification (audits, deadlines, …)."""
        from importlib import import_module

        steps = []
        for module in ("audits.demo", "cor_portal.deadlines.demo"):
            try:
                steps.append(import_module(module).seed)
            except ModuleNotFoundError:
                continue
        return steps
