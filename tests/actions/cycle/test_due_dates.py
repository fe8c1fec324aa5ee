"""Moving an action's due date needs a reason; the first date agreed stays on record ("re-baselined").

The service, the page that calls it, the action page, the Django admin's form and re-imports.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.cycle import services
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.parse import parse_workbook
from actions.plans.models import Action
from actions.roles import OFFICER
from tests import factories as f
from tests.helpers import text_of

JULY, OCTOBER = datetime.date(2026, 7, 31), datetime.date(2026, 10, 31)


@pytest.fixture
def dated(action) -> Action:
    """Olivia's action, due 31 July 2026 from the start (its baseline)."""
    action.due_date = JULY
    action.save()
    action.refresh_from_db()
    assert action.original_due_date == JULY
    return action


def move(user, action, due_date=OCTOBER, reason="Funding confirmed a term later than planned."):
    return services.action_due_date_change(user=user, action=action, due_date=due_date, reason=reason)


def url(action) -> str:
    return reverse("actions:due-date-change", args=[action.pk])


# --- The service --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_moving_the_due_date_without_a_reason_is_refused(alice, dated, reason):
    records = dated.history.count()

    with pytest.raises(ValidationError) as excinfo:
        move(alice, dated, reason=reason)

    assert excinfo.value.message_dict["reason"] == ["Enter why the due date is moving"]
    dated.refresh_from_db()
    assert dated.due_date == JULY
    assert dated.history.count() == records


def test_moving_the_due_date_with_a_reason_records_it_and_keeps_the_original(alice, dated):
    move(alice, dated, reason="  Funding confirmed a term later than planned.  ")

    dated.refresh_from_db()
    assert (dated.due_date, dated.original_due_date) == (OCTOBER, JULY)
    assert dated.is_rebaselined and dated.has_slipped
    latest = dated.history.latest()
    assert latest.history_user == alice
    assert latest.history_change_reason == (
        "Due date moved from 31 Jul 2026 to 31 Oct 2026: Funding confirmed a term later than planned."
    )


def test_moving_it_again_keeps_the_first_baseline(alice, dated):
    move(alice, dated)
    move(alice, dated, due_date=datetime.date(2027, 3, 31), reason="Slipped again.")

    dated.refresh_from_db()
    assert (dated.due_date, dated.original_due_date) == (datetime.date(2027, 3, 31), JULY)


def test_moving_it_earlier_is_re_baselined_but_not_slipped(alice, dated):
    move(alice, dated, due_date=datetime.date(2026, 6, 30), reason="Delivered early.")

    dated.refresh_from_db()
    assert dated.is_rebaselined and not dated.has_slipped


def test_the_action_lead_may_move_the_due_date(olivia, dated):
    move(olivia, dated)

    dated.refresh_from_db()
    assert dated.due_date == OCTOBER


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_others_may_not_move_the_due_date(request, dated, who):
    with pytest.raises(PermissionDenied):
        move(request.getfixturevalue(who), dated)

    dated.refresh_from_db()
    assert dated.due_date == JULY


def test_an_officer_of_the_lead_organisation_is_not_a_lead_person(partner, dated):
    dated.lead_partners.add(partner)
    colleague = f.make_user("cole", OFFICER, person=f.make_person(name="Cole League", partner=partner))

    with pytest.raises(PermissionDenied, match="lead people"):
        move(colleague, dated)


def test_bad_dates_are_refused(alice, dated):
    with pytest.raises(ValidationError) as missing:
        move(alice, dated, due_date=None)
    assert missing.value.message_dict["due_date"] == ["Enter the new due date"]

    with pytest.raises(ValidationError) as same:
        move(alice, dated, due_date=JULY)
    assert "already due on 31 July 2026" in same.value.message_dict["due_date"][0]

    Action.objects.filter(pk=dated.pk).update(start_date=datetime.date(2026, 5, 1))
    dated.refresh_from_db()
    with pytest.raises(ValidationError) as early:
        move(alice, dated, due_date=datetime.date(2026, 4, 30))
    assert "on or after the action's start date, 1 May 2026" in early.value.message_dict["due_date"][0]


