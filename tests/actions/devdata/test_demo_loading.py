"""Loading the demo into an empty database: how many queries it costs, and a bad date refused.

Apart from test_demo.py, whose tests share one loaded demo: these need a database without it.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

TODAY = datetime.date(2026, 3, 15)  # in the spring term
# Queries to load the whole demo (2 plans, ~180 actions, ~600 statements, their history): 6,434
# measured; its 13 impact measures, written one by one through the services as users would (each
# trajectory point, comparator figure and actual validated, saved and kept in the history), add about
# 3,900: 10,295 in all. The bound catches a change that makes loading much chattier (e.g. per-row
# lookups). Counted with an execute wrapper: django_assert_max_num_queries keeps at most 9,000.
QUERY_BOUND_DEMO = 12_000


def test_load_demo_writes_in_bulk(db):
    """Loading stays cheap in queries. How long it takes is for benchmarks, never a timed test."""
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    out = io.StringIO()
    with connection.execute_wrapper(count):
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=out)
    assert "already loaded" not in out.getvalue()
    assert 0 < queries <= QUERY_BOUND_DEMO, f"{queries} queries"


def test_load_demo_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="--today"):
        call_command("load_demo", "--today", "15/03/2026")
