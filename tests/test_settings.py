"""Production settings: no SECRET_KEY means the web server will not start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_web_server_refuses_to_start_without_a_secret_key():
    result = _run("import sendplan.wsgi", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_management_commands_run_without_a_secret_key():
    result = _run(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='sendplan.settings'; django.setup()",
        DEBUG="0",
    )

    assert result.returncode == 0, result.stderr


def test_the_web_server_starts_with_a_secret_key():
    result = _run(
        "import sendplan.wsgi", DEBUG="0", SECRET_KEY="a-long-random-production-key", ALLOWED_HOSTS="x"
    )

    assert result.returncode == 0, result.stderr


SHARED_CACHE = (
    "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'sendplan.settings'; django.setup()\n"
    "from django.core.cache import cache, caches\n"
    "print(type(caches['default']).__name__)\n"
)


def test_cache_url_gives_every_app_server_one_shared_redis_cache():
    """CACHE_URL names the cache app servers share (README, "Scaling out"); its client is installed."""
    result = _run(SHARED_CACHE + "import redis", DEBUG="0", CACHE_URL="redis://127.0.0.1:6379/15")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache"


def test_the_shared_cache_keeps_what_one_process_stores_for_another():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = {"DEBUG": "0", "CACHE_URL": "redis://127.0.0.1:6379/15"}
    written = _run(SHARED_CACHE + "cache.set('sendplan-test', 'kept', 60)", **env)
    read = _run(SHARED_CACHE + "print(cache.get('sendplan-test'))", **env)

    assert written.returncode == 0 and read.returncode == 0, written.stderr + read.stderr
    assert read.stdout.split()[-1] == "kept"


def test_postgresql_connections_turn_jit_off(db):
    """JIT compiling a dashboard's query costs ~250 ms on a 30 ms query (bench/README.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: CI's second run")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
