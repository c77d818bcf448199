# Draft → published for audit-tool versions: the `is_active` flag ("offered for new audits",
# several versions side by side) becomes a status with one published version per program.

from django.db import migrations, models


def publish_the_default_version(apps, schema_editor):
    """The version new audits used (the newest active full tool, else the newest active demo
    sample) becomes the published one; other active versions become drafts (an administrator
    may publish one of them), inactive ones withdrawn."""
    AuditTool = apps.get_model("audits", "AuditTool")
    default = (
        AuditTool.objects.filter(is_active=True).order_by("is_demo", "-created_at", "-pk").first()
    )
    AuditTool.objects.filter(is_active=False).update(status="withdrawn")
    if default is not None:
        AuditTool.objects.filter(pk=default.pk).update(status="published")


def back_to_active_flags(apps, schema_editor):
    AuditTool = apps.get_model("audits", "AuditTool")
    AuditTool.objects.filter(status="withdrawn").update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0003_internal_audits"),
    ]

    operations = [
        migrations.AddField(
            model_name="audittool",
            name="program",
            field=models.CharField(
                choices=[("ihsa", "IHSA (Ontario)")],
                default="ihsa",
                max_length=20,
                verbose_name="program",
            ),
        ),
        migrations.AddField(
            model_name="audittool",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="draft",
                help_text="Only the published version of a program is offered for new audits.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(publish_the_default_version, back_to_active_flags),
        migrations.RemoveField(
            model_name="audittool",
            name="is_active",
        ),
        migrations.AddConstraint(
            model_name="audittool",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("program",),
                name="audittool_one_published_per_program",
                violation_error_message="This program already has a published version.",
            ),
        ),
        migrations.AddConstraint(
            model_name="audittool",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "published", "withdrawn"])),
                name="audittool_status_valid",
            ),
        ),
    ]
