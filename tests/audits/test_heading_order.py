"""Headings never skip a level (issue 8, accessibility: the element pages went h1 → h3, the
item rows' h3 under the page's h1). Each page of the internal-audit and the desk-review sides
is read as a screen reader's heading list: it starts at h1 and each heading is at most one
level below the one before it."""

import itertools
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.services.audit import evidence_attach
from tests.audits.conftest import PDF

pytestmark = pytest.mark.django_db


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_levels(html: str) -> list[int]:
    parser = _Headings()
    parser.feed(html)
    return parser.levels


def skips(levels: list[int]) -> list[str]:
    """Every place the outline skips a level (or does not start at h1)."""
    found = [] if levels[:1] == [1] else [f"starts at h{levels[0] if levels else '-'}"]
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            found.append(f"h{before} → h{after}")
    return found


def test_the_check_itself_finds_a_skip():
    assert skips([1, 3]) == ["h1 → h3"]
    assert skips([2]) == ["starts at h2"]
    assert skips([1, 2, 3, 2, 3, 3, 1, 2]) == []


def _with_evidence(flow, audit):
    evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("Policy.pdf", PDF),
        document_date=date.today(),
        by=flow.cast.internal_auditor,
    )
    return audit


def _page(client, user, url) -> list[int]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return heading_levels(response.content.decode())


@pytest.mark.parametrize("role", ["internal_auditor", "smr", "viewer", "reviewer"])
def test_the_internal_audit_pages_never_skip_a_level(client, flow, role):
    audit = _with_evidence(flow, flow.start())
    user = getattr(flow.cast, role)
    for url in (
        f"/audits/{audit.pk}/",
        f"/audits/{audit.pk}/elements/1/",
        f"/audits/{audit.pk}/elements/2/",
    ):
        levels = _page(client, user, url)
        assert 2 in levels, url  # the items are sections of the page
        assert skips(levels) == [], url


def test_the_submit_page_never_skips_a_level(client, flow):
    audit = flow.start()
    assert skips(_page(client, flow.cast.smr, f"/audits/{audit.pk}/submit/")) == []


def test_the_saved_item_row_keeps_its_level(client, flow):
    """The htmx answer that replaces one item keeps the item an h2 with an h3 inside."""
    audit = flow.start()
    item = flow.items["1.1"]
    client.force_login(flow.cast.internal_auditor)
    response = client.post(
        f"/audits/{audit.pk}/items/{item.pk}/",
        {"points_earned": "10", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert heading_levels(response.content.decode())[:2] == [2, 3]


def test_the_desk_review_pages_never_skip_a_level(client, flow):
    audit = flow.under_review()
    for url in (
        f"/audits/{audit.pk}/review/",
        f"/audits/{audit.pk}/review/elements/1/",
        f"/audits/{audit.pk}/review/elements/2/",
    ):
        levels = _page(client, flow.cast.reviewer, url)
        assert skips(levels) == [], url


def test_a_reviewed_audits_element_page_never_skips_a_level(client, flow):
    done = flow.reviewed(reviewer_points={"2.1": 0}, findings=["Records missing."])
    for user in (flow.cast.smr, flow.cast.reviewer):
        levels = _page(client, user, f"/audits/{done.audit.pk}/elements/2/")
        assert skips(levels) == []