def test_an_archived_action_keeps_its_due_date(alice, dated):
    Action.objects.filter(pk=dated.pk).update(is_archived=True)
    dated.refresh_from_db()

    with pytest.raises(PermissionDenied, match="archived"):
        move(alice, dated)


def test_giving_a_first_due_date_needs_no_reason_and_becomes_the_baseline(alice, action):
    services.action_due_date_change(user=alice, action=action, due_date=OCTOBER, reason="")

    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (OCTOBER, OCTOBER)
    assert not action.is_rebaselined
    assert action.history.latest().history_change_reason == "Due date set to 31 Oct 2026"


# --- The page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "olivia"])
def test_due_date_page_works_for_administrators_and_the_lead(client, request, dated, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url(dated))

    assert response.status_code == 200
    text = text_of(response)
    assert "Change the due date" in text and "Reason for moving the due date" in text
    assert "31 Jul 2026" in text


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_due_date_page_is_refused_to_others_with_the_reason(client, request, dated, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url(dated))
    posted = client.post(url(dated), {"due_date": "2026-10-31", "reason": "Because"})

    assert response.status_code == posted.status_code == 403
    dated.refresh_from_db()
    assert dated.due_date == JULY


def test_due_date_page_needs_sign_in_and_a_real_action(client, alice, dated):
    response = client.get(url(dated))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

    client.force_login(alice)
    assert client.get(reverse("actions:due-date-change", args=[999999])).status_code == 404


