"""The pack pages: who may open, make, publish and download which pack, bad input, and what each shows.

Roles (tests/conftest.py): alice plan administrator, olivia and oscar officers, bea board member,
fern Schools Forum member, ada adviser, nora signed in with no role. Forum members see published
Schools Forum packs only; board members, advisers and officers every published pack; only plan
administrators see drafts and make, edit, preview and publish packs.
"""

import re

import pytest
import tinyhtml5
from django.urls import reverse

from actions.cycle.models import Rag
from actions.plans.models import Action
from reports.models import Pack
from reports.packs import BOARD, FORUM, default_cover
from tests import factories as f
from tests.helpers import close_response

ROLES = ["anonymous", "alice", "olivia", "oscar", "bea", "fern", "ada", "nora"]
XHTML = "{http://www.w3.org/1999/xhtml}"


def statuses(alice, others, *, fern=None, nora=403) -> dict[str, int]:
    """Anonymous users are always sent to sign in; nora (no role) is always refused."""
    return {
        "anonymous": 302,
        "alice": alice,
        "olivia": others,
        "oscar": others,
        "bea": others,
        "fern": others if fern is None else fern,
        "ada": others,  # the adviser: every published pack, never a draft, never a write
        "nora": nora,
    }


EVERY_MEMBER = statuses(200, 200)
ADMINS_ONLY = statuses(200, 403)
ADMIN_WRITES = statuses(302, 403)  # a successful POST redirects to the pack
NOT_FOR_FORUM = statuses(200, 200, fern=404)
ADMINS_SEE_DRAFTS = statuses(200, 404)

# (URL name, method, which pack, extra kwargs, expected status per role)
CASES = [
    ("reports:pack-list", "get", None, {}, EVERY_MEMBER),
    ("reports:pack-create", "get", None, {}, ADMINS_ONLY),
    ("reports:pack-create", "post", None, {}, ADMIN_WRITES),
    ("reports:pack-detail", "get", "forum", {}, EVERY_MEMBER),
    ("reports:pack-detail", "get", "board", {}, NOT_FOR_FORUM),
    ("reports:pack-detail", "get", "draft", {}, ADMINS_SEE_DRAFTS),
    ("reports:pack-edit", "get", "draft", {}, ADMINS_ONLY),
    ("reports:pack-edit", "post", "draft", {}, ADMIN_WRITES),
    ("reports:pack-edit", "get", "forum", {}, statuses(403, 403)),  # published: frozen
    ("reports:pack-preview", "get", "draft", {}, ADMINS_ONLY),
    ("reports:pack-publish", "get", "draft", {}, statuses(405, 405)),
    ("reports:pack-publish", "post", "draft", {}, ADMIN_WRITES),
    # Already published: one effect, and a message saying so for a second press.
    ("reports:pack-publish", "post", "forum", {}, statuses(302, 403)),
    ("reports:pack-download", "get", "forum", {"fmt": "pdf"}, EVERY_MEMBER),
    ("reports:pack-download", "get", "forum", {"fmt": "xlsx"}, EVERY_MEMBER),
    ("reports:pack-download", "get", "board", {"fmt": "pdf"}, NOT_FOR_FORUM),
    ("reports:pack-download", "get", "board", {"fmt": "xlsx"}, NOT_FOR_FORUM),
    ("reports:pack-download", "get", "draft", {"fmt": "pdf"}, statuses(404, 404)),
    ("reports:pack-download", "get", "draft", {"fmt": "xlsx"}, statuses(404, 404)),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def packs(media, alice, plan, periods, action, other_action):
    """A published Schools Forum pack, a published board pack and a draft (placeholder files)."""
    summer = periods[2]
    published = {"state": Pack.State.PUBLISHED, "created_by": alice, "published_by": alice}
    return {
        "forum": f.make_pack(plan, summer, audience=FORUM, **published),
        "board": f.make_pack(plan, summer, audience=BOARD, **published),
        "draft": f.make_pack(plan, summer, audience=FORUM, title="Draft forum pack", created_by=alice),
    }


def pack_url(name: str, pack: Pack, **kwargs) -> str:
    return reverse(name, kwargs={"pk": pack.pk, **kwargs})


def body(response) -> bytes:
    try:
        return b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        close_response(response)


def page_text(response) -> str:
    return response.content.decode()


def error_summary(response) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page_text(response), re.S)
    assert match, "no GOV.UK error summary on the page"
    return match.group(0)


