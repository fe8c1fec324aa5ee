"""Test helpers for responses."""

from django.core import signals
from django.db import close_old_connections


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
