"""The |pct filter: the canonical percentage string in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("en", "79.99", "79.99"),
        ("fr-ca", "79.99", "79,99"),
        ("fr-ca", "100.00", "100,00"),
        ("en", "N/A", "N/A"),
        ("fr-ca", "N/A", "S.O."),
        ("fr-ca", "—", "—"),
        ("fr-ca", None, ""),
    ],
)
def test_pct_follows_the_language(language, value, shown):
    with translation.override(language):
        assert Template("{{ v|pct }}").render(Context({"v": value})) == shown
