"""Every URL the project serves, GET as every role, against an explicit table of expected statuses.

The table is the access policy in one place. A new URL name that is not in EXPECTED fails
`test_every_url_name_is_in_the_access_matrix`, so no view can be added without deciding who may see it.

The admin (`admin:` namespace) is walked only for `admin:index`. Its other ~80 patterns are Django's
own ModelAdmin views: each one is guarded by `admin_view` (is_staff, else a redirect to the admin
login) and by Django's model permissions, which sendplan grants in one place
(`roles_ensure_groups`, tested in tests/actions/test_services.py). Testing them URL by URL would
test Django, not sendplan; instead `test_plan_administrator_can_open_every_admin_changelist` checks
the permissions reach the admin, and `test_staff_pages_of_the_admin_need_staff` checks the others
are turned away.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.helpers import close_response

# ada, the adviser, reads what bea the board member reads and is refused every write, as bea is.
ROLES = ["anonymous", "alice", "olivia", "oscar", "bea", "fern", "ada", "nora"]

# Statuses for a GET. 302 for anonymous users is the redirect to the sign-in page.
_MEMBERS_ONLY = {
    "anonymous": 302,
    "alice": 200,
    "olivia": 200,
    "oscar": 200,
    "bea": 200,
    "fern": 200,
    "ada": 200,
    "nora": 403,
}
_SIGNED_IN = {
    "anonymous": 302,
    "alice": 200,
    "olivia": 200,
    "oscar": 200,
    "bea": 200,
    "fern": 200,
    "ada": 200,
    "nora": 200,
}
_EVERYONE = {role: 200 for role in ROLES}
_ADMIN_ONLY = {
    "anonymous": 302,
    "alice": 200,
    "olivia": 403,
    "oscar": 403,
    "bea": 403,
    "fern": 403,
    "ada": 403,
    "nora": 403,
}

EXPECTED: dict[str, dict[str, int]] = {
    "home": _MEMBERS_ONLY,
    # Django's auth views: open to everyone, except changing a password (signed in, any role).
    "login": _EVERYONE,
    "logout": {role: 405 for role in ROLES},  # signing out is a POST (CSRF-protected); GET is refused
    "password_change": _SIGNED_IN,
    "password_change_done": _SIGNED_IN,
    "password_reset": _EVERYONE,
    "password_reset_done": _EVERYONE,
    "password_reset_confirm": _EVERYONE,  # with a dummy token: the "link has expired" page
    "password_reset_complete": _EVERYONE,
    "actions:plan-list": _MEMBERS_ONLY,
    "actions:plan-detail": _MEMBERS_ONLY,
    "reports:dashboard": _MEMBERS_ONLY,
    "reports:accountability": _MEMBERS_ONLY,
    "actions:action-list": _MEMBERS_ONLY,
    "actions:action-detail": _MEMBERS_ONLY,
    "actions:action-changes": _MEMBERS_ONLY,
    # The action is Olivia's; the period is the open one.
    "actions:statement-form": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 403,
        "bea": 403,
        "fern": 403,
        "ada": 403,
        "nora": 403,
    },
    "actions:my-actions": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 200,
        "bea": 403,
        "fern": 403,
        "ada": 403,
        "nora": 403,
    },
    # Packs. A Schools Forum member sees published Schools Forum packs only; board members and
    # officers every published pack; only plan administrators see drafts and make, edit, preview and
    # publish packs. The pack in each URL is named in kwargs_for; PACK_VARIANTS below tries the others.
    "reports:pack-list": _MEMBERS_ONLY,
    "reports:pack-create": _ADMIN_ONLY,
    # The priority action plan workbook: every member, as the findings matrix.
    "reports:priority-action-plan": _MEMBERS_ONLY,
    # The published board pack: not acknowledged to a Schools Forum member.
    "reports:pack-detail": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 200,
        "bea": 200,
        "fern": 404,
        "ada": 200,
        "nora": 403,
    },
    "reports:pack-download": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 200,
        "bea": 200,
        "fern": 404,
        "ada": 200,
        "nora": 403,
    },
    # The draft.
    "reports:pack-edit": _ADMIN_ONLY,
    "reports:pack-preview": _ADMIN_ONLY,
    # Publishing is a POST (CSRF-protected); a GET is refused, after the role check.
    "reports:pack-publish": {
        "anonymous": 302,
        "alice": 405,
        "olivia": 405,
        "oscar": 405,
        "bea": 405,
        "fern": 405,
        "ada": 405,
        "nora": 403,
    },
    # Imports: plan administrators only. Export: every member, like the plan page.
    "actions:plan-export": _MEMBERS_ONLY,
    "actions:import-new": _ADMIN_ONLY,
    "actions:import-into": _ADMIN_ONLY,
    "actions:import-detail": _ADMIN_ONLY,
    "actions:import-status": _ADMIN_ONLY,
    # Confirming is a POST; a GET is refused, after the role check.
    "actions:import-confirm": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    # Corrections in the preview are POSTs too: a GET is refused, after the role check.
    "actions:import-row": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    "actions:import-period": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    "actions:import-name": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    "actions:import-start-again": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    # Only alice is staff; everyone else is sent to the admin's sign-in page.
    "admin:index": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 302,
        "oscar": 302,
        "bea": 302,
        "fern": 302,
        "ada": 302,
        "nora": 302,
    },
    # Reporting periods and reminders
    "actions:period-list": _MEMBERS_ONLY,
    "actions:period-open": _ADMIN_ONLY,
    "actions:period-progress": _ADMIN_ONLY,
    # Closing and reopening: the confirmation page and the form (the period is the open one).
    "actions:period-settings": _ADMIN_ONLY,
    "actions:period-close": _ADMIN_ONLY,
    "actions:period-reopen": _ADMIN_ONLY,
    # Sending a reminder is a POST; a GET is refused, after the role check.
    "actions:period-remind": {**_ADMIN_ONLY, "alice": 405},
    # Any signed-in user: a sign-in with no person is told why there is nothing to set.
    "actions:reminder-settings": _SIGNED_IN,
    # Ratings, carrying forward, due dates
    # "No change since last period" is a POST; a GET is refused, after the role check (writers only).
    "actions:statement-carry-forward": {
        "anonymous": 302,
        "alice": 405,
        "olivia": 405,
        "oscar": 405,
        "bea": 403,
        "fern": 403,
        "ada": 403,
        "nora": 403,
    },
    # Plan administrators and the action's lead people (the action is Olivia's).
    "actions:due-date-change": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 403,
        "bea": 403,
        "fern": 403,
        "ada": 403,
        "nora": 403,
    },
    # Plan administrators and priority leads (nobody else leads a priority here).
    "actions:ratings-to-confirm": _ADMIN_ONLY,
    # Confirming is a POST; a GET is refused, after the role check.
    "actions:rating-confirm": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    # Published statistics: plan administrators only. The preview without an upload's token sends
    # them back to the upload page; confirming is a POST.
    "actions:measure-statistics": _ADMIN_ONLY,
    "actions:measure-statistics-preview": {**_ADMIN_ONLY, "alice": 302},
    "actions:measure-statistics-confirm": {**_ADMIN_ONLY, "alice": 405},
    # Measure pages: every member reads them; the measure is Olivia's, the period the open one.
    "actions:measure-list": _MEMBERS_ONLY,
    "actions:measure-detail": _MEMBERS_ONLY,
    "actions:measure-figure": {
        "anonymous": 302,
        "alice": 200,
        "olivia": 200,
        "oscar": 403,
        "bea": 403,
        "fern": 403,
        "ada": 403,
        "nora": 403,
    },
    # Confirming a figure's rating is a POST; a GET is refused, after the role check.
    "actions:measure-confirm": {**{role: 405 for role in ROLES}, "anonymous": 302, "nora": 403},
    # Setting up measures, their trajectories and comparators: plan administrators only.
    "actions:measure-create": _ADMIN_ONLY,
    "actions:measure-edit": _ADMIN_ONLY,
    "actions:measure-comparator-add": _ADMIN_ONLY,
    "actions:measure-comparator-edit": _ADMIN_ONLY,
    # Removing a comparator is a POST; a GET is refused, after the role check.
    "actions:measure-comparator-delete": {**_ADMIN_ONLY, "alice": 405},
    # Inspection findings: every member reads the register, an inspection, a finding and the matrix;
    # plan administrators record inspections and findings and link findings to what answers them.
    "actions:inspection-list": _MEMBERS_ONLY,
    "actions:inspection-detail": _MEMBERS_ONLY,
    "actions:finding-detail": _MEMBERS_ONLY,
    "actions:findings-matrix": _MEMBERS_ONLY,
    "actions:inspection-create": _ADMIN_ONLY,
    "actions:inspection-edit": _ADMIN_ONLY,
    "actions:finding-create": _ADMIN_ONLY,
    "actions:findings-paste": _ADMIN_ONLY,
    "actions:finding-edit": _ADMIN_ONLY,
    "actions:finding-link": _ADMIN_ONLY,
    "actions:action-findings": _ADMIN_ONLY,
}


# --- Walking the URLconf (shared with tests/test_urls.py and tests/test_pages.py) ---------------


@dataclass(frozen=True)
class Route:
    name: str | None  # namespaced, e.g. "actions:action-detail"; None for an unnamed pattern
    route: str  # the full pattern text, for messages
    namespace: str


def all_routes(resolver=None, namespace: str = "", prefix: str = "") -> list[Route]:
    """Every pattern in the URLconf, recursing through includes, with its namespaced name."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            routes += all_routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            routes.append(Route(name, prefix + str(entry.pattern), namespace))
    return routes