def h1s(response) -> list[str]:
    document = tinyhtml5.parse(page_text(response))
    return [" ".join(" ".join(h.itertext()).split()) for h in document.iter(f"{XHTML}h1")]


def form_data(period, audience: str = FORUM, **overrides) -> dict:
    return {
        "audience": audience,
        "period": period.pk,
        "title": "",
        "purpose": "",
        "context": "",
        "recommendation": "",
        "author": "",
        **overrides,
    }


# --- Who may do what ----------------------------------------------------------------------------


ACCESS = [(n, m, w, e, role, expected[role]) for n, m, w, e, expected in CASES for role in ROLES]


def _case_id(name, method, which, extra, role, status) -> str:
    fmt = f"-{extra['fmt']}" if extra else ""
    return f"{name.split(':')[1]}-{method}-{which or 'plan'}{fmt}-{role}-{status}"


@pytest.mark.parametrize(
    ("name", "method", "which", "extra", "role", "status"), ACCESS, ids=[_case_id(*c) for c in ACCESS]
)
def test_each_role_is_allowed_or_refused(
    media, client, request, packs, plan, summer, name, method, which, extra, role, status
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, kwargs={"pk": plan.pk}) if which is None else pack_url(name, packs[which], **extra)
    before = sorted(Pack.objects.values_list("pk", "state", "title"))

    if method == "post":
        response = client.post(url, form_data(summer, title="Made in the access test"))
    else:
        response = client.get(url)
    content = body(response)

    assert response.status_code == status, f"{method.upper()} {url} as {role}"
    if role == "anonymous":
        assert response.url == f"{reverse('login')}?next={url}"
    if status != 302 or role == "anonymous":
        # A refused request, or a read, changes nothing.
        assert sorted(Pack.objects.values_list("pk", "state", "title")) == before
    if name == "reports:pack-download" and status == 200:
        assert content == (f.PLACEHOLDER_PDF if extra["fmt"] == "pdf" else f.PLACEHOLDER_XLSX)


# --- What each role's list holds --------------------------------------------------------------


def listed(response, packs) -> set[str]:
    """Which of the fixture's packs the list links to."""
    page = page_text(response)
    return {key for key, pack in packs.items() if f'href="{pack.get_absolute_url()}"' in page}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("alice", {"forum", "board", "draft"}),
        ("olivia", {"forum", "board"}),
        ("oscar", {"forum", "board"}),
        ("bea", {"forum", "board"}),
        ("fern", {"forum"}),
        ("ada", {"forum", "board"}),
    ],
)
def test_the_pack_list_shows_each_role_only_the_packs_they_may_see(
    client, request, packs, plan, role, expected
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("reports:pack-list", args=[plan.pk]))

    assert response.status_code == 200
    assert listed(response, packs) == expected
    assert {p.pk for p in response.context["packs"]} == {packs[k].pk for k in expected}


def test_forum_member_sees_no_board_pack_and_no_link_to_one(client, fern, packs, plan):
    client.force_login(fern)

    page = page_text(client.get(reverse("reports:pack-list", args=[plan.pk])))

    board = packs["board"]
    assert pack_url("reports:pack-download", board, fmt="pdf") not in page
    assert "SEND improvement board" not in page
    assert "Schools Forum" in page


def test_forum_member_gets_404_for_a_board_packs_detail_and_downloads(client, fern, packs):
    client.force_login(fern)
    board = packs["board"]

    for url in (
        board.get_absolute_url(),
        pack_url("reports:pack-download", board, fmt="pdf"),
        pack_url("reports:pack-download", board, fmt="xlsx"),
    ):
        assert client.get(url).status_code == 404, url


def test_only_the_administrator_is_offered_to_make_a_pack(client, alice, bea, packs, plan):
    create = reverse("reports:pack-create", args=[plan.pk])
    client.force_login(alice)
    assert create in page_text(client.get(reverse("reports:pack-list", args=[plan.pk])))

    client.force_login(bea)
    assert create not in page_text(client.get(reverse("reports:pack-list", args=[plan.pk])))


def test_a_plan_with_no_packs_says_so(client, fern, plan, periods):
    client.force_login(fern)

    response = client.get(reverse("reports:pack-list", args=[plan.pk]))

    assert "No packs have been published for this plan yet." in page_text(response)


