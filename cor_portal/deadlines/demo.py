"""Demo data for deadlines. The domain rules (D1…D19) open their own deadlines as their
demo objects move through their lifecycles; here only a closure date."""

from datetime import date

from cor_portal.demo import DemoRun

from .models import ClosureDate


def seed(*, users):
    year = date.today().year
    closure, _ = ClosureDate.objects.get_or_create(
        date=date(year, 12, 24), defaults={"reason": "Certifying body closed (Christmas Eve)"}
    )
    return {"closure_dates": [closure]}


def demo_step(run: DemoRun) -> dict:
    return seed(users=run.users)
