"""The period lifecycle: opening, closing ("No update" for what is missing), publishing (also through a
pack, which locks the statements) and reopening with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.cycle import access, services
from actions.cycle.models import NO_UPDATE, PositionStatement, Rag, ReportingPeriod
from tests import factories as f

TODAY = datetime.date(2026, 6, 1)


def open_fields(**overrides):
    return {
        "name": "Autumn term 2026",
        "as_at": datetime.date(2026, 12, 31),
        "closes_on": datetime.date(2026, 12, 10),
        "today": TODAY,
        **overrides,
    }


# --- Opening ---------------------------------------------------------------------------------------


def test_a_plan_administrator_opens_a_period_that_opens_today(alice, plan):
    period = services.period_open(user=alice, plan=plan, **open_fields())

    assert period.is_open
    assert (period.name, period.as_at, period.opens_on, period.closes_on) == (
        "Autumn term 2026",
        datetime.date(2026, 12, 31),
        TODAY,
        datetime.date(2026, 12, 10),
    )
    assert period.history.get().history_user == alice


def test_opening_trims_the_name(alice, plan):
    assert services.period_open(user=alice, plan=plan, **open_fields(name="  Autumn  ")).name == "Autumn"


@pytest.mark.parametrize("who", ["olivia", "bea", "nora"])
def test_only_plan_administrators_open_periods(request, plan, who):
    with pytest.raises(PermissionDenied):
        services.period_open(user=request.getfixturevalue(who), plan=plan, **open_fields())

    assert not plan.periods.exists()


def test_opening_a_second_open_period_is_refused_naming_the_open_one(alice, plan, summer):
    with pytest.raises(ValidationError) as refused:
        services.period_open(user=alice, plan=plan, **open_fields())

    assert "Summer term 2026 is still open" in " ".join(refused.value.messages)
    assert not hasattr(refused.value, "error_dict")  # about the plan, not a field
    assert plan.periods.count() == 3


def test_another_plans_open_period_does_not_stop_opening_one(alice, plan, summer):
    other = f.make_plan()

    assert services.period_open(user=alice, plan=other, **open_fields()).is_open


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Enter a name for the reporting period"),
        ({"name": "spring TERM 2026"}, "name", "already has a reporting period called"),
        ({"as_at": None}, "as_at", "Enter the date the position statements describe"),
        ({"as_at": datetime.date(2026, 3, 31)}, "as_at", "Spring term 2026 is already as at 31 March 2026"),
        ({"closes_on": None}, "closes_on", "Enter the date updates are due by"),
        ({"closes_on": TODAY - datetime.timedelta(days=1)}, "closes_on", "must be today or in the future"),
    ],
)
def test_opening_with_bad_fields_is_refused_per_field(alice, plan, periods, overrides, field, message):
    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")
    before = plan.periods.count()

    with pytest.raises(ValidationError) as refused:
        services.period_open(user=alice, plan=plan, **open_fields(**overrides))

    assert message in " ".join(refused.value.message_dict[field])
    assert plan.periods.count() == before


def test_a_deadline_of_today_is_accepted(alice, plan):
    assert services.period_open(user=alice, plan=plan, **open_fields(closes_on=TODAY)).closes_on == TODAY


# --- Closing -----------------------------------------------------------------------------------------


@pytest.fixture
def cycle(plan, summer, action, other_action, olivia_person):
    """In Summer: `action` has a statement, `other_action` has none (so gets "No update"); an archived
    action and one added after the as-at date have none either, and are not counted."""
    stated = f.make_statement(action, summer, Rag.GREEN, narrative="On track.")
    archived = f.make_action(action.objective, ref="1.1.c", is_archived=True, leads=[olivia_person])
    late = f.make_action(action.objective, ref="1.1.d", created_at=f.aware(datetime.date(2026, 8, 15)))
    return {"stated": stated, "missing": other_action, "archived": archived, "late": late}


def test_closing_writes_no_update_exactly_for_live_actions_in_the_plan_by_the_as_at_date(
    alice, summer, cycle
):
    written = services.period_close(user=alice, period=summer)

    assert written == 1
    no_update = PositionStatement.objects.get(period=summer, rag=NO_UPDATE)
    assert no_update.action == cycle["missing"]
    assert no_update.author is None
    assert no_update.is_confirmed and no_update.is_no_update
    assert no_update.narrative == "No position statement was given by the deadline, 10 July 2026."
    assert set(PositionStatement.objects.filter(period=summer).values_list("action__ref", "rag")) == {
        ("1.1.a", Rag.GREEN),
        ("1.1.b", NO_UPDATE),
    }
    summer.refresh_from_db()
    assert summer.state == ReportingPeriod.State.CLOSED


def test_closing_keeps_history_of_the_no_updates_and_of_the_period(alice, summer, cycle):
    services.period_close(user=alice, period=summer)

    record = PositionStatement.history.get(rag=NO_UPDATE)
    assert record.history_type == "+"
    assert record.history_user == alice
    assert "No update" in record.history_change_reason
    latest = summer.history.latest()
    assert (latest.state, latest.history_user) == ("closed", alice)


def test_closing_bumps_the_plans_revision_so_dashboards_are_not_stale(alice, plan, summer, cycle):
    plan.refresh_from_db()
    before = plan.revision

    services.period_close(user=alice, period=summer)

    plan.refresh_from_db()
    assert plan.revision > before


def test_closing_a_period_without_a_deadline_says_when_it_closed(alice, summer, cycle):
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=None)

    services.period_close(user=alice, period=summer)

    narrative = PositionStatement.objects.get(rag=NO_UPDATE).narrative
    assert narrative.startswith("No position statement was given before the period closed on ")


def test_closing_a_closed_period_is_refused(alice, spring, cycle):
    with pytest.raises(ValidationError):
        services.period_close(user=alice, period=spring)

    assert not PositionStatement.objects.filter(period=spring).exists()


def test_officers_cannot_close_a_period(olivia, summer, cycle):
    with pytest.raises(PermissionDenied):
        services.period_close(user=olivia, period=summer)

    summer.refresh_from_db()
    assert summer.is_open
    assert not PositionStatement.objects.filter(rag=NO_UPDATE).exists()


def test_closing_a_large_plan_writes_its_no_updates_in_a_few_queries(alice, django_assert_max_num_queries):
    plan, actions = f.make_large_plan(300, periods=2)
    open_period = plan.periods.get(state="open")
    missing = len(actions) - PositionStatement.objects.filter(period=open_period).count()

    with django_assert_max_num_queries(20):
        written = services.period_close(user=alice, period=open_period)

    assert written == missing > 0


# --- Publishing ----------------------------------------------------------------------------------


def test_publishing_an_open_period_closes_it_first_then_locks_it(alice, olivia, summer, action, cycle):
    services.period_publish(user=alice, period=summer)

    summer.refresh_from_db()
    assert summer.is_published
    assert PositionStatement.objects.filter(period=summer, rag=NO_UPDATE).count() == 1
    assert [r.state for r in summer.history.order_by("history_date", "history_id")][-2:] == [
        "closed",
        "published",
    ]
    assert "locked" in access.statement_refusal(olivia, action, summer)
    assert "locked" in access.statement_refusal(alice, action, summer)
    with pytest.raises(PermissionDenied):
        services.position_statement_record(
            user=alice, action=action, period=summer, rag=Rag.RED, narrative="Too late."
        )


def test_publishing_a_closed_period_writes_nothing_more(alice, spring, action):
    services.period_publish(user=alice, period=spring)

    spring.refresh_from_db()
    assert spring.is_published
    assert not PositionStatement.objects.filter(period=spring).exists()


def test_publishing_a_published_period_changes_nothing(alice, periods):
    autumn = periods[0]
    before = autumn.history.count()

    services.period_publish(user=alice, period=autumn)

    assert autumn.history.count() == before


def test_officers_cannot_publish_a_period(olivia, summer):
    with pytest.raises(PermissionDenied):
        services.period_publish(user=olivia, period=summer)


def test_publishing_a_pack_publishes_its_period_and_locks_its_statements(
    settings, alice, olivia, plan, summer, action, cycle
):
    from reports import services as pack_services

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no render
    pack = pack_services.pack_create(user=alice, plan=plan, period=summer, audience="board")

    pack_services.pack_publish(user=alice, pack=pack)

    summer.refresh_from_db()
    assert summer.is_published
    assert PositionStatement.objects.get(period=summer, rag=NO_UPDATE).action == cycle["missing"]
    with pytest.raises(PermissionDenied, match="locked"):
        services.position_statement_record(
            user=olivia, action=action, period=summer, rag=Rag.RED, narrative="After the pack."
        )


# --- Reopening -------------------------------------------------------------------------------------


@pytest.fixture
def closed_summer(alice, summer, cycle):
    services.period_close(user=alice, period=summer)
    summer.refresh_from_db()
    return summer


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reopening_without_a_reason_is_refused(alice, closed_summer, reason):
    with pytest.raises(ValidationError) as refused:
        services.period_reopen(user=alice, period=closed_summer, reason=reason)

    assert refused.value.message_dict["reason"] == ["Enter the reason for reopening the reporting period"]
    closed_summer.refresh_from_db()
    assert not closed_summer.is_open
    assert PositionStatement.objects.filter(period=closed_summer, rag=NO_UPDATE).count() == 1


def test_reopening_with_a_reason_records_it_and_removes_the_no_updates(alice, closed_summer, cycle):
    services.period_reopen(user=alice, period=closed_summer, reason="The ICB update arrived late.")

    closed_summer.refresh_from_db()
    assert closed_summer.is_open
    latest = closed_summer.history.latest()
    assert (latest.state, latest.history_user, latest.history_change_reason) == (
        "open",
        alice,
        "The ICB update arrived late.",
    )
    assert not PositionStatement.objects.filter(period=closed_summer, rag=NO_UPDATE).exists()
    # The lead's own statement stays, and the removal is in the history, with who and why.
    assert PositionStatement.objects.filter(pk=cycle["stated"].pk).exists()
    deleted = PositionStatement.history.get(history_type="-")
    assert deleted.rag == NO_UPDATE
    assert deleted.history_user == alice
    assert "The ICB update arrived late." in deleted.history_change_reason


def test_reopening_a_published_period_unlocks_it_and_can_move_the_deadline(alice, olivia, action, periods):
    autumn = periods[0]
    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")

    services.period_reopen(
        user=alice,
        period=autumn,
        reason="Correction requested by the board",
        closes_on=datetime.date(2027, 1, 8),
    )

    autumn.refresh_from_db()
    assert autumn.is_open and autumn.closes_on == datetime.date(2027, 1, 8)
    assert access.statement_refusal(olivia, action, autumn) is None


def test_closing_again_writes_no_update_for_what_is_still_missing(alice, olivia, closed_summer, cycle):
    services.period_reopen(user=alice, period=closed_summer, reason="Late updates")
    services.position_statement_record(
        user=alice, action=cycle["missing"], period=closed_summer, rag=Rag.AMBER, narrative="Late but here."
    )
    missing_again = f.make_action(cycle["missing"].objective, ref="1.1.e")

    assert services.period_close(user=alice, period=closed_summer) == 1

    assert PositionStatement.objects.get(period=closed_summer, rag=NO_UPDATE).action == missing_again


def test_reopening_is_refused_while_another_period_is_open(alice, spring, summer):
    with pytest.raises(ValidationError, match="Summer term 2026 is open for updates"):
        services.period_reopen(user=alice, period=spring, reason="Fix a typo")

    spring.refresh_from_db()
    assert spring.state == "closed"


def test_reopening_an_open_period_is_refused(alice, summer):
    with pytest.raises(ValidationError, match="already open"):
        services.period_reopen(user=alice, period=summer, reason="Why not")


@pytest.mark.parametrize("who", ["olivia", "bea"])
def test_only_plan_administrators_reopen_periods(request, closed_summer, who):
    with pytest.raises(PermissionDenied):
        services.period_reopen(user=request.getfixturevalue(who), period=closed_summer, reason="Please")

    closed_summer.refresh_from_db()
    assert not closed_summer.is_open


def test_reopening_never_changes_a_published_pack(settings, tmp_path, alice, plan, periods):
    from reports.models import Pack

    settings.MEDIA_ROOT = tmp_path
    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")
    pack = f.make_pack(plan, periods[0], state=Pack.State.PUBLISHED, created_by=alice)
    before = (pack.pdf.name, pack.xlsx.name, pack.published_at)

    services.period_reopen(user=alice, period=periods[0], reason="A statement was wrong")

    pack.refresh_from_db()
    assert (pack.pdf.name, pack.xlsx.name, pack.published_at, pack.state) == (*before, Pack.State.PUBLISHED)


# --- Deadline -------------------------------------------------------------------------------------


def test_a_plan_administrator_moves_an_open_periods_deadline(alice, summer):
    services.period_deadline_change(user=alice, period=summer, closes_on=datetime.date(2026, 7, 17))

    summer.refresh_from_db()
    assert summer.closes_on == datetime.date(2026, 7, 17)


def test_the_deadline_cannot_move_before_updates_opened_or_on_a_closed_period(alice, summer, spring):
    with pytest.raises(ValidationError):
        services.period_deadline_change(user=alice, period=summer, closes_on=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.period_deadline_change(user=alice, period=spring, closes_on=datetime.date(2026, 9, 1))


# --- Reminder opt-out ----------------------------------------------------------------------------


def test_a_person_turns_their_reminders_off_and_on(olivia, olivia_person):
    services.person_reminders_set(user=olivia, person=olivia_person, receives_reminders=False)
    olivia_person.refresh_from_db()
    assert olivia_person.receives_reminders is False
    assert olivia_person.history.latest().history_user == olivia

    services.person_reminders_set(user=olivia, person=olivia_person, receives_reminders=True)
    olivia_person.refresh_from_db()
    assert olivia_person.receives_reminders is True


def test_nobody_changes_someone_elses_reminders(alice, olivia_person):
    with pytest.raises(PermissionDenied):
        services.person_reminders_set(user=alice, person=olivia_person, receives_reminders=False)

    olivia_person.refresh_from_db()
    assert olivia_person.receives_reminders is True
