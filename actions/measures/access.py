"""Who may write what about impact measures: set them up, enter their figures, confirm their ratings.

Plan administrators set up measures and trajectories. A measure's figures are entered by its lead
person (their own sign-in) or a plan administrator, while the period takes updates, as position
statements are. The second key follows the cycle's rules (`actions/cycle/access.py`): plan
administrators and the leads of a priority the measure evidences confirm, never whoever entered it.
"""

from django.shortcuts import get_object_or_404

from actions.cycle.access import CONFIRM_REFUSAL, led_priority_ids
from actions.cycle.models import ReportingPeriod
from actions.plans.access import person_for
from actions.roles import AnyUser, role_for

from .models import Benchmark, Measure, MeasureValue

MEASURE_ADMIN_REFUSAL = "Only plan administrators set up measures and their trajectories."
VALUE_REFUSAL = "Only plan administrators and the measure's lead person enter its figures."


def value_refusal(user: AnyUser, measure: Measure, period: ReportingPeriod) -> str | None:
    """Why this user may not enter the measure's figure for this period (None: they may)."""
    role = role_for(user)
    if not role.has_role or role.is_read_only:  # an adviser enters nothing, whatever they lead
        return VALUE_REFUSAL
    if period.plan_id != measure.plan_id:
        return "That reporting period belongs to a different plan."
    if period.is_published:
        return f"The {period.name} reporting period has been published, so its measures' figures are locked."
    if role.is_plan_admin:
        return None
    person = person_for(user)
    if person is None or measure.lead_person_id != person.pk:
        return VALUE_REFUSAL
    if not period.is_open:
        return f"The {period.name} reporting period is closed for updates."
    return None


def evidenced_priority_ids(measure: Measure) -> set[int]:
    """The priorities a measure evidences, directly or through its objectives and actions. 3 queries."""
    ids = set(measure.priorities.values_list("pk", flat=True))
    ids |= set(measure.objectives.values_list("priority_id", flat=True))
    ids |= set(measure.actions.values_list("objective__priority_id", flat=True))
    return ids


def confirm_refusal(user: AnyUser, measure_value: MeasureValue) -> str | None:
    """Why this user may not confirm the figure's rating (None: they may): the second key.

    Needs `measure_value.period` and `measure_value.measure`."""
    role = role_for(user)
    if not role.is_plan_admin:
        if not role.has_role or role.is_read_only:
            return CONFIRM_REFUSAL
        if not evidenced_priority_ids(measure_value.measure) & led_priority_ids(user):
            return CONFIRM_REFUSAL
    period = measure_value.period
    if period.is_published:
        return f"The {period.name} reporting period has been published, so its ratings are locked."
    if measure_value.is_confirmed:
        return "This rating has already been confirmed."
    if measure_value.entered_by_id is not None and measure_value.entered_by_id == user.pk:
        return "You entered this figure, so someone else must confirm its rating."
    return None


def get_measure_for_user(user: AnyUser, pk: int) -> Measure:
    """A measure with its plan and leads (every member reads every plan)."""
    return get_object_or_404(Measure.objects.select_related("plan", "lead_person", "lead_partner"), pk=pk)


def get_comparator_for_user(user: AnyUser, measure: Measure, pk: int) -> Benchmark:
    """One of the measure's comparator series (404 for another measure's)."""
    return get_object_or_404(Benchmark, pk=pk, measure=measure)


def comparator_name_taken(measure: Measure, name: str, *, other_than: Benchmark) -> bool:
    """Would renaming `other_than` to `name` clash with another of the measure's comparators?"""
    return Benchmark.objects.filter(measure=measure, name__iexact=name).exclude(pk=other_than.pk).exists()
