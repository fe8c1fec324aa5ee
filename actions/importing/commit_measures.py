"""Saving a `ParsedPlan`'s measures with its plan, in the same transaction (commit.py calls `MeasureWriter`).

Measures are matched to the plan's by name (case-insensitive), figures by measure and reporting
period, comparators by name within their measure and their figures by date. Only what changed is
written, each row validated by its model's own rules (full_clean: a percentage over 100, a numerator
over its denominator, a date outside its period, a published period's figures locked, a trajectory
point out of order) and saved with its history by the importer; so an unchanged re-import writes
nothing. The measures services' per-user checks (a figure is its lead's to enter) do not fit an
import, which a plan administrator makes for the whole plan, as commit.py writes statements.

Nothing is deleted: measures, figures and comparator figures the file no longer holds are listed as
not in the file. A trajectory is the exception, being one value: a Trajectory cell that differs
from the points held replaces them (those replaced stay in the history); a blank one leaves them.
Imported figures come confirmed, as statements do (the document was agreed), unless the file says
"No"; the proposed rating is kept where it differs.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField

from actions.measures.models import Benchmark, BenchmarkValue, Measure, MeasureValue, Source, TrajectoryPoint
from actions.plans.models import Plan

from .measures import COMPARATORS, FIGURES, HEADERS, MEASURES, SHEETS, date_text
from .parsed import ParsedAction, ParsedFigure, ParsedMeasure, ParsedObjective, ParsedPriority

# A model field → the column of the file it comes from, to locate the model's own messages.
COLUMNS = {
    MEASURES: {
        "name": "Name",
        "definition": "Definition",
        "unit": "Unit",
        "direction": "Which way is better",
        "frequency": "How often",
        "source": "Source",
        "tolerance": "Tolerance",
        "lead_person": "Lead",
        "lead_partner": "Lead partner",
    },
    FIGURES: {
        "period": "Reporting period",
        "refers_to": "Date it refers to",
        "value": "Value",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "source": "Source",
        "commentary": "Commentary",
        "rag": "RAG rating",
        "proposed_rag": "Proposed RAG",
    },
    COMPARATORS: {"name": "Comparator", "date": "Date", "value": "Value"},
}
MEASURE_FIELDS = ("definition", "unit", "direction", "frequency", "source", "tolerance")
FIGURE_FIELDS = ("value", "numerator", "denominator", "refers_to", "source", "commentary", "rag")
LINKS = {"priorities": ParsedPriority, "objectives": ParsedObjective, "actions": ParsedAction}


class MeasureWriter:
    """The measures of one import. `importer` is commit.py's `_Importer` after the plan's items are
    written: its user, reason, report, periods, people and partners, and the items it saved."""

    def __init__(self, importer, plan: Plan):
        self.importer = importer
        self.plan = plan
        self.parsed = importer.parsed
        self.report = importer.report

    # Reading what the plan holds, in a fixed number of queries ---------------------------------------

    def load(self) -> None:
        measures = list(Measure.objects.filter(plan=self.plan).select_related("lead_person", "lead_partner"))
        self.measures = {m.name.lower(): m for m in measures}
        ids = [m.pk for m in measures]
        self.links: dict[tuple[str, int], set[int]] = defaultdict(set)
        for name in LINKS:
            link = Measure._meta.get_field(name)
            assert isinstance(link, ManyToManyField)
            through = link.remote_field.through
            assert through is not None
            target = f"{link.m2m_reverse_field_name()}_id"
            for measure_id, target_id in through._default_manager.filter(measure_id__in=ids).values_list(
                "measure_id", target
            ):
                self.links[name, measure_id].add(target_id)
        self.points: dict[int, list[TrajectoryPoint]] = defaultdict(list)
        for point in TrajectoryPoint.objects.filter(measure_id__in=ids).order_by("date"):
            self.points[point.measure_id].append(point)
        self.figures = {
            (v.measure_id, v.period_id): v
            for v in MeasureValue.objects.filter(measure_id__in=ids).select_related("period")
        }
        self.benchmarks = {
            (b.measure_id, b.name.lower()): b for b in Benchmark.objects.filter(measure_id__in=ids)
        }
        self.benchmark_values = {
            (v.benchmark_id, v.date): v for v in BenchmarkValue.objects.filter(benchmark__measure_id__in=ids)
        }

    # Saving ------------------------------------------------------------------------------------------

    def checked(self, instance, kind: str, row: int, *, column: str | None = None, **options) -> None:
        """full_clean, its messages located by the sheet, row and column they come from."""
        try:
            instance.full_clean(**options)
        except ValidationError as error:
            sheet = self.parsed.measure_sheets.get(kind, SHEETS[kind])
            messages = []
            for field_name, field_messages in error.message_dict.items():
                header = column or COLUMNS[kind].get(field_name)
                where = f", column “{header}”" if header and header in HEADERS[kind] else ""
                messages.append(f"Sheet “{sheet}”, row {row}{where}: {' '.join(field_messages)}")
            raise ValidationError(messages) from None

    def save(self, instance, kind: str, row: int, *, column: str | None = None, **options) -> None:
        self.checked(instance, kind, row, column=column, **options)
        instance._history_user = self.importer.user
        instance._change_reason = self.importer.reason
        instance.save()

    def run(self) -> None:
        self.load()
        seen: set[int] = set()
        for order, parsed in enumerate(self.parsed.measures, start=1):
            measure = self.measure(parsed, order)
            seen.add(measure.pk)
            for figure in parsed.figures:
                self.figure(measure, figure)
            self.comparators(measure, parsed)
        for measure in self.measures.values():
            if measure.pk not in seen and self.parsed.measure_sheets:
                self.report.not_in_file.append(f"Measure {measure}")

    def measure(self, parsed: ParsedMeasure, order: int) -> Measure:
        held = self.measures.get(parsed.name.lower())
        measure = held or Measure(plan=self.plan, order=order)
        values: dict[str, object] = {
            "name": parsed.name,
            **{name: getattr(parsed, name) for name in MEASURE_FIELDS},
            "lead_person": self.importer.person(parsed.lead_person) if parsed.lead_person else None,
            "lead_partner": self.importer.partner(parsed.lead_partner) if parsed.lead_partner else None,
        }
        changed = [n for n, v in values.items() if held is None or getattr(measure, n) != v]
        wanted = {
            name: [self.importer.instances[id(item)] for item in parsed.evidences if isinstance(item, kind)]
            for name, kind in LINKS.items()
        }
        relinked = {
            name: items
            for name, items in wanted.items()
            if held is None or {i.pk for i in items} != self.links[name, measure.pk]
        }
        for name in changed:
            setattr(measure, name, values[name])
        if changed:
            self.save(measure, MEASURES, parsed.row)
        for name, items in relinked.items():
            # Each change of links writes its own historical record (simple-history's m2m_changed).
            getattr(measure, name).set(items)
        moved = self.trajectory(measure, parsed)
        if held is None:
            self.measures[parsed.name.lower()] = measure
            self.report.count("measures", "added")
        else:
            self.report.count("measures", "updated" if changed or relinked or moved else "unchanged")
        return measure

    def trajectory(self, measure: Measure, parsed: ParsedMeasure) -> bool:
        """Replace the points held when the file's differ; whether it did."""
        if parsed.trajectory is None:
            return False
        held = self.points.get(measure.pk, [])
        if sorted((p.date, p.kind, p.value) for p in held) == [
            (p.date, p.kind, p.value) for p in parsed.trajectory
        ]:
            return False
        for old in held:
            old._history_user = self.importer.user
            old._change_reason = f"Trajectory replaced: {self.importer.reason}"[:100]
            old.delete()
        for point in parsed.trajectory:
            row = TrajectoryPoint(measure=measure, kind=point.kind, date=point.date, value=point.value)
            self.save(row, MEASURES, parsed.row, column="Trajectory", exclude=["measure"])
        return True

    def figure(self, measure: Measure, parsed: ParsedFigure) -> None:
        period = self.importer.periods[parsed.period]
        held = self.figures.get((measure.pk, period.pk))
        values = {name: getattr(parsed, name) for name in FIGURE_FIELDS}
        if held is not None:
            same = all(getattr(held, n) == v for n, v in values.items())
            if (
                same
                and (held.proposed_rag or held.rag) == parsed.proposed_rag
                and held.is_confirmed == parsed.confirmed
            ):
                self.report.count("figures", "unchanged")
                return
        figure = held or MeasureValue(measure=measure, period=period, entered_by=self.importer.author)
        rating_moved = held is None or (held.rag, held.proposed_rag or held.rag) != (
            parsed.rag,
            parsed.proposed_rag,
        )
        figures_moved = held is None or any(
            getattr(held, n) != values[n] for n in ("value", "numerator", "denominator", "refers_to")
        )
        for name, value in values.items():
            setattr(figure, name, value)
        figure.proposed_rag = parsed.proposed_rag
        if figures_moved:
            figure.entered_by = self.importer.author
        if not parsed.confirmed:
            figure.confirmed_at, figure.confirmed_by, figure.change_reason = None, None, ""
        elif rating_moved or not figure.is_confirmed:
            figure.confirmed_at, figure.confirmed_by = self.importer.agreed_at, None
            figure.change_reason = self.importer.reason if parsed.rag != parsed.proposed_rag else ""
        figure.measure, figure.period = measure, period  # rows in hand, for clean()
        self.save(figure, FIGURES, parsed.row)
        self.figures[measure.pk, period.pk] = figure
        self.report.count("figures", "added" if held is None else "updated")

    def comparators(self, measure: Measure, parsed: ParsedMeasure) -> None:
        for given in parsed.comparators:
            key = (measure.pk, given.comparator.lower())
            benchmark = self.benchmarks.get(key)
            if benchmark is None:
                benchmark = Benchmark(measure=measure, name=given.comparator, source=Source.ENTERED)
                self.save(benchmark, COMPARATORS, given.row, exclude=["measure"])
                self.benchmarks[key] = benchmark
            elif benchmark.name != given.comparator:
                benchmark.name = given.comparator
                self.save(benchmark, COMPARATORS, given.row, exclude=["measure"])
            held = self.benchmark_values.get((benchmark.pk, given.date))
            if held is not None and held.value == given.value:
                self.report.count("comparators", "unchanged")
                continue
            row = held or BenchmarkValue(benchmark=benchmark, date=given.date)
            row.value = given.value
            self.save(row, COMPARATORS, given.row, exclude=["benchmark"])
            self.benchmark_values[benchmark.pk, given.date] = row
            self.report.count("comparators", "added" if held is None else "updated")

    def not_in_file(self) -> None:
        """Figures and comparator figures held for the file's measures that the file no longer gives."""
        given = {
            (self.measures[m.name.lower()].pk, self.importer.periods[f.period].pk)
            for m in self.parsed.measures
            for f in m.figures
        }
        names = {m.pk: m.name for m in self.measures.values()}
        in_file = {self.measures[m.name.lower()].pk for m in self.parsed.measures}
        for (measure_id, _period_id), figure in self.figures.items():
            if measure_id in in_file and (measure_id, figure.period_id) not in given:
                self.report.not_in_file.append(f"Figure of “{names[measure_id]}” for {figure.period.name}")
        dated = {
            (self.benchmarks[self.measures[m.name.lower()].pk, c.comparator.lower()].pk, c.date)
            for m in self.parsed.measures
            for c in m.comparators
        }
        benchmark_of = {b.pk: b for b in self.benchmarks.values()}
        for (benchmark_id, day), _value in self.benchmark_values.items():
            benchmark = benchmark_of[benchmark_id]
            if benchmark.measure_id in in_file and (benchmark_id, day) not in dated:
                self.report.not_in_file.append(
                    f"{benchmark.name}'s figure of {date_text(day)} for “{names[benchmark.measure_id]}”"
                )


def write_measures(importer, plan: Plan) -> None:
    """Save the file's measures into `plan` (commit.py, inside the import's transaction)."""
    if not importer.parsed.measure_sheets:
        return
    writer = MeasureWriter(importer, plan)
    writer.run()
    writer.not_in_file()
