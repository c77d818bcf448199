"""Issue 11 item 8: the demo data that `sweep_deadlines --as-of` walks through pending and
lapse, and the registry shows after publishing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from certification.models import Certificate, LetterOfGoodStanding, RegistryEntry, WsibAccount
from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, registry_publish
from cor_portal.accounts.models import User

from .helpers import on

pytestmark = pytest.mark.django_db


def hold(number: str):
    return WsibAccount.objects.get(account_number=number).cor_hold


def registry_standing(number: str):
    latest = RegistryEntry.objects.order_by("-publication_id").values_list(
        "publication_id", flat=True
    )[0]
    entry = RegistryEntry.objects.filter(
        publication_id=latest, wsib_account_number=number, removed=False
    ).first()
    return entry.standing if entry else None


def test_demo_walks_through_pending_and_lapse(client):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    assert LetterOfGoodStanding.objects.filter(wsib_account__account_number="4810042").exists()
    assert registry_standing("4810044") == "certified"

    def sweep_and_publish(day):
        with on(day):
            call_command("sweep_deadlines", "--as-of", day.isoformat(), stdout=StringIO())
            registry_publish(by=admin)
            cache.delete(LATEST_PUBLICATION_CACHE_KEY)

    sweep_and_publish(today)
    assert hold("4810045") == "pending" and hold("4810044") == ""
    assert registry_standing("4810045") == "pending"
    sweep_and_publish(today + timedelta(days=11))
    assert hold("4810044") == "pending"
    assert registry_standing("4810044") == "pending"
    with on(today + timedelta(days=11)):
        page = client.get("/registry/").content.decode()
    assert "Pending" in page
    sweep_and_publish(today + timedelta(days=71))
    assert hold("4810044") == "lapsed" and hold("4810045") == "lapsed"
    assert registry_standing("4810044") is None
    number = Certificate.objects.get(wsib_account__account_number="4810044").number
    with on(today + timedelta(days=71)):
        assert "lapsed" in client.get(f"/verify/{number}/").content.decode()
    # The account with its letter stays certified; the failed review lapses at its D8.
    assert hold("4810042") == ""
    # Its D6 (anniversary + 30 = today + 20) passed; its D8 (today + 80) not yet.
    assert hold("4810047") == "pending"


def test_demo_accounts_in_recertification():
    from certification.models import MaintenanceYear, Registration
    from cor_portal.deadlines.models import Deadline

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    today = timezone.localdate()
    stages = dict(
        Registration.objects.filter(recertification_of__isnull=False).values_list(
            "wsib_account__account_number", "status"
        )
    )
    assert stages == {"4810048": "confirmed", "4810049": "submitted"}
    year = MaintenanceYear.objects.get(wsib_account__account_number="4810048", year=4)
    assert year.anniversary_date == today + timedelta(days=100)
    d5 = Deadline.objects.get(kind="D5", subject_id=str(year.pk))
    with on(today + timedelta(days=9)):
        call_command("sweep_deadlines", "--as-of", (today + timedelta(days=9)).isoformat())
    d5.refresh_from_db()
    assert d5.reminded_days_before is None
    with on(today + timedelta(days=10)):
        call_command("sweep_deadlines", "--as-of", (today + timedelta(days=10)).isoformat())
    d5.refresh_from_db()
    assert d5.reminded_days_before == 30  # 90 days before the anniversary
