# One InternalReview per existing internal audit, with the audit's lifecycle values; each
# pre-assessment joins its audit's review. History stays where it is (append-only): rows
# written before the split stay on the audit, and the audit's page shows both.

from django.db import migrations
from django.db.models import OuterRef, Subquery

INTERNAL_KINDS = ("initial_internal", "internal_maintenance", "recertification_internal")
LIFECYCLE_FIELDS = (
    "status",
    "submitted_at",
    "received_on",
    "submission_count",
    "reviewer_id",
    "report_issued_on",
    "correction_due_on",
)
def forwards(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    InternalReview = apps.get_model("audits", "InternalReview")
    PreAssessment = apps.get_model("audits", "PreAssessment")
    InternalReview.objects.bulk_create(
        InternalReview(
            audit_id=audit.pk,
            wsib_account_id=audit.wsib_account_id,
            kind=audit.kind,
            **{name: getattr(audit, name) for name in LIFECYCLE_FIELDS},
        )
        for audit in Audit.objects.filter(kind__in=INTERNAL_KINDS).order_by("pk").iterator()
    )
    audit_row = Audit.objects.filter(pk=OuterRef("audit_id"))
    InternalReview.objects.update(
        created_at=Subquery(audit_row.values("created_at")[:1]),
        updated_at=Subquery(audit_row.values("updated_at")[:1]),
    )
    PreAssessment.objects.update(
        internal_review_id=Subquery(
            InternalReview.objects.filter(audit_id=OuterRef("audit_id")).values("pk")[:1]
        )
    )


def backwards(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    InternalReview = apps.get_model("audits", "InternalReview")
    PreAssessment = apps.get_model("audits", "PreAssessment")
    for review in InternalReview.objects.order_by("pk").iterator():
        Audit.objects.filter(pk=review.audit_id).update(
            **{name: getattr(review, name) for name in LIFECYCLE_FIELDS}
        )
    PreAssessment.objects.update(
        audit_id=Subquery(
            InternalReview.objects.filter(pk=OuterRef("internal_review_id")).values("audit_id")[
                :1
            ]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0005_internal_review"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
