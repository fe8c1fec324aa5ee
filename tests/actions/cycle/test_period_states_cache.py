"""period_states under a real cache: kept per settled revision and brought up to date one action at a
time as statements arrive in the open period, never stale, never a full recount for one save."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.cycle import services
from actions.cycle.models import PositionStatement, Rag
from actions.cycle.selectors import period_states
from actions.plans.models import Plan
from tests import factories as f


def fresh(plan):
    return Plan.objects.get(pk=plan.pk)


def states_of(plan, period, previous):
    return {s.pk: s for s in period_states(fresh(plan), period, previous)}


def uncached(plan, period, previous, memory_cache):
    memory_cache.clear()
    return states_of(plan, period, previous)


@pytest.fixture
def big(db):
    plan, actions = f.make_large_plan(30, periods=3)
    periods = list(plan.periods.order_by("as_at"))
    return plan, actions, periods[-1], periods[-2]


def test_a_statement_in_the_open_period_updates_that_action_alone(big, memory_cache, alice):
    plan, actions, open_period, previous = big
    states_of(plan, open_period, previous)
    target = next(a for a in actions if not PositionStatement.objects.filter(action=a, period=open_period))

    f.make_statement(target, open_period, Rag.RED)
    with CaptureQueriesContext(connection) as queries:
        patched = states_of(plan, open_period, previous)

    assert patched[target.pk].rag == Rag.RED and patched[target.pk].updated_in_period
    # The plan, the changed statements' history, and the one action's state: not every action's.
    assert len(queries) == 3
    assert patched == uncached(plan, open_period, previous, memory_cache)


def test_a_deleted_statement_and_a_confirmation_are_followed_too(big, memory_cache, alice):
    plan, actions, open_period, previous = big
    statements = list(PositionStatement.objects.filter(period=open_period).order_by("pk")[:2])
    states_of(plan, open_period, previous)

    statements[0].delete()
    statements[1].confirmed_at = None
    statements[1].save()
    states_of(plan, open_period, previous)
    services.rating_confirm(user=alice, statement=PositionStatement.objects.get(pk=statements[1].pk))

    assert states_of(plan, open_period, previous) == uncached(plan, open_period, previous, memory_cache)


def test_a_change_to_an_earlier_period_recounts_everything(big, memory_cache):
    plan, actions, open_period, previous = big
    states_of(plan, open_period, previous)
    statement = PositionStatement.objects.filter(period=previous).first()

    statement.rag = Rag.BLUE
    statement.save()  # the previous period is published: the settled revision moves on

    assert states_of(plan, open_period, previous)[statement.action_id].previous_rag == Rag.BLUE
    assert states_of(plan, open_period, previous) == uncached(plan, open_period, previous, memory_cache)


def test_many_saves_in_a_row_stay_exact(big, memory_cache):
    plan, actions, open_period, previous = big
    for i, action in enumerate(actions[:12]):
        states_of(plan, open_period, previous)
        PositionStatement.objects.update_or_create(
            action=action, period=open_period, defaults={"rag": (Rag.RED, Rag.GREEN)[i % 2], "narrative": "x"}
        )
    patched = states_of(plan, open_period, previous)

    assert patched == uncached(plan, open_period, previous, memory_cache)


def test_the_plan_pages_counts_follow_each_save_exactly(big, memory_cache):
    from actions.cycle.selectors import plan_detail

    plan, actions, open_period, previous = big
    plan_detail(fresh(plan))
    for i, action in enumerate(actions[:5]):
        PositionStatement.objects.update_or_create(
            action=action,
            period=open_period,
            defaults={"rag": Rag.BLUE if i % 2 else Rag.RED, "narrative": "x"},
        )
        kept = plan_detail(fresh(plan))
        memory_cache.clear()
        assert kept == plan_detail(fresh(plan))


def test_the_action_lists_latest_rating_filters_follow_each_save(big, memory_cache, client, alice):
    """With a plan and no period, RAG and overdue select from the plan's kept rows."""
    from django.urls import reverse

    plan, actions, open_period, previous = big
    client.force_login(alice)
    url = reverse("actions:action-list")

    def reds():
        response = client.get(url, {"plan": plan.pk, "rag": "red"})
        return set(response.context["page_obj"].paginator.object_list)  # the matching ids, every page

    before = reds()
    target = next(a for a in actions if a.pk not in before)
    PositionStatement.objects.update_or_create(
        action=target, period=open_period, defaults={"rag": Rag.RED, "narrative": "Now red"}
    )

    assert reds() == before | {target.pk}
    memory_cache.clear()
    assert reds() == before | {target.pk}


def test_period_progress_follows_each_save_and_each_change_of_lead(big, memory_cache):
    from actions.cycle.selectors import period_progress

    plan, actions, open_period, previous = big

    def progress():
        period = type(open_period).objects.select_related("plan").get(pk=open_period.pk)
        page = period_progress(period)
        return page.with_statement, [(r.person.pk, r.done_count, r.missing_count) for r in page.by_person]

    before = progress()
    missing = next(a for a in actions if not PositionStatement.objects.filter(action=a, period=open_period))
    f.make_statement(missing, open_period, Rag.GREEN)
    after_save = progress()
    assert after_save[0] == before[0] + 1
    someone = f.make_person()
    missing_again = next(
        a for a in actions if not PositionStatement.objects.filter(action=a, period=open_period)
    )
    missing_again.lead_people.set([someone])
    after_lead = progress()

    memory_cache.clear()
    assert after_lead == progress()
    assert someone.pk in [pk for pk, _, _ in after_lead[1]]


