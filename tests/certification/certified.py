"""Helpers for certificate and registry tests: confirmed accounts and their certificates."""

from datetime import date

from django.utils import timezone

from certification.enums import RegistrationStatus
from certification.services.certificates import certificate_issue
from tests.factories import OrganizationFactory, RegistrationFactory, WsibAccountFactory


def confirmed_account(by, organization=None, **org):
    account = WsibAccountFactory(organization=organization or OrganizationFactory(**org))
    RegistrationFactory(
        wsib_account=account,
        status=RegistrationStatus.CONFIRMED,
        submitted_at=timezone.now(),
        confirmed_at=timezone.now(),
        confirmed_by=by,
    )
    return account


def certified(by, anniversary: date, organization=None, **org):
    account = confirmed_account(by, organization, **org)
    return certificate_issue(wsib_account=account, anniversary_date=anniversary, by=by)
