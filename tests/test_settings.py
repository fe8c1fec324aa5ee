"""Production settings: no SECRET_KEY means the web server will not start."""

import os
import subprocess
import sys
from pathlib import Path

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
