"""Settings: production is safe with only the documented environment variables."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_warns_only_about_hsts_preload():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="brightside.example",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W021" in output
    assert "identified 1 issue" in output


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variables(missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "brightside.example",
    }
    del env[missing]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_base_settings_are_safe_by_default():
    from config.settings import base

    assert base.DEBUG is False
    assert os.environ.get("DJANGO_SECRET_KEY", "") == base.SECRET_KEY
    assert base.X_FRAME_OPTIONS == "DENY"


def test_request_errors_are_not_logged_anywhere(settings, capsys):
    """django.request prints the path and query string of a failing request; the
    project's logging must drop it (not fall back to stderr)."""
    import logging
    import logging.config

    logging.config.dictConfig(settings.LOGGING)
    logging.getLogger("django.request").error(
        "Internal Server Error: /programs/?q=my+diagnosis"
    )
    logging.getLogger("django.server").error('"GET /programs/?q=my+diagnosis" 500')
    assert "diagnosis" not in capsys.readouterr().err


def test_redis_cache_has_short_timeouts_and_never_raises():
    from config.settings.base import redis_cache

    options = redis_cache("redis://127.0.0.1:6379/0")["OPTIONS"]
    assert options["IGNORE_EXCEPTIONS"] is True
    assert max(options["SOCKET_CONNECT_TIMEOUT"], options["SOCKET_TIMEOUT"]) < 1
    code = "import config.settings.base as b; print(repr(b.CACHES['default']))"
    environment = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    expected = redis_cache("redis://127.0.0.1:6379/0")
    assert result.stdout.strip() == repr(expected), result.stderr


def test_gunicorn_logs_hold_no_path_or_query(capsys):
    from gunicorn.config import Config

    from config import gunicorn as gunicorn_settings

    config = Config()
    for name in ("accesslog", "errorlog", "loglevel", "logger_class"):
        config.set(name, getattr(gunicorn_settings, name))
    assert config.accesslog is None
    logger = gunicorn_settings.PathFreeLogger(config)
    logger.exception("Error handling request %s", "/programs/?q=wig")
    logger.error("Invalid request from ip=%s: %s", "10.0.0.1", "GET /my-list/save/9/")
    logger.warning("Worker timeout serving https://brightside.example/?q=wig")
    output = capsys.readouterr().err
    assert "Error handling request [path]" in output
    assert "wig" not in output and "/my-list/" not in output


def test_a_gunicorn_worker_reads_the_facet_bitmaps_before_any_request(
    directory_page, monkeypatch, settings
):
    from django.db import connections

    from config import gunicorn as gunicorn_settings
    from search import bitmaps

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    settings.DIRECTORY_SEARCH_BACKEND = "elasticsearch"  # read when first used
    gunicorn_settings.post_worker_init(worker=None)
    assert bitmaps.BITMAPS.snapshot is None
    settings.DIRECTORY_SEARCH_BACKEND = "database"
    gunicorn_settings.post_worker_init(worker=None)
    assert bitmaps.BITMAPS.snapshot is not None
    assert closed  # the worker's threads open their own connections


def test_public_pages_send_a_strict_csp_and_permissions_policy(client, directory_page):
    response = client.get("/programs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
