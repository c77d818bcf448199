from tests.audits.conftest import flow  # noqa: F401  # the audit workflow's fixture
