"""The audit page's progress chart: one bar per element, the figures answered / total."""

import re

import pytest
from django.urls import reverse

from audits.services.audit import response_save

from .conftest import Flow

pytestmark = pytest.mark.django_db


def _values(html: str) -> list[str]:
    svg = re.search(r'<svg[^>]*id="progress-chart".*?</svg>', html, re.S).group(0)
    return re.findall(r'<text[^>]*class="value"[^>]*>([^<]+)</text>', svg)


def test_audit_page_draws_answered_over_total_per_element(client, flow: Flow):
    audit = flow.start()
    response_save(
        audit=audit,
        item=flow.items["1.1"],
        points_earned=10,
        not_applicable=False,
        note="",
        by=flow.cast.internal_auditor,
    )
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    # Element 2 is drawn first (pygal's bottom-up order): 0 of 2, then element 1: 1 of 2.
    assert _values(html) == ["0 / 2", "1 / 2"]
    assert 'role="img"' in html
    assert 'aria-labelledby="progress-chart-title progress-chart-desc"' in html
    assert "Items answered, per element" in html
    # the Elements table keeps the same figures as text
    assert re.search(r"1\. Element 1</a></th>\s*<td class=\"num\">1 / 2</td>", html)

    flow.answer(audit)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert _values(html) == ["2 / 2", "2 / 2"]


def test_audit_page_in_french(client, flow: Flow):
    audit = flow.start()
    flow.cast.smr.language = "fr-ca"
    flow.cast.smr.save(update_fields=["language"])
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Critères remplis, par élément" in html
    assert "Le tableau des éléments ci-dessous donne les mêmes chiffres." in html
    assert _values(html) == ["0 / 2", "0 / 2"]
