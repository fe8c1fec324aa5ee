from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate


class ActionsConfig(AppConfig):
    """The SEND plan's tables and the roles; the features live in actions/plans, cycle, importing."""

    name = "actions"
    verbose_name = "SEND plans"

    def ready(self) -> None:
        # For every app's migrate, so the role groups also get the permissions of apps migrated later.
        post_migrate.connect(_ensure_groups, dispatch_uid="sendplan_ensure_groups")
        from django.contrib.auth import get_user_model

        m2m_changed.connect(
            _sync_staff, sender=get_user_model().groups.through, dispatch_uid="sendplan_sync_staff"
        )
        # The idle timeout's clock starts at sign-in (sendplan/sessions.py).
        from django.contrib.auth.signals import user_logged_in

        from sendplan.sessions import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="sendplan_stamp_sign_in")


def _ensure_groups(sender, using="default", **kwargs) -> None:
    from .roles import roles_ensure_groups

    roles_ensure_groups(using=using)


def _sync_staff(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from .roles import user_sync_staff_status

    if not reverse:
        user_ids = [instance.pk]
    elif pk_set is not None:
        user_ids = pk_set
    else:  # a group was emptied: whoever is staff now may no longer be entitled to it
        user_ids = instance.user_set.model.objects.filter(is_staff=True).values_list("pk", flat=True)
    user_sync_staff_status(user_ids=user_ids)
