"""The impact measures' pages: the plan's measures, a measure's page, entering a figure and confirming
its rating, for every role, with bad input, and at a fixed cost in queries whatever the number of
measures.

The measure (conftest.py) is Olivia's, a percentage with baseline 40% (1 Sep 2025), milestone 60%
(1 Sep 2026), target 80% (1 Sep 2027), tolerance 5. On 31 July 2026 the trajectory expects 58.25%
(40 + 20 × 333/365), so 55% is Amber (3.25 short) and 52% Red; on 31 March 2026 it expects 51.56%.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.cycle.models import Rag
from actions.measures.models import Benchmark, BenchmarkValue, MeasureValue, Unit
from tests import factories as f

from .conftest import EHCP_POINTS, make_measure

MEMBERS = ["alice", "olivia", "oscar", "bea", "fern"]
WHERE = "New EHC plans issued within 20 weeks, Summer term 2026"  # the measure and period a message names


def _value(measure, period, value, refers_to, rag=Rag.GREEN, **extra):
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=Decimal(value),
        refers_to=refers_to,
        rag=rag,
        proposed_rag=rag,
        **extra,
    )


def _text(response) -> str:
    """The page's words, tags removed and spaces collapsed, to assert on what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _list_url(plan, period=None) -> str:
    url = reverse("actions:measure-list", args=[plan.pk])
    return f"{url}?period={period.pk}" if period else url


def _figure_url(measure, period) -> str:
    return reverse("actions:measure-figure", args=[measure.pk, period.pk])


def _confirm_url(value) -> str:
    return reverse("actions:measure-confirm", args=[value.pk])


def _figure_post(**overrides) -> dict:
    return {
        "value": "55",
        "refers_to": "2026-07-31",
        "source": "Case management system",
        "commentary": "Two more case officers started in May.",
        "rag": "",
        **overrides,
    }