@pytest.mark.parametrize("state", [Pack.State.DRAFT, Pack.State.PUBLISHING, Pack.State.FAILED])
@pytest.mark.parametrize("role", ["olivia", "oscar", "bea", "fern"])
def test_an_unpublished_pack_is_404_for_everyone_but_administrators(
    client, request, media, plan, summer, state, role
):
    pack = f.make_pack(plan, summer, audience=FORUM, state=state)
    client.force_login(request.getfixturevalue(role))

    assert client.get(pack.get_absolute_url()).status_code == 404
    assert client.get(pack_url("reports:pack-download", pack, fmt="pdf")).status_code == 404
    assert pack.get_absolute_url() not in page_text(client.get(reverse("reports:pack-list", args=[plan.pk])))


def test_a_pack_that_does_not_exist_is_404(client, alice):
    client.force_login(alice)

    assert client.get(reverse("reports:pack-detail", args=[999_999])).status_code == 404
    assert client.get(reverse("reports:pack-list", args=[999_999])).status_code == 404


# --- Making a pack --------------------------------------------------------------------------------


def test_administrator_makes_a_forum_pack_with_the_standard_wording(client, alice, plan, summer):
    client.force_login(alice)

    response = client.post(reverse("reports:pack-create", args=[plan.pk]), form_data(summer, FORUM))

    pack = Pack.objects.get()
    assert response.status_code == 302
    assert response.url == pack.get_absolute_url()
    assert (pack.audience, pack.period, pack.state, pack.created_by) == (
        FORUM,
        summer,
        Pack.State.DRAFT,
        alice,
    )
    assert pack.recommendation == "That Schools Forum note the progress made."
    assert pack.title == default_cover(plan, summer, FORUM).title
    followed = client.get(response.url)
    assert "Draft pack created" in page_text(followed)


def test_the_new_pack_form_lists_only_this_plans_periods_and_priorities(client, alice, plan, periods, action):
    other_plan = f.make_plan(title="Elsewhere SEND Plan")
    f.make_period(other_plan, name="Elsewhere winter term")
    f.make_priority(other_plan, title="Elsewhere priority")
    client.force_login(alice)

    response = client.get(reverse("reports:pack-create", args=[plan.pk]))

    page = page_text(response)
    assert all(p.name in page for p in periods)
    assert "Elsewhere winter term" not in page
    assert "Inclusive education" in page
    assert "Elsewhere priority" not in page


def test_making_a_pack_without_choosing_who_it_is_for_shows_the_error_and_saves_nothing(
    client, alice, plan, summer
):
    client.force_login(alice)
    data = form_data(summer)
    del data["audience"]

    response = client.post(reverse("reports:pack-create", args=[plan.pk]), data)

    assert response.status_code == 200
    summary = error_summary(response)
    assert "There is a problem" in summary
    assert "Select who the pack is for" in summary
    # The summary links to the first radio, which is on the page.
    link = re.search(r'<a href="#([^"]+)">Select who the pack is for</a>', summary).group(1)
    assert f'id="{link}"' in page_text(response)
    assert not Pack.objects.exists()


def test_making_a_pack_for_a_period_of_another_plan_shows_the_error_and_saves_nothing(
    client, alice, plan, summer
):
    elsewhere = f.make_period(f.make_plan(title="Elsewhere SEND Plan"), name="Summer term 2026")
    client.force_login(alice)

    response = client.post(reverse("reports:pack-create", args=[plan.pk]), form_data(elsewhere))

    assert response.status_code == 200
    assert "Select a reporting period of this plan" in error_summary(response)
    assert not Pack.objects.exists()


def test_making_a_pack_with_a_priority_of_another_plan_saves_nothing(client, alice, plan, summer):
    stray = f.make_priority(f.make_plan(), title="Elsewhere priority")
    client.force_login(alice)

    response = client.post(
        reverse("reports:pack-create", args=[plan.pk]), {**form_data(summer), "priorities": [stray.pk]}
    )

    assert response.status_code == 200
    error_summary(response)
    assert not Pack.objects.exists()


# --- Editing ----------------------------------------------------------------------------------


def test_administrator_edits_a_draft(client, alice, packs, plan, periods, action):
    draft = packs["draft"]
    priority = action.objective.priority
    client.force_login(alice)

    response = client.post(
        pack_url("reports:pack-edit", draft),
        {
            **form_data(periods[1], BOARD, title="Item 6: SEND update", author="Jo Bloggs"),
            "priorities": [priority.pk],
        },
    )

    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert (draft.title, draft.audience, draft.period, draft.author) == (
        "Item 6: SEND update",
        BOARD,
        periods[1],
        "Jo Bloggs",
    )
    assert list(draft.priorities.all()) == [priority]


