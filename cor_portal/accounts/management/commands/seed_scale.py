"""Synthetic data at scale for benchmarks (SPEC §12): `seed_scale --accounts N`. Each app
registers its scale step in its AppConfig.ready() (cor_portal/scale.py); this command runs
them in INSTALLED_APPS order in one transaction. It lives in the platform, beside seed_demo,
so that no app has to name the apps above it."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cor_portal.accounts.models import User
from cor_portal.scale import ScaleRun, run_scale, vacuum_written_tables

from .seed_demo import PRODUCTION_SETTINGS, _production


class Command(BaseCommand):
    help = (
        "Load synthetic scale data with COPY: N WSIB accounts (about 0.9 N organizations) at "
        "every registration stage with their SMRs, internal auditors and training, and "
        "--audits internal audits (default 2.5 N) in every review state with item responses, "
        "pre-assessments, desk reviews, CAPs, D1/D2 deadlines (open, met, missed, cancelled) "
        "and history. PostgreSQL only. Idempotent for a given seed: when the data set of that "
        "seed exists already the command writes nothing (use another --seed to add a second "
        "data set). All or nothing: one transaction. Dates are relative to today (or --today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, required=True, help="WSIB accounts (N)")
        parser.add_argument("--audits", type=int, help="internal audits (default 2.5 N)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default today)")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"seed_scale needs PostgreSQL (it loads with COPY); this database is "
                f"{connection.vendor}. Nothing was written."
            )
        if _production():
            raise CommandError(
                f"seed_scale refuses to run under production settings ({PRODUCTION_SETTINGS}):"
                " it fills the database with synthetic organizations. Nothing was written."
            )
        accounts = options["accounts"]
        audits = options["audits"]
        if audits is None:
            audits = accounts * 5 // 2
        if accounts < 1 or audits < 0:
            raise CommandError("--accounts must be at least 1 and --audits not negative.")
        run = ScaleRun(
            accounts=accounts,
            audits=audits,
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
        )
        if User.objects.filter(username__startswith=f"{run.tag}-").exists():
            self.stdout.write(
                f"The scale data of seed {run.seed} exists already: nothing written "
                "(another --seed adds a second data set)."
            )
            return
        started = time.perf_counter()
        with transaction.atomic():
            run_scale(run)
        seconds = time.perf_counter() - started
        if not connection.in_atomic_block:  # VACUUM cannot run inside a transaction (tests)
            vacuum_started = time.perf_counter()
            vacuum_written_tables(run)
            run.seconds["vacuum"] = time.perf_counter() - vacuum_started
        steps = ", ".join(f"{label} {s:.1f} s" for label, s in run.seconds.items())
        self.stdout.write(f"  steps: {steps}")
        for label, n in sorted(run.counts.items()):
            self.stdout.write(f"  {label:40} {n:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data of seed {run.seed} loaded in {seconds:.1f} s "
                f"({accounts:,} accounts, {audits:,} audits)."
            )
        )
