"""Synthetic data at scale for benchmarks (`seed_scale`, SPEC §12). Like the demo data
(cor_portal/demo.py), each app registers its scale step in its AppConfig.ready(); the command
runs the registered steps in INSTALLED_APPS order, so a step may use what the steps of the
apps below it returned (`run.earlier[label]`) while the platform never imports a domain app.

Scale steps write with COPY (psycopg's `cursor.copy`), not through the services: 20,000
accounts must load in well under a minute. They must still respect every database constraint
and produce rows the services could have produced (each step's docstring says which states).
Ids the next step needs are reserved from the table's sequence first (`reserve_ids`), so rows
and their children can be written in one pass.

Determinism: every step draws from its own `random.Random` seeded by (seed, app label), and
dates are relative to `run.today`, so the same seed on the same day gives the same data."""

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone


@dataclass
class ScaleRun:
    """What a step receives: the size asked for, the seed, "today", and what each earlier
    step returned, by app label."""

    accounts: int
    audits: int
    seed: int
    today: date
    earlier: Mapping[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    _times: dict[tuple[int, int], datetime] = field(default_factory=dict, repr=False)

    @property
    def tag(self) -> str:
        """Marks this data set's names (usernames, legal names): `scale<seed>`."""
        return f"scale{self.seed}"

    def rng(self, label: str) -> random.Random:
        return random.Random(f"{self.seed}:{label}")  # noqa: S311 - synthetic data, not secrets

    def at(self, days_ago: int, hour: int = 10) -> datetime:
        """An aware datetime `days_ago` days before today (10:00 local by default)."""
        key = (days_ago, hour)
        value = self._times.get(key)
        if value is None:
            day = self.today - timedelta(days=days_ago)
            value = self._times[key] = timezone.make_aware(datetime.combine(day, time(hour)))
        return value

    def copy(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]):
        """COPY rows into the model's table; counts them under the model's label."""
        table = model._meta.db_table
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            cols = ", ".join(f'"{c}"' for c in columns)
            with raw.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        key = model._meta.label
        self.counts[key] = self.counts.get(key, 0) + n
        return n

    def reserve_ids(self, model: type[models.Model], n: int) -> list[int]:
        """n ids from the table's id sequence (safe beside concurrent inserts)."""
        if n <= 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [row[0] for row in cursor.fetchall()]


# HistoryEntry's columns, for steps that write history rows with COPY (`changes` as JSON text).
HISTORY_COLUMNS = [
    "content_type_id",
    "object_id",
    "at",
    "actor_id",
    "action",
    "from_state",
    "to_state",
    "changes",
    "reason",
]

ScaleStep = Callable[[ScaleRun], object]

_steps: dict[str, ScaleStep] = {}


def register_scale_step(app_label: str, step: ScaleStep) -> None:
    """One step per app; registering again replaces it (ready() may run twice in tests)."""
    _steps[app_label] = step


def scale_steps() -> list[tuple[str, ScaleStep]]:
    """The registered steps in INSTALLED_APPS order, which is the dependency order."""
    order = [config.label for config in apps.get_app_configs()]
    unknown = sorted(set(_steps) - set(order))
    if unknown:
        raise ImproperlyConfigured(f"Scale steps registered for apps not installed: {unknown}")
    return [(label, _steps[label]) for label in order if label in _steps]


def _skip_fk_triggers() -> bool:
    """Inside the caller's transaction, stop PostgreSQL's per-row foreign-key triggers
    (`session_replication_role = replica`, needs a superuser or the privilege on the setting);
    `check_foreign_keys` then checks every foreign key once, set-based. Without the
    privilege the triggers stay on (correct, slower: they queue one check per row)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def check_foreign_keys(labels: Iterable[str]) -> None:
    """Every foreign key of the models written points at a row (one anti-join per key);
    raises IntegrityError naming the first that does not."""
    with connection.cursor() as cursor:
        for label in sorted(labels):
            model = apps.get_model(label)
            for f in model._meta.concrete_fields:
                if not f.is_relation or (not f.many_to_one and not f.one_to_one):
                    continue
                target = f.target_field
                cursor.execute(
                    # Names from the models' _meta, no input.
                    f'SELECT t."{f.column}" FROM "{model._meta.db_table}" t '  # noqa: S608  # nosec B608
                    f'LEFT JOIN "{target.model._meta.db_table}" r '
                    f'ON r."{target.column}" = t."{f.column}" '
                    f'WHERE t."{f.column}" IS NOT NULL AND r."{target.column}" IS NULL LIMIT 1'
                )
                row = cursor.fetchone()
                if row is not None:
                    raise IntegrityError(
                        f"{label}.{f.name} = {row[0]} points at no {target.model._meta.label}."
                    )


def run_scale(run: ScaleRun) -> ScaleRun:
    """Run every step (the caller holds one transaction: all or nothing), check the foreign
    keys when their triggers were off, then ANALYZE the tables written so the planner sees
    the new sizes."""
    results: dict[str, object] = {}
    run.earlier = results
    triggers_off = _skip_fk_triggers()
    for label, step in scale_steps():
        started = perf_counter()
        results[label] = step(run)
        run.seconds[label] = perf_counter() - started
    if triggers_off:
        started = perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
        check_foreign_keys(run.counts)
        run.seconds["foreign keys"] = perf_counter() - started
    started = perf_counter()
    tables = sorted({apps.get_model(label)._meta.db_table for label in run.counts})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
    run.seconds["analyze"] = perf_counter() - started
    return run


def vacuum_written_tables(run: ScaleRun) -> None:
    """VACUUM the tables written, after the load's commit: it marks their pages all-visible,
    as autovacuum does a live table's, so counts over an index (the reviewer queue's, the
    deadline dashboard's) are index-only scans from the first benchmark request instead of
    after autovacuum gets round to a freshly loaded table."""
    tables = sorted({apps.get_model(label)._meta.db_table for label in run.counts})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM "{table}"')
