"""Documents stored before versions existed become version 1, issued and current (both kinds
then were one per subject); their numbers stay. Each kind's yearly counter starts after the
highest number already handed out, so the first sequence number cannot meet an old one
derived from a primary key."""

import re

from django.db import migrations

NUMBER = re.compile(r"^[A-Z][A-Z0-9]*-(?P<year>\d{4})-(?P<sequence>\d+)$")


def forwards(apps, schema_editor):
    GeneratedDocument = apps.get_model("documents", "GeneratedDocument")
    DocumentCounter = apps.get_model("documents", "DocumentCounter")
    GeneratedDocument.objects.update(version=1, status="issued", one_per_subject=True)
    highest: dict[tuple[str, int], int] = {}
    for kind, number in GeneratedDocument.objects.values_list("kind", "number"):
        match = NUMBER.match(number)
        if match is None:
            continue  # not a sequence the counter could reach
        key = (kind, int(match["year"]))
        highest[key] = max(highest.get(key, 0), int(match["sequence"]))
    for (kind, year), last in highest.items():
        counter, _created = DocumentCounter.objects.get_or_create(
            kind=kind, year=year, defaults={"last": last}
        )
        if counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_versions_and_counters")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
