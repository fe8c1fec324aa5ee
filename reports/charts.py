"""Server-rendered SVG charts of RAG counts for dashboards and, unchanged, for WeasyPrint board packs.

Why hand-written SVG and not a charting library: the same markup must work in a browser with no
JavaScript and inside a PDF, so every colour, font and position is an inline presentation attribute.
Each chart scales to its container through its viewBox (``width="100%"``, height from the aspect
ratio), so long text is wrapped or shortened here rather than left to the renderer.

RAG is never shown by colour alone: every count is written as text, every legend names each rating,
and ``<desc>`` repeats the figures in a sentence for screen readers. Output is deterministic (no
random ids, fixed number formatting) so a published pack can be rebuilt byte for byte.
"""

from django.utils.safestring import SafeString

from sendplan.svg import (
    INK,
    MARGIN,
    WIDTH,
    Paint,
    legend,
    text_width,
    wrap,
)
from sendplan.svg import centred as _centred
from sendplan.svg import rect as _rect
from sendplan.svg import svg as _svg
from sendplan.svg import text as _text
from sendplan.svg import text_lines as _lines

from .rag import RAG_KEYS, RAG_LABELS, RagCounts

RAG_PAINT = {
    "red": Paint("#ca3535", "#ffffff"),
    "amber": Paint("#ffbf47", INK),
    "green": Paint("#0f7a52", "#ffffff"),
    "blue": Paint("#1d70b8", "#ffffff"),
    "not_rated": Paint("#cecece", INK),
    "no_update": Paint("#f3f3f3", INK, dashed=True),
}
# Short forms used where a full word cannot fit; every legend that uses them spells them out.
RAG_ABBR = {"red": "R", "amber": "A", "green": "G", "blue": "B", "not_rated": "NR", "no_update": "NU"}

# Heat map bands: (lowest percentage on track, paint, legend words). Checked in order.
BANDS = (
    (75, Paint("#0f7a52", "#ffffff"), "75% or more on track"),
    (50, Paint("#85c1a9", INK), "50% to 74% on track"),
    (25, Paint("#ffbf47", INK), "25% to 49% on track"),
    (0, Paint("#ca3535", "#ffffff"), "Under 25% on track"),
)
NO_STATEMENT = Paint("#f3f3f3", INK, dashed=True)


def breakdown(counts: RagCounts) -> str:
    """Every rating in words, zeros included so sentences compare: "3 Red, 5 Amber, ... 1 No update"."""
    return ", ".join(f"{count} {word}" for _key, word, count in counts.items())


def _abbreviated(counts: RagCounts) -> str:
    return " ".join(f"{RAG_ABBR[key]}{count}" for key, _word, count in counts.items() if count)


def _actions(total: int) -> str:
    return f"{total} action" if total == 1 else f"{total} actions"


def rag_legend(*, y: float, abbreviations: bool = False, width: float = WIDTH) -> tuple[str, float]:
    """The six ratings in display order, with their short forms when a chart uses them."""
    entries = [
        (RAG_PAINT[key], f"{RAG_LABELS[key]} ({RAG_ABBR[key]})" if abbreviations else RAG_LABELS[key])
        for key in RAG_KEYS
    ]
    return legend(entries, y=y, width=width)


