# The internal review gets its own model (issue 6 item 4): created beside Audit here, filled
# from the audit rows by 0006, and the moved fields dropped from Audit by 0007.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0003_internal_audits'),
        ('certification', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InternalReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('initial_internal', 'Initial internal audit'), ('internal_maintenance', 'Internal maintenance audit'), ('recertification_internal', 'Recertification internal audit'), ('external', 'External audit'), ('re_audit', 'Re-audit'), ('sap_verification', 'SAP verification audit')], max_length=32, verbose_name='kind')),
                ('status', models.CharField(choices=[('in_progress', 'In progress'), ('submitted', 'Submitted'), ('returned', 'Returned for correction'), ('resubmitted', 'Re-submitted'), ('accepted', 'Accepted at pre-assessment'), ('under_review', 'Under desk review'), ('confirmed', 'Benchmarks confirmed'), ('not_confirmed', 'Benchmarks not confirmed'), ('cycle_restarted', 'Cycle restarted')], default='in_progress', max_length=32, verbose_name='status')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('received_on', models.DateField(blank=True, null=True, verbose_name='received on')),
                ('submission_count', models.PositiveSmallIntegerField(default=0, verbose_name='submissions')),
                ('report_issued_on', models.DateField(blank=True, null=True, verbose_name='review report issued on')),
                ('correction_due_on', models.DateField(blank=True, null=True, verbose_name='correct and complete the external audit by')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'internal review',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='correctiveactionplan',
            name='cap_status_valid',
        ),
        migrations.AlterField(
            model_name='correctiveactionplan',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('approved', 'Approved'), ('returned', 'Returned for changes'), ('closed', 'Closed: the COR process restarted')], default='draft', max_length=16),
        ),
        migrations.AddConstraint(
            model_name='correctiveactionplan',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'approved', 'returned', 'closed'])), name='cap_status_valid'),
        ),
        migrations.AddField(
            model_name='internalreview',
            name='audit',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='internal_review', to='audits.audit', verbose_name='audit'),
        ),
        migrations.AddField(
            model_name='internalreview',
            name='reviewer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='internal_reviews', to=settings.AUTH_USER_MODEL, verbose_name='reviewer'),
        ),
        migrations.AddField(
            model_name='internalreview',
            name='wsib_account',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='internal_reviews', to='certification.wsibaccount', verbose_name='WSIB account'),
        ),
        migrations.AddField(
            model_name='preassessment',
            name='internal_review',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='pre_assessments', to='audits.internalreview'),
        ),
        migrations.AddIndex(
            model_name='internalreview',
            index=models.Index(fields=['status', 'received_on'], name='internalreview_status_recv'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['in_progress', 'submitted', 'returned', 'resubmitted', 'accepted', 'under_review', 'confirmed', 'not_confirmed', 'cycle_restarted'])), name='internalreview_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'initial_internal'), ('status__in', ('in_progress', 'submitted', 'returned', 'resubmitted', 'accepted', 'under_review'))), fields=('wsib_account',), name='internalreview_one_open_initial_per_account', violation_error_message='This WSIB account already has an initial internal audit in progress.'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'in_progress'), models.Q(('received_on__isnull', False), ('submission_count__gte', 1), ('submitted_at__isnull', False)), _connector='OR'), name='internalreview_submitted_has_receipt'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['under_review', 'confirmed', 'not_confirmed', 'cycle_restarted']), _negated=True), ('reviewer__isnull', False), _connector='OR'), name='internalreview_under_review_has_reviewer'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['confirmed', 'not_confirmed', 'cycle_restarted']), _negated=True), ('report_issued_on__isnull', False), _connector='OR'), name='internalreview_reviewed_has_report_date'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['not_confirmed', 'cycle_restarted']), _negated=True), ('correction_due_on__isnull', False), _connector='OR'), name='internalreview_not_confirmed_has_correction_date'),
        ),
        migrations.AddConstraint(
            model_name='internalreview',
            constraint=models.CheckConstraint(condition=models.Q(('correction_due_on__isnull', True), ('correction_due_on__gt', models.F('report_issued_on')), _connector='OR'), name='internalreview_correction_after_report'),
        ),
    ]
