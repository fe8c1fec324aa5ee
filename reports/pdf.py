"""Board and Schools Forum packs as tagged PDF (PDF/UA-1), rendered from a `PackData` only.

Nothing here touches the ORM: the view builds the pack with `packs.pack_data()` and this module turns
it into bytes, so the PDF shows exactly what the browser preview and the workbook show.

Everyone's text (statements, descriptions, cover wording) goes into the HTML auto-escaped, and
WeasyPrint is given a URL fetcher that serves this app's own static files and nothing else: whatever
anyone types, rendering a pack never makes the server fetch a URL or read a file outside static/.
"""

import logging
import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from weasyprint.urls import URLFetcher, URLFetcherResponse

from actions.measures.chart import measure_chart

from . import charts
from .packs import BOARD, PackData

logger = logging.getLogger(__name__)

TEMPLATE = "reports/pack/document.html"
PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: packs are published on council websites
# Relative URLs in the document resolve against this made-up origin, which only StaticFetcher answers
# for; ".invalid" is reserved (RFC 2606), so even a mistake elsewhere could never reach a real host.
BASE_URL = "https://sendplan.invalid/"


class URLNotAllowed(ValueError):
    """A URL that is not one of this app's static files: never fetched."""


class StaticFetcher(URLFetcher):
    """Serves `/static/...` from the app's static files through Django's finders; refuses the rest.

    WeasyPrint 70 calls `fetcher(url)`, which calls `fetch(url)`; it turns our exception into a
    logged warning and leaves the resource out (`fail_on_errors` is off), so a refused URL is simply
    missing from the PDF.
    """

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            logger.warning("Pack PDF: refused to fetch %.200s", url)
            raise URLNotAllowed(f"Only this app's static files are fetched, not {url[:200]}")
        found = finders.find(path)
        if not found:
            logger.warning("Pack PDF: no static file %s", path)
            raise URLNotAllowed(f"No static file {path}")
        with open(found, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def static_path(url: str) -> str | None:
    """The static file a URL names ("css/pack.css"), or None when it is anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    prefix = urlsplit(settings.STATIC_URL).path  # "/static/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    segments = PurePosixPath(relative).parts
    if (
        not relative
        or relative.startswith("/")
        or "\\" in relative
        or any(s in ("..", ".") for s in segments)
    ):
        return None
    return relative


def body_context(pack: PackData) -> dict:
    """What `reports/pack/_body.html` needs: the pack's data, and for a board pack its RAG chart and
    each impact measure with its chart (`measure_charts`: (MeasureReport, SVG) in the pack's order).

    The browser preview adds this to its own context too, so the page and the PDF draw the same
    charts. The key is "pack_data", not "pack": the preview keeps "pack" for its Pack model.
    """
    rag_chart: SafeString | None = None
    measure_charts: list = []
    if pack.audience == BOARD:
        rag_chart = charts.stacked_bars(
            pack.rag_by_priority,
            chart_id="pack-rag",
            title=f"RAG ratings by priority, as at {pack.period.name}",
        )
        measure_charts = [
            (report, measure_chart(report, chart_id=f"pack-measure-{report.pk}")) for report in pack.measures
        ]
    return {"pack_data": pack, "rag_chart": rag_chart, "measure_charts": measure_charts}


def render_html(pack: PackData) -> str:
    """The standalone HTML document WeasyPrint lays out."""
    return render_to_string(TEMPLATE, body_context(pack))


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's part: layout and PDF writing, with static files only."""
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(pack: PackData) -> bytes:
    """The pack as a PDF: A4 landscape, tagged (PDF/UA-1), titled with the cover title, in en-GB."""
    return html_to_pdf(render_html(pack))
