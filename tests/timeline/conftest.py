import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English (a page request in French leaves French active)."""
    with translation.override("en-ca"):
        yield
