"""Plain helpers shared by the test modules (fixtures are in conftest.py, objects built in factories.py)."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

# --- Reading a page ------------------------------------------------------------------------------


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


# --- Signing in and counting queries ------------------------------------------------------------


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
