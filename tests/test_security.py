"""Security qualities [SPEC §13]: strict CSP on pages, `check --deploy` clean with the
settings a deployer sets, production refusing to start without its secret key."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

DEPLOY_ENV = {
    "DJANGO_SETTINGS_MODULE": "cor_portal.settings.production",
    "DJANGO_ALLOWED_HOSTS": "cor.example.org",
    "DATABASE_URL": "postgres://cor:secret@db.internal:5432/cor_portal",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "CACHE_URL": "redis://redis.internal:6379/1",
    "SITE_URL": "https://cor.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: only what a deployer would set (no local or test defaults).
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "home"])
def test_pages_carry_a_strict_csp(client, cast, url_name):
    if url_name == "home":
        client.force_login(cast.smr)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "*" not in header
    # The page obeys it: no inline styles or scripts.
    html = response.content.decode()
    assert "style=" not in html and "<style" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_check_deploy_is_clean_with_production_settings():
    """`--fail-level WARNING`: a deployment warning (security.W0xx) fails the run, not only an
    error, so no silenced-by-default finding reaches production unnoticed."""
    env = {**DEPLOY_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_check_deploy_fails_on_a_warning():
    """The gate above bites: production settings with HSTS turned off (security.W004, a
    warning, not an error) fail `check --deploy --fail-level WARNING`."""
    env = {**DEPLOY_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "SECURE_HSTS_SECONDS": "0"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "security.W004" in output, output


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env=DEPLOY_ENV)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_site_url():
    """E-mail links and document verification URLs are built from SITE_URL: production has
    no localhost default to fall back on."""
    env = {k: v for k, v in DEPLOY_ENV.items() if k != "SITE_URL"}
    result = _manage("check", env={**env, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)})
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_settings_are_secure():
    env = {**DEPLOY_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)}
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.REQUIRE_STAFF_MFA, s.ALLOWED_HOSTS)"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k in {"PATH", "HOME"}}, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True True True ['cor.example.org']"


def _bandit(path: Path) -> subprocess.CompletedProcess:
    # The same command as `make test`'s bandit line, over one file.
    return subprocess.run(  # noqa: S603 - fixed argv, the venv's own bandit
        [
            str(Path(sys.executable).parent / "bandit"),
            "-c",
            str(ROOT / "pyproject.toml"),
            "--severity-level",
            "medium",
            "--quiet",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bandit_fails_on_a_medium_finding_unless_it_is_explained(tmp_path):
    """`make test`'s bandit gate: a medium finding (B108, a fixed /tmp path) fails the run; the
    same line with `# nosec B108  # reason` passes, as the source's explained findings do."""
    finding = tmp_path / "finding.py"
    finding.write_text('MEDIA = "/tmp/shared-media"\n')
    refused = _bandit(finding)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "B108" in refused.stdout
    finding.write_text('MEDIA = "/tmp/shared-media"  # nosec B108  # a test-only setting\n')
    explained = _bandit(finding)
    assert explained.returncode == 0, explained.stdout + explained.stderr
