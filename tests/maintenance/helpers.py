"""Certificates issued on a given day, and the sweep run on given days (time travel)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from certification.models import Certificate, MaintenanceYear, WsibAccount
from certification.standing_facts import standing_of
from cor_portal.deadlines.services import sweep
from tests.certification.certified import certified

TORONTO = ZoneInfo("America/Toronto")


def on(day: date):
    """Travel to noon, Toronto time, of `day` (tick off)."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=TORONTO), tick=False)


def issue(by, anniversary: date, issued_on: date | None = None, **org) -> Certificate:
    with on(issued_on or anniversary):
        return certified(by, anniversary, **org)


def sweep_on(day: date):
    with on(day):
        return sweep(day)


def year_of(certificate: Certificate, year: int) -> MaintenanceYear:
    return MaintenanceYear.objects.get(certificate=certificate, year=year)


def hold(certificate: Certificate) -> str | None:
    return WsibAccount.objects.get(pk=certificate.wsib_account_id).cor_hold


def standing_on(certificate: Certificate, day: date) -> str:
    account = WsibAccount.objects.get(pk=certificate.wsib_account_id)
    return str(standing_of(account, day).standing)


def snapshot():
    return (
        sorted(
            MaintenanceYear.objects.values_list(
                "pk", "state", "late", "deficiencies_open", "pending_since", "lapsed_on"
            )
        ),
        sorted(Certificate.objects.values_list("pk", "status")),
        sorted(WsibAccount.objects.values_list("pk", "cor_hold", "cor_hold_since")),
    )
