"""`make run`'s embedded default (SQLite + filesystem broker) migrates and serves the login
page. Runs in a subprocess so its settings module is the real one, not the test one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import django
from django.core.management import call_command
django.setup()
from django.conf import settings
assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3", settings.DATABASES
assert settings.CELERY_BROKER_URL == "filesystem://", settings.CELERY_BROKER_URL
call_command("migrate", verbosity=0)
from django.test import Client
response = Client().get("/accounts/login/", HTTP_HOST="127.0.0.1")
body = response.content.decode()
print(response.status_code, 'name="login"' in body, 'name="password"' in body)
"""


def test_embedded_default_migrates_and_serves_the_login_page(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "cor_portal.settings.local"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'embedded.sqlite3'}"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "200 True True"
