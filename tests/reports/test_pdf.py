"""The board pack and Schools Forum pack PDFs, read back with poppler's pdftotext and pdfinfo."""

import re
import shutil
import subprocess
import urllib.request
import zlib
from unittest import mock

import pytest
from django.urls import reverse
from weasyprint.urls import URLFetcher

from actions.cycle.models import Rag
from reports.packs import BOARD, FORUM, pack_data
from reports.pdf import BASE_URL, StaticFetcher, URLNotAllowed, render_pdf
from tests import factories as f
from tests.helpers import pdf_text, squashed, text_of

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")), reason="poppler-utils is not installed"
)

TRACKER = '<img src="http://example.com/tracker.png">'
BOARD_COLUMNS = ("Ref", "Action", "Lead", "Due", "Previous", "RAG", "Position statement")
FORUM_COLUMNS = ("Recommendation /", "objective", "How", "Who", "By when", "Impact measure", "Progress")


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pairs = (line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def catalog_language(pdf: bytes) -> str | None:
    """The catalog's /Lang, which pdfinfo does not print: it sits in a compressed object stream."""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if match := re.search(rb"/Lang\s*\(([^)]*)\)", data):
            return match.group(1).decode()
    return None


@pytest.fixture
def small_plan(plan, periods):
    """Two priorities, four actions, statements in Autumn and Spring; the pack is as at Spring."""
    autumn, spring, _summer = periods
    lead = f.make_person(name="Pat Lead")
    p1 = f.make_priority(plan, ref="1", title="Inclusive education", order=1)
    p2 = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    o11 = f.make_objective(p1, ref="1.1", title="Support schools to be inclusive", order=1)
    o21 = f.make_objective(p2, ref="2.1", title="Supported internships", order=1)
    rows = {  # ref: (objective, autumn RAG, spring RAG, spring statement)
        "1.1.a": (o11, Rag.AMBER, Rag.RED, "Alphawidget recruitment has stalled."),
        "1.1.b": (o11, Rag.GREEN, Rag.BLUE, "Bravowidget guidance published."),
        "1.1.c": (o11, Rag.GREEN, Rag.AMBER, "Charliewidget pilot is late."),
        "2.1.a": (o21, Rag.GREEN, Rag.GREEN, "Deltawidget placements agreed."),
    }
    actions = {}
    for order, (ref, (objective, before, now, narrative)) in enumerate(rows.items()):
        action = f.make_action(
            objective, ref=ref, description=f"Action {ref} description", order=order, leads=[lead]
        )
        f.make_statement(action, autumn, before)
        f.make_statement(action, spring, now, narrative=narrative)
        actions[ref] = action
    return {"plan": plan, "period": spring, "priorities": [p1, p2], "actions": actions, "rows": rows}


def test_board_pack_pdf_shows_every_action_with_its_rag_and_statement(small_plan):
    pack = pack_data(small_plan["plan"], small_plan["period"], audience=BOARD)
    pdf = render_pdf(pack)

    text = pdf_text(pdf)
    flat = squashed(text)
    for ref, (_objective, _before, now, narrative) in small_plan["rows"].items():
        assert ref in text
        assert narrative.split()[0] in text  # "Alphawidget": the statement is printed
        assert Rag(now).label in text
    for heading in ("1. Purpose of report", "2. Context", "3. Recommendation", "4. RAG ratings by priority"):
        assert heading in text
    assert "7.1 Actions rated Red (1)" in text
    assert squashed("Appendix: every action by priority") in flat
    assert "1.1 Support schools to be inclusive" in text  # objective headings group the appendix
    assert "Page 1 of" in text  # the footer

    info = pdf_info(pdf)
    assert 1 <= int(info["Pages"]) <= 12
    assert info["Tagged"] == "yes"
    assert info["Title"] == pack.cover.title
    assert info["Page size"].startswith("841.89 x 595.276")  # A4 landscape: pack.css was loaded
    assert catalog_language(pdf) == "en-GB"


def test_board_pack_running_header_names_the_plan_and_period_after_the_cover(small_plan):
    pack = pack_data(small_plan["plan"], small_plan["period"], audience=BOARD)
    pdf = render_pdf(pack)

    page_two = pdf_text(pdf, first=2, last=2)
    assert small_plan["plan"].title in page_two
    assert "SEND improvement board · as at Spring term 2026" in page_two
    assert "Page 2 of" in page_two


def test_forum_pack_has_the_committee_sections_and_appendix_columns(small_plan):
    pack = pack_data(small_plan["plan"], small_plan["period"], audience=FORUM)
    pdf = render_pdf(pack)

    text = pdf_text(pdf)
    for heading in ("1. Purpose of report", "2. Context", "3. Recommendation"):
        assert heading in text
    assert "Appendix: progress against the plan" in text
    for column in FORUM_COLUMNS:
        assert column in text
    assert "Completed since the last report: 1.1.b" in text
    for ref, (_objective, _before, now, narrative) in small_plan["rows"].items():
        assert ref in text
        assert narrative.split()[0] in text
        assert Rag(now).label in text
    assert "4. RAG ratings by priority" not in text  # the board's sections are not the forum's
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == pack.cover.title


def test_forum_pack_says_when_nothing_was_completed(plan, periods):
    objective = f.make_objective(f.make_priority(plan, ref="1"), ref="1.1")
    action = f.make_action(objective, ref="1.1.a")
    f.make_statement(action, periods[0], Rag.AMBER)
    f.make_statement(action, periods[1], Rag.GREEN)

    text = pdf_text(render_pdf(pack_data(plan, periods[1], audience=FORUM)))

    assert "No items were completed since the last report." in text


def test_user_text_prints_literally_and_nothing_is_fetched(small_plan):
    action = small_plan["actions"]["1.1.a"]
    statement = action.position_statements.get(period=small_plan["period"])
    statement.narrative = f"{TRACKER} See https://example.com/report for the detail."
    statement.save()
    action.description = '<script>alert("x")</script> Run the SENCO network'
    action.save()
    pack = pack_data(small_plan["plan"], small_plan["period"], audience=BOARD)

    attempts = []
    with (
        mock.patch.object(urllib.request, "urlopen", side_effect=lambda *a, **k: attempts.append(a)),
        mock.patch.object(urllib.request.OpenerDirector, "open", lambda self, *a, **k: attempts.append(a)),
        mock.patch.object(URLFetcher, "fetch", lambda self, url, *a, **k: attempts.append(url)),
        mock.patch.object(StaticFetcher, "fetch", autospec=True, side_effect=StaticFetcher.fetch) as ours,
    ):
        pdf = render_pdf(pack)

    assert attempts == []  # WeasyPrint's own fetcher and urllib were never used
    fetched = [call.args[1] for call in ours.call_args_list]
    assert fetched == [f"{BASE_URL}static/css/pack.css"]  # only our stylesheet was asked for
    flat = squashed(pdf_text(pdf, raw=True))
    assert squashed(TRACKER) in flat
    assert "https://example.com/report" in flat
    assert squashed('<script>alert("x")</script>') in flat


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/tracker.png",
        "https://example.com/static/css/pack.css",  # right path, wrong host
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        f"{BASE_URL}media/upload.png",  # our host, outside static
        f"{BASE_URL}static/../../sendplan/settings.py",
        f"{BASE_URL}static/%2e%2e/sendplan/settings.py",
        f"{BASE_URL}static//etc/passwd",
        f"{BASE_URL}static/css/no-such-file.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(URLNotAllowed):
        StaticFetcher().fetch(url)


def test_fetcher_serves_our_stylesheet():
    response = StaticFetcher().fetch(f"{BASE_URL}static/css/pack.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_pack_limited_to_one_priority_omits_the_others(small_plan):
    first, _second = small_plan["priorities"]
    pack = pack_data(small_plan["plan"], small_plan["period"], audience=BOARD, priority_ids=[first.pk])

    text = pdf_text(render_pdf(pack))

    assert "1.1.a" in text and "Alphawidget" in text
    assert "2.1.a" not in text
    assert "Deltawidget" not in text
    assert "Preparing for adulthood" not in text


def test_table_headers_repeat_on_every_page(plan, periods):
    """One priority with enough actions to run over several pages: each page repeats the header row."""
    objective = f.make_objective(f.make_priority(plan, ref="1", title="Inclusion"), ref="1.1")
    long_statement = "The task and finish group met twice this term and agreed the next steps. " * 4
    for n in range(24):
        action = f.make_action(objective, ref=f"1.1.{n + 1}", description="Deliver training " * 6, order=n)
        f.make_statement(action, periods[1], Rag.GREEN, narrative=f"Update {n + 1}. {long_statement}")

    for audience, columns in ((FORUM, FORUM_COLUMNS), (BOARD, BOARD_COLUMNS)):
        pdf = render_pdf(pack_data(plan, periods[1], audience=audience))
        pages = int(pdf_info(pdf)["Pages"])
        assert pages >= 3, audience
        last_page = pdf_text(pdf, first=pages, last=pages)
        assert "1.1.24" in last_page  # the last action, so this page continues the appendix table
        assert "Progress against" not in last_page and "Actions under" not in last_page  # no new table
        for column in columns:
            assert column in last_page, (audience, column)


# --- Impact measures --------------------------------------------------------------------------


def test_board_pack_pdf_shows_each_measure_as_the_preview_page_does(client, alice, measured):
    """The `measured` board plan (conftest.py): the PDF and the preview show each measure's name, its
    figure against the expected one and its RAG word in the same words."""
    pack = f.make_pack(measured.plan, measured.periods[2], audience=BOARD, created_by=alice)
    client.force_login(alice)

    preview = squashed(text_of(client.get(reverse("reports:pack-preview", args=[pack.pk]))))
    data = pack.pack_data()
    pdf = render_pdf(data)
    text = pdf_text(pdf, raw=True)  # raw: a table cell's lines stay together
    flat = squashed(text)

    assert "6. Impact measures" in text
    assert "7. Exceptions for the board" in text
    assert "6.1 Measures off trajectory while their actions are Green or Blue (1)" in text
    assert len(data.measures) == 5
    for report in data.measures:
        current = report.current
        if current.has_figure:
            words = f"{Rag(current.rag).label} {current.text} in {current.period_name}, against "
            words += f"{current.expected_text} expected."
        else:
            words = f"No figure No figure for {current.period_name}; the latest is {report.latest.text}"
        for phrase in (report.name, words, f"Figures for {report.name}, to Summer term 2026"):
            assert squashed(phrase) in flat, phrase
            assert squashed(phrase) in preview, phrase
    # The unconfirmed rating is marked, the exception flagged, the chart drawn (its key is text).
    assert squashed("Red (unconfirmed) 30% in Summer term 2026") in flat
    assert squashed("Off trajectory while its actions are Green or Blue.") in flat
    assert "1.2.a Green 1.2.b Green 1.2.c Blue 1.2.d Not rated" in text
    assert "Within tolerance (Amber)" in text and "Target 80%" in text


def test_forum_pack_pdf_lists_the_measures_of_its_priorities_as_the_preview_page_does(
    client, alice, measured
):
    priority_1 = measured.priorities[0]
    pack = f.make_pack(
        measured.plan, measured.periods[2], audience=FORUM, priorities=[priority_1], created_by=alice
    )
    client.force_login(alice)

    preview = squashed(text_of(client.get(reverse("reports:pack-preview", args=[pack.pk]))))
    flat = squashed(pdf_text(render_pdf(pack.pack_data()), raw=True))

    for row in (
        "Parent carer satisfaction 30% 58.2% 80% by 1 Sep 2027 Red (unconfirmed) Down, worse",
        "On track 61% 58.2% 80% by 1 Sep 2027 Green Nothing to compare",
        "No summer figure 50% (Spring term 2026) 58.2% 80% by 1 Sep 2027 No figure Nothing to compare",
    ):
        assert squashed(row) in flat, row
        assert squashed(row) in preview, row
    assert squashed("4. Impact measures") in flat
    assert "Evidencesnothing" not in flat  # in no priority, so not in a pack of priority 1
