"""The measures on the cycle's pages, through its extension points: "Measures due" on the home page
and My actions for the measure's lead only, and the measures an action, objective or priority
evidences (latest figure, expected value, RAG as text and colour) on the action and plan pages.

Expectations are built from the measures' names and figures, and their links from the URL names
(`actions:measure-detail`, `actions:measure-figure`)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.cycle import extensions
from actions.cycle.models import Rag
from actions.measures import sections
from actions.measures.models import MeasureValue, Unit
from tests import factories as f
from tests.helpers import text_of

from .conftest import EHCP_POINTS, make_measure

BEFORE_DEADLINE = datetime.date(2026, 7, 1)  # Summer's figures are due by 10 July 2026
AFTER_DEADLINE = datetime.date(2026, 7, 11)


def _figure(measure, period, value, refers_to, rag=Rag.GREEN):
    return MeasureValue.objects.create(
        measure=measure, period=period, value=Decimal(value), refers_to=refers_to, rag=rag, proposed_rag=rag
    )


@pytest.fixture
def olivias(plan, periods, olivia_person):
    """Two measures Olivia leads and one someone else leads, in the plan whose Summer term is open."""
    return [
        make_measure(
            plan, lead=olivia_person, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks"
        ),
        make_measure(plan, lead=olivia_person, name="Parent carer satisfaction"),
        make_measure(
            plan, lead=f.make_person(name="Lydia Fablegate"), name="Suspensions of pupils with SEND"
        ),
    ]


# --- Measures due ----------------------------------------------------------------------------------


def test_measures_due_lists_the_leads_measures_in_the_open_period_with_the_deadline(olivias, olivia_person):
    (due,) = sections.measures_due(olivia_person, today=BEFORE_DEADLINE)

    assert (due.plan_title, due.period_name) == ("Exampleshire SEND Action Plan", "Summer term 2026")
    assert due.closes_on == datetime.date(2026, 7, 10)
    assert not due.deadline_passed
    assert [m.name for m in due.still_due] == [
        "New EHC plans issued within 20 weeks",
        "Parent carer satisfaction",
    ]
    assert (due.to_do, due.total) == (2, 2)


def test_a_figure_entered_in_the_open_period_counts_as_done(olivias, olivia_person, summer, spring):
    _figure(olivias[0], summer, "55", datetime.date(2026, 7, 1))
    _figure(olivias[1], spring, "70", datetime.date(2026, 3, 1))  # last term's does not count

    (due,) = sections.measures_due(olivia_person, today=BEFORE_DEADLINE)

    assert (due.to_do, due.total) == (1, 2)
    assert [m.name for m in due.still_due] == ["Parent carer satisfaction"]


def test_nothing_is_due_without_an_open_period(olivias, olivia_person, summer):
    summer.state = "closed"
    summer.save()

    assert sections.measures_due(olivia_person) == []


def test_nothing_is_due_to_someone_who_leads_no_measure(olivias, oscar):
    assert sections.measures_due(oscar.person) == []
    assert sections.measures_due(None) == []


def test_measures_due_after_the_deadline_says_so(olivias, olivia_person):
    (due,) = sections.measures_due(olivia_person, today=AFTER_DEADLINE)

    assert due.deadline_passed


def test_the_home_page_shows_the_measure_lead_their_measures_due(client, olivia, olivias):
    """The page is as at today, after Summer 2026's deadline: the banner says it has passed."""
    client.force_login(olivia)

    response = client.get(reverse("home"))
    text = text_of(response)

    assert "Measures due" in text
    assert "Summer term 2026" in text and "10 July 2026" in text
    assert "the deadline has passed and 2 of your 2 measures still need their figures" in text
    assert "Enter the Summer term 2026 figure for New EHC plans issued within 20 weeks" in text
    assert "Enter the Summer term 2026 figure for Parent carer satisfaction" in text
    assert "Suspensions of pupils with SEND" not in text  # Lydia's
    summer = olivias[0].plan.periods.get(state="open")
    figure = reverse("actions:measure-figure", args=[olivias[0].pk, summer.pk])
    assert f'href="{figure}"' in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "oscar", "bea", "fern"])
