"""The production stack that bench/concurrency.py and bench/load.py drive over HTTP, and their browser.

    from stack import Browser, Stack, sign_in      # the scripts run as files, so bench/ is on sys.path

    stack = Stack("sendplan_bench_load", admin_url, urlconf="bench.urls")
    try:
        stack.open_database()                      # CREATE DATABASE, django.setup(), migrate
        ...                                        # seed it with the ORM, in this process
        port = stack.serve(workers=4)              # gunicorn on a free port of 127.0.0.1
        browser = Browser(port)
        sign_in(browser, "officer", "sendplan-demo")
    finally:
        stack.close()                              # stops what it started, drops the database

What it sets up, as in production: `DEBUG=0`, `SECRET_KEY=bench` unless set, `ALLOWED_HOSTS=127.0.0.1`,
the site's settings module with plain static storage (a module written to a temporary directory, so
pages render without `collectstatic`), a PostgreSQL database of its own made on `admin_url`'s server
and dropped at the end, per-process memory caches (`CACHE_URL` unset) or, with `cache_url`, one Redis
database shared by the workers (emptied before and after), pack files under the temporary
directory (`MEDIA_ROOT`) and no SMTP (`EMAIL_HOST` unset). This process uses the same settings, so it
can seed and check the database with the ORM while gunicorn serves it.

A `Browser` speaks plain HTTP to gunicorn with the TLS proxy's `X-Forwarded-Proto: https`, keeps its
cookies, and gives up on a request after `request_timeout` seconds or when the run's deadline
(`set_deadline`) has passed. See bench/README.md.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"

# gunicorn's settings: the site's own, with plain static storage so pages render without
# collectstatic (as bench/common.py and tests/settings.py do). Written to a temporary directory.
SETTINGS_TEXT = '''"""bench/stack.py: the site's settings, plain static storage (no collectstatic)."""

import warnings

