"""Loading the demo into an empty database: how many queries it costs, and a bad date refused.

Apart from test_demo.py, whose tests share one loaded demo: these need a database without it.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TODAY = datetime.date(2026, 3, 15)  # in the spring term
# Queries to load the whole demo (2 plans, ~180 actions, ~600 statements, their history): 6,434
# measured. The bound catches a change that makes loading much chattier (e.g. per-row lookups).
QUERY_BOUND_DEMO = 8_000


def test_load_demo_writes_in_bulk(db, django_assert_max_num_queries):
    """Loading stays cheap in queries. How long it takes is for benchmarks, never a timed test."""
    with django_assert_max_num_queries(QUERY_BOUND_DEMO):
        out = io.StringIO()
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=out)
    assert "already loaded" not in out.getvalue()


def test_load_demo_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="--today"):
        call_command("load_demo", "--today", "15/03/2026")
