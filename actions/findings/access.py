"""Who may do what with inspections and findings.

Everyone with a role reads every plan's inspections and findings (as they read the plan); only plan
administrators record inspections, findings and what answers them.
"""

from django.shortcuts import get_object_or_404

from actions.roles import AnyUser, role_for

from .models import Finding, Inspection

FINDINGS_ADMIN_REFUSAL = "Only plan administrators record inspections, their findings and what answers them."


def may_write(user: AnyUser) -> bool:
    """May this user record inspections and findings, and link findings to objectives and actions?"""
    return role_for(user).is_plan_admin


def get_inspection_for_user(user: AnyUser, pk: int) -> Inspection:
    """An inspection with its plan (404 when there is none)."""
    return get_object_or_404(Inspection.objects.select_related("plan"), pk=pk)


def get_finding_for_user(user: AnyUser, pk: int) -> Finding:
    """A finding with its inspection and plan (404 when there is none)."""
    return get_object_or_404(Finding.objects.select_related("inspection__plan"), pk=pk)
