"""The actions app's views, one module per family of pages; urls.py reaches them all through here.

Each view checks access, calls one selector or service, and renders.

The query budget in each docstring (session, user and role included) is asserted by
tests/actions/test_query_budget.py at 10 and 500 actions.
"""

from .imports import (
    import_confirm,
    import_detail,
    import_status,
    plan_export,
    plan_import_into,
    plan_import_new,
)
from .plans import action_changes, action_detail, action_list, home, my_actions, plan_detail, plan_list
from .statements import statement_form

# Reporting periods and reminders
# isort: split
from .periods import period_close as period_close
from .periods import period_list as period_list
from .periods import period_open as period_open
from .periods import period_progress as period_progress
from .periods import period_remind as period_remind
from .periods import period_reopen as period_reopen
from .periods import reminder_settings as reminder_settings

# Ratings, carrying forward, due dates
# isort: split
from .ratings import due_date_change as due_date_change
from .ratings import rating_confirm as rating_confirm
from .ratings import ratings_to_confirm as ratings_to_confirm
from .statements import statement_carry_forward as statement_carry_forward

__all__ = [
    "action_changes",
    "action_detail",
    "action_list",
    "home",
    "import_confirm",
    "import_detail",
    "import_status",
    "my_actions",
    "plan_detail",
    "plan_export",
    "plan_import_into",
    "plan_import_new",
    "plan_list",
    "statement_form",
]
