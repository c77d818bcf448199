"""A deadline's title in each reader's language (issue 8): stored in English with its msgid
and parameters when it opens, whatever language is active then, and rendered for whoever
reads it — home page, deadline tables, the sweep's messages, the calendar feed, the API."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from icalendar import Calendar

from certification.enums import MemberRole
from cor_portal.deadlines.models import CalendarFeedToken, Deadline
from cor_portal.deadlines.services import deadline_open, sweep
from cor_portal.deadlines.titles import render_title
from cor_portal.notifications.models import InboxMessage, OutboundEmail
from cor_portal.notifications.services import ByLanguage, Localized
from tests.factories import member

from .helpers import bulk_deadlines

pytestmark = pytest.mark.django_db

TITLE = "Correct the gaps and complete the external audit: %(account)s"
ACCOUNT = "%(board)s account %(number)s"
# The program's account name, given per language (stored as {"en", "fr"}).
BOARD = {"en": "WSIB", "fr": "CSPAAT"}


def _title(number: str) -> Localized:
    return Localized(
        gettext_lazy("Correct the gaps and complete the external audit: %(account)s"),
        {
            "account": Localized(
                gettext_lazy("%(board)s account %(number)s"),
                {"board": ByLanguage("WSIB", "CSPAAT"), "number": number},
            )
        },
    )


@pytest.fixture
def readers(cast):
    """The cast's SMR reads French; a second SMR of the organization reads English."""
    french = cast.smr
    french.language = "fr-ca"
    french.save(update_fields=["language"])
    english = member(cast.organization, MemberRole.SMR)
    english.language = "en-ca"
    english.save(update_fields=["language"])
    return french, english


@pytest.fixture
def numbers(cast):
    n = cast.wsib_account.account_number
    return {
        "en": f"Correct the gaps and complete the external audit: WSIB account {n}",
        "fr": f"Corrigez les lacunes et réalisez la vérification externe : Compte de la CSPAAT {n}",
    }


def _open(cast, due_in: int, **kw) -> Deadline:
    today = timezone.localdate()
    args = {
        "kind": "T2",
        "subject": cast.wsib_account,
        "title": _title(cast.wsib_account.account_number),
        "due_on": today + timedelta(days=due_in),
        "opened_on": today,
        "organization_id": cast.organization.pk,
        "url": "/own/",
    }
    return deadline_open(**{**args, **kw})


def test_a_deadline_opened_in_french_stores_the_english_title_and_its_msgid(
    cast, miss_log, numbers
):
    with translation.override("fr-ca"):
        d = _open(cast, 10)
    d.refresh_from_db()
    assert d.title == numbers["en"]
    assert d.title_msgid == TITLE
    assert d.title_params == {
        "account": {
            "msgid": ACCOUNT,
            "params": {"board": BOARD, "number": cast.wsib_account.account_number},
        }
    }
    with translation.override("fr-ca"):
        assert d.display_title == numbers["fr"]
    with translation.override("en-ca"):
        assert d.display_title == numbers["en"]


def test_a_plain_title_reads_the_same_in_every_language(cast, miss_log):
    d = _open(cast, 10, title="Own maintenance audit")
    d.refresh_from_db()
    assert (d.title, d.title_msgid, d.title_params) == ("Own maintenance audit", "", {})
    with translation.override("fr-ca"):
        assert d.display_title == "Own maintenance audit"


def test_a_title_whose_params_no_longer_fit_falls_back_to_the_stored_title():
    assert render_title("Stored", TITLE, {"other": "x"}) == "Stored"
    assert render_title("Stored", "Plain %(x)s %d", {"x": "1"}) == "Stored"
    assert render_title("Stored", "", {"account": "x"}) == "Stored"


def test_home_and_due_next_show_each_reader_their_language(client, cast, miss_log, readers):
    french, english = readers
    _open(cast, 2)
    n = cast.wsib_account.account_number
    fr = f"Corrigez les lacunes et réalisez la vérification externe : Compte de la CSPAAT {n}"
    en = f"Correct the gaps and complete the external audit: WSIB account {n}"
    client.force_login(french)
    home = client.get(reverse("home")).content.decode()
    table = client.get(reverse("deadlines:due_next")).content.decode()
    assert f"T2 · {fr}" in home and en not in home
    assert f">{fr}</a>" in table and en not in table
    client.force_login(english)
    home = client.get(reverse("home")).content.decode()
    table = client.get(reverse("deadlines:due_next")).content.decode()
    assert f"T2 · {en}" in home and fr not in home
    assert f">{en}</a>" in table and fr not in table


