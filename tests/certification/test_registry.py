"""The public registry [SPEC §9]: publishing, the page, the feed (JSON/CSV, ETag/304,
changed_since), and that it shows exactly the published certified accounts."""

import json
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.utils.http import http_date

from certification.enums import Sector
from certification.models import RegistryEntry, RegistryPublication
from certification.services.certificates import certificate_revoke
from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, registry_publish
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.services import sweep
from cor_portal.errors import NotAllowed
from tests.certification.certified import certified, confirmed_account
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/public/certified/"
NOW = "2026-06-15 12:00 -04:00"


@pytest.fixture
def admin(db):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)  # not clear(): Redis is shared by workers
    return UserFactory(role=UserRole.ADMINISTRATOR, first_name="Alex", last_name="Admin")


def _feed(client, **headers):
    return client.get(FEED, **headers)


@time_machine.travel(NOW, tick=False)
def test_registry_lists_exactly_the_published_certified_accounts(admin, client):
    a = certified(admin, date(2026, 1, 5), legal_name="Alpha Inc.", operating_name="Alpha")
    b = certified(admin, date(2025, 5, 1), legal_name="Beta Ltd.", operating_name="")
    revoked = certified(admin, date(2026, 2, 1), legal_name="Gamma Corp.")
    certificate_revoke(certificate=revoked, by=admin, reason="Appeal")
    confirmed_account(admin, legal_name="Delta (in initial cycle)")
    # Lapsed: certified long ago, never recertified.
    with time_machine.travel("2023-01-10 12:00 -05:00", tick=False):
        certified(admin, date(2023, 1, 10), legal_name="Epsilon (lapsed)")
    # Nothing published yet: nothing listed.
    assert _feed(client).status_code == 404
    sweep(date(2026, 6, 15))  # issue 11: the sweep lapses it (stored standing)
    registry_publish(by=admin)
    unpublished = certified(admin, date(2026, 6, 1), legal_name="Zeta (after publishing)")
    body = _feed(client).json()
    assert [r["certificate_number"] for r in body["results"]] == [a.number, b.number]
    assert body["results"][0] == {
        "organization": "Alpha Inc.",
        "operating_name": "Alpha",
        "certificate_number": a.number,
        "standing": "certified",
        "anniversary_date": "2026-01-05",
        "expiry_date": "2029-01-05",
    }
    assert body["published_by"] == "Alex Admin"
    assert unpublished.number not in json.dumps(body)
    page = client.get("/registry/")
    assert page.status_code == 200
    assert a.number in page.content.decode()
    assert "Alex Admin" in page.content.decode()
    assert unpublished.number not in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_only_administrators_publish(admin):
    reviewer = UserFactory(role=UserRole.REVIEWER)
    with pytest.raises(NotAllowed):
        registry_publish(by=reviewer)
    assert RegistryPublication.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_feed_etag_and_last_modified_answer_304(admin, client):
    certified(admin, date(2026, 1, 5))
    publication = registry_publish(by=admin)
    first = _feed(client)
    etag = first["ETag"]
    assert first["Last-Modified"] == http_date(int(publication.published_at.timestamp()))
    assert first["Cache-Control"] == "public, no-cache"
    assert _feed(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    not_modified = _feed(client, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert _feed(client, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # If-None-Match decides when both are sent.
    assert (
        _feed(
            client, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 200
    )
    older = http_date(int(publication.published_at.timestamp()) - 60)
    assert _feed(client, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    # A new publication with new content changes the ETag.
    with time_machine.travel("2026-06-16 12:00 -04:00", tick=False):
        certified(admin, date(2026, 6, 16))
        registry_publish(by=admin)
        again = _feed(client, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


@time_machine.travel(NOW, tick=False)
def test_changed_since_gives_changes_and_removals(admin, client):
    kept = certified(admin, date(2026, 1, 5), legal_name="Kept")
    gone = certified(admin, date(2026, 2, 5), legal_name="Gone")
    registry_publish(by=admin)
    with time_machine.travel("2026-06-20 12:00 -04:00", tick=False):
        new = certified(admin, date(2026, 6, 20), legal_name="New")
        certificate_revoke(certificate=gone, by=admin, reason="Appeal")
        registry_publish(by=admin)
        response = client.get(FEED, {"changed_since": "2026-06-18T00:00:00Z"})
        body = response.json()
        assert [r["certificate_number"] for r in body["results"]] == [new.number]
        assert body["removed"] == [gone.number]
        everything = client.get(FEED).json()
        assert [r["certificate_number"] for r in everything["results"]] == [kept.number, new.number]
        # From before the first publication: everything, and the removal.
        early = client.get(FEED, {"changed_since": "2026-01-01"}).json()
        assert [r["certificate_number"] for r in early["results"]] == [kept.number, new.number]
        assert early["removed"] == [gone.number]
        # A tombstone stays one, unchanged, in later publications.
        registry_publish(by=admin)
        later = client.get(FEED, {"changed_since": "2026-06-20T17:00:00Z"}).json()
        assert later["results"] == []
        assert later["removed"] == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-06-15T25:00"])
def test_malformed_changed_since_is_a_400_naming_it(admin, client, value):
    certified(admin, date(2026, 1, 5))
    registry_publish(by=admin)
    response = client.get(FEED, {"changed_since": value})
    assert response.status_code == 400
    assert list(response.json()) == ["changed_since"]


@time_machine.travel(NOW, tick=False)
def test_csv_feed_neutralizes_formulas(admin, client):
    certified(admin, date(2026, 1, 5), legal_name='=HYPERLINK("http://x")', operating_name="+1")
    registry_publish(by=admin)
    response = client.get(FEED, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert (
        lines[0]
        == "organization,operating_name,certificate_number,standing,anniversary_date,expiry_date"
    )
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")",\'+1,COR-2026-')
    etag = response["ETag"]
    assert client.get(FEED, {"format": "csv"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert etag != client.get(FEED)["ETag"]


@time_machine.travel(NOW, tick=False)
def test_pending_accounts_are_listed_lapsed_ones_are_not(admin, client):
    pending = certified(admin, date(2023, 7, 1), legal_name="Pending")  # expired 2026-07-01
    with time_machine.travel("2026-08-15 12:00 -04:00", tick=False):  # 45 days after
        sweep(date(2026, 8, 15))  # issue 11: the sweep applies pending (stored standing)
        registry_publish(by=admin)
        rows = client.get(FEED).json()["results"]
        assert [(r["certificate_number"], r["standing"]) for r in rows] == [
            (pending.number, "pending")
        ]
    with time_machine.travel("2026-10-15 12:00 -04:00", tick=False):  # 106 days after
        sweep(date(2026, 10, 15))  # … and lapse
        registry_publish(by=admin)
        assert client.get(FEED).json()["results"] == []


@time_machine.travel(NOW, tick=False)
def test_registry_page_searches_by_name_city_and_sector(admin, client):
    certified(admin, date(2026, 1, 5), legal_name="Northern Lift", city="Sudbury")
    certified(
        admin,
        date(2026, 1, 6),
        legal_name="Southern Paving",
        city="Windsor",
        sector=Sector.TRANSPORTATION,
    )
    registry_publish(by=admin)

    def names(**params):
        html = client.get("/registry/", params).content.decode()
        return [n for n in ("Northern Lift", "Southern Paving") if n in html]

    assert names() == ["Northern Lift", "Southern Paving"]
    assert names(q="north") == ["Northern Lift"]
    assert names(city="windsor") == ["Southern Paving"]
    assert names(sector=Sector.TRANSPORTATION) == ["Southern Paving"]
    assert names(sector="not-a-sector") == ["Northern Lift", "Southern Paving"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("accounts", [2, 12])
def test_registry_query_counts_do_not_grow_with_accounts(
    admin, client, accounts, django_assert_max_num_queries
):
    for n in range(accounts):
        certified(admin, date(2026, 1, 5), legal_name=f"Org {n:02d}")
    with django_assert_max_num_queries(8):
        registry_publish(by=admin)
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)  # not clear(): Redis is shared by workers
    with django_assert_max_num_queries(2):
        assert _feed(client).status_code == 200
    with django_assert_max_num_queries(1):
        assert len(_feed(client).json()["results"]) == accounts
    etag = _feed(client)["ETag"]
    with django_assert_max_num_queries(1):
        assert _feed(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_max_num_queries(2):
        assert client.get(FEED, {"changed_since": "2026-01-01"}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/registry/", {"q": "Org"}).status_code == 200
    assert RegistryEntry.objects.filter(removed=False).count() == accounts


@time_machine.travel(NOW, tick=False)
def test_registry_page_before_any_publication(client):
    response = client.get("/registry/")
    assert response.status_code == 200
    assert "has not been published yet" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_registry_page_in_french(admin, client):
    certified(admin, date(2026, 1, 5))
    registry_publish(by=admin)
    response = client.get("/registry/", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response.status_code == 200
    assert 'lang="fr' in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_registry_publishes_a_nine_digit_wcb_account(admin, client):
    """An Alberta (ACSA) employer's WCB account has up to 9 digits; the registry row keeps it
    whole (its column was 7 characters wide, WSIB's length, and publishing failed)."""
    wcb = certified(admin, date(2026, 1, 5), legal_name="Prairie Builders Ltd.", program_id="acsa")
    wcb.wsib_account.account_number = "630000999"
    wcb.wsib_account.save(update_fields=["account_number"])
    registry_publish(by=admin)
    entry = RegistryEntry.objects.get(certificate_number=wcb.number)
    assert entry.wsib_account_number == "630000999"
    assert [r["certificate_number"] for r in _feed(client).json()["results"]] == [wcb.number]
