import pytest
from django.urls import reverse

from certification.enums import CertificationAction


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_storage(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "storage": "ok",
    }


@pytest.mark.django_db
def test_history_rows_cannot_be_updated_or_deleted_in_the_database(cast):
    from django.db import DatabaseError, connection, transaction

    from cor_portal.history.services import record

    entry = record(
        subject=cast.organization, actor=cast.smr, action=CertificationAction.ORGANIZATION_UPDATED
    )
    for sql in (
        "UPDATE history_historyentry SET action='x' WHERE id=%s",
        "DELETE FROM history_historyentry WHERE id=%s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "organization_updated"
