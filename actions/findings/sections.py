"""The findings' part of the cycle's action page ("Findings this action answers").

The cycle sits below findings and cannot import them, so it offers an extension point
(actions/cycle/extensions.py) and `FindingsConfig.ready()` registers `action_section` there. The
template shows plan administrators the link to choose the findings even when there are none.
"""

from actions.cycle.extensions import Section
from actions.plans.models import Action

from . import selectors


def action_section(action: Action) -> Section:
    """The findings the action answers, directly or through its objective. One query."""
    return Section(
        "findings/_action_findings.html",
        {"action_pk": action.pk, "findings": selectors.findings_for_action(action)},
    )
