# The oversight app's first migration: empty, so each area's models add their own
# migrations after it (0002 onwards).

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations: list[migrations.operations.base.Operation] = []