def test_staff_dashboard_table_in_french(client, cast, miss_log, numbers):
    _open(cast, 2)
    cast.reviewer.language = "fr-ca"
    cast.reviewer.save(update_fields=["language"])
    client.force_login(cast.reviewer)
    html = client.get(reverse("deadlines:dashboard")).content.decode()
    assert numbers["fr"] in html and numbers["en"] not in html


def _inbox(user) -> InboxMessage:
    return InboxMessage.objects.filter(user=user).order_by("-pk").first()


def _email(user) -> OutboundEmail:
    return OutboundEmail.objects.filter(to=user.email).order_by("-pk").first()


def test_a_reminder_reaches_each_reader_in_their_language(cast, miss_log, readers, numbers):
    french, english = readers
    d = _open(cast, 3)
    # The sweep runs in English (a worker): the recipients' languages decide.
    with translation.override("en-ca"):
        sweep(timezone.localdate())
    due = d.due_on.isoformat()
    assert _inbox(english).subject == f"Reminder: {numbers['en']} is due {due}"
    assert _inbox(english).body == f"T2 {numbers['en']} — due {due} (3 days left)"
    assert numbers["fr"] in _inbox(french).subject and numbers["en"] not in _inbox(french).subject
    assert _inbox(french).body.startswith(f"T2 {numbers['fr']}")
    assert numbers["fr"] in _email(french).subject and numbers["fr"] in _email(french).body


def test_a_digest_lists_each_line_in_the_readers_language(cast, miss_log, readers, numbers):
    french, english = readers
    _open(cast, 3)
    _open(cast, 2, subject=cast.organization, title="Plain English duty")
    with translation.override("en-ca"):
        sweep(timezone.localdate())
    en_body, fr_body = _inbox(english).body, _inbox(french).body
    assert _inbox(english).subject == "0 deadlines missed, 2 due soon"
    assert en_body.splitlines()[1].startswith(f"T2 {numbers['en']} — due")
    assert fr_body.splitlines()[1].startswith(f"T2 {numbers['fr']}")
    assert numbers["en"] not in fr_body and _inbox(french).subject != _inbox(english).subject
    # A plain title reads as it was given.
    assert fr_body.splitlines()[0].startswith("T2 Plain English duty")
    assert fr_body in _email(french).body


def _sweep_queries(as_of) -> int:
    with CaptureQueriesContext(connection) as ctx:
        sweep(as_of)
    return len(ctx.captured_queries)


def test_translated_titles_cost_the_sweep_no_query(cast, miss_log, readers):
    """The same sweep over plain and translated titles, read in two languages: as many
    queries (the titles come with the sample rows; translating is in Python)."""
    today = timezone.localdate()
    due = [today + timedelta(days=3)] * 40
    bulk_deadlines("T2", due, organization_id=cast.organization.pk)
    plain = _sweep_queries(today)
    Deadline.objects.all().delete()
    InboxMessage.objects.all().delete()
    bulk_deadlines("T2", due, organization_id=cast.organization.pk, start=1000)
    params = {"account": {"msgid": ACCOUNT, "params": {"board": BOARD, "number": "1234567"}}}
    Deadline.objects.update(title_msgid=TITLE, title_params=params)
    assert _sweep_queries(today) == plain
    assert "Compte de la CSPAAT 1234567" in _inbox(readers[0]).body


