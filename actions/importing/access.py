"""Who may import: plan administrators only."""

from django.shortcuts import get_object_or_404

from actions.plans.access import require_plan_admin
from actions.roles import AnyUser

from .models import PlanImport

IMPORT_REFUSAL = "Only plan administrators import plans."


def get_import_for_user(user: AnyUser, pk: int) -> PlanImport:
    require_plan_admin(user, IMPORT_REFUSAL)
    return get_object_or_404(PlanImport.objects.select_related("plan", "created_by"), pk=pk)