def test_the_edit_form_starts_with_the_drafts_own_values(client, alice, packs):
    client.force_login(alice)

    response = client.get(pack_url("reports:pack-edit", packs["draft"]))

    form = response.context["form"]
    assert form.initial["title"] == "Draft forum pack"
    assert form.initial["audience"] == FORUM
    assert 'value="Draft forum pack"' in page_text(response)


def test_clearing_the_title_of_a_draft_gives_the_standard_title(client, alice, packs, summer):
    draft = packs["draft"]
    client.force_login(alice)

    response = client.post(pack_url("reports:pack-edit", draft), form_data(summer, FORUM, title=""))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == default_cover(draft.plan, summer, FORUM).title


@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_a_published_pack_is_refused(client, alice, packs, summer, method):
    forum = packs["forum"]
    client.force_login(alice)

    response = getattr(client, method)(
        pack_url("reports:pack-edit", forum), form_data(summer, title="Changed")
    )

    assert response.status_code == 403
    forum.refresh_from_db()
    assert forum.title == default_cover(forum.plan, summer, FORUM).title


def test_editing_a_pack_for_a_period_of_another_plan_is_refused(client, alice, packs):
    draft = packs["draft"]
    elsewhere = f.make_period(f.make_plan(), name="Elsewhere term")
    client.force_login(alice)

    response = client.post(pack_url("reports:pack-edit", draft), form_data(elsewhere))

    assert "Select a reporting period of this plan" in error_summary(response)
    draft.refresh_from_db()
    assert draft.period != elsewhere


# --- Detail page --------------------------------------------------------------------------------


def test_the_detail_page_of_a_publishing_pack_shows_progress_and_refreshes_itself(
    client, alice, media, plan, summer
):
    pack = f.make_pack(plan, summer, state=Pack.State.PUBLISHING, progress=40)
    client.force_login(alice)

    response = client.get(pack.get_absolute_url())

    page = page_text(response)
    assert "Publishing: 40% done" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)
    assert page.index('http-equiv="refresh"') < page.index("</head>")
    assert pack_url("reports:pack-publish", pack) not in page  # no second publish while it runs
    assert pack_url("reports:pack-download", pack, fmt="pdf") not in page


def test_the_detail_page_of_a_published_pack_offers_the_downloads_and_does_not_refresh(client, fern, packs):
    forum = packs["forum"]
    client.force_login(fern)

    response = client.get(forum.get_absolute_url())

    page = page_text(response)
    assert "Published" in page
    assert pack_url("reports:pack-download", forum, fmt="pdf") in page
    assert pack_url("reports:pack-download", forum, fmt="xlsx") in page
    assert 'http-equiv="refresh"' not in page
    assert pack_url("reports:pack-publish", forum) not in page
    assert pack_url("reports:pack-edit", forum) not in page
    assert h1s(response) == [forum.title]


def test_the_detail_page_of_a_draft_offers_its_author_preview_edit_and_publish(client, alice, packs):
    draft = packs["draft"]
    client.force_login(alice)

    page = page_text(client.get(draft.get_absolute_url()))

    assert pack_url("reports:pack-preview", draft) in page
    assert pack_url("reports:pack-edit", draft) in page
    assert pack_url("reports:pack-publish", draft) in page
    assert "This is a draft" in page


def test_the_detail_page_of_a_failed_pack_shows_why(client, alice, media, plan, summer):
    pack = f.make_pack(plan, summer, state=Pack.State.FAILED, error="WeasyPrint ran out of paper")
    client.force_login(alice)

    page = page_text(client.get(pack.get_absolute_url()))

    assert "Publishing failed" in page
    assert "WeasyPrint ran out of paper" in page
    assert pack_url("reports:pack-publish", pack) in page  # try again


# --- Preview --------------------------------------------------------------------------------------


def test_the_forum_preview_shows_the_cover_and_the_numbered_sections_with_one_h1(
    client, alice, packs, action
):
    draft = packs["draft"]
    client.force_login(alice)

    response = client.get(pack_url("reports:pack-preview", draft))

    assert response.status_code == 200
    assert h1s(response) == ["Draft forum pack"]
    page = page_text(response)
    positions = [page.index(s) for s in ("1. Purpose of report", "2. Context", "3. Recommendation")]
    assert positions == sorted(positions)
    assert "Appendix: progress against the plan" in page
    assert "That Schools Forum note the progress made." in page
    assert "1.1.a" in page and "Run SENCO network meetings" in page
    assert "4. RAG ratings by priority" not in page