def test_moving_the_date_on_the_page_without_a_reason_shows_the_error(client, olivia, dated):
    client.force_login(olivia)

    response = client.post(url(dated), {"due_date": "2026-10-31", "reason": " "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_reason"' in page
    assert "Enter why the due date is moving" in text_of(response)
    assert page.count("<h1") == 1
    dated.refresh_from_db()
    assert dated.due_date == JULY


@pytest.mark.parametrize(
    "data, message",
    [
        ({"due_date": "", "reason": "x"}, "Enter the new due date"),
        ({"due_date": "next term", "reason": "x"}, "Enter the new due date as a real date"),
        ({"due_date": "2026-02-30", "reason": "x"}, "Enter the new due date as a real date"),
        ({"due_date": "2026-07-31", "reason": "x"}, "already due on 31 July 2026"),
    ],
)
def test_bad_dates_on_the_page_show_the_error_and_change_nothing(client, alice, dated, data, message):
    records = dated.history.count()
    client.force_login(alice)

    response = client.post(url(dated), data)

    assert response.status_code == 200
    assert message in text_of(response)
    dated.refresh_from_db()
    assert dated.due_date == JULY and dated.history.count() == records


def test_moving_the_date_on_the_page_shows_it_re_baselined_on_the_action_page(client, olivia, dated):
    client.force_login(olivia)

    response = client.post(
        url(dated), {"due_date": "2026-10-31", "reason": "Funding confirmed a term later."}, follow=True
    )

    assert response.redirect_chain[-1][0] == dated.get_absolute_url()
    text = text_of(response)
    assert "Due date moved from 31 July 2026 to 31 October 2026." in text  # the success message
    assert "Due 31 Oct 2026 (re-baselined; originally 31 Jul 2026)" in text
    assert "Moved from 31 Jul 2026 to 31 Oct 2026 by Olivia Officer" in text
    assert "Reason: Funding confirmed a term later." in text


def test_action_page_offers_the_due_date_link_only_to_those_allowed(client, alice, olivia, oscar, bea, dated):
    link = f'href="{url(dated)}"'
    for user, shown in ((alice, True), (olivia, True), (oscar, False), (bea, False)):
        client.force_login(user)
        assert (link in client.get(dated.get_absolute_url()).content.decode()) is shown, user


def test_action_page_of_an_action_never_moved_says_nothing_about_baselines(client, bea, dated):
    client.force_login(bea)

    text = text_of(client.get(dated.get_absolute_url()))

    assert "Due 31 Jul 2026" in text
    assert "re-baselined" not in text and "How the due date has moved" not in text


# --- The Django admin ---------------------------------------------------------------------------


def admin_data(action, **changes) -> dict:
    data = {
        "objective": action.objective_id,
        "ref": action.ref,
        "description": action.description,
        "lead_people": [p.pk for p in action.lead_people.all()],
        "task_group": "",
        "start_date": "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "due_date_reason": "",
        "timeframe": "",
        "success_measures": "",
        "status": action.status,
        "order": action.order,
    }
    return {**data, **changes}


def test_admin_refuses_a_due_date_move_without_a_reason(client, alice, dated):
    client.force_login(alice)

    response = client.post(
        reverse("admin:actions_action_change", args=[dated.pk]), admin_data(dated, due_date="2026-10-31")
    )

    assert response.status_code == 200  # the form again, with the error
    assert "Enter the reason for moving the due date" in response.content.decode()
    dated.refresh_from_db()
    assert dated.due_date == JULY


def test_admin_records_the_reason_and_keeps_the_original_due_date(client, alice, dated):
    client.force_login(alice)

    response = client.post(
        reverse("admin:actions_action_change", args=[dated.pk]),
        admin_data(dated, due_date="2026-10-31", due_date_reason="Agreed at the board in May."),
    )

    assert response.status_code == 302
    dated.refresh_from_db()
    assert (dated.due_date, dated.original_due_date) == (OCTOBER, JULY)
    assert dated.history.latest().history_change_reason == (
        "Due date moved from 31 Jul 2026 to 31 Oct 2026: Agreed at the board in May."
    )


def test_admin_needs_no_reason_when_the_due_date_stays(client, alice, dated):
    client.force_login(alice)

    response = client.post(
        reverse("admin:actions_action_change", args=[dated.pk]), admin_data(dated, description="Reworded")
    )

    assert response.status_code == 302
    dated.refresh_from_db()
    assert (dated.description, dated.due_date) == ("Reworded", JULY)


def test_admin_needs_no_reason_for_a_first_due_date(client, alice, action):
    client.force_login(alice)

    response = client.post(
        reverse("admin:actions_action_change", args=[action.pk]), admin_data(action, due_date="2026-10-31")
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (OCTOBER, OCTOBER)


def test_admin_shows_the_original_due_date_read_only_and_the_reason_field(client, alice, dated):
    client.force_login(alice)

    page = client.get(reverse("admin:actions_action_change", args=[dated.pk])).content.decode()

    assert "Reason for moving the due date" in page
    assert 'name="original_due_date"' not in page  # read only: the baseline never changes by hand


def test_admin_priority_page_names_the_priority_leads(client, alice, action):
    client.force_login(alice)

    page = client.get(reverse("admin:actions_priority_change", args=[action.objective.priority_id]))

    assert page.status_code == 200
    assert 'name="lead_people"' in page.content.decode()
    assert "Priority leads" in page.content.decode()


# --- Re-importing a plan whose due date moved ---------------------------------------------------


def test_a_reimport_that_moves_a_due_date_says_so_in_the_history(db, alice):
    plan = f.make_plan(title="Plan to re-import")
    objective = f.make_objective(f.make_priority(plan, ref="1", title="Early help"), ref="1.1", title="Find")
    action = f.make_action(objective, ref="1.1.a", description="Train staff", due_date=JULY)
    parsed = parse_workbook(plan_export(plan), filename="plan-v2.xlsx")
    parsed.actions()[0].due_date = OCTOBER

    report = plan_import(parsed=parsed, user=alice, plan=plan)

    assert report.counts["actions"]["updated"] == 1
    action.refresh_from_db()
    assert (action.due_date, action.original_due_date) == (OCTOBER, JULY)
    assert action.history.latest().history_change_reason == (
        "Imported from plan-v2.xlsx: due date moved from 31 Jul 2026 to 31 Oct 2026"
    )
