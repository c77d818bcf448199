from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cor_portal.deadlines.services import sweep


class Command(BaseCommand):
    help = (
        "Mark overdue deadlines missed (applying their consequences once, oldest first) and "
        "send the reminders due, as of a date (default: today in America/Toronto). "
        "Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="The date to sweep for, YYYY-MM-DD.")

    def handle(self, *args, as_of: str | None = None, **options):
        if as_of is None:
            day = timezone.localdate()
        else:
            try:
                day = date.fromisoformat(as_of.strip())
            except ValueError:
                raise CommandError(
                    f"--as-of: {as_of!r} is not a date. Use YYYY-MM-DD, e.g. 2026-11-22. "
                    "Nothing was changed."
                ) from None
            if len(as_of.strip()) != 10:
                raise CommandError(
                    f"--as-of: {as_of!r} is not a date in the form YYYY-MM-DD. Nothing was changed."
                )
        result = sweep(day)
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for kind, count in sorted(result.missed_by_kind.items()):
            self.stdout.write(f"  missed {kind}: {count}")
        for offset, count in sorted(result.reminded_by_offset.items()):
            if count:
                self.stdout.write(f"  reminders {offset} days ahead: {count}")
