from django.urls import path

from . import views

# Named in the `actions` namespace (actions/urls.py): actions:import-new, actions:plan-export...
urlpatterns = [
    path("plans/import/", views.plan_import_new, name="import-new"),
    path("plans/<int:pk>/import/", views.plan_import_into, name="import-into"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/status/", views.import_status, name="import-status"),
    # Corrections in the preview (POST only; each reads the file again).
    path("imports/<int:pk>/rows/", views.import_row, name="import-row"),
    path("imports/<int:pk>/period/", views.import_period, name="import-period"),
    path("imports/<int:pk>/names/", views.import_name, name="import-name"),
    path("imports/<int:pk>/start-again/", views.import_start_again, name="import-start-again"),
]
