"""How often a measure is reported decides when its figure is due: every reporting period, except a
measure reported annually, whose figure serves every period of the year after the date it describes."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from actions.cycle import reminders
from actions.cycle.models import Rag
from actions.measures import sections
from actions.measures.models import Frequency, MeasureValue, figure_wanted

from .conftest import make_measure

AS_AT = datetime.date(2026, 7, 31)


@pytest.mark.parametrize(
    ("frequency", "dates", "wanted"),
    [
        ("termly", [datetime.date(2026, 3, 31)], True),
        ("quarterly", [datetime.date(2026, 6, 30)], True),
        ("monthly", [datetime.date(2026, 7, 1)], True),
        ("annually", [], True),
        ("annually", [datetime.date(2025, 8, 31)], False),  # 11 months before: still serves
        ("annually", [datetime.date(2025, 7, 31)], True),  # a year before: needs a new figure
        ("annually", [datetime.date(2026, 12, 31)], True),  # a later period's figure does not serve
    ],
)
def test_a_figure_is_wanted_every_period_unless_an_annual_one_still_serves(frequency, dates, wanted):
    assert figure_wanted(frequency, AS_AT, dates) is wanted


def _figure(measure, period, refers_to):
    return MeasureValue.objects.create(
        measure=measure, period=period, value=Decimal(40), refers_to=refers_to, rag=Rag.GREEN
    )


@pytest.fixture
def annual(plan, periods, olivia, olivia_person):
    """An annual measure Olivia leads whose Spring figure (for 31 March 2026) serves Summer too, and a
    termly one with the same Spring figure, which does not."""
    olivia.email = "olivia@example.org"
    olivia.save()
    spring = periods[1]
    yearly = make_measure(
        plan, lead=olivia_person, name="Parent carer survey: satisfied", frequency=Frequency.ANNUALLY
    )
    termly = make_measure(plan, lead=olivia_person, name="New EHC plans issued within 20 weeks")
    for measure in (yearly, termly):
        _figure(measure, spring, datetime.date(2026, 3, 31))
    return yearly, termly


def test_measures_due_leaves_out_an_annual_measure_whose_figure_still_serves(annual, olivia_person):
    (due,) = sections.measures_due(olivia_person, today=datetime.date(2026, 7, 1))

    assert [m.name for m in due.measures] == ["New EHC plans issued within 20 weeks"]


def test_reminders_leave_out_an_annual_measure_whose_figure_still_serves(annual, summer):
    reminders.reminders_send(datetime.date(2026, 7, 3))

    items = [
        item.label
        for email in reminders.reminders_due(datetime.date(2026, 7, 3))
        for s in email.sections
        for group in s.extras
        for item in group.items
    ]
    (message,) = mail.outbox
    assert "New EHC plans issued within 20 weeks" in message.body
    assert "Parent carer survey" not in message.body
    assert items == []  # sent once, never again


def test_an_annual_measure_is_due_again_a_year_on(plan, periods, olivia_person):
    yearly = make_measure(plan, lead=olivia_person, name="Parent carer survey", frequency=Frequency.ANNUALLY)
    _figure(yearly, periods[0], datetime.date(2025, 7, 1))  # over a year before Summer's as-at date

    (due,) = sections.measures_due(olivia_person, today=datetime.date(2026, 7, 1))

    assert [m.name for m in due.measures] == ["Parent carer survey"]
