"""Time the board pack and Schools Forum pack PDFs on a big plan: our part against WeasyPrint's.

    .venv/bin/python bench/pack.py [--actions 500] [--periods 4] [--runs 3] [--seed 1] [--out DIR]

Builds a seed_scale plan (actions/scale.py) in a throwaway SQLite database,
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
import os
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THROWAWAY_DB = Path("/tmp/sendplan-bench-pack.sqlite3")
DEV_DB = ROOT / "var" / "sendplan.sqlite3"
GOAL = 0.20  # pack data + HTML may add at most this share of WeasyPrint's own time


def configure_environment() -> bool:
    """Production-like settings for the run. True when the database is the throwaway SQLite file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DEBUG"] = "0"  # DEBUG on would record every query and change what is measured
    throwaway = not os.environ.get("DATABASE_URL")
    if throwaway:
        os.environ["DATABASE_URL"] = f"sqlite:///{THROWAWAY_DB}"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{THROWAWAY_DB}{suffix}").unlink(missing_ok=True)
    else:
        import dj_database_url

        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        if config["ENGINE"].endswith("sqlite3") and Path(config["NAME"]).resolve() == DEV_DB.resolve():
            sys.exit(f"Refusing to run on the development database {DEV_DB}: unset DATABASE_URL.")
    return throwaway


def configure_django() -> None:
    import logging

    import django
    from django.conf import settings

    django.setup()
    # As tests/settings.py: plain static storage, so nothing needs collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise


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

    throwaway = configure_environment()
    configure_django()

    import weasyprint
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.db import connection

    from actions.models import Action, PositionStatement
    from actions.scale import scale_plan_seed
    from reports.packs import AUDIENCES, pack_data
    from reports.pdf import BASE_URL, PDF_VARIANT, StaticFetcher, render_html

    db = settings.DATABASES["default"]
    where = f"{connection.vendor} {db['NAME']}" + (" (throwaway, made afresh)" if throwaway else "")
    print(f"Database: {where}")
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated in {time.monotonic() - started:.1f}s")

    print(f"Seeding {args.actions:,} actions over {args.periods} terms (seed {args.seed}):")
    started = time.monotonic()
    plan = scale_plan_seed(
        actions=args.actions, periods=args.periods, seed=args.seed, stdout=OutputWrapper(sys.stdout)
    )
    statements = PositionStatement.objects.filter(period__plan=plan).count()
    actions = Action.objects.for_plan(plan).count()
    seconds = time.monotonic() - started
    print(f"Seeded plan {plan.pk} in {seconds:.1f}s: {actions:,} actions, {statements:,} statements")

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
