"""The desk review's D1 due date stored on the internal review (the queue sorted on a
subquery per row), its partial index over the queue states, and the newest-first index of
/api/v1/audits/. The data step copies each review's D1 due date from the deadline table:
the newest open or missed D1 of its audit, as the queue's subquery chose it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast


def fill_review_due_on(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("deadlines", "Deadline")
    InternalReview = apps.get_model("audits", "InternalReview")
    audit_type = ContentType.objects.filter(app_label="audits", model="audit").first()
    if audit_type is None:  # a fresh database: no audit, no deadline yet
        return
    due = (
        Deadline.objects.filter(
            kind="D1",
            subject_type=audit_type,
            subject_id=Cast(OuterRef("audit_id"), CharField()),
            state__in=["open", "missed"],
        )
        .order_by("-opened_on", "-id")
        .values("due_on")[:1]
    )
    InternalReview.objects.update(review_due_on=Subquery(due))


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0007_audit_lifecycle_fields_moved"),
        ("certification", "0002_organization_province_and_names_valid"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("deadlines", "0002_deadline_missed_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="internalreview",
            name="review_due_on",
            field=models.DateField(blank=True, null=True, verbose_name="desk review due on"),
        ),
        migrations.RunPython(fill_review_due_on, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="audit",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="audit_created_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="internalreview",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("submitted", "resubmitted", "accepted", "under_review"))
                ),
                fields=["review_due_on", "received_on", "audit"],
                name="internalreview_queue_due",
            ),
        ),
        # State only (no SQL): a reverse name for the audit page's one-query answers.
        migrations.AlterField(
            model_name="itemresponse",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_responses",
                to="audits.item",
            ),
        ),
    ]
