from datetime import date

from django.core.management.base import BaseCommand, CommandError

from certification.services.standings import standings_record
from cor_portal.errors import DomainError


class Command(BaseCommand):
    help = (
        "Count the WSIB accounts per COR standing as of a day (default: today in "
        "America/Toronto) and store the counts for the staff standings chart. Running it again "
        "for the same day replaces that day's counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="The day to record, YYYY-MM-DD.")

    def handle(self, *args, as_of: str | None = None, **options):
        day = None
        if as_of is not None:
            text = as_of.strip()
            try:
                if len(text) != 10:
                    raise ValueError
                day = date.fromisoformat(text)
            except ValueError:
                raise CommandError(
                    f"--as-of: {as_of!r} is not a date. Use YYYY-MM-DD, e.g. 2026-11-22. "
                    "Nothing was recorded."
                ) from None
        try:
            counts = standings_record(on=day)
        except DomainError as exc:
            raise CommandError(f"{exc.message} Nothing was recorded.") from None
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{k}: {v}" for k, v in counts.items() if v) or "none")
        )
