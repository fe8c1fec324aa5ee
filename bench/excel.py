"""Time the pack workbook (reports/excel.py) against bare openpyxl writing the same values.

    .venv/bin/python bench/excel.py [--actions 5000] [--runs 5] [--audience board|forum] [--out FILE]

No database: the pack is built directly as `PackData` from synthetic actions shaped like a real plan's
(8 priorities x 5 objectives, statements of a few hundred characters, some starting with "-" as
bulleted statements do). Each renderer gets one warm-up run, then N timed runs, alternating so both
see the same machine state; the medians are compared. The baseline is a write-only openpyxl workbook
with the same sheets and the same cell values appended as plain Python values: no styles, widths,
frozen panes or filters. Goal: render_xlsx within 1.3x the baseline. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.3


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()  # reports.packs imports the models' constants; no query is made


def synthetic_pack(n_actions: int, audience: str):
    from reports.packs import AUDIENCES, Cover, PackAction, PackData, PackObjective, PackPriority
    from reports.rag import RAG_KEYS, RagCounts
    from reports.selectors import Figures, PeriodInfo

    rags = ["red", "amber", "green", "blue", "not_rated", None]
    movements = ["improved", "worsened", "unchanged", "new", ""]
    n_priorities, n_objectives = 8, 5
    statement = (
        "The SENCO network met twice this term with 42 of 57 schools represented. Training on the "
        "graduated approach was delivered to 120 staff and evaluations were positive. The EHCP "
        "timeliness dashboard is now shared monthly with the board. Next term: extend the offer to "
        "early years settings and agree the joint commissioning plan with the ICB."
    )
    by_objective: dict[tuple[int, int], list] = {}
    for i in range(n_actions):
        p, o = i % n_priorities, (i // n_priorities) % n_objectives
        rag, previous = rags[i % 6], rags[(i + 1) % 6]
        by_objective.setdefault((p, o), []).append(
            PackAction(
                ref=f"{p + 1}.{o + 1}.{i + 1}",
                description=f"Action {i + 1}: review the local offer pages for young people aged 16 to 25 "
                "and co-produce changes with the Parent Carer Forum",
                leads="Pat Lead, Exampleshire Council",
                supporting="Exampleshire ICB, Parent Carer Forum" if i % 3 else "",
                due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400) if i % 4 else None,
                timeframe="" if i % 4 else "Termly",
                success_measures="90% of EHCPs issued within 20 weeks; parent confidence survey above 60%",
                rag=rag,
                previous_rag=previous,
                # Bulleted statements start with "-": they take the quote-prefixed style.
                statement=("- " if i % 5 == 0 else "") + statement if i % 7 else "",
                statement_period="Summer term 2026" if i % 7 else "",
                is_overdue=i % 9 == 0,
                movement=movements[i % 5],
                is_red_streak=False,
                priority=f"Priority {p + 1}: Inclusive education and preparing for adulthood",
            )
        )

    def figures(label: str, actions: list) -> Figures:
        keys = [a.rag or "no_update" for a in actions]
        return Figures(
            label=label,
            rag=RagCounts(**{k: keys.count(k) for k in RAG_KEYS}),
            list_url="",
            overdue=sum(a.is_overdue for a in actions),
            not_updated=sum(not a.statement for a in actions),
            movement={m: sum(a.movement == m for a in actions) for m in movements if m},
        )

    priorities = []
    for p in range(n_priorities):
        objectives = [
            PackObjective(
                f"{p + 1}.{o + 1}",
                f"Objective {p + 1}.{o + 1}: children's needs are identified early",
                "",
                by_objective.get((p, o), []),
            )
            for o in range(n_objectives)
        ]
        label = f"Priority {p + 1}: Inclusive education and preparing for adulthood"
        in_priority = [a for o in objectives for a in o.actions]
        priorities.append(PackPriority(str(p + 1), label, label, figures(label, in_priority), objectives))
    everything = [a for p in priorities for o in p.objectives for a in o.actions]
    return PackData(
        audience=audience,
        audience_name=AUDIENCES[audience],
        cover=Cover(title="SEND improvement board: progress report, Summer term 2026", author="Bench"),
        plan_title="Exampleshire SEND Improvement Plan",
        local_area="Exampleshire",
        period=PeriodInfo(3, "Summer term 2026", datetime.date(2026, 7, 31), "Open"),
        previous=PeriodInfo(2, "Spring term 2026", datetime.date(2026, 3, 31), "Closed"),
        generated_on=datetime.date(2026, 7, 20),
        summary=figures("Plan", everything),
        priorities=priorities,
    )


def bare_xlsx(pack) -> bytes:
    """The same values on the same sheets, appended unstyled: what openpyxl costs on its own."""
    from openpyxl import Workbook

    from reports.excel import ACTION_COLUMNS, PROGRESS_COLUMNS, SUMMARY_COLUMNS
    from reports.packs import FORUM

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Summary")
    ws.append([pack.cover.title])
    ws.append([pack.plan_title])
    ws.append([])
    ws.append(["Local area", pack.local_area])
    ws.append(["Audience", pack.audience_name])
    ws.append(["Reporting period", pack.period.name])
    ws.append(["As at", pack.period.as_at])
    ws.append(["Author", pack.cover.author])
    ws.append(["Generated", pack.generated_on])
    ws.append([])
    ws.append([name for name, _ in SUMMARY_COLUMNS])
    for fig in [p.figures for p in pack.priorities] + [pack.summary]:
        counts = [n for _, _, n in fig.rag.items()]
        ws.append([fig.label, *counts, fig.rag.total, fig.overdue, fig.not_updated])
    ws.append([])
    ws.append([f"Movement since {pack.previous.name}", "Actions"])
    for key, n in pack.summary.movement.items():
        ws.append([key.capitalize(), n])

    ws = wb.create_sheet("Actions")
    ws.append([name for name, _ in ACTION_COLUMNS])
    for p in pack.priorities:
        for o in p.objectives:
            for a in o.actions:
                ws.append(
                    [
                        p.label,
                        o.ref,
                        o.title,
                        a.ref,
                        a.description,
                        a.leads or None,
                        a.supporting or None,
                        a.due_date,
                        a.timeframe or None,
                        a.success_measures or None,
                        a.previous_rag_word,
                        a.rag_word,
                        a.statement or None,
                        a.statement_period or None,
                        "Yes" if a.is_overdue else "No",
                        a.movement.capitalize() or None,
                    ]
                )
    if pack.audience == FORUM:
        ws = wb.create_sheet("Progress")
        ws.append([name for name, _ in PROGRESS_COLUMNS])
        for p in pack.priorities:
            for o in p.objectives:
                for a in o.actions:
                    ws.append(
                        [
                            f"{o.ref} {o.title}",
                            f"{a.ref} {a.description}",
                            a.leads or None,
                            a.due_date or a.timeframe or "Not set",
                            a.success_measures or None,
                            a.rag_word,
                            a.statement or None,
                        ]
                    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def timed(fn, pack) -> tuple[float, int]:
    start = time.perf_counter()
    content = fn(pack)
    return (time.perf_counter() - start) * 1000, len(content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--audience", choices=["board", "forum"], default="board")
    parser.add_argument("--out", help="also write the rendered workbook to this file, to open by hand")
    args = parser.parse_args()
    setup_django()
    from reports.excel import render_xlsx

    start = time.perf_counter()
    pack = synthetic_pack(args.actions, args.audience)
    print(f"pack data: {len(pack.actions):,} actions, {args.audience} pack, built in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")  # fmt: skip

    times: dict[str, list[float]] = {"bare openpyxl": [], "render_xlsx": []}
    sizes = {}
    renderers = [("bare openpyxl", bare_xlsx), ("render_xlsx", render_xlsx)]
    for _, fn in renderers:
        timed(fn, pack)  # warm-up: imports, first-use caches
    for _ in range(args.runs):
        for name, fn in renderers:
            ms, sizes[name] = timed(fn, pack)
            times[name].append(ms)

    base = statistics.median(times["bare openpyxl"])
    print(f"\n{'renderer':<14} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'KB':>6} {'x bare':>7}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<14} {median:>10.0f} {min(runs):>8.0f} {max(runs):>8.0f} "
              f"{sizes[name] / 1024:>6.0f} {median / base:>7.2f}")  # fmt: skip
    ratio = statistics.median(times["render_xlsx"]) / base
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"\ngoal: render_xlsx <= {GOAL}x bare openpyxl: {verdict} ({ratio:.2f}x)")
    if args.out:
        Path(args.out).write_bytes(render_xlsx(pack))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