def is_skipped_admin(route: Route) -> bool:
    """Admin patterns other than the index: Django's own, see the module docstring."""
    return route.namespace.split(":")[0] == "admin" and route.name != "admin:index"


def project_routes() -> list[Route]:
    return [r for r in all_routes() if not is_skipped_admin(r)]


def kwargs_for(name: str, *, plan, action, period, objects=None) -> dict:
    """Real kwargs for each URL name that takes any: existing objects, or a dummy token.

    `objects` (from `make_matrix_objects`) is needed only for the names that name a pack or an import.
    """
    providers = {
        "reports:pack-list": lambda: {"pk": plan.pk},
        "reports:priority-action-plan": lambda: {"pk": plan.pk},
        "reports:pack-create": lambda: {"pk": plan.pk},
        "reports:pack-detail": lambda: {"pk": objects["board"].pk},
        "reports:pack-download": lambda: {"pk": objects["board"].pk, "fmt": "pdf"},
        "reports:pack-edit": lambda: {"pk": objects["draft"].pk},
        "reports:pack-preview": lambda: {"pk": objects["draft"].pk},
        "reports:pack-publish": lambda: {"pk": objects["draft"].pk},
        "actions:plan-detail": lambda: {"pk": plan.pk},
        "actions:plan-export": lambda: {"pk": plan.pk},
        "actions:import-into": lambda: {"pk": plan.pk},
        "actions:import-detail": lambda: {"pk": objects["import"].pk},
        "actions:import-confirm": lambda: {"pk": objects["import"].pk},
        "actions:import-status": lambda: {"pk": objects["import"].pk},
        "actions:import-row": lambda: {"pk": objects["import"].pk},
        "actions:import-period": lambda: {"pk": objects["import"].pk},
        "actions:import-name": lambda: {"pk": objects["import"].pk},
        "actions:import-start-again": lambda: {"pk": objects["import"].pk},
        "reports:dashboard": lambda: {"pk": plan.pk},
        "reports:accountability": lambda: {"pk": plan.pk},
        "actions:action-detail": lambda: {"pk": action.pk},
        "actions:action-changes": lambda: {"pk": action.pk},
        "actions:statement-form": lambda: {"pk": action.pk, "period_pk": period.pk},
        "password_reset_confirm": lambda: {"uidb64": "MQ", "token": "not-a-real-token"},
        # Reporting periods and reminders
        "actions:period-list": lambda: {"pk": plan.pk},
        "actions:period-open": lambda: {"pk": plan.pk},
        "actions:period-progress": lambda: {"pk": period.pk},
        "actions:period-settings": lambda: {"pk": period.pk},
        "actions:period-close": lambda: {"pk": period.pk},
        "actions:period-reopen": lambda: {"pk": period.pk},
        "actions:period-remind": lambda: {"pk": period.pk, "person_pk": action.lead_people.get().pk},
        # Ratings, carrying forward, due dates
        "actions:statement-carry-forward": lambda: {"pk": action.pk, "period_pk": period.pk},
        "actions:due-date-change": lambda: {"pk": action.pk},
        "actions:ratings-to-confirm": lambda: {"pk": plan.pk},
        "actions:rating-confirm": lambda: {
            "pk": action.position_statements.get_or_create(
                period=period, defaults={"rag": "amber", "narrative": "Proposed for the access matrix."}
            )[0].pk
        },
    }
    # Published statistics: a measure of the plan.
    for statistics_name in ("measure-statistics", "measure-statistics-preview", "measure-statistics-confirm"):
        providers[f"actions:{statistics_name}"] = lambda: {
            "pk": plan.measures.get_or_create(name="Statutory assessments within 20 weeks")[0].pk
        }

    # Measure pages: a measure Olivia leads, and its figure for the period.
    def olivias_measure():
        return plan.measures.get_or_create(
            name="New EHC plans issued within 20 weeks",
            defaults={"unit": "percent", "lead_person": action.lead_people.get()},
        )[0]

    providers["actions:measure-list"] = lambda: {"pk": plan.pk}
    providers["actions:measure-detail"] = lambda: {"pk": olivias_measure().pk}
    providers["actions:measure-figure"] = lambda: {"pk": olivias_measure().pk, "period_pk": period.pk}
    providers["actions:measure-confirm"] = lambda: {
        "pk": olivias_measure()
        .values.get_or_create(
            period=period,
            defaults={"value": 50, "refers_to": period.as_at, "rag": "amber", "proposed_rag": "amber"},
        )[0]
        .pk
    }

    def olivias_comparator():
        return olivias_measure().benchmarks.get_or_create(name="England")[0]

    providers["actions:measure-create"] = lambda: {"pk": plan.pk}
    providers["actions:measure-edit"] = lambda: {"pk": olivias_measure().pk}
    providers["actions:measure-comparator-add"] = lambda: {"pk": olivias_measure().pk}
    for comparator_name in ("measure-comparator-edit", "measure-comparator-delete"):
        providers[f"actions:{comparator_name}"] = lambda: {
            "pk": olivias_measure().pk,
            "benchmark_pk": olivias_comparator().pk,
        }

    # Inspection findings: an inspection of the plan and its finding "API 1", answered by the action.
    def matrix_finding():
        import datetime

        from actions.findings.models import Finding, Inspection

        inspection = Inspection.objects.get_or_create(
            plan=plan,
            defaults={"visit_start": datetime.date(2025, 6, 2), "visit_end": datetime.date(2025, 6, 6)},
        )[0]
        finding, created = Finding.objects.get_or_create(
            inspection=inspection,
            reference="API 1",
            defaults={"kind": "priority_action", "text": "Leaders must improve the timeliness of EHC plans."},
        )
        if created:
            finding.actions.add(action)
        return finding

    for plan_name in ("inspection-list", "findings-matrix", "inspection-create"):
        providers[f"actions:{plan_name}"] = lambda: {"pk": plan.pk}
    for inspection_name in ("inspection-detail", "inspection-edit", "finding-create", "findings-paste"):
        providers[f"actions:{inspection_name}"] = lambda: {"pk": matrix_finding().inspection_id}
    for finding_name in ("finding-detail", "finding-edit", "finding-link"):
        providers[f"actions:{finding_name}"] = lambda: {"pk": matrix_finding().pk}
    providers["actions:action-findings"] = lambda: {"pk": action.pk}
    return providers[name]() if name in providers else {}


