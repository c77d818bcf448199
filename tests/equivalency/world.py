"""The access matrix's equivalency objects of one side (tests/security/matrix.py): a spot
check with its letter issued on the side's certified account, an ISO 45001 request awaiting
the Lead Auditor, an approved one (decision report and certificate stored) and a reciprocity
request awaiting staff."""

from django.core.files.base import ContentFile

from cor_portal.accounts.enums import UserRole
from equivalency.rules_pure import allowed_documents
from equivalency.services.equivalency import (
    equivalency_decide,
    equivalency_document_add,
    equivalency_request_create,
    equivalency_submit,
)
from equivalency.services.reciprocity import reciprocity_request_create
from equivalency.services.spot_checks import spot_check_issue_letter, spot_check_open
from tests.certification.certified import confirmed_account
from tests.factories import SAMPLE_PDF, UserFactory


def _submitted(cast, account):
    request = equivalency_request_create(
        organization=cast.organization,
        kind="iso_45001",
        wsib_account=account,
        ontario_work_in_scope=True,
        by=cast.smr,
    )
    for doc in allowed_documents("iso_45001"):
        equivalency_document_add(
            request=request, kind=doc, upload=ContentFile(SAMPLE_PDF, name="d.pdf"), by=cast.smr
        )
    equivalency_submit(request=request, by=cast.smr)
    return request


def side_objects(cast, certificate) -> dict:
    from django.utils import timezone

    check = spot_check_open(
        wsib_account=certificate.wsib_account,
        scope="Element 3",
        check_date=timezone.localdate(),
        findings="Gaps",
        by=cast.reviewer,
    )
    spot_check_issue_letter(check=check, outcome="corrective_action", by=cast.reviewer)
    waiting = _submitted(cast, None)
    done = _submitted(cast, confirmed_account(cast.admin, organization=cast.organization))
    equivalency_decide(
        request=done,
        outcome="approve",
        summary="Reviewed",
        fee_amount="750",
        fee_paid_on=timezone.localdate(),
        by=UserFactory(role=UserRole.LEAD_AUDITOR),
    )
    reciprocity = reciprocity_request_create(
        organization=cast.organization,
        home_province="AB",
        cfcsa_member="ACSA",
        letter=ContentFile(SAMPLE_PDF, name="letter.pdf"),
        by=cast.smr,
    )
    return {
        "spot_check": check.pk,
        "equivalency": waiting.pk,
        "equivalency_done": done.pk,
        "reciprocity": reciprocity.pk,
    }
