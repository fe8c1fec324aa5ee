"""Reads for the import pages."""

from actions.plans.models import Plan

from .models import PlanImport


def recent_imports(plan: Plan | None, limit: int = 10) -> list[PlanImport]:
    """The latest uploads, into this plan (or of new plans), for the upload page to link back to."""
    imports = PlanImport.objects.select_related("created_by__person", "plan")
    imports = imports.filter(plan=plan) if plan else imports.filter(into_existing_plan=False)
    return list(imports[:limit])
