from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "SEND plans"

    def ready(self) -> None:
        # For every app's migrate, so the role groups also get the permissions of apps migrated later.
        post_migrate.connect(_ensure_groups, dispatch_uid="sendplan_ensure_groups")


def _ensure_groups(sender, using="default", **kwargs) -> None:
    from .services import roles_ensure_groups

    roles_ensure_groups(using=using)
