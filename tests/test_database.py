import os

import pytest
from django.db import connection


@pytest.mark.database
def test_suite_runs_on_the_database_it_was_asked_for(db):
    """CI runs the suite twice; this proves the second run really talked to PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    default = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == os.environ.get("SENDPLAN_EXPECT_DATABASE", default)
