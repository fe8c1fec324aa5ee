"""A measure's actual figures against its trajectory and comparators, as a server-rendered SVG line chart.

The same markup goes into the measure page and, unchanged, into the board pack's PDF (WeasyPrint), so
every colour, dash and position is an inline attribute (`sendplan/svg.py`). Nothing relies on colour
alone: each series has its own dash pattern and marker shape, the legend names them, the trajectory's
points and the latest figure are written as text, and `<desc>` gives every figure in words. The page
and the pack also show the same figures as a table.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString

from sendplan.svg import INK, MARGIN, WIDTH, num, svg, text, text_width, wrap

from .models import format_figure
from .selectors import MeasureReport

ACTUAL = "#1d70b8"  # GOV.UK blue
TRAJECTORY = INK
BAND = "#e8e8e8"  # the tolerance: within it, a figure worse than expected is Amber, not Red
GRID = "#d8d8d8"
AXIS = "#505a5f"
# Comparators: each its own colour (3:1 or more on white), dash pattern and marker shape.
COMPARATOR_STYLES = (
    ("#4c2c92", "2 3", "square"),
    ("#912b88", "8 3 2 3", "triangle"),
    ("#505a5f", "1 2", "cross"),
    ("#0f7a52", "10 4", "square"),
)
SIZE = 13
PLOT_TOP = 26
PLOT_HEIGHT = 230


@dataclass(frozen=True)
class _Series:
    name: str
    points: list[tuple[datetime.date, Decimal]]
    colour: str
    dash: str  # "" solid
    marker: str  # "circle", "diamond", "square", "triangle", "cross"
    width: float


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals over `span`."""
    raw = span / ticks if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def _y_range(values: Sequence[float], *, percent: bool) -> tuple[float, float, float]:
    """(low, high, step): round limits that hold every value, from 0 when that keeps the shape."""
    low, high = min(values), max(values)
    if low >= 0 and low <= high * 0.5:
        low = 0.0
    if high == low:
        high, low = high + 1, max(low - 1, 0) if low >= 0 else low - 1
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if percent:
        low, high = max(low, 0.0), min(high, 100.0)
    return low, high, step


def _x_ticks(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """Year starts over long spans, else quarters ("Sep 2025")."""
    if (end - start).days >= 540:
        return [(datetime.date(year, 1, 1), str(year)) for year in range(start.year + 1, end.year + 1)]
    ticks, day = [], datetime.date(start.year, start.month, 1)
    while day <= end:
        if day >= start and day.month in (1, 4, 7, 10):
            ticks.append((day, f"{day:%b %Y}"))
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return ticks


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    title = f"<title>{escape(tip)}</title>"
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{colour}">{title}</circle>'
    if shape == "diamond":
        d = f"M{num(x)} {num(y - 6)}L{num(x + 6)} {num(y)}L{num(x)} {num(y + 6)}L{num(x - 6)} {num(y)}Z"
        return f'<path d="{d}" fill="#ffffff" stroke="{colour}" stroke-width="2">{title}</path>'
    if shape == "square":
        return (
            f'<rect x="{num(x - 3.5)}" y="{num(y - 3.5)}" width="7" height="7" fill="{colour}">{title}</rect>'
        )
    if shape == "triangle":
        d = f"M{num(x)} {num(y - 5)}L{num(x + 5)} {num(y + 4)}L{num(x - 5)} {num(y + 4)}Z"
        return f'<path d="{d}" fill="{colour}">{title}</path>'
    a, b = f"{num(x - 4)} {num(y - 4)}", f"{num(x + 4)} {num(y + 4)}"
    c, e = f"{num(x + 4)} {num(y - 4)}", f"{num(x - 4)} {num(y + 4)}"
    d = f"M{a}L{b}M{c}L{e}"
    return f'<path d="{d}" stroke="{colour}" stroke-width="2">{title}</path>'


def _line(points: list[tuple[float, float]], colour: str, dash: str, width: float) -> str:
    if len(points) < 2:
        return ""
    d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}"{dashes}/>'


def _day(day: datetime.date) -> str:
    return f"{day:%-d %b %Y}"