def url_for(name: str, *, plan, action, period, objects=None) -> str:
    return reverse(name, kwargs=kwargs_for(name, plan=plan, action=action, period=period, objects=objects))


def make_matrix_objects(plan, period, author) -> dict:
    """A published Schools Forum pack, a published board pack and a draft, with placeholder files
    (no rendering), and an import in preview: set MEDIA_ROOT to a temporary folder first."""
    from django.core.files.base import ContentFile

    from actions.importing.services import plan_import_start
    from reports.models import Pack
    from tests import factories as f

    published = {"state": Pack.State.PUBLISHED, "created_by": author, "published_by": author}
    upload = ContentFile(
        b"Ref,Objective,Action,Lead\n1.1,Find needs early,Train staff,Jo Bloggs\n", name="plan.csv"
    )
    record = plan_import_start(user=author, upload=upload)  # read at once: tests run tasks inline
    return {
        "forum": f.make_pack(plan, period, audience="forum", **published),
        "board": f.make_pack(plan, period, audience="board", **published),
        "monitoring": f.make_pack(plan, period, audience="monitoring", **published),
        "draft": f.make_pack(plan, period, audience="forum", created_by=author),
        "import": record,
    }


# --- The matrix ------------------------------------------------------------------------------


def test_every_url_name_is_in_the_access_matrix():
    routes = project_routes()
    unnamed = [r.route for r in routes if r.name is None]
    names = {r.name for r in routes if r.name}

    assert not unnamed, f"unnamed URL patterns cannot be checked: {unnamed}"
    assert not names - EXPECTED.keys(), f"add these URL names to EXPECTED: {sorted(names - EXPECTED.keys())}"
    assert not EXPECTED.keys() - names, (
        f"EXPECTED lists URL names that no longer exist: {sorted(EXPECTED.keys() - names)}"
    )


