"""Plain helpers shared by the test modules (fixtures are in conftest.py, objects built in factories.py)."""

import html
import re
import subprocess
from pathlib import Path

import pytest
from django.core import signals
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

# Two council workbooks and their careful transcriptions, with fictional names (tests/data/README.md).
EXAMPLES = Path(__file__).resolve().parent / "data"

# --- Reading and closing a response ---------------------------------------------------------------


def text_of(response) -> str:
    """The page's text with tags removed and whitespace collapsed, for reading sentences."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "page has no <title>"
    return html.unescape(" ".join(match.group(1).split()))


def h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def close_response(response) -> None:
    """Close a response (a download holds its file open) the way Django's test client does.

    `response.close()` fires request_finished, whose close_old_connections would close the test's
    database connection in the middle of its transaction (fatal on PostgreSQL).
    """
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


# --- Signing in and counting queries --------------------------------------------------------------


def login(client, request, who):
    """Sign the test client in as the standing user named `who` (a fixture name); return the user."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


def count_queries(client, url) -> int:
    """The queries one GET of `url` costs; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- Reading a PDF (poppler's pdftotext) ----------------------------------------------------------


def pdf_text(
    pdf: bytes, *, first: int | None = None, last: int | None = None, layout: bool = True, raw: bool = False
) -> str:
    """The text as laid out on the page; layout=False gives reading order, each cell's lines together;
    raw=True the order it was written in, which keeps a cell's text whole even when a line of the
    next column (a rating's "(unconfirmed)") sits level with one of its wrapped lines."""
    options = [
        *(["-raw"] if raw else ["-layout"] if layout else []),
        *(["-f", str(first)] if first else []),
        *(["-l", str(last)] if last else []),
    ]
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def squashed(text: str) -> str:
    """All whitespace removed: a phrase is found even where a table cell wrapped it."""
    return re.sub(r"\s+", "", text)


# --- The example workbooks ------------------------------------------------------------------------


def example(name: str) -> Path:
    """An example file's path. They are committed, so a missing one fails the test: nothing is skipped."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"{path} is missing: tests/data/README.md says how it is made")
    return path


def without_request_tokens(html: str) -> str:
    """The page with what differs from one request to the next taken out: each form's CSRF token and
    the scripts' CSP nonce. Two renders of the same page, one from a cached fragment, are then equal."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)
