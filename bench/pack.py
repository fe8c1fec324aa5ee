"""Time the board pack and Schools Forum pack PDFs on a big plan: our part against WeasyPrint's.

    .venv/bin/python bench/pack.py [--actions 500] [--periods 4] [--runs 3] [--seed 1] [--out DIR]

Builds a seed_scale plan (actions/devdata/scale.py) in a throwaway SQLite database,
/tmp/sendplan-bench-pack.sqlite3, made afresh each run, or in DATABASE_URL's database if that is set
(never the development database var/sendplan.sqlite3). Then, for each audience, as at the latest
closed period, after one warm-up, N timed runs of each step separately:

1. the pack data: `reports.packs.pack_data(...)` (the queries and the dataclasses);
2. the HTML: `reports.pdf.render_html(pack)` (the chart and the template render);
3. WeasyPrint: `weasyprint.HTML(string=html, base_url=..., url_fetcher=...).write_pdf(
   pdf_variant="pdf/ua-1")` on that same HTML (layout and PDF writing).

Our overhead is (1) + (2) as a share of (3). Goal: at most 20% on top of WeasyPrint's own time.
Prints the page count (poppler's pdfinfo, when installed) and the PDF's size. See bench/README.md.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import prepare, seed

THROWAWAY_DB = Path("/tmp/sendplan-bench-pack.sqlite3")  # not dashboard.py's: the two can run side by side
GOAL = 0.20  # pack data + HTML may add at most this share of WeasyPrint's own time


def timed(fn, runs: int) -> tuple[list[float], object]:
    """Seconds for each of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def page_count(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        return "? (install poppler-utils for pdfinfo)"
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Pages:")]
    return pages[0] if pages else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each step (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write each PDF into this folder, to look at")
    args = parser.parse_args()
    if args.periods < 2:
        parser.error("--periods must be at least 2: the pack is as at the latest closed period")

    prepare(THROWAWAY_DB)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise
    plan = seed(actions=args.actions, periods=args.periods, seed=args.seed).plan

    import weasyprint

    from reports.packs import AUDIENCES, pack_data
    from reports.pdf import BASE_URL, PDF_VARIANT, StaticFetcher, render_html

    # The latest closed period: what a pack is published for (the open one is still being written).
    period = plan.periods.order_by("-as_at")[1]

    def weasyprint_pdf(html: str) -> bytes:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher())
        return document.write_pdf(pdf_variant=PDF_VARIANT)

    print(f"\nAs at {period.name}; 1 warm-up, then {args.runs} timed runs of each step; medians:\n")
    header = (
        f"{'pack':<24} {'pack data s':>11} {'HTML s':>8} {'WeasyPrint s':>12} {'overhead':>9}  "
        f"{'goal ≤ 20%':<10} {'pages':>6} {'PDF size':>10}"
    )
    print(header)
    failed = False
    for audience, name in AUDIENCES.items():
        make_pack = lambda audience=audience: pack_data(plan, period, audience=audience)  # noqa: E731
        pack = make_pack()
        html = render_html(pack)
        weasyprint_pdf(html)  # warm-up: fonts, stylesheets and templates loaded once per process

        data_times, pack = timed(make_pack, args.runs)
        html_times, html = timed(lambda: render_html(pack), args.runs)  # noqa: B023
        pdf_times, pdf = timed(lambda: weasyprint_pdf(html), args.runs)  # noqa: B023
        data_s, html_s, pdf_s = (statistics.median(t) for t in (data_times, html_times, pdf_times))
        overhead = (data_s + html_s) / pdf_s
        verdict = "met" if overhead <= GOAL else "NOT met"
        failed = failed or overhead > GOAL
        print(
            f"{name:<24} {data_s:>11.3f} {html_s:>8.3f} {pdf_s:>12.2f} {overhead:>8.1%}  {verdict:<10} "
            f"{page_count(pdf):>6} {len(pdf) / 1024:>8.0f} KB"
        )
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            target = args.out / f"pack-{audience}-{args.actions}.pdf"
            target.write_bytes(pdf)
            print(f"{'':<24} written to {target}")
    print(f"\n{len(pack.actions):,} actions in each pack: the plan's live actions as at {period.name}.")
    if failed:
        sys.exit("Goal not met: pack data + HTML cost more than 20% of WeasyPrint's time.")


if __name__ == "__main__":
    main()
