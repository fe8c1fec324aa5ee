from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """Importing a council's own plan spreadsheet, and exporting a plan in the same shape."""

    name = "actions.importing"
    label = "importing"
    verbose_name = "Importing plans"
