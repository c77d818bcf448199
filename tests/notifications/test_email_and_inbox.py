"""E-mail is queued after commit, claimed before sending, never lost; the inbox API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from cor_portal.notifications.models import InboxMessage, OutboundEmail
from cor_portal.notifications.services import (
    MAX_EMAIL_ATTEMPTS,
    email_queue,
    email_send,
    notify,
    requeue_stale_email,
)
from cor_portal.notifications.tasks import task_requeue_unsent_email, task_send_email_batch

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server down")


FAILING = "tests.notifications.test_email_and_inbox.FailingBackend"


def test_notify_queues_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        messages = notify(
            users=[cast.smr, cast.viewer, None], subject="Act now", body="Please.", url="/x/"
        )
        assert len(mail.outbox) == 0  # nothing sent before commit
    assert len(callbacks) == 1  # one batch task for both e-mails
    assert [m.user for m in messages] == [cast.smr, cast.viewer]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.smr.email, cast.viewer.email])
    assert mail.outbox[0].subject == "[COR Portal] Act now"
    assert mail.outbox[0].body.endswith("/x/")
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_failing_backend_keeps_the_email_queued_then_a_later_send_succeeds(settings):
    email = email_queue(to="pat@example.test", subject="Hello", body="Body")
    settings.EMAIL_BACKEND = FAILING
    with pytest.raises(ConnectionRefusedError):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at, email.claimed_at) == (
        "queued",
        1,
        None,
        None,
    )
    assert email.last_error == "ConnectionRefusedError: SMTP server down"
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert email_send(email_id=email.pk) is False  # never twice
    assert len(mail.outbox) == 1


def test_batch_task_leaves_failures_queued(settings):
    ids = [email_queue(to=f"p{i}@example.test", subject="S", body="B").pk for i in range(3)]
    settings.EMAIL_BACKEND = FAILING
    assert task_send_email_batch.delay(email_ids=ids).get() == 0
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {("queued", 1)}


def test_gives_up_after_max_attempts_but_keeps_the_row(settings):
    email = email_queue(to="pat@example.test", subject="Hello", body="Body")
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_EMAIL_ATTEMPTS - 1)
    settings.EMAIL_BACKEND = FAILING
    assert email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", MAX_EMAIL_ATTEMPTS)
    assert "SMTP server down" in email.last_error


def test_worker_dying_mid_send_does_not_lose_the_email():
    email = email_queue(to="pat@example.test", subject="Hello", body="Body")
    # A worker claimed it and died before sending or recording anything.
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="sending",
        claimed_at=timezone.now() - timedelta(minutes=30),
        attempts=1,
        created_at=timezone.now() - timedelta(minutes=31),
    )
    assert email_send(email_id=email.pk) is False  # still claimed: nobody else sends it
    assert task_requeue_unsent_email.delay().get() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert [m.to for m in mail.outbox] == [["pat@example.test"]]


def test_fresh_claims_and_new_emails_are_not_requeued():
    fresh = email_queue(to="a@example.test", subject="S", body="B")
    sending = email_queue(to="b@example.test", subject="S", body="B")
    OutboundEmail.objects.filter(pk=sending.pk).update(status="sending", claimed_at=timezone.now())
    assert requeue_stale_email() == []
    later = timezone.now() + timedelta(minutes=11)
    assert requeue_stale_email(now=later) == [fresh.pk]
    assert OutboundEmail.objects.get(pk=sending.pk).status == "sending"
    assert requeue_stale_email(now=timezone.now() + timedelta(minutes=16)) == [fresh.pk, sending.pk]
    assert OutboundEmail.objects.get(pk=sending.pk).status == "queued"


def test_sending_requires_a_claim_time():
    from django.db import IntegrityError, transaction

    email = email_queue(to="a@example.test", subject="S", body="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(status="sending")


# --- inbox API --------------------------------------------------------------------------


def test_inbox_api_lists_own_messages_and_marks_read(api_client, cast):
    mine = notify(users=[cast.smr], subject="Mine", body="b", email=False)[0]
    theirs = notify(users=[cast.outsider], subject="Theirs", body="b", email=False)[0]
    api_client.force_authenticate(cast.smr)
    data = api_client.get("/api/v1/notifications/").json()
    assert [(r["id"], r["subject"], r["read_at"]) for r in data["results"]] == [
        (mine.pk, "Mine", None)
    ]
    response = api_client.post(f"/api/v1/notifications/{mine.pk}/mark-read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    first_read = InboxMessage.objects.get(pk=mine.pk).read_at
    api_client.post(f"/api/v1/notifications/{mine.pk}/mark-read/")  # idempotent
    assert InboxMessage.objects.get(pk=mine.pk).read_at == first_read
    assert api_client.post(f"/api/v1/notifications/{theirs.pk}/mark-read/").status_code == 404
    assert InboxMessage.objects.get(pk=theirs.pk).read_at is None
    assert api_client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404


def test_inbox_api_query_count(api_client, cast, django_assert_max_num_queries):
    for i in range(30):
        notify(users=[cast.smr], subject=f"m{i}", body="b", email=False)
    api_client.force_authenticate(cast.smr)
    with django_assert_max_num_queries(4):
        assert api_client.get("/api/v1/notifications/").json()["count"] == 30


def test_failed_email_can_be_queued_again(settings, django_capture_on_commit_callbacks):
    from cor_portal.notifications.services import email_requeue_failed

    email = email_queue(to="pat@example.test", subject="Hello", body="Body")
    sent = email_queue(to="sam@example.test", subject="Done", body="Body")
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="failed", attempts=20, last_error="SMTP down"
    )
    OutboundEmail.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert email_requeue_failed(ids=[email.pk, sent.pk]) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert [m.subject for m in mail.outbox] == ["Hello"]  # the sent one is not sent again