def test_the_board_preview_has_the_board_sections_and_one_h1(client, alice, plan, summer, action):
    pack = f.make_pack(plan, summer, audience=BOARD, created_by=alice)
    client.force_login(alice)

    response = client.get(pack_url("reports:pack-preview", pack))

    assert h1s(response) == [pack.title]
    page = page_text(response)
    for heading in (
        "4. RAG ratings by priority",
        "6. Impact measures",
        "7. Exceptions for the board",
        "Appendix: every action by priority",
    ):
        assert heading in page


def test_the_preview_shows_only_the_chosen_priorities(client, alice, plan, summer, action):
    chosen = action.objective.priority
    other = f.make_priority(plan, ref="2", title="Preparing for adulthood")
    f.make_action(f.make_objective(other, ref="2.1"), ref="2.1.a", description="Quietly left out of scope")
    pack = f.make_pack(plan, summer, audience=FORUM, priorities=[chosen])
    client.force_login(alice)

    page = page_text(client.get(pack_url("reports:pack-preview", pack)))

    assert "Run SENCO network meetings" in page
    assert "Quietly left out of scope" not in page


def test_user_text_in_a_pack_is_escaped_in_the_preview(client, alice, plan, summer, action):
    pack = f.make_pack(plan, summer, title="<script>alert(1)</script>", context="<b>bold</b> claims")
    client.force_login(alice)

    page = page_text(client.get(pack_url("reports:pack-preview", pack)))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page


# --- Publishing -----------------------------------------------------------------------------------


def test_administrator_publishes_a_draft_and_lands_on_its_downloads(client, alice, packs, media):
    draft = packs["draft"]
    client.force_login(alice)

    response = client.post(pack_url("reports:pack-publish", draft), follow=True)

    draft.refresh_from_db()
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert (draft.state, draft.published_by, draft.progress) == (Pack.State.PUBLISHED, alice, 100)
    page = page_text(response)
    assert "Published" in page
    assert pack_url("reports:pack-download", draft, fmt="pdf") in page
    with draft.pdf.open("rb") as file:
        assert file.read(4) == b"%PDF"


def test_publishing_an_already_published_pack_does_nothing_and_says_so(client, alice, packs):
    forum = packs["forum"]
    published_at = forum.published_at
    client.force_login(alice)

    response = client.post(pack_url("reports:pack-publish", forum), follow=True)

    assert response.status_code == 200
    assert re.search(
        r"started publishing this pack at .*pressing Publish again did nothing", page_text(response)
    )
    forum.refresh_from_db()
    assert forum.published_at == published_at


# --- Downloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_a_download_is_an_attachment_with_a_name_a_clerk_can_file(client, fern, packs, fmt, content_type):
    client.force_login(fern)

    response = client.get(pack_url("reports:pack-download", packs["forum"], fmt=fmt))
    content = body(response)

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="exampleshire-forum-pack-summer-term-2026.{fmt}"'
    )
    assert response["Content-Type"] == content_type
    assert content == (f.PLACEHOLDER_PDF if fmt == "pdf" else f.PLACEHOLDER_XLSX)


def test_a_board_packs_download_is_named_for_the_board(client, bea, packs):
    client.force_login(bea)

    response = client.get(pack_url("reports:pack-download", packs["board"], fmt="pdf"))
    body(response)

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="exampleshire-board-pack-summer-term-2026.pdf"'
    )


@pytest.mark.parametrize("fmt", ["docx", "PDF", "csv", "pdf.exe", "html"])
def test_a_download_in_any_other_format_is_404(client, alice, packs, fmt):
    client.force_login(alice)

    assert client.get(pack_url("reports:pack-download", packs["forum"], fmt=fmt)).status_code == 404


@pytest.mark.parametrize("state", [Pack.State.DRAFT, Pack.State.PUBLISHING, Pack.State.FAILED])
def test_downloading_an_unpublished_pack_is_404_even_for_the_administrator(
    client, alice, media, plan, summer, state
):
    pack = f.make_pack(plan, summer, state=state)
    client.force_login(alice)

    assert client.get(pack_url("reports:pack-download", pack, fmt="pdf")).status_code == 404
    assert client.get(pack_url("reports:pack-download", pack, fmt="xlsx")).status_code == 404


# --- Query budget -----------------------------------------------------------------------------------