def test_access_matrix_covers_every_role():
    for name, statuses in EXPECTED.items():
        assert sorted(statuses) == sorted(ROLES), name


# URL names where the adviser may differ from the board member (say why beside each); none yet.
ADVISER_DIFFERS_FROM_BOARD_MEMBER: set[str] = set()


def test_the_adviser_gets_what_a_board_member_gets():
    """Advisers read what the board reads; neither writes (unless a board member is named a lead, which
    the matrix's bea is not), so any difference must be decided on purpose. tests/test_adviser.py POSTs
    every write as the adviser."""
    for name, statuses in EXPECTED.items():
        if name not in ADVISER_DIFFERS_FROM_BOARD_MEMBER:
            assert statuses["ada"] == statuses["bea"], name
    for key, statuses in PACK_VARIANTS.items():
        assert statuses["ada"] == statuses["bea"], key


@pytest.fixture
def world(plan, periods, action, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    objects = make_matrix_objects(plan, periods[2], alice)
    return {"plan": plan, "action": action, "period": periods[2], "objects": objects}


CASES = [(name, role) for name in EXPECTED for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access_matrix(client, request, world, name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = url_for(name, **world)

    response = client.get(url)
    close_response(response)  # a download holds its file open until closed

    assert response.status_code == EXPECTED[name][role], f"GET {url} as {role}"
    if response.status_code == 302 and role == "anonymous" and name != "admin:index":
        assert response.url.startswith(reverse("login") + "?next="), response.url


# --- Packs: the other packs behind the same URL names -------------------------------------------

_ADMIN_ONLY_REFUSED = {
    "anonymous": 302,
    "alice": 403,
    "olivia": 403,
    "oscar": 403,
    "bea": 403,
    "fern": 403,
    "ada": 403,
    "nora": 403,
}
_DRAFT_HIDDEN = {
    "anonymous": 302,
    "alice": 200,
    "olivia": 404,
    "oscar": 404,
    "bea": 404,
    "fern": 404,
    "ada": 404,
    "nora": 403,
}

# (URL name, which pack, extra kwargs): statuses for a GET. EXPECTED above holds the primary pack.
PACK_VARIANTS: dict[tuple[str, str, str], dict[str, int]] = {
    ("reports:pack-detail", "forum", ""): _MEMBERS_ONLY,
    ("reports:pack-detail", "draft", ""): _DRAFT_HIDDEN,
    ("reports:pack-download", "forum", "pdf"): _MEMBERS_ONLY,
    ("reports:pack-download", "forum", "xlsx"): _MEMBERS_ONLY,
    ("reports:pack-download", "board", "xlsx"): EXPECTED["reports:pack-download"],
    # The monitoring pack: as the board pack (a Schools Forum member is not told it exists).
    ("reports:pack-detail", "monitoring", ""): EXPECTED["reports:pack-detail"],
    ("reports:pack-download", "monitoring", "pdf"): EXPECTED["reports:pack-download"],
    ("reports:pack-download", "monitoring", "xlsx"): EXPECTED["reports:pack-download"],
    # Not published: nothing to download, even for its author.
    ("reports:pack-download", "draft", "pdf"): {**_DRAFT_HIDDEN, "alice": 404},
    # Published: frozen, so nobody edits it.
    ("reports:pack-edit", "forum", ""): _ADMIN_ONLY_REFUSED,
    ("reports:pack-edit", "board", ""): _ADMIN_ONLY_REFUSED,
    # A published pack's preview sends its author to the files as published.
    ("reports:pack-preview", "board", ""): {**EXPECTED["reports:pack-preview"], "alice": 302},
}

PACK_CASES = [(*key, role) for key in PACK_VARIANTS for role in ROLES]


def test_pack_variants_cover_every_role():
    for key, statuses in PACK_VARIANTS.items():
        assert sorted(statuses) == sorted(ROLES), key


@pytest.mark.parametrize(
    ("name", "which", "fmt", "role"),
    PACK_CASES,
    ids=[f"{n}-{w}{'-' + x if x else ''}-{r}" for n, w, x, r in PACK_CASES],
)
def test_pack_access_matrix(client, request, world, name, which, fmt, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, kwargs={"pk": world["objects"][which].pk, **({"fmt": fmt} if fmt else {})})

    response = client.get(url)
    close_response(response)

    assert response.status_code == PACK_VARIANTS[(name, which, fmt)][role], f"GET {url} as {role}"
    if role == "anonymous":
        assert response.url == f"{reverse('login')}?next={url}"


# --- The admin beyond its index ----------------------------------------------------------------


def _admin_changelists() -> list[str]:
    return sorted(
        r.name
        for r in all_routes()
        if r.name and r.name.startswith("admin:") and r.name.endswith("_changelist")
    )


def test_plan_administrator_can_open_every_admin_changelist(client, alice):
    client.force_login(alice)
    names = _admin_changelists()

    assert "admin:actions_action_changelist" in names
    for name in names:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("role", ["olivia", "bea", "ada", "nora"])
def test_staff_pages_of_the_admin_need_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))

    for name in _admin_changelists():
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("admin:login")), name


