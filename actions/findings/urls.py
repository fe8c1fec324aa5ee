"""The inspection findings' pages, named in the `actions` namespace (actions/urls.py):
actions:findings-matrix."""

from django.urls import path

from .views import pages as page_views
from .views import setup as setup_views

urlpatterns = [
    # --- Reading: the register, an inspection, a finding, the matrix.
    path("plans/<int:pk>/inspections/", page_views.inspection_list, name="inspection-list"),
    path("inspections/<int:pk>/", page_views.inspection_detail, name="inspection-detail"),
    path("findings/<int:pk>/", page_views.finding_detail, name="finding-detail"),
    path("plans/<int:pk>/findings/", page_views.findings_matrix, name="findings-matrix"),
    # --- Recording and linking (plan administrators).
    path("plans/<int:pk>/inspections/new/", setup_views.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/edit/", setup_views.inspection_edit, name="inspection-edit"),
    path("inspections/<int:pk>/findings/new/", setup_views.finding_create, name="finding-create"),
    path("inspections/<int:pk>/findings/paste/", setup_views.findings_paste, name="findings-paste"),
    path("findings/<int:pk>/edit/", setup_views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/answers/", setup_views.finding_link, name="finding-link"),
    path("actions/<int:pk>/findings/", setup_views.action_findings, name="action-findings"),
]
