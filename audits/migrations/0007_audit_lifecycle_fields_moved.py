# The internal review's fields and constraints leave Audit (0006 copied them).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0006_internal_review_data'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='preassessment',
            options={'ordering': ['internal_review', 'at', 'id']},
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_status_valid',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_one_open_initial_internal_per_account',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_submitted_has_receipt',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_under_review_has_reviewer',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_reviewed_has_report_date',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_not_confirmed_has_correction_date',
        ),
        migrations.RemoveConstraint(
            model_name='audit',
            name='audit_correction_after_report',
        ),
        migrations.RemoveConstraint(
            model_name='preassessment',
            name='preassessment_one_per_submission',
        ),
        migrations.RemoveIndex(
            model_name='audit',
            name='audit_status_received',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='correction_due_on',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='received_on',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='report_issued_on',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='reviewer',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='status',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='submission_count',
        ),
        migrations.RemoveField(
            model_name='audit',
            name='submitted_at',
        ),
        migrations.RemoveField(
            model_name='preassessment',
            name='audit',
        ),
        migrations.AlterField(
            model_name='preassessment',
            name='internal_review',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pre_assessments', to='audits.internalreview'),
        ),
        migrations.AddConstraint(
            model_name='preassessment',
            constraint=models.UniqueConstraint(fields=('internal_review', 'submission'), name='preassessment_one_per_submission'),
        ),
    ]
