"""Each recipient's inbox message and e-mail are rendered in that recipient's language
(User.language), whatever language the caller's request was in."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from cor_portal.notifications.models import InboxMessage
from cor_portal.notifications.services import ByLanguage, Localized, notify

pytestmark = pytest.mark.django_db

SUBJECT = gettext_lazy("COR registration confirmed: %(board)s %(number)s")
# A program's account name is configuration, given per language (not in the catalogue).
BOARD = ByLanguage("WSIB", "CSPAAT")


def test_each_recipient_reads_their_language(cast, django_capture_on_commit_callbacks):
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    assert cast.viewer.language == "en-ca"  # the site default
    with translation.override("en-ca"), django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[cast.smr, cast.viewer],
            subject=Localized(SUBJECT, {"board": BOARD, "number": "1234567"}),
            body=Localized(gettext_lazy("Status: %(s)s"), {"s": gettext_lazy("Confirmed")}),
        )
    by_to = {m.to[0]: m for m in mail.outbox}
    assert (
        by_to[cast.smr.email].subject
        == "[Portail COR] Inscription au COR™ confirmée : CSPAAT 1234567"
    )
    assert (
        by_to[cast.viewer.email].subject == "[COR Portal] COR registration confirmed: WSIB 1234567"
    )
    # A lazy parameter (an enum label) is translated too; an untranslated msgid stays as is.
    assert by_to[cast.smr.email].body == "Status: Confirmée"
    assert by_to[cast.viewer.email].body == "Status: Confirmed"
    inbox = {m.user_id: m.subject for m in InboxMessage.objects.all()}
    assert inbox[cast.smr.pk].startswith("Inscription au COR™ confirmée")
    assert inbox[cast.viewer.pk].startswith("COR registration confirmed")


def test_plain_strings_are_sent_as_written(cast, django_capture_on_commit_callbacks):
    """A caller that translated already (a plain string) is not re-translated."""
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[cast.smr], subject="Act now", body="Please.")
    assert mail.outbox[0].subject == "[Portail COR] Act now"  # the prefix follows the reader


def test_unknown_stored_language_falls_back_to_the_site_default(
    cast, django_capture_on_commit_callbacks
):
    type(cast.smr).objects.filter(pk=cast.smr.pk).update(language="xx")
    cast.smr.refresh_from_db()
    with translation.override("fr-ca"), django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[cast.smr], subject=Localized(SUBJECT, {"board": BOARD, "number": "7"}), body="b"
        )
    assert mail.outbox[0].subject == "[COR Portal] COR registration confirmed: WSIB 7"
