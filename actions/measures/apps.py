from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """Impact measures: baselines, trajectories, actual figures term by term, and benchmarks."""

    name = "actions.measures"
    label = "measures"
    verbose_name = "Impact measures"

    def ready(self) -> None:
        """A change to a measure, its trajectory, figures, benchmarks or what it evidences bumps its
        plan's revision, so no cached dashboard or pack figure outlives it; and the measures join the
        cycle's pages and reminder emails."""
        from actions.plans import revisions

        from .models import Benchmark, BenchmarkValue, Measure, MeasureValue, TrajectoryPoint

        def plan_of_measure(measure_id: int) -> int | None:
            return Measure.objects.filter(pk=measure_id).values_list("plan_id", flat=True).first()

        revisions.track(Measure, lambda measure: measure.plan_id)
        revisions.track(TrajectoryPoint, lambda point: plan_of_measure(point.measure_id))
        revisions.track(MeasureValue, lambda value: plan_of_measure(value.measure_id))
        revisions.track(Benchmark, lambda benchmark: plan_of_measure(benchmark.measure_id))
        revisions.track(
            BenchmarkValue,
            lambda value: (
                Benchmark.objects.filter(pk=value.benchmark_id)
                .values_list("measure__plan_id", flat=True)
                .first()
            ),
        )
        revisions.track_links(Measure, ("priorities", "objectives", "actions"))

        # The cycle's pages and reminder emails show measures through its extension points, because
        # the cycle sits below measures and cannot import them (actions/cycle/extensions.py).
        from actions.cycle import extensions

        from . import sections

        extensions.register_section("home", sections.measures_due_section)
        extensions.register_section("my-actions", sections.measures_due_section)
        extensions.register_section("action", sections.action_section)
        extensions.register_section("plan", sections.plan_section)
        extensions.register_section("ratings", sections.ratings_section)
        extensions.register_reminder_items(sections.REMINDERS)