def measure_chart(report: MeasureReport, *, chart_id: str) -> SafeString:
    """Actual figures (solid, circles) against the trajectory (dashed, diamonds) with its tolerance band
    on the worse side, and each comparator series, over the dates they cover."""
    unit = report.unit
    actuals = [
        (row.refers_to, row.value) for row in report.figures if row.refers_to and row.value is not None
    ]
    trajectory_points = [(row.date, row.value) for row in report.trajectory]
    series = [
        _Series(c.name, c.points, *COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)], 1.5)
        for i, c in enumerate(report.comparators)
        if c.points
    ]
    title = f"{report.name}: actual figures against the trajectory"
    dates = [d for d, _v in actuals + trajectory_points] + [d for s in series for d, _v in s.points]
    if not dates:
        empty = [text(MARGIN, 30, "No figures or trajectory have been entered yet.", size=14)]
        return svg(chart_id, title, "No figures or trajectory have been entered yet.", 44, empty)
    start, end = min(dates), max(dates)
    if start == end:
        start, end = start - datetime.timedelta(days=45), end + datetime.timedelta(days=45)
    tolerance = float(report.tolerance)
    worse = -1 if report.direction == "higher" else 1
    band_edge = [(d, float(v) + worse * tolerance) for d, v in trajectory_points]
    values = [float(v) for _d, v in actuals + trajectory_points] + [
        float(v) for s in series for _d, v in s.points
    ]
    values += [v for _d, v in band_edge] if tolerance else []
    low, high, step = _y_range(values, percent=report.unit == "percent")
    ticks = [low + i * step for i in range(int(round((high - low) / step)) + 1)]
    label_w = max(text_width(format_figure(Decimal(str(round(t, 4))), unit), 12) for t in ticks) + 8
    left, right = MARGIN + label_w, WIDTH - MARGIN - 12
    span_days = (end - start).days

    def x_of(day: datetime.date) -> float:
        return left + (right - left) * (day - start).days / span_days

    def y_of(value: float) -> float:
        return PLOT_TOP + PLOT_HEIGHT * (high - value) / (high - low)

    body: list[str] = []
    bottom = PLOT_TOP + PLOT_HEIGHT
    for tick in ticks:  # gridlines and value labels
        y = y_of(tick)
        body.append(f'<path d="M{num(left)} {num(y)}H{num(right)}" stroke="{GRID}" stroke-width="1"/>')
        label = format_figure(Decimal(str(round(tick, 4))), unit)
        body.append(text(left - 6, y + 4, label, size=12, anchor="end"))
    for day, label in _x_ticks(start, end):
        x = x_of(day)
        body.append(f'<path d="M{num(x)} {num(bottom)}v5" stroke="{AXIS}" stroke-width="1"/>')
        body.append(text(x, bottom + 18, label, size=12, anchor="middle"))
    body.append(f'<path d="M{num(left)} {num(bottom)}H{num(right)}" stroke="{AXIS}" stroke-width="1"/>')
    body.append(text(MARGIN, 14, report.unit_label + f" ({report.direction_label.lower()})", size=12))

    if trajectory_points:
        # After its last point (the target) the expectation holds: draw it on to the chart's end.
        held = [*trajectory_points, (end, trajectory_points[-1][1])] if trajectory_points[-1][0] < end else []
        line = held or trajectory_points
        if tolerance:
            edge = [(d, float(v) + worse * tolerance) for d, v in line]
            outline = [(x_of(d), y_of(float(v))) for d, v in line] + [
                (x_of(d), y_of(max(min(v, high), low))) for d, v in reversed(edge)
            ]
            shape = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in outline) + "Z"
            body.append(f'<path d="{shape}" fill="{BAND}"/>')
        body.append(_line([(x_of(d), y_of(float(v))) for d, v in line], TRAJECTORY, "6 4", 2))
        for row in report.trajectory:
            tip = f"{row.kind_label} {row.text} on {_day(row.date)}"
            body.append(_marker("diamond", x_of(row.date), y_of(float(row.value)), TRAJECTORY, tip))
        target = report.target or report.trajectory[-1]
        tx, ty = x_of(target.date), y_of(float(target.value))
        words = f"{target.kind_label} {target.text}"
        anchor = "end" if tx + text_width(words, SIZE, True) > right else "start"
        body.append(
            text(tx + (-8 if anchor == "end" else 8), ty - 9, words, size=SIZE, bold=True, anchor=anchor)
        )

    for s in series:
        points = [(x_of(d), y_of(float(v))) for d, v in s.points]
        body.append(_line(points, s.colour, s.dash, s.width))
        body += [
            _marker(s.marker, x, y, s.colour, f"{s.name}: {format_figure(v, unit)} on {_day(d)}")
            for (x, y), (d, v) in zip(points, s.points, strict=True)
        ]

    by_date = {row.refers_to: row for row in report.figures if row.refers_to}
    points = [(x_of(d), y_of(float(v))) for d, v in actuals]
    body.append(_line(points, ACTUAL, "", 3))
    for (x, y), (d, _v) in zip(points, actuals, strict=True):
        figure = by_date[d]
        tip = f"{figure.period_name}: {figure.text} on {_day(d)}"
        if figure.expected_text:
            tip += f" (expected {figure.expected_text})"
        body.append(_marker("circle", x, y, ACTUAL, tip))
    if actuals:
        (lx, ly), last = points[-1], by_date[actuals[-1][0]]
        words = f"{last.text} ({last.period_name})"
        anchor = "end" if lx + text_width(words, SIZE, True) > right else "start"
        body.append(
            text(lx + (-8 if anchor == "end" else 8), ly + 18, words, size=SIZE, bold=True, anchor=anchor)
        )

    legend, height = _legend(series, tolerance=bool(tolerance and trajectory_points), y=bottom + 34)
    return svg(chart_id, title, _description(report, series), bottom + 34 + height, [*body, legend])


