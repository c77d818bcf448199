"""The web service's gunicorn settings: threaded workers, so a slow upload is not cut at the
worker timeout (bench/upload.py measures it), and every way of starting the web uses them."""

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_threaded_workers_with_the_request_limits():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2
    assert config["timeout"] >= 30
    assert (config["limit_request_line"], config["limit_request_fields"]) == (8190, 100)


def test_compose_and_image_start_gunicorn_with_the_config():
    for name in ("docker-compose.yml", "Dockerfile"):
        text = (ROOT / name).read_text()
        assert "gunicorn.conf.py" in text, name
