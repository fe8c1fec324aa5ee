from django.apps import AppConfig


class FindingsConfig(AppConfig):
    """Inspections of a plan's local area, their findings, and the objectives and actions answering them."""

    name = "actions.findings"
    label = "findings"
    verbose_name = "Inspection findings"

    def ready(self) -> None:
        """A change to an inspection, a finding or what a finding is linked to bumps its plan's
        revision, so no cached dashboard or pack figure outlives it."""
        from actions.plans import revisions

        from .models import Finding, Inspection

        revisions.track(Inspection, lambda inspection: inspection.plan_id)
        revisions.track(
            Finding,
            lambda finding: (
                Inspection.objects.filter(pk=finding.inspection_id).values_list("plan_id", flat=True).first()
            ),
        )
        revisions.track_links(Finding, ("partners", "objectives", "actions"))

        # The action page shows the findings it answers through the cycle's extension point, because
        # the cycle sits below findings and cannot import them (actions/cycle/extensions.py).
        from actions.cycle import extensions

        from . import sections

        extensions.register_section("action", sections.action_section)
