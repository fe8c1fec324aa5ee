from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """Impact measures: baselines, trajectories, actual figures term by term, and benchmarks."""

    name = "actions.measures"
    label = "measures"
    verbose_name = "Impact measures"
