"""The security log is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of a
security event, so not even a raw query or the admin can rewrite it (as for history)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION security_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the security log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER security_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON security_securityevent
    FOR EACH ROW EXECUTE FUNCTION security_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS security_event_no_update_or_delete ON security_securityevent;
DROP FUNCTION IF EXISTS security_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
