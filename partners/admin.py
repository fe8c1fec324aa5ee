from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Partner, Person


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "job_title", "partner", "email", "user"]
    list_filter = ["partner"]
    search_fields = ["name", "job_title", "email", "partner__name"]
    list_select_related = ["partner", "user"]
    autocomplete_fields = ["partner", "user"]
