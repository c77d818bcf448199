"""The access matrix's second half of rows (tests/security/test_access_matrix.py has the
table, the first half and why it is split): a file of its own so `--dist loadfile` can run it
on the other worker."""

import pytest

from tests.security.test_access_matrix import SECOND_HALF, check_matrix


@pytest.mark.django_db
def test_access_matrix_second_half(cast, monkeypatch):
    check_matrix(cast, monkeypatch, SECOND_HALF)
