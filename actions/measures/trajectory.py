"""A measure's trajectory and its RAG rating: pure functions over dates and decimals, no database.

The rules:

- A trajectory is a baseline, any milestones and (perhaps) a target, each dated, dates strictly
  increasing in that order: baseline < milestones < target. A target (or a milestone) needs a
  baseline. A percentage stays between 0 and 100.
- The expected value at a date is read off a straight line between the two points either side of
  it. On a point it is that point's value. Before the baseline there is no expectation yet (None);
  after the last point (the target) the expectation stays at the last point's value.
- The RAG rating compares the actual figure with the expected one, in the direction that is
  better: Green when on or better than expected, Amber when worse by no more than the tolerance,
  Red when worse by more. No expectation: "Not rated".

Worked example. "New EHC plans issued within 20 weeks", percent, higher is better, tolerance 5:
baseline 40% on 1 September 2025, milestone 60% on 1 September 2026, target 80% on
1 September 2027. On 1 March 2026 (181 of the 365 days from baseline to milestone) the expected
value is 40 + 20 × 181/365 = 49.92 (to two places). An actual 52% is Green; 46% is 3.92 below,
within the tolerance, so Amber; 44% is 5.92 below, so Red. On 1 September 2026 expected is 60;
in 2028 it stays 80; in August 2025, before the baseline, nothing is expected ("Not rated").
For a lower-is-better measure (say days to issue a plan) the same distances count the other way:
below expected is better.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from actions.cycle.models import Rag

BASELINE, MILESTONE, TARGET = "baseline", "milestone", "target"
KIND_ORDER = {BASELINE: 0, MILESTONE: 1, TARGET: 2}
KIND_LABEL = {BASELINE: "baseline", MILESTONE: "milestone", TARGET: "target"}
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True, order=True)
class Point:
    """A trajectory point, sorted by date."""

    date: datetime.date
    kind: str
    value: Decimal

    def describe(self, *, capital: bool = False) -> str:
        """ "the milestone of 1 September 2026" (capital: "The …")."""
        return (
            f"{'The' if capital else 'the'} {KIND_LABEL.get(self.kind, self.kind)} of {self.date:%-d %B %Y}"
        )


def expected_at(points: Sequence[Point], date: datetime.date) -> Decimal | None:
    """The value the trajectory expects at `date` (None before the baseline or with no points).

    `points` in any order; a straight line between the points either side of the date.
    """
    ordered = sorted(points, key=lambda p: p.date)
    if not ordered or date < ordered[0].date:
        return None
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.date <= date <= later.date:
            if date == earlier.date:
                return earlier.value
            if date == later.date:
                return later.value
            span = Decimal((later.date - earlier.date).days)
            gone = Decimal((date - earlier.date).days)
            return earlier.value + (later.value - earlier.value) * gone / span
    return ordered[-1].value


def rag_for(actual: Decimal, expected: Decimal | None, direction: str, tolerance: Decimal) -> Rag:
    """Green on or better than expected, Amber worse by no more than `tolerance`, Red beyond.

    `direction` is "higher" or "lower" (which way is better). No expectation: Not rated.
    """
    if expected is None:
        return Rag.NOT_RATED
    shortfall = expected - actual if direction == HIGHER else actual - expected
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= tolerance:
        return Rag.AMBER
    return Rag.RED


def trend(current: Decimal | None, previous: Decimal | None, direction: str) -> tuple[str, bool | None]:
    """How the figure moved since the previous one: ("up" | "down" | "same" | "", better?).

    Better is None when it did not move or there is nothing to compare with."""
    if current is None or previous is None:
        return "", None
    if current == previous:
        return "same", None
    way: Literal["up", "down"] = "up" if current > previous else "down"
    return way, (way == "up") == (direction == HIGHER)


def trajectory_errors(points: Sequence[Point], *, percent: bool, complete: bool = True) -> list[str]:
    """Every rule a trajectory breaks, each naming the point and why (empty: it is sound).

    `points` in the order given (sorted by date for the order rules). `complete`: the whole
    trajectory is given, so a target or milestone with no baseline is an error; otherwise (one point
    checked against those already saved) only clashes are.
    """
    errors: list[str] = []
    for point in points:
        if percent and not Decimal(0) <= point.value <= Decimal(100):
            errors.append(f"{point.describe(capital=True)}: a percentage must be between 0 and 100")
    baselines = [p for p in points if p.kind == BASELINE]
    targets = [p for p in points if p.kind == TARGET]
    for extra in baselines[1:]:
        errors.append(f"{extra.describe(capital=True)}: a trajectory has only one baseline")
    for extra in targets[1:]:
        errors.append(f"{extra.describe(capital=True)}: a trajectory has at most one target")
    if complete and points and not baselines:
        first = sorted(points)[0]
        errors.append(
            f"{first.describe(capital=True)}: a trajectory needs a baseline before any milestone or target"
        )
    seen: dict[datetime.date, Point] = {}
    for point in points:
        if point.date in seen:
            errors.append(
                f"{point.describe(capital=True)}: {seen[point.date].describe()} is on the same date"
            )
        seen.setdefault(point.date, point)
    ordered = sorted(points, key=lambda p: (p.date, KIND_ORDER.get(p.kind, 1)))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.date != later.date and KIND_ORDER.get(earlier.kind, 1) > KIND_ORDER.get(later.kind, 1):
            if later.kind == BASELINE:
                why = "the baseline must come before every other point"
            else:
                why = "the target must come after every other point"
            errors.append(f"{later.describe(capital=True)} is after {earlier.describe()}: {why}")
    return errors
