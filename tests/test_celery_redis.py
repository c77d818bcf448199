"""A task really travels through Redis to a real Celery worker (the rest of the suite runs
tasks eagerly). The e-mail outbox row is sent by the worker after the enqueueing commit."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from cor_portal.celery import app
from cor_portal.notifications.models import OutboundEmail
from cor_portal.notifications.tasks import task_send_email


@pytest.mark.django_db(transaction=True)
def test_email_task_goes_through_redis_to_a_worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    assert app.conf.broker_url.startswith("redis://")
    email = OutboundEmail.objects.create(to="smr@example.test", subject="Hello", body="Body")

    def close_worker_connections(**kwargs):
        # Runs in the worker's thread: its database connection must not outlive the test,
        # or the test database cannot be dropped at the end of the run.
        connections.close_all()

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
            result = task_send_email.delay(email_id=email.pk)
            assert result.get(timeout=30) is True
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.task_always_eager = True
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Hello"]