def test_the_home_page_shows_no_measures_due_to_those_who_lead_none(client, olivias, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Measures due" not in text_of(response)


def test_a_measure_disappears_from_measures_due_once_its_figure_is_entered(client, olivia, olivias, summer):
    client.force_login(olivia)
    _figure(olivias[0], summer, "55", datetime.date(2026, 7, 1))

    text = text_of(client.get(reverse("home")))

    assert "1 of your 2 measures still needs its figure" in text  # the deadline has passed by now
    assert "figure for New EHC plans issued within 20 weeks" not in text
    assert "figure for Parent carer satisfaction" in text

    _figure(olivias[1], summer, "70", datetime.date(2026, 7, 1))
    text = text_of(client.get(reverse("home")))

    assert "All your measures have their figures" in text
    assert "figure for" not in text


def test_my_actions_shows_the_measures_due_beside_the_updates_due(client, olivia, olivias, action):
    client.force_login(olivia)

    text = text_of(client.get(reverse("actions:my-actions")))

    assert "Updates due" in text and "Measures due" in text
    assert text.index("Updates due") < text.index("Measures due")
    assert "figure for Parent carer satisfaction" in text


def test_a_measure_lead_with_no_actions_sees_their_measures_due(client, oscar, plan, periods):
    make_measure(plan, lead=oscar.person, name="Therapy waiting times", unit=Unit.DAYS)
    client.force_login(oscar)

    for url in (reverse("home"), reverse("actions:my-actions")):
        text = text_of(client.get(url))
        assert "Measures due" in text
        assert "figure for Therapy waiting times" in text


def test_nora_without_a_role_is_refused_the_home_page(client, nora, olivias):
    client.force_login(nora)

    assert client.get(reverse("home")).status_code == 403


# --- The measures an action, objective or priority evidences ---------------------------------------


@pytest.fixture
def evidencing(plan, periods, action, olivia_person, alice, spring):
    """Measures that evidence the action, its objective and its priority. The first has a figure of
    52% on 1 March 2026, when its trajectory expected 49.92% (40 + 20 × 181/365): Green."""
    ehcp = make_measure(
        plan, lead=olivia_person, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks"
    )
    _figure(ehcp, spring, "52", datetime.date(2026, 3, 1))
    ehcp.actions.add(action)
    waiting = make_measure(plan, name="Therapy waiting times", unit=Unit.DAYS)
    waiting.objectives.add(action.objective)
    absence = make_measure(plan, name="Persistent absence of pupils with SEND")
    absence.priorities.add(action.objective.priority)
    return ehcp, waiting, absence


def test_the_action_page_shows_the_measures_it_evidences_with_figure_expected_and_rag(
    client, olivia, action, evidencing
):
    client.force_login(olivia)

    response = client.get(action.get_absolute_url())
    text = text_of(response)

    assert "Impact measures this action evidences" in text
    assert "New EHC plans issued within 20 weeks 52% (Spring term 2026) 49.9% Green" in text
    assert 'sp-rag--green">Green</strong>' in response.content.decode()  # colour and text
    detail = reverse("actions:measure-detail", args=[evidencing[0].pk])
    assert f'href="{detail}">New EHC plans issued within 20 weeks</a>' in response.content.decode()
    assert "Therapy waiting times" not in text  # evidences the objective, not this action


def test_an_action_no_measure_evidences_shows_no_measures(client, olivia, other_action, evidencing):
    client.force_login(olivia)

    text = text_of(client.get(other_action.get_absolute_url()))

    assert "Impact measures" not in text


def open_priority_url(action) -> str:
    """The plan page with the action's priority shown: its objectives, actions and measures."""
    priority = action.objective.priority
    return f"{priority.plan.get_absolute_url()}?priority={priority.pk}#priority-{priority.pk}"


def test_the_plan_page_shows_the_measures_each_objective_and_priority_evidences(
    client, bea, plan, action, evidencing
):
    client.force_login(bea)

    collapsed = text_of(client.get(plan.get_absolute_url()))
    text = text_of(client.get(open_priority_url(action)))

    assert "Impact measures this" not in collapsed  # only under a priority that is shown
    assert "Impact measures this priority evidences" in text
    assert "Impact measures this objective evidences" in text
    assert "Persistent absence of pupils with SEND No figure yet" in text
    assert "Therapy waiting times No figure yet" in text
    # Under the priority, before its objective; the objective's after its actions.
    assert text.index("Persistent absence") < text.index("Support schools to be inclusive")
    assert text.index("Run SENCO network meetings") < text.index("Therapy waiting times")
    assert "New EHC plans issued within 20 weeks" not in text  # evidences only the action


def test_the_measure_page_links_what_it_evidences_to_the_plan_page_with_its_priority_shown(
    client, bea, plan, action, evidencing
):
    _ehcp, waiting, absence = evidencing
    priority, objective = action.objective.priority, action.objective
    client.force_login(bea)

    priority_link = f"{plan.get_absolute_url()}?priority={priority.pk}#priority-{priority.pk}"
    objective_link = f"{plan.get_absolute_url()}?priority={priority.pk}#objective-{objective.pk}"
    assert f'href="{priority_link}"' in client.get(absence.get_absolute_url()).content.decode()
    assert f'href="{objective_link}"' in client.get(waiting.get_absolute_url()).content.decode()
    # Each lands on its heading or block on the plan page.
    shown = client.get(priority_link).content.decode()
    assert f'id="priority-{priority.pk}"' in shown
    assert f'id="objective-{objective.pk}"' in shown


def test_a_measure_with_a_figure_shows_it_on_the_plan_page(client, bea, plan, action, evidencing):
    evidencing[0].objectives.add(action.objective)
    client.force_login(bea)

    response = client.get(open_priority_url(action))

    assert "New EHC plans issued within 20 weeks 52% (Spring term 2026) 49.9% Green" in text_of(response)


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("olivia", 200), ("oscar", 200), ("bea", 200), ("fern", 200), ("nora", 403)],
)
def test_every_role_that_sees_the_pages_sees_the_measures(
    client, request, plan, action, evidencing, who, status
):
    client.force_login(request.getfixturevalue(who))

    pages = {
        open_priority_url(action): "Persistent absence of pupils with SEND",  # evidences the priority
        action.get_absolute_url(): "New EHC plans issued within 20 weeks",  # evidences the action
    }
    for url, measure_name in pages.items():
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert measure_name in text_of(response)