# Measured at 500 actions (and equal at 10): session, user, role (3) plus the page's own queries.
BUDGET = {
    # plan, the packs with their periods and publishers (the {% if %} and the loop share one query)
    "pack-list": 5,
    # the pack with its plan, period and people; its priorities
    "pack-detail": 5,
    # the pack, its priority ids, then pack_data: periods, priorities, every action's state, the
    # actions, their lead and supporting people and partners (4), and the impact measures: with
    # none, their periods and the (empty) measures (2), and whether the plan has inspection findings
    # (1; a board pack shows them). (packs.py's docstring says 8 + 2.)
    "pack-preview": 16,
}


def budget_url(page: str, plan, packs) -> str:
    return {
        "pack-list": reverse("reports:pack-list", args=[plan.pk]),
        "pack-detail": packs["published"].get_absolute_url(),
        "pack-preview": reverse("reports:pack-preview", args=[packs["draft"].pk]),
    }[page]


def budget_plan(size: int, alice, *, periods: int = 3):
    """A plan of `size` actions over `periods` reporting periods with two published packs in each
    period; the measured packs (in the latest period) have two priorities."""
    plan, _actions = f.make_large_plan(size, periods=periods)
    periods = list(plan.periods.order_by("as_at"))
    priorities = list(plan.priorities.all()[:2])
    published = {"state": Pack.State.PUBLISHED, "created_by": alice, "published_by": alice}
    for period in periods:
        f.make_pack(plan, period, audience=BOARD, **published)
        f.make_pack(plan, period, audience=FORUM, **published)
    return plan, {
        "published": f.make_pack(plan, periods[-1], audience=FORUM, priorities=priorities, **published),
        "draft": f.make_pack(plan, periods[-1], audience=BOARD, priorities=priorities, created_by=alice),
    }


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("page", list(BUDGET))
def test_pack_page_stays_within_its_query_budget(
    client, alice, media, django_assert_max_num_queries, page, size
):
    plan, packs = budget_plan(size, alice)
    url = budget_url(page, plan, packs)
    client.force_login(alice)

    with django_assert_max_num_queries(BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    # Exactly the budget at both sizes: 10 actions cost what 500 cost.
    assert len(captured) == BUDGET[page]
    if page == "pack-preview":  # the budget means something only if the preview lists the actions
        in_scope = Action.objects.filter(objective__priority__in=packs["draft"].priorities.all())
        assert len(response.context["pack_data"].actions) == in_scope.count() >= size // 2


@pytest.mark.parametrize("periods", [3, 12])
@pytest.mark.parametrize("page", list(BUDGET))
def test_pack_page_costs_the_same_at_3_and_12_reporting_periods(
    client, alice, media, django_assert_max_num_queries, page, periods
):
    """The pack list grows with the periods (two packs each) and the preview compares with the period
    before: neither costs a query more for it."""
    plan, packs = budget_plan(50, alice, periods=periods)
    client.force_login(alice)

    url = budget_url(page, plan, packs)
    with django_assert_max_num_queries(BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == BUDGET[page]  # 12 periods cost what 3 cost
    if page == "pack-list":
        assert len(response.context["packs"]) == 2 * periods + 2


# With impact measures: `measure_reports`' 10 queries whatever their number, and one for the refs of
# the actions beside the measures off trajectory while their actions are Green or Blue.
PREVIEW_MEASURES_BUDGET = 14 + 10 + 1


@pytest.mark.parametrize("measures", [5, 200])
def test_the_pack_preview_with_impact_measures_stays_within_its_query_budget(
    client, alice, media, django_assert_max_num_queries, measures
):
    from actions.cycle.models import PositionStatement

    from .measure_data import add_figure, add_many_measures, make_measure

    plan, packs = budget_plan(50, alice)
    add_many_measures(plan, measures)
    # One measure off trajectory while the one action it evidences is Green: an exception to list.
    latest = plan.periods.order_by("as_at").last()
    green = Action.objects.filter(objective__priority__in=packs["draft"].priorities.all()).first()
    PositionStatement.objects.update_or_create(
        action=green, period=latest, defaults={"rag": Rag.GREEN, "proposed_rag": Rag.GREEN}
    )
    add_figure(make_measure(plan, name="Off trajectory", actions=[green]), latest, "5")
    url = budget_url("pack-preview", plan, packs)
    client.force_login(alice)

    with django_assert_max_num_queries(PREVIEW_MEASURES_BUDGET) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == PREVIEW_MEASURES_BUDGET  # 5 measures cost what 200 cost
    data = response.context["pack_data"]
    assert data.measures and data.measure_exceptions  # the budget covers the exception list too
    assert len(response.context["measure_charts"]) == len(data.measures)
