"""One notice, each recipient in their own language (issue 8): the domain services passed
strings already translated in the *actor's* language to notify; they now pass Localized
texts, rendered per recipient (inbox message and e-mail alike)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audits.services.review import pre_assessment_record
from certification.enums import Course, ExemptionDocumentKind, MemberRole
from certification.services.training import exemption_refuse, exemption_request
from cor_portal.notifications.models import InboxMessage, OutboundEmail
from tests.factories import SAMPLE_PDF, PersonFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_languages(flow):
    """The cast's SMR reads English; a second SMR of the organization reads French."""
    english = flow.cast.smr
    english.language = "en-ca"
    english.save(update_fields=["language"])
    french = member(flow.cast.organization, MemberRole.SMR)
    french.language = "fr-ca"
    french.save(update_fields=["language"])
    return english, french


def _message(user) -> InboxMessage:
    return InboxMessage.objects.filter(user=user).order_by("-pk").first()


def _email(user) -> OutboundEmail:
    return OutboundEmail.objects.filter(to=user.email).order_by("-pk").first()


def test_an_audit_notice_reaches_each_smr_in_their_own_language(flow, two_languages):
    english, french = two_languages
    audit = flow.submitted()
    number = flow.cast.wsib_account.account_number

    # The reviewer acts in French: the actor's language no longer decides the recipients'.
    with translation.override("fr-ca"):
        pre_assessment_record(
            audit=audit,
            by=flow.cast.reviewer,
            complete=True,
            declared_score_meets_benchmarks=True,
        )

    assert _message(english).subject == (
        f"Internal audit accepted for desk review: WSIB account {number}"
    )
    assert _message(english).body.startswith("Your internal audit passed the pre-assessment.")
    assert _message(french).subject == (
        f"Vérification interne acceptée pour l'examen documentaire : Compte de la CSPAAT {number}"
    )
    assert "Your internal audit" not in _message(french).body
    assert _email(english).subject == f"[COR Portal] {_message(english).subject}"
    assert _email(french).subject == f"[Portail COR] {_message(french).subject}"
    assert _message(french).body in _email(french).body


def test_a_certification_notice_with_a_reason_follows_each_language(flow, two_languages):
    english, french = two_languages
    person = PersonFactory(organization=flow.cast.organization, first_name="Ana", last_name="Roy")
    exemption = exemption_request(
        person=person,
        course=Course.COR_ESSENTIALS,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("t.pdf", SAMPLE_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("o.pdf", SAMPLE_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=flow.cast.smr,
    )

    exemption_refuse(exemption=exemption, by=flow.cast.reviewer, reason="Not equivalent.")

    english_body, french_body = _message(english).body, _message(french).body
    assert _message(english).subject.startswith("Training exemption refused: ")
    assert english_body.endswith("was refused. Reason: Not equivalent.")
    assert _message(french).subject.startswith("Exemption de formation refusée : ")
    assert french_body.startswith("L'exemption du cours ")
    assert french_body.endswith("a été refusée. Motif : Not equivalent.")


def test_an_external_audit_notice_reaches_each_smr_in_their_own_language(flow, two_languages):
    from tests.audits.external import make_external

    english, french = two_languages
    ext = make_external(flow)
    ext.confirmed()  # the external audit follows a reviewed internal audit
    with translation.override("en-ca"):  # the auditor accepts with an English page open
        ext.accepted()
    number = flow.cast.wsib_account.account_number
    assert _message(english).subject == f"External auditor accepted: WSIB account {number}"
    assert _message(french).subject == (
        f"Vérificateur externe : mandat accepté : Compte de la CSPAAT {number}"
    )