def _legend(series: list[_Series], *, tolerance: bool, y: float) -> tuple[str, float]:
    """A line sample (with its marker) and the name of each series, flowing onto new lines."""
    entries: list[tuple[str, str]] = [
        (_line([(0, 0), (26, 0)], ACTUAL, "", 3) + _marker("circle", 13, 0, ACTUAL, ""), "Actual"),
        (
            _line([(0, 0), (26, 0)], TRAJECTORY, "6 4", 2) + _marker("diamond", 13, 0, TRAJECTORY, ""),
            "Trajectory",
        ),
    ]
    if tolerance:
        entries.append(
            (f'<rect x="0" y="-7" width="26" height="14" fill="{BAND}"/>', "Within tolerance (Amber)")
        )
    entries += [
        (_line([(0, 0), (26, 0)], s.colour, s.dash, 2) + _marker(s.marker, 13, 0, s.colour, ""), s.name)
        for s in series
    ]
    parts, x, line = [], float(MARGIN), 0
    for sample, words in entries:
        words = wrap(words, SIZE, WIDTH - 2 * MARGIN - 34, 1)[0]
        item = 34 + text_width(words, SIZE)
        if x > MARGIN and x + item > WIDTH - MARGIN:
            x, line = MARGIN, line + 1
        top = y + line * 22
        parts.append(f'<g transform="translate({num(x)} {num(top)})">{sample}</g>')
        parts.append(text(x + 32, top + 4.5, words, size=SIZE))
        x += item + 18
    return "".join(parts), (line + 1) * 22


def _description(report: MeasureReport, series: list[_Series]) -> str:
    """Every figure of the chart in words, for screen readers and anyone who cannot see the lines."""
    rows = [row for row in report.figures if row.has_figure]
    parts = []
    if rows:
        parts.append(
            "Actual figures: "
            + "; ".join(
                f"{row.period_name} {row.text}"
                + (f" (expected {row.expected_text})" if row.expected_text else "")
                for row in rows
            )
        )
    else:
        parts.append("No actual figures yet")
    if report.trajectory:
        parts.append(
            "Trajectory: "
            + "; ".join(f"{r.kind_label.lower()} {r.text} on {_day(r.date)}" for r in report.trajectory)
        )
    for s in series:
        parts.append(
            f"{s.name}: " + "; ".join(f"{format_figure(v, report.unit)} on {_day(d)}" for d, v in s.points)
        )
    return ". ".join(parts) + "."
