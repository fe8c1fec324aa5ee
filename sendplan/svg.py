"""Drawing primitives for the server-rendered SVG charts (dashboards, packs, impact measures).

Every chart must work in a browser with no JavaScript and inside a WeasyPrint PDF, so every colour,
font and position is an inline presentation attribute and every number is formatted the same way on
every run (a published pack can be rebuilt byte for byte). The charts themselves live with what they
show: RAG counts in `reports/charts.py`, a measure against its trajectory in `actions/measures/chart.py`.
"""

from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, Helvetica, sans-serif"
INK = "#0b0c0c"
OUTLINE = "#505a5f"  # dashed outline that keeps the near-white "No update" visible on white paper
WIDTH = 600  # viewBox width: wide enough for a 4-word label row, small enough to stay legible on a phone
MARGIN = 4


class Paint(NamedTuple):
    fill: str
    ink: str  # text colour on the fill, chosen for at least 4.5:1 contrast
    dashed: bool = False


# Approximate Arial advance widths (em) so layout decisions match what Arial/Liberation Sans draw.
_EM = {
    **dict.fromkeys("ijlIft.,:;'!| /", 0.28),
    **dict.fromkeys('r()-[]"', 0.34),
    **dict.fromkeys("cksvxyzJ", 0.5),
    **dict.fromkeys("mwMW%@", 0.87),
    "…": 1.0,
    "·": 0.28,
}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in viewBox units; bold Arial runs about 8% wider."""
    em = sum(_EM.get(ch, 0.68 if ch.isupper() else 0.556) for ch in text)
    return em * size * (1.08 if bold else 1.0)


def wrap(text: str, size: float, width: float, max_lines: int, bold: bool = False) -> list[str]:
    """Greedy word wrap into at most ``max_lines``; a line that overflows, or hides more text, ends in "…"."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, bold) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)

    def clip(line: str, more: bool) -> str:
        if not more and text_width(line, size, bold) <= width:
            return line
        while line and text_width(line + "…", size, bold) > width:
            line = line[:-1]
        return line.rstrip() + "…"

    return [clip(line, bool(words) and i == len(lines) - 1) for i, line in enumerate(lines)] or [""]


def num(value: float) -> str:
    """Fixed one-decimal coordinates: short, and identical on every run and platform."""
    return f"{value:.1f}".removesuffix(".0")


def text(x, y, content, *, size, ink=INK, anchor="start", bold=False, hover="") -> str:
    weight = ' font-weight="bold"' if bold else ""
    tip = f"<title>{escape(hover)}</title>" if hover else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{ink}" '
        f'text-anchor="{anchor}"{weight}>{tip}{escape(content)}</text>'
    )


def text_lines(x, y, lines, *, size, leading=1.25, **kwargs) -> str:
    """Several ``text`` lines; ``y`` is the first baseline."""
    return "".join(text(x, y + i * size * leading, line, size=size, **kwargs) for i, line in enumerate(lines))


def rect(x, y, w, h, paint: Paint, hover="") -> str:
    tip = f"<title>{escape(hover)}</title>" if hover else ""
    if paint.dashed:  # inset by half the stroke so the outline stays inside the shape's box
        x, y, w, h = x + 0.5, y + 0.5, max(w - 1, 0.5), max(h - 1, 0.5)
        stroke = f' stroke="{OUTLINE}" stroke-width="1" stroke-dasharray="3 2"'
    else:
        stroke = ""
    box = f'x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"'
    return f'<rect {box} fill="{paint.fill}"{stroke}>{tip}</rect>'


def centred(x, y, w, h, content, *, size, ink, bold=True) -> str:
    """Text centred in a box; the baseline sits 0.35em below the middle (no dominant-baseline in PDFs)."""
    return text(x + w / 2, y + h / 2 + size * 0.35, content, size=size, ink=ink, anchor="middle", bold=bold)


def svg(
    chart_id: str, title: str, desc: str, height: float, body: list[str], width: float = WIDTH
) -> SafeString:
    cid = escape(chart_id)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="100%" font-family="{FONT}">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def legend(entries: list[tuple[Paint, str]], *, y: float, width: float = WIDTH) -> tuple[str, float]:
    """Swatches with their words, flowing onto new lines as needed; returns (markup, height used)."""
    x: float
    size, box, gap, x, line = 14, 14, 18, MARGIN, 0
    parts = []
    for paint, words in entries:
        item = box + 6 + text_width(words, size)
        if x > MARGIN and x + item > width - MARGIN:
            x, line = MARGIN, line + 1
        top = y + line * 22
        parts.append(rect(x, top, box, box, paint) + text(x + box + 6, top + 12, words, size=size))
        x += item + gap
    return "".join(parts), (line + 1) * 22
