"""Screenshots of each demo role's home page, in English and French, at desktop (1280 px) and
phone (390 px) width, for the README ("Screenshots").

    .venv/bin/python docs/screenshots.py                   # scratch demo database, own server
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8000   # a running `make run`

Without --base-url it builds a scratch SQLite database (var/screenshots/) with the demo data of
`make run` (`migrate`, `seed_demo`), serves it on --port with `runserver`, and stops it at the
end; Celery tasks go to an in-memory broker, so nothing is left queued for `make run`. Chromium
is Debian's (/usr/bin/chromium). Each PNG is the top of the page (at most --max-height CSS px),
reduced to a 256-colour palette. Files: docs/screenshots/<role>-<en|fr>-<desktop|phone>.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SCRATCH = ROOT / "var" / "screenshots"
PYTHON = ROOT / ".venv" / "bin" / "python"
PASSWORD = os.environ.get("DEMO_PASSWORD", "cor-demo-2026")
ROLES = (
    "admin",
    "reviewer",
    "lead",
    "manager",
    "director",
    "smr",
    "ia",
    "viewer",
    "auditor",
    "auditor2",
)
LANGUAGES = {"en": "English", "fr": "Français"}  # the footer's switch button, by its own name
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _env(port: int) -> dict[str, str]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cor_portal.settings.local",
        "DATABASE_URL": f"sqlite:///{SCRATCH / 'cor_portal.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }


def start_portal(port: int) -> subprocess.Popen:
    """A fresh scratch database with the demo data, served by runserver on `port`."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    env = _env(port)
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    for args in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        print("manage.py", " ".join(args), flush=True)
        subprocess.run([*manage, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    log = (SCRATCH / "web.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # nosec B310
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"runserver stopped; see {SCRATCH / 'web.log'}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the portal did not answer /healthz within a minute")


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_selector("form.language-switch")


def use_language(page: Page, base: str, code: str) -> None:
    """Switch with the footer's button when the page is in the other language (it saves the
    user's preference, as a person would)."""
    page.goto(f"{base}/")
    if (page.locator("html").get_attribute("lang") or "en").startswith(code):
        return
    page.locator("form.language-switch button", has_text=LANGUAGES[code]).click()
    page.wait_for_load_state("load")
    page.goto(f"{base}/")


def save(page: Page, path: Path, max_height: int) -> None:
    height = min(page.evaluate("() => document.documentElement.scrollHeight"), max_height)
    width = page.viewport_size["width"]
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
    )
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def shoot(base: str, roles: tuple[str, ...], max_height: int) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role in roles:
            for code in LANGUAGES:
                for name, viewport in WIDTHS.items():
                    context = browser.new_context(viewport=viewport, device_scale_factor=1)
                    page = context.new_page()
                    log_in(page, base, role)
                    use_language(page, base, code)
                    path = OUT / f"{role}-{code}-{name}.png"
                    save(page, path, max_height)
                    saved.append(path)
                    print(
                        f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)", flush=True
                    )
                    context.close()
        browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a running portal with the demo data (make run)")
    parser.add_argument("--port", type=int, default=8765, help="port of the scratch server")
    parser.add_argument("--max-height", type=int, default=1400, help="CSS px kept of each page")
    parser.add_argument("--roles", nargs="*", default=list(ROLES), choices=ROLES)
    args = parser.parse_args()
    server = None
    base = (args.base_url or "").rstrip("/")
    if not base:
        server = start_portal(args.port)
        base = f"http://127.0.0.1:{args.port}"
    try:
        shoot(base, tuple(args.roles), args.max_height)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
