"""The impact measures' pages, named in the `actions` namespace (actions/urls.py): actions:measure-list."""

from django.urls import path

from .views import pages as page_views
from .views import setup as setup_views
from .views import statistics as statistics_views

urlpatterns = [
    # --- Measure pages: the plan's measures, a measure, entering a figure, confirming its rating.
    path("plans/<int:pk>/measures/", page_views.measure_list, name="measure-list"),
    path("measures/<int:pk>/", page_views.measure_detail, name="measure-detail"),
    path(
        "measures/<int:pk>/periods/<int:period_pk>/figure/", page_views.measure_figure, name="measure-figure"
    ),
    path("measure-figures/<int:pk>/confirm/", page_views.measure_confirm, name="measure-confirm"),
    # --- Published statistics: loading a measure's figures and comparators from a CSV.
    path("measures/<int:pk>/statistics/", statistics_views.measure_statistics, name="measure-statistics"),
    path(
        "measures/<int:pk>/statistics/preview/",
        statistics_views.measure_statistics_preview,
        name="measure-statistics-preview",
    ),
    path(
        "measures/<int:pk>/statistics/confirm/",
        statistics_views.measure_statistics_confirm,
        name="measure-statistics-confirm",
    ),
    # --- Setting up a measure: its fields, trajectory and comparators (plan administrators).
    path("plans/<int:pk>/measures/new/", setup_views.measure_create, name="measure-create"),
    path("measures/<int:pk>/edit/", setup_views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/comparators/new/", setup_views.comparator_form, name="measure-comparator-add"),
    path(
        "measures/<int:pk>/comparators/<int:benchmark_pk>/",
        setup_views.comparator_form,
        name="measure-comparator-edit",
    ),
    path(
        "measures/<int:pk>/comparators/<int:benchmark_pk>/remove/",
        setup_views.comparator_delete,
        name="measure-comparator-delete",
    ),
]