@pytest.fixture
def figures(measure, spring, published_period):
    """Autumn 42% (confirmed Green), Spring 45% (Red, confirmed)."""
    _value(
        measure,
        published_period,
        "42",
        datetime.date(2025, 12, 31),
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    _value(
        measure,
        spring,
        "45",
        datetime.date(2026, 3, 31),
        rag=Rag.RED,
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    return measure


# --- The plan's measures --------------------------------------------------------------------------


@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_the_plan_s_measures(client, request, plan, figures, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_list_url(plan))

    assert response.status_code == 200
    assert "New EHC plans issued within 20 weeks" in _text(response)


def test_a_sign_in_without_a_role_is_refused_the_measure_list(client, nora, plan, figures):
    client.force_login(nora)

    assert client.get(_list_url(plan)).status_code == 403


def test_the_measure_list_sends_anonymous_visitors_to_sign_in(client, plan, figures):
    response = client.get(_list_url(plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_measure_list_shows_figure_expected_rating_and_trend_in_words(client, bea, plan, figures, summer):
    _value(figures, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER)  # proposed, not confirmed
    client.force_login(bea)

    text = _text(client.get(_list_url(plan)))

    assert "As at Summer term 2026 (31 July 2026)" in text
    assert (
        "New EHC plans issued within 20 weeks Olivia Officer 55% at 31 Jul 2026 58.2% Amber Unconfirmed"
        in text
    )
    assert "↑ Up, better" in text  # 45% to 55%, higher is better
    assert "Priority 1: Inclusive education" in text  # grouped under the priority it evidences


def test_measure_list_as_at_an_earlier_period(client, bea, plan, figures, spring):
    client.force_login(bea)

    text = _text(client.get(_list_url(plan, spring)))

    assert "As at Spring term 2026 (31 March 2026)" in text
    assert "45% at 31 Mar 2026 51.6% Red" in text
    assert "Red Unconfirmed" not in text


def test_measure_list_says_when_a_period_has_no_figure_and_gives_the_latest(client, bea, plan, figures):
    client.force_login(bea)

    text = _text(client.get(_list_url(plan)))

    assert "No figure yet Latest: 45% (Spring term 2026) 58.2% No figure" in text


def test_measure_list_refuses_another_plan_s_period_and_nonsense(client, bea, plan, figures):
    other = f.make_period(f.make_plan(title="Otherland SEND plan"), name="Elsewhere")
    client.force_login(bea)

    assert client.get(_list_url(plan, other)).status_code == 404
    assert client.get(_list_url(plan) + "?period=spring").status_code == 404


def test_an_administrator_is_told_where_to_add_measures(client, alice, plan, periods):
    client.force_login(alice)

    response = client.get(_list_url(plan))

    assert "No impact measures have been set up for this plan yet." in _text(response)
    assert reverse("actions:measure-create", args=[plan.pk]) in response.content.decode()


def test_everyone_else_is_told_no_measures_are_set_up(client, olivia, plan, periods):
    client.force_login(olivia)

    response = client.get(_list_url(plan))

    assert "No impact measures have been set up for this plan yet." in _text(response)
    assert "A plan administrator sets them up." in _text(response)
    assert reverse("admin:actions_measure_add") not in response.content.decode()


def test_a_plan_without_periods_lists_its_measures_without_figures(client, bea, olivia_person):
    plan = f.make_plan(title="Newshire SEND plan")
    make_measure(plan, name="Persistent absence of pupils with SEND", lead=olivia_person)
    client.force_login(bea)

    text = _text(client.get(_list_url(plan)))

    assert "no reporting periods yet" in text
    assert "Persistent absence of pupils with SEND" in text


# --- A measure's page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_a_measure_s_page(client, request, figures, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(figures.get_absolute_url())

    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_a_sign_in_without_a_role_is_refused_a_measure_s_page(client, nora, figures):
    client.force_login(nora)

    assert client.get(figures.get_absolute_url()).status_code == 403


def test_a_missing_measure_is_not_found(client, bea, figures):
    client.force_login(bea)

    assert client.get(reverse("actions:measure-detail", args=[figures.pk + 100])).status_code == 404


def test_measure_page_shows_what_the_measure_is_and_its_figures_as_a_table(client, bea, figures, spring):
    MeasureValue.objects.filter(period=spring).update(
        numerator=Decimal(45), denominator=Decimal(100), source="SEN2 return 2026", commentary="Slow start."
    )
    figures.lead_partner = f.make_partner(name="Exampleshire Council")
    figures.definition = "Plans issued within 20 weeks of the request, as a share of all plans issued."
    figures.save()
    client.force_login(bea)

    response = client.get(figures.get_absolute_url())
    text = _text(response)

    assert "Plans issued within 20 weeks of the request" in text
    for words in [
        "Unit Percentage (%)",
        "Which way is better Higher is better",
        "How often it is reported Termly",
        "Source Entered by hand",
        "Tolerance 5 percentage points",
        "Lead Olivia Officer",
        "Lead partner Exampleshire Council",
    ]:
        assert words in text
    assert "Spring term 2026 31 Mar 2026 45% 45 of 100 51.6% Red SEN2 return 2026 Slow start." in text
    assert "Autumn term 2025 31 Dec 2025 42%" in text
    assert "Summer term 2026 As at 31 Jul 2026 No figure 58.2% No figure" in text
    assert "Baseline 1 Sep 2025 40% Milestone 1 Sep 2026 60% Target 1 Sep 2027 80%" in text
    assert 'id="measure-chart-' in response.content.decode()


def test_measure_page_shows_comparators_what_it_evidences_and_linked_actions(
    client, bea, figures, action, other_action, summer
):
    benchmark = Benchmark.objects.create(measure=figures, name="England")
    BenchmarkValue.objects.create(
        benchmark=benchmark, date=datetime.date(2025, 12, 31), value=Decimal("49.2")
    )
    f.make_statement(action, summer, Rag.GREEN, confirmed_at=None)
    client.force_login(bea)

    text = _text(client.get(figures.get_absolute_url()))

    assert "England 31 Dec 2025 49.2%" in text
    assert "Priority 1: Inclusive education" in text
    assert "1.1.a : action 1.1.a Run SENCO network meetings Olivia Officer Green Unconfirmed" in text
    assert "1.1.b : action 1.1.b Publish the Local Offer review Not set No update" in text


def test_measure_page_buttons_follow_who_may_do_what(client, request, figures, summer):
    enter = "Enter the figure for Summer term 2026"
    load = "Load figures from published statistics"
    change = "Change this measure"
    seen = {}
    for role in MEMBERS:
        client.force_login(request.getfixturevalue(role))
        text = _text(client.get(figures.get_absolute_url()))
        seen[role] = (enter in text, load in text, change in text)

    assert seen == {
        "alice": (True, True, True),
        "olivia": (True, False, False),
        "oscar": (False, False, False),
        "bea": (False, False, False),
        "fern": (False, False, False),
    }


def test_an_administrator_may_revise_a_closed_period_s_figure_from_its_page(
    client, alice, olivia, figures, spring
):
    client.force_login(alice)
    assert "Revise the figure for Spring term 2026" in _text(
        client.get(f"{figures.get_absolute_url()}?period={spring.pk}")
    )

    client.force_login(olivia)  # the lead only while the period is open
    assert "Revise the figure for Spring term 2026" not in _text(
        client.get(f"{figures.get_absolute_url()}?period={spring.pk}")
    )


# --- Entering a figure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("alice", 200), ("olivia", 200), ("oscar", 403), ("bea", 403), ("fern", 403), ("nora", 403)],
)
def test_only_the_lead_and_administrators_enter_a_figure(client, request, measure, summer, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_figure_url(measure, summer))

    assert response.status_code == status
    if role in ("oscar", "bea", "fern"):
        assert (
            "Only plan administrators and the measure&#x27;s lead person enter its figures."
            in response.content.decode()
        )


def test_the_figure_form_sends_anonymous_visitors_to_sign_in(client, measure, summer):
    response = client.get(_figure_url(measure, summer))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_lead_cannot_enter_a_figure_for_a_closed_period(client, olivia, measure, spring):
    client.force_login(olivia)

    response = client.post(_figure_url(measure, spring), _figure_post(refers_to="2026-03-31"))

    assert response.status_code == 403
    assert "The Spring term 2026 reporting period is closed for updates." in _text(response)
    assert not MeasureValue.objects.exists()


def test_nobody_enters_a_figure_for_a_published_period(client, alice, measure, published_period):
    client.force_login(alice)

    response = client.get(_figure_url(measure, published_period))

    assert response.status_code == 403
    assert "has been published" in _text(response)


def test_another_plan_s_period_is_not_found_on_the_figure_form(client, alice, measure):
    other = f.make_period(f.make_plan(title="Otherland SEND plan"), name="Elsewhere")
    client.force_login(alice)

    assert client.get(_figure_url(measure, other)).status_code == 404


def test_the_figure_form_offers_the_period_s_date_and_what_the_trajectory_gives(
    client, olivia, measure, summer
):
    client.force_login(olivia)

    response = client.get(_figure_url(measure, summer))
    text = _text(response)

    assert 'value="2026-07-31"' in response.content.decode()
    assert "Use the rating the trajectory gives" in text
    assert (
        "The trajectory expects 58.2% on 31 July 2026: Green at that or higher, Amber up to 5 percentage "
        "points lower, Red beyond." in text
    )
    assert "Numerator" in text and "worked out" in text  # a percentage can be given as a fraction


def test_a_number_measure_has_no_numerator_or_denominator(client, alice, plan, summer):
    measure = make_measure(plan, name="Permanent exclusions of pupils with SEND", unit=Unit.NUMBER)
    client.force_login(alice)

    response = client.get(_figure_url(measure, summer))

    assert 'name="numerator"' not in response.content.decode()


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"value": "about half"}, "value", "Enter the figure as a number, for example 42.5"),
        ({"value": "104"}, "value", "A percentage must be between 0 and 100, not 104"),
        (
            {"value": "", "numerator": "120", "denominator": "100"},
            "numerator",
            "The numerator (120) cannot be more than the denominator (100) for a percentage",
        ),
        ({"value": "", "numerator": "12"}, "denominator", "Enter the denominator too, or neither"),
        (
            {"refers_to": "2026-03-31"},
            "refers_to",
            "The date must be after 31 March 2026, the end of the previous reporting period, and no later "
            "than 31 July 2026",
        ),
        ({"refers_to": "2026-08-01"}, "refers_to", "The date must be on or before 31 July 2026"),
        ({"refers_to": "31/07/2026x"}, "refers_to", "Enter the date the figure refers to as a real date"),
        ({"value": ""}, "value", "Enter the figure"),
    ],
    ids=[
        "not-a-number",
        "over-100",
        "numerator-over-denominator",
        "no-denominator",
        "before-period",
        "after-period",
        "bad-date",
        "no-figure",
    ],
)
def test_bad_figures_are_refused_on_their_field_and_nothing_is_saved(
    client, olivia, measure, summer, post, field, message
):
    client.force_login(olivia)

    response = client.post(_figure_url(measure, summer), _figure_post(**post))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert not MeasureValue.objects.exists()


