from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sendplan.concurrency_admin import StaleCheckAdmin

from .models import Pack


@admin.register(Pack)
class PackAdmin(StaleCheckAdmin, SimpleHistoryAdmin):
    """Packs are made and published on the site; the admin shows them and their history."""

    list_display = ["title", "plan", "period", "audience", "state", "published_at"]
    list_filter = ["plan", "audience", "state"]
    search_fields = ["title", "purpose", "context", "recommendation"]
    list_select_related = ["plan", "period"]
    readonly_fields = [
        "state",
        "progress",
        "error",
        "pdf",
        "xlsx",
        "published_by",
        "published_at",
        "created_by",
    ]
    filter_horizontal = ["priorities"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A published pack is what the committee was given: it never changes.
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_editable:
            return False
        return super().has_delete_permission(request, obj)
