from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The plan itself: priorities, objectives, actions and their history (models in the actions app)."""

    name = "actions.plans"
    label = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from . import revisions

        revisions.connect()
