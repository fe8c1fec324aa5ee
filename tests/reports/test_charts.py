"""The SVG charts: accessible, escaped, deterministic, and drawable by both Chromium and WeasyPrint."""

import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
import weasyprint

from reports import charts
from reports.rag import RAG_KEYS, RAG_LABELS, RagCounts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert(1)</script> & "x"'
PERIODS = [
    f"{term} term {year}"
    for start in (2023, 2024, 2025, 2026)
    for term, year in (("Autumn", start), ("Spring", start + 1), ("Summer", start + 1))
]
PRIORITY_1 = RagCounts(red=3, amber=5, green=24, blue=1, not_rated=0, no_update=1)
PRIORITY_2 = RagCounts(red=1, amber=7, green=6, blue=0, not_rated=1, no_update=3)


def bars(label="Priority 1"):
    rows = [(label, PRIORITY_1), ("Priority 2", PRIORITY_2), ("Priority 3", RagCounts())]
    return charts.stacked_bars(rows, chart_id="bars", title="RAG by priority", description_prefix="Now.")


def trend(label="Autumn term 2025"):
    columns = [(label, PRIORITY_1)] + [
        (period, RagCounts(red=i % 4, amber=5, green=i + 2, blue=i // 3, not_rated=i % 2, no_update=1))
        for i, period in enumerate(PERIODS[1:])
    ]
    return charts.trend(columns, chart_id="trend", title="RAG over time")


def heat_map(label="Priority 1"):
    row = [RagCounts(red=2, amber=2, green=5, blue=1, no_update=1)] + [PRIORITY_2] * 10 + [RagCounts()]
    cells = [row, [RagCounts(no_update=4)] * 12]
    return charts.heat_map([label, "Priority 2"], PERIODS, cells, chart_id="heat", title="On track")


CHARTS = {"stacked_bars": bars, "trend": trend, "heat_map": heat_map}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def visible_texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def words(element: ET.Element) -> str:
    """What a <text> draws: its own text, not the hover <title> inside it."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def all_words(root: ET.Element) -> str:
    return " ".join(words(t) for t in visible_texts(root))


def extent(element: ET.Element) -> tuple[float, float]:
    size, x = float(element.get("font-size")), float(element.get("x"))
    width = charts.text_width(words(element), size, element.get("font-weight") == "bold")
    offset = {"start": 0, "middle": width / 2, "end": width}[element.get("text-anchor")]
    return x - offset, x - offset + width


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_chart_is_an_image_named_by_its_title_and_desc(make):
    root = parse(make())
    chart_id = {bars: "bars", trend: "trend", heat_map: "heat"}[make]
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}desc").get("id") == f"{chart_id}-desc"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 ")
    assert root.get("font-family") == "Arial, Helvetica, sans-serif"


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_chart_needs_nothing_from_the_page(make):
    svg = make()
    for outside in ("class=", "<script", "<style", "style=", "href", "<image", "@font-face", "url("):
        assert outside not in svg


def test_bar_chart_desc_states_every_figure():
    desc = parse(bars()).find(f"{SVG}desc").text
    assert desc.startswith("Now. Priority 1: 3 Red, 5 Amber, 24 Green, 1 Blue, 0 Not rated, 1 No update;")
    assert desc.endswith("Priority 3: no actions.")


def test_trend_desc_states_every_period_with_its_total():
    desc = parse(trend()).find(f"{SVG}desc").text
    assert desc.startswith("Autumn term 2025: 34 actions, 3 Red, 5 Amber, 24 Green, 1 Blue, 0 Not rated")
    assert desc.count("actions,") == 12


def test_heat_map_desc_states_each_share_on_track():
    desc = parse(heat_map()).find(f"{SVG}desc").text
    assert "Priority 1: Autumn term 2023 60% (6 of 10), Spring term 2024 40% (6 of 15)" in desc
    assert "Summer term 2027 no actions; Priority 2: Autumn term 2023 no updates" in desc


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_legend_names_every_rating_in_words(make):
    text = all_words(parse(make()))
    for key in RAG_KEYS:
        assert RAG_LABELS[key] in text


def test_bar_chart_writes_every_count_on_its_segment_or_under_the_bar():
    texts = [words(t) for t in visible_texts(parse(bars()))]
    assert {"3", "5", "24", "34 actions", "Blue 1, No update 1"} <= set(texts)
    assert {"7", "6", "3", "18 actions", "Red 1, Not rated 1"} <= set(texts)
    assert "No actions" in texts


def test_trend_writes_every_non_zero_count_inside_or_beside_its_segment():
    root = parse(trend())
    columns = defaultdict(list)  # count texts grouped by the column they sit in or beside
    for t in visible_texts(root):
        in_columns = 36 < float(t.get("y")) < 260  # not the totals above nor the period labels below
        if in_columns and words(t).removeprefix("NR").removeprefix("NU").lstrip("RAGB").isdigit():
            columns[round(float(t.get("x")) // 60)].append(words(t))
    first = columns[0]
    assert sorted(first) == sorted(["3", "5", "24", "B1", "NU1"])
    total_written = sum(int(w.lstrip("RAGBNU")) for col in columns.values() for w in col)
    desc = root.find(f"{SVG}desc").text
    assert total_written == sum(int(part.split()[0]) for part in desc.split(": ")[1:])


def test_heat_map_cells_say_share_and_counts():
    text = all_words(parse(heat_map()))
    assert "Priority 1 60% on track R2 A2 G5 B1 NU1 " in text
    assert "No actions Priority 2 No updates NU4 No updates NU4 " in text


@pytest.mark.parametrize(
    ("counts", "share", "fill"),
    [
        (RagCounts(green=3, blue=0, red=1), 75, "#0f7a52"),
        (RagCounts(green=74, red=26), 74, "#85c1a9"),
        (RagCounts(green=1, not_rated=1), 50, "#85c1a9"),
        (RagCounts(blue=49, amber=51), 49, "#ffbf47"),
        (RagCounts(green=1, red=3, no_update=5), 25, "#ffbf47"),
        (RagCounts(red=4, green=0), 0, "#ca3535"),
        (RagCounts(no_update=3), None, "#f3f3f3"),
    ],
)
def test_heat_map_cell_is_shaded_by_share_on_track_among_actions_with_a_statement(counts, share, fill):
    assert (charts.on_track(counts) or (None,))[0] == share
    svg = charts.heat_map(["P"], ["Autumn term 2025"], [[counts]], chart_id="h", title="t")
    cell = [r for r in parse(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None][0]
    assert cell.get("fill") == fill


def test_heat_map_refuses_cells_that_do_not_match_the_labels():
    with pytest.raises(ValueError):
        charts.heat_map(["P1", "P2"], ["Autumn term 2025"], [[RagCounts()]], chart_id="h", title="t")


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_user_text_is_escaped(make):
    svg = make(NASTY)
    assert "<script" not in svg
    root = parse(svg)  # still well-formed XML
    assert NASTY in [title.text for title in root.iter(f"{SVG}title")]  # shown as typed, on hover
    assert "<script>alert(1)</script>" in root.find(f"{SVG}desc").text


def test_title_and_chart_id_are_escaped():
    svg = charts.stacked_bars([], chart_id='a"b', title=NASTY)
    assert parse(svg).find(f"{SVG}title").text == NASTY


def test_long_label_wraps_onto_two_lines_ending_in_an_ellipsis_with_full_text_on_hover():
    label = "Joint commissioning and co-production with children, young people and families " * 3
    root = parse(charts.stacked_bars([(label, PRIORITY_1)], chart_id="b", title="t"))
    lines = [t for t in visible_texts(root) if t.find(f"{SVG}title") is not None]
    assert len(lines) == 2
    assert words(lines[1]).endswith("…")
    assert lines[0].find(f"{SVG}title").text == label


@pytest.mark.parametrize(
    "svg",
    [
        charts.stacked_bars([], chart_id="a", title="t"),
        charts.stacked_bars([("P1", RagCounts()), ("P2", RagCounts())], chart_id="a", title="t"),
        charts.trend([], chart_id="a", title="t"),
        charts.trend([("Autumn term 2025", RagCounts())], chart_id="a", title="t"),
        charts.heat_map([], [], [], chart_id="a", title="t"),
        charts.heat_map(["P1"], ["Autumn term 2025"], [[RagCounts()]], chart_id="a", title="t"),
    ],
)
def test_empty_input_says_no_actions(svg):
    root = parse(svg)
    assert "No actions" in all_words(root)
    assert "No actions" in root.find(f"{SVG}desc").text or "no actions" in root.find(f"{SVG}desc").text


def box(element: ET.Element) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of what a <text> draws (cap height above the baseline, descenders below)."""
    left, right = extent(element)
    y, size = float(element.get("y")), float(element.get("font-size"))
    return left, y - 0.75 * size, right, y + 0.2 * size


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_text_stays_inside_the_chart_and_does_not_overlap(make):
    root = parse(make())
    width = float(root.get("viewBox").split()[2])
    boxes = [(box(t), words(t)) for t in visible_texts(root)]
    for (left, _top, right, _bottom), text in boxes:
        assert left >= 0 and right <= width, text
    for i, (a, text) in enumerate(boxes):
        for b, other in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{text!r} overlaps {other!r}"


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_text_either_fits_on_its_segment_or_cell_or_keeps_off_them_all(make):
    root = parse(make())
    shapes = [
        [float(r.get(k)) for k in ("x", "y", "width", "height")]
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None  # segments and cells carry a hover title; swatches do not
    ]
    on_shapes = 0
    for t in visible_texts(root):
        left, top, right, bottom = box(t)
        x, y = float(t.get("x")), float(t.get("y"))
        for rx, ry, rw, rh in shapes:
            if rx < x < rx + rw and ry < y < ry + rh:  # written on this segment or cell
                assert rw >= 20 and rx + 2 <= left and right <= rx + rw - 2, words(t)
                assert ry <= top and bottom <= ry + rh, words(t)
                on_shapes += 1
            else:
                clear = right <= rx or rx + rw <= left or bottom <= ry or ry + rh <= top
                assert clear, f"{words(t)!r} is drawn over a segment or cell it does not belong to"
    assert on_shapes >= 5


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_output_is_deterministic(make):
    assert make() == make()


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_renders_in_weasyprint(make):
    pdf = weasyprint.HTML(string=f"<html><body>{make(NASTY)}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