# --- Published statements are locked in the admin too ---------------------------------------------


def _admin_statement_data(statement_or_action, period, rag="green", narrative="Changed in the admin"):
    action = getattr(statement_or_action, "action", statement_or_action)
    return {"action": action.pk, "period": period.pk, "rag": rag, "narrative": narrative, "author": ""}


def test_admin_cannot_change_or_delete_a_published_statement(client, alice, action, periods):
    from actions.cycle.models import PositionStatement
    from tests import factories as f

    published = f.make_statement(action, periods[0], "red", narrative="As shown to the board")
    client.force_login(alice)

    change = client.post(
        reverse("admin:actions_positionstatement_change", args=[published.pk]),
        _admin_statement_data(published, periods[0]),
    )
    delete = client.post(
        reverse("admin:actions_positionstatement_delete", args=[published.pk]), {"post": "yes"}
    )

    assert change.status_code == delete.status_code == 403
    published.refresh_from_db()
    assert (published.rag, published.narrative) == ("red", "As shown to the board")
    assert PositionStatement.objects.filter(pk=published.pk).exists()


def test_admin_cannot_add_a_statement_to_a_published_period_or_move_one_into_it(
    client, alice, action, periods
):
    from actions.cycle.models import PositionStatement
    from tests import factories as f

    client.force_login(alice)
    added = client.post(
        reverse("admin:actions_positionstatement_add"), _admin_statement_data(action, periods[0])
    )
    assert added.status_code == 200  # the form again, with the error
    assert "locked" in added.content.decode()
    assert not PositionStatement.objects.filter(period=periods[0]).exists()

    open_statement = f.make_statement(action, periods[2], "amber")
    moved = client.post(
        reverse("admin:actions_positionstatement_change", args=[open_statement.pk]),
        _admin_statement_data(open_statement, periods[0], rag="amber"),
    )
    assert moved.status_code == 200
    open_statement.refresh_from_db()
    assert open_statement.period == periods[2]