from sendplan.settings import *  # noqa: F403
from sendplan.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no STATIC_ROOT here
'''


# --- The run's deadline: requests give up when it passes ---------------------------------------------


class Deadline(Exception):
    """The run's time limit passed."""


_deadline = float("inf")


def set_deadline(seconds: float) -> None:
    """From now on, requests give up (and `remaining` raises Deadline) after `seconds`."""
    global _deadline
    _deadline = time.monotonic() + seconds


def remaining() -> float:
    left = _deadline - time.monotonic()
    if left <= 0:
        raise Deadline("the run's time limit passed")
    return left


# --- HTTP: one Browser per signed-in person, its cookies shared by its threads -----------------------


@dataclass
class Response:
    status: int  # 0: no answer (timeout, connection refused or reset)
    body: str = ""
    location: str = ""
    error: str = ""


class Browser:
    """A browser behind the site's TLS proxy: plain HTTP to gunicorn, with the proxy's
    `X-Forwarded-Proto: https` (settings SECURE_PROXY_SSL_HEADER), so the Secure session and CSRF
    cookies are set and the CSRF origin check passes, exactly as in production. One connection per
    request, as gunicorn's sync workers close each after answering."""

    def __init__(self, port: int, request_timeout: float = 60, agent: str = "sendplan-bench") -> None:
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.request_timeout = request_timeout
        self.agent = agent
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Response:
        return self.request("POST", path, data)

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Response:
        timeout = min(self.request_timeout, remaining())
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": self.agent,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",  # a page, as a browser asks
        }
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            return Response(0, error=f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()
        self._keep_cookies(answer.headers.get_all("Set-Cookie") or [])
        return Response(answer.status, text, answer.headers.get("Location", ""))

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        with self.lock:
            for header in set_cookies:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value


class _Forms(HTMLParser):
    """Every form on a page: its action and its hidden inputs (what a browser would send back)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._hidden: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self._hidden = {}
            self.forms.append((named.get("action") or "", self._hidden))
        elif (
            tag == "input"
            and self._hidden is not None
            and named.get("type") == "hidden"
            and named.get("name")
        ):
            self._hidden.setdefault(named["name"] or "", named.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._hidden = None


def hidden_fields(page: str, action: str) -> dict[str, str] | None:
    """The hidden inputs of the first form posting to `action` ("" for the page itself), or None."""
    parser = _Forms()
    parser.feed(page)
    for form_action, hidden in parser.forms:
        if form_action == action:
            return dict(hidden)
    return None


def sign_in(browser: Browser, username: str, password: str) -> Response:
    """The sign-in page, then its form posted back: a 302 when signed in."""
    page = browser.get("/accounts/login/")
    if page.status != 200:
        return page
    fields = hidden_fields(page.body, "") or {}
    return browser.post("/accounts/login/", {**fields, "username": username, "password": password})


def in_threads(calls: list[Callable[[], Any]], threads: int = 8) -> list[Any]:
    """Run the calls a few at a time; their results, in order."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda call: call(), calls))


# --- The database and the processes ------------------------------------------------------------------


def create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return parts._replace(path="/" + name).geturl()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM (gunicorn's master stops its workers), then SIGKILL to its own process group."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group start_new_session made: the process's own
        process.wait(timeout=5)


def server_errors(log: Path) -> list[str]:
    """Each distinct error in gunicorn's log (Django's "Internal Server Error" with its traceback),
    summed up: how many times, the path, the project's own frames and the exceptions raised."""
    records = re.split(r"\n(?=Internal Server Error: |\[\d{4}-\d\d-\d\d )", log.read_text(errors="replace"))
    seen: Counter[str] = Counter()
    for record in records:
        if "Traceback (most recent call last)" not in record:
            continue
        lines = record.splitlines()
        head = lines[0] if lines[0].startswith("Internal Server Error") else "Error"
        ours = [
            line.strip()
            for line in lines
            if line.lstrip().startswith('File "') and str(ROOT) in line and "/.venv/" not in line
        ]
        raised = [line for line in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Violation)\b", line)]
        seen["\n".join([head, *ours[-4:], *raised])] += 1
    return [f"{count} × {text}" for text, count in seen.items()]


class Stack:
    """A PostgreSQL database made for the run, the site's production settings, gunicorn serving them.

    Making one sets this process's environment and sys.path for those settings (call it before
    importing Django); `close` stops every process it started and drops the database, whatever
    happened."""

    SETTINGS_MODULE = "bench_stack_settings"

    def __init__(
        self,
        prefix: str,
        admin_url: str = DEFAULT_POSTGRES,
        *,
        urlconf: str | None = None,
        cache_url: str | None = None,
    ) -> None:
        self.name = f"{prefix}_{os.getpid()}"
        self.admin_url = admin_url
        self.url = database_url(admin_url, self.name)
        self.scratch = Path(tempfile.mkdtemp(prefix=prefix.replace("_", "-") + "-"))
        self.log = self.scratch / "gunicorn.log"
        text = SETTINGS_TEXT
        if urlconf:  # e.g. bench.urls: the site plus /trivial/
            text += f"\nROOT_URLCONF = {urlconf!r}\n"
        (self.scratch / f"{self.SETTINGS_MODULE}.py").write_text(text)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join(
                [str(self.scratch), str(ROOT), os.environ.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep),
            "DATABASE_URL": self.url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "MEDIA_ROOT": str(self.scratch / "media"),
        }
        # Per-process memory caches unless `cache_url` names a Redis database (emptied before and
        # after the run, so nothing is shared with another run). No SMTP.
        for name in ("CACHE_URL", "EMAIL_HOST"):
            self.env.pop(name, None)
            os.environ.pop(name, None)
        self.cache_url = cache_url
        if cache_url:
            self.env["CACHE_URL"] = cache_url
            self._empty_cache()
        os.environ.update({k: v for k, v in self.env.items() if k != "PYTHONPATH"})
        sys.path[:0] = [str(self.scratch), str(ROOT)]
        self.created = False
        self.port = 0
        self.workers = 0
        self.server: subprocess.Popen | None = None
        self.processes: list[subprocess.Popen] = []

    def _empty_cache(self) -> None:
        import redis

        redis.Redis.from_url(self.cache_url).flushdb()

    def cache_text(self) -> str:
        return (
            f"one Redis cache shared by every worker ({self.cache_url})"
            if self.cache_url
            else ("per-worker memory caches")
        )

    def where(self) -> str:
        parts = urlsplit(self.url)
        return f"{self.name} on {parts.hostname}:{parts.port or 5432}"

    def open_database(self) -> float:
        """Create the database, set Django up on it and migrate; prints both. Seconds migrating."""
        create_database(self.admin_url, self.name)
        self.created = True
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        print(f"Database: {connection.vendor} {self.where()} (made for this run, dropped at the end)")
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        seconds = time.monotonic() - started
        print(f"Migrated in {seconds:.1f}s")
        return seconds

    def serve(self, workers: int, timeout: int = 60) -> float:
        """gunicorn with `workers` sync workers on a free port; seconds until it answered."""
        self.port = free_port()
        self.workers = workers
        command = [
            sys.executable,  # the repository's .venv when run as .venv/bin/python bench/<script>.py
            "-m",
            "gunicorn",
            "sendplan.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            str(timeout),
            "--error-logfile",
            "-",
        ]
        self.server = self.start(command, self.log)
        return self._wait_for_server()

    def start(self, command: list[str], log: Path) -> subprocess.Popen:
        """A process of the run (gunicorn, a task worker) with the stack's environment, stopped by
        `close`; its output to `log`."""
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def manage(self, *args: str, log_name: str, nice: int = 0) -> subprocess.Popen:
        """`manage.py <args>` as a background process of the run (e.g. db_worker), `nice` steps below
        the web workers' CPU priority.

        Each process of the run has a session of its own, and with the kernel's autogroup scheduling
        (/proc/sys/kernel/sched_autogroup_enabled) each session shares the CPU equally with the others
        whatever its processes' nice values: so the session's own nice value is set too."""
        command = [sys.executable, "manage.py", *args]
        process = self.start(
            ["nice", "-n", str(nice), *command] if nice else command, self.scratch / log_name
        )
        if nice:  # without autogroup scheduling there is no such file, and nice alone does it
            with contextlib.suppress(OSError):
                Path(f"/proc/{process.pid}/autogroup").write_text(str(nice))
        return process

    def _wait_for_server(self) -> float:
        assert self.server is not None
        started = time.monotonic()
        probe = Browser(self.port, request_timeout=5)
        while time.monotonic() - started < 60:
            if self.server.poll() is not None:
                sys.exit(
                    f"gunicorn stopped (status {self.server.returncode}):\n"
                    f"{self.log.read_text(errors='replace')[-3000:]}"
                )
            if probe.get("/accounts/login/").status == 200:
                return time.monotonic() - started
            time.sleep(0.2)
        sys.exit(f"gunicorn did not answer within 60 s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop_processes(self) -> None:
        for process in reversed(self.processes):
            stop_process(process)

    def keep_log(self, path: Path | None) -> None:
        if path and self.log.exists():
            shutil.copyfile(self.log, path)
            print(f"gunicorn's log: {path}")

    def close(self) -> None:
        """Stop the processes, drop the database, remove the temporary directory."""
        self.stop_processes()
        if self.created:
            from django.db import connections

            connections.close_all()
            drop_database(self.admin_url, self.name)
            self.created = False
        if self.cache_url:
            self._empty_cache()
        shutil.rmtree(self.scratch, ignore_errors=True)