def _feed(client, user) -> Calendar:
    token = CalendarFeedToken.objects.create(user=user).token
    response = client.get(reverse("deadlines:calendar_feed", args=[token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def _summaries(cal: Calendar) -> list[str]:
    return [str(e["summary"]) for e in cal.walk("VEVENT")]


def test_the_calendar_feed_follows_its_owners_language(client, cast, miss_log, readers, numbers):
    french, english = readers
    _open(cast, 5)
    assert _summaries(_feed(client, french)) == [f"T2 {numbers['fr']}"]
    assert _summaries(_feed(client, english)) == [f"T2 {numbers['en']}"]
    # A new language choice shows at once (it is part of the feed's cache key).
    french.language = "en-ca"
    french.save(update_fields=["language"])
    token = CalendarFeedToken.objects.get(user=french).token
    body = client.get(reverse("deadlines:calendar_feed", args=[token])).content
    assert _summaries(Calendar.from_ical(body)) == [f"T2 {numbers['en']}"]


def test_the_api_keeps_the_english_title_and_adds_it_in_the_request_language(
    api_client, cast, miss_log, numbers
):
    d = _open(cast, 5)
    api_client.force_authenticate(cast.smr)
    url = f"/api/v1/deadlines/{d.pk}/"
    data = api_client.get(url, HTTP_ACCEPT_LANGUAGE="fr-ca").json()
    assert data["title"] == numbers["en"] and data["display_title"] == numbers["fr"]
    data = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en-ca").json()
    assert data["title"] == data["display_title"] == numbers["en"]


def _events(cal: Calendar) -> list[tuple[str, str]]:
    return [(str(e["summary"]), str(e["description"])) for e in cal.walk("VEVENT")]


def test_the_calendar_feed_words_are_in_the_owners_language(
    client, cast, miss_log, readers, numbers
):
    """Not only the titles: "MISSED", "Due … (opened …)", the state and the calendar's name
    read in the owner's language (the feed's cache key holds the language)."""
    french, english = readers
    today = timezone.localdate()
    _open(cast, -3, opened_on=today - timedelta(days=20))
    sweep(today)  # claims it: missed
    _open(cast, 5, subject=cast.organization)
    due_missed = (today - timedelta(days=3)).isoformat()
    opened_missed = (today - timedelta(days=20)).isoformat()
    due, opened = (today + timedelta(days=5)).isoformat(), today.isoformat()
    fr_cal = _feed(client, french)
    assert str(fr_cal["x-wr-calname"]) == "Échéances du Portail COR"
    assert _events(fr_cal) == [
        (
            f"MANQUÉE : T2 {numbers['fr']}",
            f"T2 : {numbers['fr']}\nÀ échéance le {due_missed} (ouverte le {opened_missed}). "
            "État : Manquée.",
        ),
        (
            f"T2 {numbers['fr']}",
            f"T2 : {numbers['fr']}\nÀ échéance le {due} (ouverte le {opened}). État : Ouverte.",
        ),
    ]
    en_cal = _feed(client, english)
    assert str(en_cal["x-wr-calname"]) == "COR Portal deadlines"
    assert _events(en_cal) == [
        (
            f"MISSED: T2 {numbers['en']}",
            f"T2: {numbers['en']}\nDue {due_missed} (opened {opened_missed}). State: Missed.",
        ),
        (
            f"T2 {numbers['en']}",
            f"T2: {numbers['en']}\nDue {due} (opened {opened}). State: Open.",
        ),
    ]


def test_claimed_rows_carry_what_renders_their_title_in_the_readers_language():
    """The rows a rule's on_miss receives (every field, or its `miss_fields`) render their
    title per reader: `display_title`; a raw cursor's JSON text is decoded (issue 8)."""
    from cor_portal.deadlines.services.results import row_factory

    params = {"account": {"msgid": ACCOUNT, "params": {"board": BOARD, "number": "1234567"}}}
    row = {
        "id": 1,
        "kind": "D3",
        "subject_type_id": 1,
        "subject_id": "1",
        "organization_id": None,
        "wsib_account_id": None,
        "binds": "certifying_body",
        "assignee_id": None,
        "title": "English title",
        "url": "",
        "opened_on": "2026-01-01",
        "due_on": "2026-01-22",
        "title_msgid": TITLE,
        "title_params": '{"account": {"msgid": "%(board)s account %(number)s", '
        '"params": {"board": {"en": "WSIB", "fr": "CSPAAT"}, "number": "1234567"}}}',
    }
    full = row_factory(None)(row)
    light = row_factory(("title", "title_msgid", "title_params", "due_on"))(row)
    for claimed in (full, light):
        assert claimed.title_params == params
        with translation.override("fr-ca"):
            assert str(claimed.display_title) == (
                "Corrigez les lacunes et réalisez la vérification externe : "
                "Compte de la CSPAAT 1234567"
            )
        with translation.override("en-ca"):
            assert str(claimed.display_title).endswith("WSIB account 1234567")