def stacked_bars(
    rows: list[tuple[str, RagCounts]], *, chart_id: str, title: str, description_prefix: str = ""
) -> SafeString:
    """One horizontal bar per row (e.g. per priority), all on the scale of the largest total.

    The label sits above its bar so long priority titles can use the full width, even on a phone.
    """
    label_size, bar_h, num_size = 16, 30, 14
    usable = WIDTH - 2 * MARGIN
    reserve = max([text_width(_actions(c.total), num_size) + 8 for _l, c in rows] or [0])
    scale = (usable - reserve) / max([c.total for _l, c in rows] + [1])
    x: float
    y: float
    body, y = [], MARGIN
    for label, counts in rows:
        lines = wrap(label, label_size, usable, 2, bold=True)
        body.append(_lines(MARGIN, y + label_size, lines, size=label_size, bold=True, hover=label))
        y += len(lines) * label_size * 1.25 + 6
        if not counts.total:
            body.append(_text(MARGIN, y + bar_h / 2 + 5, "No actions", size=num_size))
            y += bar_h + 16
            continue
        x, unlabelled = MARGIN, []
        for key, word, count in counts.items():
            if not count:
                continue
            w = count * scale
            body.append(_rect(x, y, max(w - 1, 0.5), bar_h, RAG_PAINT[key], hover=f"{word}: {count}"))
            if w >= max(22, text_width(str(count), num_size, True) + 8):
                body.append(_centred(x, y, w - 1, bar_h, str(count), size=num_size, ink=RAG_PAINT[key].ink))
            else:
                unlabelled.append(f"{word} {count}")
            x += w
        body.append(_text(x + 6, y + bar_h / 2 + 5, _actions(counts.total), size=num_size))
        y += bar_h
        if unlabelled:
            small = wrap(", ".join(unlabelled), 13, usable, 3)
            body.append(_lines(MARGIN, y + 16, small, size=13))
            y += len(small) * 13 * 1.25 + 4
        y += 16
    if not rows:
        body.append(_text(MARGIN, y + 16, "No actions", size=num_size))
        y += 28
    markup, used = rag_legend(y=y + 4)
    sentences = "; ".join(f"{label}: {breakdown(c) if c.total else 'no actions'}" for label, c in rows)
    sentences = sentences or "No actions"
    desc = f"{description_prefix} {sentences}.".strip()
    return _svg(chart_id, title, desc, y + 4 + used, [*body, markup])


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move side labels apart (keeping their order) so none overlap, staying within [low, high]."""
    placed: list[float] = []
    for want in wanted:
        placed.append(max(want, placed[-1] + gap) if placed else max(want, low))
    for i in range(len(placed) - 1, -1, -1):  # then push back up from the bottom if we ran over
        limit = high if i == len(placed) - 1 else placed[i + 1] - gap
        placed[i] = min(placed[i], limit)
    return placed


def _width_for(periods: int) -> float:
    """Charts across many reporting periods get a wider viewBox so each period keeps ~60 units."""
    return max(WIDTH, 60 * periods + 2 * MARGIN)


def trend(columns: list[tuple[str, RagCounts]], *, chart_id: str, title: str) -> SafeString:
    """The RAG mix of each reporting period as a 100% column, in the order given, so shifts in mix show.

    Counts that do not fit inside a thin segment are written beside it with the rating's short form
    ("B1"), which the legend spells out.
    """
    width = _width_for(len(columns))
    # 24 spare units on the right keep the last column's side labels ("NU12") inside the viewBox.
    pitch = (width - 2 * MARGIN - 24) / max(len(columns), 1)
    col_w = min(pitch * 0.48, 80)
    totals = [
        wrap(_actions(c.total) if c.total else "No actions", 12, pitch - 6, 2, True) for _l, c in columns
    ]
    labels = [wrap(label, 12, pitch - 6, 3) for label, _c in columns]
    top, col_h = 8 + 15 * max(map(len, totals), default=1), 220
    body, abbreviated = [], False
    y: float
    for i, (label, counts) in enumerate(columns):
        centre = MARGIN + (i + 0.5) * pitch
        x = centre - col_w / 2
        first = top - 6 - (len(totals[i]) - 1) * 15
        body.append(_lines(centre, first, totals[i], size=12, anchor="middle", bold=True))
        y, side = top, []
        for key, word, count in counts.items():
            if not count:
                continue
            h = col_h * count / counts.total
            body.append(
                _rect(x, y, col_w, max(h - 1, 0.5), RAG_PAINT[key], hover=f"{label}, {word}: {count}")
            )
            if h >= 16 and text_width(str(count), 12, True) + 4 <= col_w:
                body.append(_centred(x, y, col_w, h - 1, str(count), size=12, ink=RAG_PAINT[key].ink))
            else:
                side.append((y + h / 2 + 4, f"{RAG_ABBR[key]}{count}"))
            y += h
        if not counts.total:
            body.append(_rect(x, top, col_w, col_h, NO_STATEMENT))
        # Side labels may use the gap up to the next column; shrink the type rather than overlap it.
        room = pitch - col_w - 3
        small = 11 if all(text_width(t, 11) <= room for _y, t in side) else 10
        ys = _spread([sy for sy, _t in side], small + 1, top + small, top + col_h)
        body += [_text(x + col_w + 2, sy, text, size=small) for sy, (_, text) in zip(ys, side, strict=True)]
        abbreviated = abbreviated or bool(side)
        body.append(_lines(centre, top + col_h + 16, labels[i], size=12, anchor="middle", hover=label))
    y = top + col_h + 20 + 15 * max(map(len, labels), default=1)
    if not columns:
        body.append(_text(MARGIN, top + 20, "No actions", size=14))
    markup, used = rag_legend(y=y, abbreviations=abbreviated, width=width)
    sentences = "; ".join(
        f"{label}: {_actions(c.total)}, {breakdown(c)}" if c.total else f"{label}: no actions"
        for label, c in columns
    )
    return _svg(chart_id, title, f"{sentences or 'No actions'}.", y + used, [*body, markup], width)


def on_track(counts: RagCounts) -> tuple[int, int] | None:
    """(percentage on track, actions with a statement); None when no action has a statement.

    On track is Green or Blue; the base is actions with any statement, including "Not rated",
    because an action whose statement gives no rating is not known to be on track.
    """
    base = counts.total - counts.no_update
    if not base:
        return None
    return (200 * (counts.green + counts.blue) + base) // (2 * base), base  # round half up


def _band(percent: int) -> Paint:
    # Banded on the rounded figure the cell shows, so "75%" is never painted as "50% to 74%".
    return next(paint for low, paint, _words in BANDS if percent >= low)


def heat_map(
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[RagCounts]],
    *,
    chart_id: str,
    title: str,
) -> SafeString:
    """Priorities down, reporting periods across; each cell shaded by its share of actions on track.

    Row labels sit above their row of cells so all twelve periods get the full width.
    """
    if len(cells) != len(row_labels) or any(len(row) != len(column_labels) for row in cells):
        raise ValueError("heat_map needs one row of cells per row label and one cell per column label")
    width = _width_for(len(column_labels))
    pitch = (width - 2 * MARGIN) / max(len(column_labels), 1)
    cell_w, inner = pitch - 3, pitch - 7
    head_lines = [wrap(label, 12, inner, 3) for label in column_labels]
    head_h = max([len(lines) for lines in head_lines] or [1]) * 15 + 4
    body = []
    for i, (period, lines) in enumerate(zip(column_labels, head_lines, strict=True)):
        body.append(
            _lines(MARGIN + i * pitch + cell_w / 2, 16, lines, size=12, anchor="middle", hover=period)
        )

    def cell_text(counts: RagCounts) -> list[tuple[str, float, bool]]:
        share = on_track(counts)
        head: list[tuple[str, float, bool]]
        if share is None:
            words = "No updates" if counts.total else "No actions"
            head = [(line, 12, False) for line in wrap(words, 12, inner, 2)]
        elif text_width(f"{share[0]}% on track", 13, True) <= inner:
            head = [(f"{share[0]}% on track", 13, True)]
        else:
            head = [(f"{share[0]}%", 14, True), ("on track", 11, False)]
        counts_lines = wrap(_abbreviated(counts), 11, inner, 4) if counts.total else []
        return head + [(line, 11, False) for line in counts_lines]

    texts = [[cell_text(c) for c in row] for row in cells]
    cell_h = max([sum(s * 1.25 for _t, s, _b in t) for row in texts for t in row] or [20]) + 12
    y: float = MARGIN + head_h
    sentences = []
    for label, row, row_texts in zip(row_labels, cells, texts, strict=True):
        lines = wrap(label, 14, width - 2 * MARGIN, 2, bold=True)
        body.append(_lines(MARGIN, y + 14, lines, size=14, bold=True, hover=label))
        y += len(lines) * 17.5 + 4
        figures = []
        for i, (counts, lines_in_cell) in enumerate(zip(row, row_texts, strict=True)):
            share, x = on_track(counts), MARGIN + i * pitch
            paint = NO_STATEMENT if share is None else _band(share[0])
            period = column_labels[i]
            hover = f"{label}, {period}: " + (f"{share[0]}% on track. " if share else "") + breakdown(counts)
            body.append(_rect(x, y, cell_w, cell_h, paint, hover=hover))
            ty, cx = y + 6, x + cell_w / 2
            for text, size, bold in lines_in_cell:
                ty += size * 1.25
                body.append(
                    _text(cx, ty - size / 4, text, size=size, ink=paint.ink, anchor="middle", bold=bold)
                )
            if share:
                figures.append(f"{period} {share[0]}% ({counts.green + counts.blue} of {share[1]})")
            else:
                figures.append(f"{period} {'no updates' if counts.total else 'no actions'}")
        sentences.append(f"{label}: {', '.join(figures)}")
        y += cell_h + 10
    if not row_labels:
        body.append(_text(MARGIN, y + 16, "No actions", size=14))
        y += 28
    entries = [(paint, words) for _low, paint, words in BANDS] + [(NO_STATEMENT, "No updates")]
    markup, used = legend(entries, y=y, width=width)
    y += used
    key = ", ".join(f"{RAG_ABBR[k]} {RAG_LABELS[k]}" for k in RAG_KEYS)
    note = f"On track means Green or Blue, out of actions with a position statement. In cells: {key}."
    notes = wrap(note, 13, width - 2 * MARGIN, 4)
    markup += _lines(MARGIN, y + 13, notes, size=13)
    y += len(notes) * 13 * 1.25 + 6
    desc = (
        "Share of actions on track (Green or Blue, out of actions with a position statement) "
        f"by priority and reporting period. {'; '.join(sentences) or 'No actions'}."
    )
    return _svg(chart_id, title, desc, y, [*body, markup], width)


def for_dashboard(dashboard) -> dict[str, SafeString]:
    """The dashboard's three charts, drawn from its plain data (the packs reuse them unchanged)."""
    periods = [p.name for p in dashboard.periods]
    return {
        "by_priority": stacked_bars(
            [(f.label, f.rag) for f in dashboard.priorities],
            chart_id="by-priority",
            title=f"RAG ratings by priority, as at {dashboard.period.name}",
        ),
        "trend": trend(
            [(p.name, counts) for p, counts in dashboard.trend],
            chart_id="trend",
            title="RAG mix of the whole plan in each reporting period",
        ),
        "heat_map": heat_map(
            [label for label, _ in dashboard.heat_map],
            periods,
            [cells for _, cells in dashboard.heat_map],
            chart_id="heat-map",
            title="Share of each priority's actions on track (Green or Blue), by reporting period",
        ),
    }
