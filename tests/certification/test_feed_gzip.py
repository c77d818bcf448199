"""The public feed is served gzip-compressed to a client that accepts it, with a weak ETag
for the compressed variant (never the identity body's strong one), and conditional requests
still answer 304 with either form."""

import gzip
import json
from datetime import date

import pytest
import time_machine
from django.core.cache import cache

from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, registry_publish
from cor_portal.accounts.enums import UserRole
from tests.certification.certified import certified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FEED = "/api/v1/public/certified/"
NOW = "2026-06-15 12:00 -04:00"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def published(db):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    admin = UserFactory(role=UserRole.ADMINISTRATOR)
    with time_machine.travel(NOW, tick=False):
        numbers = [
            certified(admin, date(2026, 1, 5), legal_name=f"Firm {i} Inc.").number
            for i in range(12)
        ]
        registry_publish(by=admin)
    return numbers


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_feed_is_gzipped_when_accepted_with_a_weak_etag(client, published, fmt):
    params = {"format": "csv"} if fmt == "csv" else {}
    plain = client.get(FEED, params)
    zipped = client.get(FEED, params, **GZIP)
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    body = gzip.decompress(zipped.content)
    assert body == plain.content
    assert len(zipped.content) < len(plain.content)
    if fmt == "json":
        assert len(json.loads(body)["results"]) == len(published)
    # The two variants never share a strong ETag: the compressed one is weak.
    assert plain["ETag"].startswith('"')
    assert zipped["ETag"] == "W/" + plain["ETag"]
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Last-Modified"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_conditional_requests_answer_304_with_either_form(client, published, fmt):
    params = {"format": "csv"} if fmt == "csv" else {}
    plain = client.get(FEED, params)
    zipped = client.get(FEED, params, **GZIP)
    # A gzip client sends back the weak ETag it was given: 304, with that same weak form.
    not_modified = client.get(FEED, params, HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == zipped["ETag"]
    assert "Accept-Encoding" in not_modified["Vary"]
    # The identity client's strong ETag: 304 with the strong form.
    identity = client.get(FEED, params, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert identity.status_code == 304 and identity["ETag"] == plain["ETag"]
    # If-None-Match compares weakly: either form matches either variant.
    assert client.get(FEED, params, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
    assert client.get(FEED, params, HTTP_IF_NONE_MATCH=plain["ETag"], **GZIP).status_code == 304
    # Last-Modified too.
    since = client.get(FEED, params, HTTP_IF_MODIFIED_SINCE=plain["Last-Modified"], **GZIP)
    assert since.status_code == 304
    # A stale tag gets the full, compressed body.
    stale = client.get(FEED, params, HTTP_IF_NONE_MATCH='W/"0-stale-json"', **GZIP)
    assert stale.status_code == 200 and stale["Content-Encoding"] == "gzip"


@time_machine.travel(NOW, tick=False)
def test_a_new_publication_changes_both_forms(client, published):
    zipped = client.get(FEED, **GZIP)
    admin = UserFactory(role=UserRole.ADMINISTRATOR)
    certified(admin, date(2026, 2, 1), legal_name="Newcomer Ltd.")
    registry_publish(by=admin)
    again = client.get(FEED, HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)
    assert again.status_code == 200
    assert again["ETag"] != zipped["ETag"] and again["ETag"].startswith("W/")


def test_nothing_published_is_a_plain_404_with_gzip_accepted(client, db):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    response = client.get(FEED, **GZIP)
    assert response.status_code == 404
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert "not been published" in json.loads(body)["detail"]