def test_the_red_and_amber_ratings_show_as_text(plan, periods, action, spring):
    red = make_measure(plan, points=EHCP_POINTS, name="Requests for assessment")
    _figure(red, spring, "30", datetime.date(2026, 3, 1), rag=Rag.RED)
    red.actions.add(action)

    (row,) = sections.measures_for_action(action)

    assert (row.actual, row.expected, row.rag) == ("30%", "49.9%", Rag.RED)


def test_the_latest_figure_is_the_latest_periods(plan, periods, action, spring, summer):
    measure = make_measure(plan, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks")
    _figure(measure, summer, "61", datetime.date(2026, 7, 1))
    _figure(measure, spring, "52", datetime.date(2026, 3, 1))
    measure.actions.add(action)

    (row,) = sections.measures_for_action(action)

    assert (row.actual, row.period_name) == ("61%", "Summer term 2026")


# --- The extension point and query budgets ---------------------------------------------------------


def test_the_measures_providers_are_registered_with_the_cycle():
    """apps.py registers them: the cycle knows nothing of measures but shows what they add."""
    assert sections.measures_due_section in extensions._section_providers["home"]
    assert sections.measures_due_section in extensions._section_providers["my-actions"]
    assert sections.action_section in extensions._section_providers["action"]
    assert sections.plan_section in extensions._section_providers["plan"]
    assert sections.REMINDERS in extensions.reminder_providers()


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError, match="No page called 'dashboard'"):
        extensions.register_section("dashboard", sections.plan_section)


def _many(plan, action, lead, summer, n):
    for i in range(n):
        measure = make_measure(plan, lead=lead, points=EHCP_POINTS, name=f"Measure {i}")
        measure.actions.add(action)
        measure.objectives.add(action.objective)
        measure.priorities.add(action.objective.priority)
        if i % 2:
            _figure(measure, summer, "50", datetime.date(2026, 7, 1))


@pytest.mark.parametrize("n", [2, 30])
def test_the_sections_cost_the_same_queries_whatever_the_number_of_measures(
    plan, periods, action, olivia_person, summer, django_assert_num_queries, n
):
    _many(plan, action, olivia_person, summer, n)

    with django_assert_num_queries(3):
        (due,) = sections.measures_due(olivia_person)
    with django_assert_num_queries(2):
        rows = sections.measures_for_action(action)
    with django_assert_num_queries(4):
        evidence = sections.measures_for_plan_items(plan)

    assert (due.total, due.to_do) == (n, n - n // 2)
    assert len(rows) == len(evidence.objective[action.objective_id]) == n