def test_a_percentage_is_worked_out_from_its_numerator_and_denominator(client, olivia, measure, summer):
    client.force_login(olivia)

    response = client.post(
        _figure_url(measure, summer), _figure_post(value="", numerator="104", denominator="200"), follow=True
    )

    saved = MeasureValue.objects.get()
    assert (saved.value, saved.numerator, saved.denominator) == (Decimal(52), Decimal(104), Decimal(200))
    assert f"Figure recorded for {WHERE}: 52% (Red, awaiting confirmation)." in _text(response)


def test_the_lead_may_propose_another_rating_than_the_trajectory_gives(client, olivia, measure, summer):
    client.force_login(olivia)

    client.post(_figure_url(measure, summer), _figure_post(rag=Rag.GREEN))

    saved = MeasureValue.objects.get()
    assert (saved.rag, saved.proposed_rag, saved.is_confirmed) == (Rag.GREEN, Rag.GREEN, False)


def test_revising_a_figure_shows_it_and_needs_confirming_again(client, olivia, alice, measure, summer):
    _value(
        measure,
        summer,
        "55",
        datetime.date(2026, 7, 31),
        rag=Rag.AMBER,
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    client.force_login(olivia)
    response = client.get(_figure_url(measure, summer))
    assert 'value="55"' in response.content.decode()
    assert "Revise the figure for Summer term 2026" in _text(response)

    response = client.post(_figure_url(measure, summer), _figure_post(value="59"), follow=True)

    saved = MeasureValue.objects.get()
    assert (saved.value, saved.rag, saved.is_confirmed) == (Decimal(59), Rag.GREEN, False)
    assert f"Figure updated for {WHERE}: 59% (Green, awaiting confirmation)." in _text(response)


# --- The two keys through the pages ---------------------------------------------------------------


def test_officer_enters_a_figure_and_administrator_confirms_it(client, olivia, alice, measure, summer):
    client.force_login(olivia)
    response = client.post(_figure_url(measure, summer), _figure_post())
    assert response.status_code == 302
    assert response.url == f"{measure.get_absolute_url()}?period={summer.pk}"

    page = _text(client.get(response.url))
    assert f"Figure recorded for {WHERE}: 55% (Amber, awaiting confirmation)." in page
    assert "RAG rating: Amber Unconfirmed" in page
    assert "Confirm Amber" not in page  # Olivia leads no priority

    value = MeasureValue.objects.get()
    client.force_login(alice)
    page = _text(client.get(measure.get_absolute_url()))
    assert "Confirm Amber for New EHC plans issued within 20 weeks, Summer term 2026" in page

    response = client.post(_confirm_url(value), follow=True)

    value.refresh_from_db()
    assert (value.rag, value.is_confirmed, value.confirmed_by) == (Rag.AMBER, True, alice)
    assert "Amber confirmed for New EHC plans issued within 20 weeks, Summer term 2026." in _text(response)
    assert "Confirm Amber" not in _text(response)


def test_nobody_confirms_a_rating_on_a_figure_they_entered(client, olivia, measure, summer, action):
    action.objective.priority.lead_people.add(olivia.person)  # a priority lead may confirm others' ratings
    client.force_login(olivia)
    client.post(_figure_url(measure, summer), _figure_post())
    value = MeasureValue.objects.get()

    page = _text(client.get(measure.get_absolute_url()))
    response = client.post(_confirm_url(value))

    assert "You entered this figure, so someone else must confirm its rating" in page
    assert "Confirm Amber" not in page
    assert response.status_code == 403
    assert "You entered this figure, so someone else must confirm its rating." in _text(response)
    value.refresh_from_db()
    assert not value.is_confirmed


@pytest.mark.parametrize("role", ["oscar", "bea", "fern"])
def test_members_who_lead_no_priority_cannot_confirm(client, request, olivia, measure, summer, role):
    value = _value(measure, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER, entered_by=olivia)
    client.force_login(request.getfixturevalue(role))

    assert "Confirm Amber" not in _text(client.get(measure.get_absolute_url()))
    assert client.post(_confirm_url(value)).status_code == 403
    value.refresh_from_db()
    assert not value.is_confirmed


def test_a_priority_lead_confirms_a_figure_of_a_measure_evidencing_their_priority(
    client, oscar, olivia, measure, summer, action
):
    action.objective.priority.lead_people.add(oscar.person)
    value = _value(measure, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER, entered_by=olivia)
    client.force_login(oscar)

    response = client.post(_confirm_url(value))

    assert response.status_code == 302
    value.refresh_from_db()
    assert value.is_confirmed


def test_changing_the_rating_needs_a_reason_then_shows_both(client, alice, olivia, measure, summer):
    value = _value(measure, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER, entered_by=olivia)
    client.force_login(alice)

    response = client.post(_confirm_url(value), {"change": "1", "rag": Rag.RED, "reason": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter why you are changing the rating from Amber to Red" in _text(response)
    assert '<details class="govuk-details" open>' in html
    value.refresh_from_db()
    assert not value.is_confirmed

    response = client.post(_confirm_url(value), {"change": "1", "rag": "", "reason": ""})
    assert "Select the rating to confirm" in _text(response)

    response = client.post(
        _confirm_url(value),
        {"change": "1", "rag": Rag.RED, "reason": "The summer figure leaves out the backlog of reviews."},
        follow=True,
    )

    value.refresh_from_db()
    assert (value.rag, value.proposed_rag, value.is_confirmed) == (Rag.RED, Rag.AMBER, True)
    text = _text(response)
    assert f"Rating for {WHERE} changed from Amber to Red and confirmed." in text
    assert (
        "Proposed: Amber → Confirmed: Red. Reason: The summer figure leaves out the backlog of reviews."
        in text
    )


def test_confirming_is_a_post(client, alice, olivia, measure, summer):
    value = _value(measure, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER, entered_by=olivia)
    client.force_login(alice)

    assert client.get(_confirm_url(value)).status_code == 405


def test_confirming_needs_a_role(client, nora, olivia, measure, summer):
    value = _value(measure, summer, "55", datetime.date(2026, 7, 31), rag=Rag.AMBER, entered_by=olivia)

    assert client.post(_confirm_url(value)).status_code == 302
    client.force_login(nora)
    assert client.post(_confirm_url(value)).status_code == 403


# --- What the pages cost --------------------------------------------------------------------------


def _plan_with_measures(count: int, lead) -> tuple:
    """A plan of `count` measures, each with a trajectory, figures in three periods (one awaiting
    confirmation), a comparator, and links to a priority with its actions."""
    plan = f.make_plan(title=f"Sizeshire SEND plan ({count})")
    periods = [
        f.make_period(plan, name="Autumn term 2025", as_at=datetime.date(2025, 12, 31), state="published"),
        f.make_period(plan, name="Spring term 2026", as_at=datetime.date(2026, 3, 31), state="closed"),
        f.make_period(plan, name="Summer term 2026", as_at=datetime.date(2026, 7, 31), state="open"),
    ]
    priority = f.make_priority(plan, ref="1", title="Inclusive education")
    objective = f.make_objective(priority, ref="1.1", title="Support schools")
    actions = [f.make_action(objective, leads=[lead]) for _ in range(max(2, count // 10))]
    for action in actions:
        f.make_statement(action, periods[2], Rag.GREEN)
    measures = []
    for n in range(count):
        measure = make_measure(plan, name=f"Measure number {n}", lead=lead, points=EHCP_POINTS)
        measure.priorities.add(priority)
        measure.actions.add(actions[n % len(actions)])
        benchmark = Benchmark.objects.create(measure=measure, name="England")
        BenchmarkValue.objects.create(
            benchmark=benchmark, date=datetime.date(2025, 12, 31), value=Decimal(50)
        )
        for period, value in zip(periods, ["42", "45", "55"], strict=True):
            _value(
                measure,
                period,
                value,
                period.as_at,
                rag=Rag.AMBER,
                confirmed_at=None if period == periods[2] else datetime.datetime.now(datetime.UTC),
            )
        measures.append(measure)
    return plan, measures


LIST_BUDGET = 16  # session, user, role; plan; periods; the measures (measure_reports: 11); priorities
DETAIL_BUDGET = 19  # ... the measure; its report; linked actions (3); the figure to confirm


@pytest.mark.parametrize("count", [5, 200])
def test_the_measure_list_costs_the_same_whatever_the_number_of_measures(
    client, alice, olivia_person, django_assert_max_num_queries, count
):
    plan, _measures = _plan_with_measures(count, olivia_person)
    client.force_login(alice)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(_list_url(plan))

    assert response.status_code == 200
    assert _text(response).count("Amber Unconfirmed") == count


@pytest.mark.parametrize("count", [5, 200])
def test_the_measure_page_costs_the_same_whatever_the_number_of_measures(
    client, alice, olivia_person, django_assert_max_num_queries, count
):
    plan, measures = _plan_with_measures(count, olivia_person)
    client.force_login(alice)

    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(measures[0].get_absolute_url())

    assert response.status_code == 200
    assert "Confirm Amber" in _text(response)
    assert _text(response).count("Green") >= len(plan.priorities.get().objectives.get().actions.all())
