"""Production turns PostgreSQL's JIT off for the web role through the connection options
(README "Indexes": the measurement behind it); DATABASE_JIT=true (the worker) keeps it."""

import os
import secrets
import subprocess
import sys

import psycopg
from django.db import connection

from tests.test_security import DEPLOY_ENV, ROOT

CODE = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}))"


def _options(**extra: str) -> str:
    env = {**DEPLOY_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), **extra}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", f"import django; django.setup(); {CODE}"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k in {"PATH", "HOME"}}, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_web_role_connects_with_jit_off_and_the_worker_keeps_it():
    assert _options() == "{'options': '-c jit=off'}"
    assert _options(DATABASE_JIT="true") == "{}"


def test_postgresql_honours_the_option(db):
    params = {**connection.get_connection_params(), "options": "-c jit=off"}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as conn:
        assert conn.execute("SHOW jit").fetchone() == ("off",)