def test_period_progress_reads_each_leads_address_afresh(big, memory_cache, alice):
    """A sign-in's address changes no plan revision, so the cached page must not keep it."""
    from django.contrib.auth import get_user_model

    from actions.cycle.selectors import period_progress

    plan, actions, open_period, previous = big
    lead = actions[0].lead_people.get()
    lead.email = ""
    lead.user = get_user_model().objects.create(username="lead-sign-in", email="lead@example.org")
    lead.save()
    period = type(open_period).objects.select_related("plan").get(pk=open_period.pk)

    def address():
        fresh_period = type(open_period).objects.select_related("plan").get(pk=period.pk)
        return next(r for r in period_progress(fresh_period).by_person if r.person.pk == lead.pk).email

    assert address() == "lead@example.org"
    get_user_model().objects.filter(pk=lead.user_id).update(is_active=False, email="gone@example.org")
    assert address() == ""


def test_an_older_base_left_by_a_racing_worker_is_caught_up_not_served(big, memory_cache):
    """Two workers bringing the rows up to date at once: the one that took them earlier may store
    its base last. The revision's mark then says the base is older than it should be, so the next
    read catches it up again rather than serving a state from before the save."""
    plan, actions, open_period, previous = big
    states_of(plan, open_period, previous)
    base_key = next(k for k in memory_cache._cache if ":settled:" in k and "period-states" in k)
    older = memory_cache.get(base_key.split(":", 2)[2])
    assert older is not None
    target = next(a for a in actions if not PositionStatement.objects.filter(action=a, period=open_period))
    f.make_statement(target, open_period, Rag.RED)
    assert states_of(plan, open_period, previous)[target.pk].rag == Rag.RED

    memory_cache.set(base_key.split(":", 2)[2], older)  # the slower worker's base lands last
    again = states_of(plan, open_period, previous)

    assert again[target.pk].rag == Rag.RED
    assert again == uncached(plan, open_period, previous, memory_cache)


def test_period_progress_partners_table_is_cached_yet_follows_saves_and_renames(
    big, memory_cache, client, alice
):
    """The partners' table is rendered once per tallies as shown (`PeriodProgress.partners_key`): a
    statement saved changes its counts, and a partner renamed (no revision) shows at once."""
    import re

    from django.urls import reverse

    from tests.helpers import text_of

    plan, actions, open_period, previous = big
    partner = actions[0].lead_partners.get()
    client.force_login(alice)
    url = reverse("actions:period-progress", args=[open_period.pk])

    def partner_row() -> str:
        text = text_of(client.get(url))
        return re.search(rf"{re.escape(partner.name)} (\d+) (\d+)", text).group(0)

    before = partner_row()
    assert any(
        key.endswith("progress-partners-1") or "progress-partners-1" in key for key in memory_cache._cache
    )
    missing = next(a for a in actions if not PositionStatement.objects.filter(action=a, period=open_period))
    f.make_statement(missing, open_period, Rag.GREEN)
    done, left = map(int, before.rsplit(" ", 2)[1:])
    assert partner_row() == f"{partner.name} {done + 1} {left - 1}"

    partner.name = "Renamed Borough Council"
    partner.save()
    assert partner_row().startswith("Renamed Borough Council ")
    assert partner_row() == f"Renamed Borough Council {done + 1} {left - 1}"


def test_period_progress_people_table_is_cached_with_each_readers_own_reminder_forms(
    big, memory_cache, alice
):
    """The lead people's table, reminder forms and all, is rendered once per `people_key`: a save
    moves its counts, a rename and a reminder sent show at once, and each reader's forms carry their
    own CSRF token (the client checks it, as a browser's request is checked)."""
    import re

    from django.core import mail
    from django.test import Client
    from django.urls import reverse

    from tests.helpers import text_of, without_request_tokens

    plan, actions, open_period, previous = big
    lead = actions[0].lead_people.get()
    lead.email, lead.receives_reminders = "lead@example.org", True
    lead.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse("actions:period-progress", args=[open_period.pk])

    def lead_row(response) -> str:
        return re.search(rf"{re.escape(lead.name)}.*?(\d+) of (\d+)", text_of(response)).group(0)

    first = client.get(url)
    assert any("progress-people-1" in key for key in memory_cache._cache)
    cached = client.get(url).content.decode()
    assert without_request_tokens(cached) == without_request_tokens(first.content.decode())
    assert "sendplan-csrf-token-stand-in" not in first.content.decode()
    missing = next(
        a
        for a in actions
        if a.lead_people.filter(pk=lead.pk) and not a.position_statements.filter(period=open_period)
    )
    before = lead_row(first)
    f.make_statement(missing, open_period, Rag.GREEN)
    done, total = map(int, re.findall(r"\d+", before)[-2:])
    assert lead_row(client.get(url)).endswith(f"{done + 1} of {total}")

    lead.name = "Renamed Lead Person"
    lead.save()
    page = client.get(url)
    assert "Renamed Lead Person" in text_of(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    remind = reverse("actions:period-remind", args=[open_period.pk, lead.pk])
    assert client.post(remind, {"csrfmiddlewaretoken": token, "page": "1"}).status_code == 302
    assert len(mail.outbox) == 1
    html = client.get(url).content.decode()
    row = re.search(rf'<tr class="govuk-table__row" id="lead-{lead.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "Sent by a plan administrator" in row and "None sent" not in row
