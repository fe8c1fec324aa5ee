"""The pages that show how a plan is doing: home, plans, a plan, actions, an action, My actions."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from actions.plans import access as plan_access
from actions.plans.access import member_required
from actions.plans.models import Action
from actions.roles import role_for

from .. import access, extensions, selectors
from ..access import statement_writer_required
from ..filters import parse_pk


@member_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's next step. Queries: 13 for a lead of measures in a plan with an open period, of
    which "Measures due" costs 3 (1 for anyone else, none without a person), as
    tests/actions/test_query_budget.py measures."""
    role = role_for(request.user)
    person = plan_access.person_for(request.user)
    page = selectors.home(person, with_my_actions=role.is_officer)
    return render(
        request,
        "cycle/home.html",
        {
            "page": page,
            "person": person,
            "updates_due": selectors.updates_due(page.my_sections),
            "ratings_to_confirm": selectors.ratings_to_confirm_counts(request.user),
            # An adviser has nothing due ("Measures due"), whatever their person leads.
            "extension_sections": extensions.sections_for("home", None if role.is_read_only else person),
        },
    )


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Queries: 5."""
    return render(request, "cycle/plan_list.html", {"plans": selectors.plan_list()})


@member_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's priorities, each with its counts, lead and the ratings its actions carry; one
    priority open (`?priority=<pk>`) shows its objectives and actions a page at a time (`&page=`),
    and under the priority and each objective what the extensions add (the measures it evidences);
    `?priority=all` opens every priority of a small plan. Collapsing and opening are plain links, so
    the page needs no JavaScript, and what is not open is not loaded.

    Queries: 10 with every priority collapsed, 22 with one open, of which the measures cost 4 (2 when
    none evidences a priority or objective), whatever the size of the plan; the page's data is cached
    per plan revision and day, so a repeat costs the first 5.
    """
    plan = plan_access.get_plan_for_user(request.user, pk)
    raw = request.GET.get("priority", "")
    opened: int | str | None = None
    if raw == selectors.OPEN_ALL:
        opened = selectors.OPEN_ALL
    elif raw:
        opened = parse_pk(raw)
        if opened is None:
            raise Http404("No such priority")
    try:
        page = selectors.plan_detail(plan, opened=opened, page_number=request.GET.get("page"))
    except selectors.NoSuchPriority:
        raise Http404("No such priority in this plan") from None
    return render(
        request,
        "cycle/plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "requested_all": opened == selectors.OPEN_ALL,
            # Plan administrators and the plan's priority leads: None (all priorities) or those led.
            "may_confirm_ratings": access.confirmable_priorities(request.user, plan) != set(),
            # Only what is open shows them, so they are worked out only when it is rendered.
            "extension_sections": SimpleLazyObject(lambda: extensions.sections_for("plan", plan)),
            "nav_current": "actions:plan-list",
        },
    )


@member_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Filtered, paginated actions. Queries: 15, plus one per chosen model filter; a period adds 2. The
    rendered list is cached (`ActionListPage.cache_key`): served from the cache, the filters' own checks
    and the cache key cost the queries; the count, the page and the dropdowns' choices cost none."""
    page = selectors.action_list(request.GET)
    # Filtered, counted and fetched only when the cached list (page.cache_key) is rendered again.
    page_obj = SimpleLazyObject(lambda: page.page(request.GET.get("page")))
    return render(request, "cycle/action_list.html", {"page": page, "page_obj": page_obj})


@member_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An action and its timeline of position statements, and what the extensions add (the measures it
    evidences, the inspection findings it answers). Queries: 15, of which the measures cost 2 (1 when
    none evidences it) and the findings 1."""
    try:
        page = selectors.action_detail(pk)
    except Action.DoesNotExist:
        raise Http404("No such action") from None
    writable = {
        period.pk
        for period in page.open_periods
        if access.statement_refusal(request.user, page.action, period) is None
    }
    return render(
        request,
        "cycle/action_detail.html",
        {
            "page": page,
            "writable_periods": writable,
            # No query: the lead people are prefetched and the person is cached.
            "can_change_due_date": access.due_date_refusal(request.user, page.action) is None,
            "extension_sections": extensions.sections_for("action", page.action),
            "nav_current": "actions:action-list",
        },
    )


@member_required
def action_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Field-level history of the action and its statements. Queries: 12."""
    action = plan_access.get_action_for_user(request.user, pk)
    return render(
        request,
        "cycle/action_changes.html",
        {
            "action": action,
            "entries": selectors.action_changes(action),
            "nav_current": "actions:action-list",
        },
    )


@statement_writer_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the signed-in person leads or supports, 50 a page. Queries: 11 for a lead of
    measures in a plan with an open period, of which "Measures due" costs 3 (1 for anyone else, none
    without a person)."""
    person = plan_access.person_for(request.user)
    page = selectors.my_actions(person, page_number=request.GET.get("page"))
    return render(
        request,
        "cycle/my_actions.html",
        {
            "sections": page.sections,
            "page_obj": page.page_obj,
            "person": person,
            "updates_due": selectors.updates_due(page.counts),
            "extension_sections": extensions.sections_for("my-actions", person),
        },
    )
