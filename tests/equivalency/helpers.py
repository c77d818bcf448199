from datetime import date

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from cor_portal.accounts.enums import UserRole
from equivalency.rules_pure import allowed_documents
from equivalency.services.equivalency import (
    equivalency_document_add,
    equivalency_request_create,
    equivalency_submit,
)
from tests.certification.certified import certified, confirmed_account
from tests.factories import UserFactory, WsibAccountFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: date):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12, 0))
    return time_machine.travel(moment, tick=False)


def pdf(name="doc.pdf"):
    return ContentFile(PDF, name=name)


def lead():
    return UserFactory(role=UserRole.LEAD_AUDITOR)


def certified_account(cast, anniversary: date):
    return certified(cast.admin, anniversary, organization=cast.organization).wsib_account


def confirmed(cast):
    return confirmed_account(cast.admin, organization=cast.organization)


def submitted_request(cast, *, kind="iso_45001", account=None, ontario=True, skip=()):
    request = equivalency_request_create(
        organization=cast.organization,
        kind=kind,
        wsib_account=account,
        ontario_work_in_scope=ontario,
        by=cast.smr,
    )
    for doc in allowed_documents(kind):
        if doc not in skip:
            equivalency_document_add(
                request=request, kind=doc, upload=pdf(f"{doc}.pdf"), by=cast.smr
            )
    if not skip:
        equivalency_submit(request=request, by=cast.smr)
    return request


__all__ = ["WsibAccountFactory"]
