"""`reverse()` and `resolve()` agree for every named URL (cookiecutter-django style)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.test_access_matrix import all_routes, kwargs_for, make_matrix_objects

# The project's own URLs: name, kwargs, path. Kwargs are plain numbers: reversing needs no database.
PROJECT_URLS = [
    ("home", {}, "/"),
    # Impact measures
    ("actions:measure-list", {"pk": 7}, "/plans/7/measures/"),
    ("actions:measure-create", {"pk": 7}, "/plans/7/measures/new/"),
    ("actions:measure-detail", {"pk": 5}, "/measures/5/"),
    ("actions:measure-edit", {"pk": 5}, "/measures/5/edit/"),
    ("actions:measure-figure", {"pk": 5, "period_pk": 3}, "/measures/5/periods/3/figure/"),
    ("actions:measure-confirm", {"pk": 12}, "/measure-figures/12/confirm/"),
    ("actions:measure-comparator-add", {"pk": 5}, "/measures/5/comparators/new/"),
    ("actions:measure-comparator-edit", {"pk": 5, "benchmark_pk": 2}, "/measures/5/comparators/2/"),
    ("actions:measure-comparator-delete", {"pk": 5, "benchmark_pk": 2}, "/measures/5/comparators/2/remove/"),
    ("actions:measure-statistics", {"pk": 5}, "/measures/5/statistics/"),
    ("actions:measure-statistics-preview", {"pk": 5}, "/measures/5/statistics/preview/"),
    ("actions:measure-statistics-confirm", {"pk": 5}, "/measures/5/statistics/confirm/"),
    # Inspection findings
    ("actions:inspection-list", {"pk": 7}, "/plans/7/inspections/"),
    ("actions:inspection-create", {"pk": 7}, "/plans/7/inspections/new/"),
    ("actions:inspection-detail", {"pk": 4}, "/inspections/4/"),
    ("actions:inspection-edit", {"pk": 4}, "/inspections/4/edit/"),
    ("actions:finding-create", {"pk": 4}, "/inspections/4/findings/new/"),
    ("actions:findings-paste", {"pk": 4}, "/inspections/4/findings/paste/"),
    ("actions:finding-detail", {"pk": 8}, "/findings/8/"),
    ("actions:finding-edit", {"pk": 8}, "/findings/8/edit/"),
    ("actions:finding-link", {"pk": 8}, "/findings/8/answers/"),
    ("actions:findings-matrix", {"pk": 7}, "/plans/7/findings/"),
    ("actions:action-findings", {"pk": 42}, "/actions/42/findings/"),
    # Reporting periods and reminders
    ("actions:period-list", {"pk": 7}, "/plans/7/periods/"),
    ("actions:period-open", {"pk": 7}, "/plans/7/periods/new/"),
    ("actions:period-progress", {"pk": 3}, "/periods/3/progress/"),
    ("actions:period-remind", {"pk": 3, "person_pk": 9}, "/periods/3/remind/9/"),
    ("actions:period-settings", {"pk": 3}, "/periods/3/settings/"),
    ("actions:period-close", {"pk": 3}, "/periods/3/close/"),
    ("actions:period-reopen", {"pk": 3}, "/periods/3/reopen/"),
    ("actions:reminder-settings", {}, "/account/reminders/"),
    # Ratings, carrying forward, due dates
    (
        "actions:statement-carry-forward",
        {"pk": 42, "period_pk": 3},
        "/actions/42/periods/3/carry-forward/",
    ),
    ("actions:due-date-change", {"pk": 42}, "/actions/42/due-date/"),
    ("actions:ratings-to-confirm", {"pk": 7}, "/plans/7/ratings/"),
    ("actions:rating-confirm", {"pk": 12}, "/statements/12/confirm/"),
    ("login", {}, "/accounts/login/"),
    ("logout", {}, "/accounts/logout/"),
    ("password_change", {}, "/accounts/password_change/"),
    ("password_change_done", {}, "/accounts/password_change/done/"),
    ("password_reset", {}, "/accounts/password_reset/"),
    ("password_reset_done", {}, "/accounts/password_reset/done/"),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "abc-123"}, "/accounts/reset/MQ/abc-123/"),
    ("password_reset_complete", {}, "/accounts/reset/done/"),
    ("actions:plan-list", {}, "/plans/"),
    ("actions:plan-detail", {"pk": 7}, "/plans/7/"),
    ("reports:dashboard", {"pk": 7}, "/plans/7/dashboard/"),
    ("reports:accountability", {"pk": 7}, "/plans/7/accountability/"),
    ("actions:action-list", {}, "/actions/"),
    ("actions:action-detail", {"pk": 42}, "/actions/42/"),
    ("actions:action-changes", {"pk": 42}, "/actions/42/changes/"),
    ("actions:statement-form", {"pk": 42, "period_pk": 3}, "/actions/42/periods/3/statement/"),
    ("actions:my-actions", {}, "/my-actions/"),
    ("actions:import-new", {}, "/plans/import/"),
    ("actions:import-into", {"pk": 7}, "/plans/7/import/"),
    ("actions:plan-export", {"pk": 7}, "/plans/7/export/"),
    ("actions:import-detail", {"pk": 3}, "/imports/3/"),
    ("actions:import-confirm", {"pk": 3}, "/imports/3/confirm/"),
    ("actions:import-status", {"pk": 3}, "/imports/3/status/"),
    ("actions:import-row", {"pk": 3}, "/imports/3/rows/"),
    ("actions:import-period", {"pk": 3}, "/imports/3/period/"),
    ("actions:import-name", {"pk": 3}, "/imports/3/names/"),
    ("actions:import-start-again", {"pk": 3}, "/imports/3/start-again/"),
    ("reports:pack-list", {"pk": 7}, "/plans/7/packs/"),
    ("reports:priority-action-plan", {"pk": 7}, "/plans/7/priority-action-plan.xlsx"),
    ("reports:pack-create", {"pk": 7}, "/plans/7/packs/new/"),
    ("reports:pack-detail", {"pk": 12}, "/packs/12/"),
    ("reports:pack-edit", {"pk": 12}, "/packs/12/edit/"),
    ("reports:pack-preview", {"pk": 12}, "/packs/12/preview/"),
    ("reports:pack-publish", {"pk": 12}, "/packs/12/publish/"),
    ("reports:pack-download", {"pk": 12, "fmt": "pdf"}, "/packs/12/download/pdf/"),
    ("reports:pack-download", {"pk": 12, "fmt": "xlsx"}, "/packs/12/download/xlsx/"),
    ("admin:index", {}, "/admin/"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), PROJECT_URLS, ids=[u[0] for u in PROJECT_URLS])
def test_reverse_and_resolve_agree(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


def test_the_table_above_lists_every_project_url_name():
    names = {r.name for r in all_routes() if r.name and not r.name.startswith("admin:")}

    assert names == {n for n, _, _ in PROJECT_URLS if not n.startswith("admin:")}


def test_reverse_and_resolve_agree_with_real_objects(plan, periods, action, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    objects = make_matrix_objects(plan, periods[2], alice)
    for name in {r.name for r in all_routes() if r.name and not r.name.startswith("admin:")}:
        kwargs = kwargs_for(name, plan=plan, action=action, period=periods[2], objects=objects)
        path = reverse(name, kwargs=kwargs)
        match = resolve(path)
        assert match.view_name == name
        assert {k: str(v) for k, v in match.kwargs.items()} == {k: str(v) for k, v in kwargs.items()}


# Every named pattern, the admin's included, reversed with sample values for its parameters.
_SAMPLES = {
    "app_label": "actions",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "pk": "1",
    "period_pk": "2",
    "person_pk": "3",
    "benchmark_pk": "4",
    "uidb64": "MQ",
    "token": "abc-123",
    "url": "x",
    "fmt": "pdf",
}


def _named_patterns(resolver=None, namespace="", params=()):
    """(name, parameter names, count of unnamed regex groups) for every named pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            own, unnamed = tuple(pattern.converters), 0
        elif isinstance(pattern, RegexPattern):
            own = tuple(pattern.regex.groupindex)
            unnamed = pattern.regex.groups - len(own)
        else:  # pragma: no cover - LocalePrefixPattern
            own, unnamed = (), 0
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _named_patterns(entry, inner, params + own)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), params + own, unnamed


NAMED = sorted(set(_named_patterns()))


@pytest.mark.parametrize(("name", "params", "unnamed"), NAMED, ids=[n[0] for n in NAMED])
def test_every_named_pattern_reverses_and_resolves_back_to_itself(name, params, unnamed):
    if unnamed:
        path = reverse(name, args=["1"] * unnamed)
    else:
        path = reverse(name, kwargs={p: _SAMPLES[p] for p in params})

    match = resolve(path)

    assert match.view_name == name
    assert reverse(match.view_name, args=match.args, kwargs=match.kwargs) == path
