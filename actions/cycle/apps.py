from django.apps import AppConfig


class CycleConfig(AppConfig):
    """The termly cycle: reporting periods, position statements, ratings, reminders, due dates."""

    name = "actions.cycle"
    label = "cycle"
    verbose_name = "Termly cycle"

    def ready(self) -> None:
        from actions.plans import revisions

        from .models import PositionStatement, ReportingPeriod

        revisions.track(ReportingPeriod, lambda period: period.plan_id)
        revisions.track(
            PositionStatement,
            lambda statement: (
                ReportingPeriod.objects.filter(pk=statement.period_id)
                .values_list("plan_id", flat=True)
                .first()
            ),
            # A statement in an open period changes the figures as at it and later periods only.
            settles=lambda statement: (
                ReportingPeriod.objects.filter(pk=statement.period_id)
                .exclude(state=ReportingPeriod.State.OPEN)
                .exists()
            ),
        )
