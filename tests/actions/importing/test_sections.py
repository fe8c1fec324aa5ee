"""Rows that are not plan items: section headings of every shape, the header printed again, narrative
rows ("As is", "Current position"), and the reporting period of a column whose header names no date."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.importing.parse import parse_workbook
from actions.importing.values import ReportingPeriodGuess, period_in_text
from tests.actions.importing.test_importing import make_xlsx

HEADER = ("Objective", "Action", "Lead", "By when", "Summary of current position")


def parse(path, **kwargs):
    return parse_workbook(path, filename=path.name, **kwargs)


@pytest.mark.parametrize(
    "cells, ref, title",
    [
        (("Theme 3", "DATA"), "3", "DATA"),
        (("Workstream 2", "Preparing for adulthood"), "2", "Preparing for adulthood"),
        (("Priority 4a: Statutory assessment",), "4a", "Statutory assessment"),
        ((None, None, "EARLY IDENTIFICATION OF NEEDS"), "", "EARLY IDENTIFICATION OF NEEDS"),
    ],
)
def test_heading_rows_of_each_shape_start_a_priority(tmp_path, cells, ref, title):
    rows = [HEADER, cells, ("Needs met early", "Train staff", "Jo Examplewood", "March 2026", "Begun.")]
    plan = parse(make_xlsx(tmp_path, rows, title="Plan March 2026"))
    assert [(p.ref, p.title) for p in plan.priorities] == [(ref, title)]
    assert plan.counts["objectives"] == 1 and plan.counts["actions"] == 1
    assert plan.row_kinds[2] == "heading"


def test_a_heading_above_the_header_row_starts_the_first_priority(tmp_path):
    rows = [
        ("Exampleshire SEND plan",),
        ("Theme 1", "LEADERSHIP"),
        HEADER,
        ("Leaders agree", "Sign it", "Jo Examplewood"),
    ]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(p.ref, p.title) for p in plan.priorities] == [("1", "LEADERSHIP")]
    assert plan.title == "Exampleshire SEND plan"


def test_a_sentence_alone_in_a_later_column_is_not_a_heading(tmp_path):
    rows = [HEADER, ("Theme 1", "Early help"), ("Needs met early", "Train staff"), (None, "Review the offer")]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [a.description for a in plan.actions()] == ["Train staff", "Review the offer"]


def test_the_header_printed_again_in_other_words_is_read_once(tmp_path):
    rows = [
        HEADER,
        ("Theme 1", "Early help"),
        ("Needs met early", "Train staff", "Jo Examplewood"),
        ("Theme 2", "Transition"),
        ("Objectives", "Actions", "Leads", "Timescale", "Summary of Current Position"),
        ("Young people plan ahead", "Start reviews in Year 9", "Ravi Demoford"),
    ]
    plan = parse(make_xlsx(tmp_path, rows))
    assert plan.counts["objectives"] == 2 and plan.counts["actions"] == 2
    assert plan.row_kinds[5] == "header"
    assert plan.people == ["Jo Examplewood", "Ravi Demoford"]
    assert plan.dropped == []


@pytest.mark.parametrize(
    "cells, note",
    [
        (("As is / next steps", "Two schools have joined."), "As is / next steps: Two schools have joined."),
        (("Current position", None, "Places are full."), "Current position: Places are full."),
        ((None, "Update: contracts extended to March 2027."), "Update: contracts extended to March 2027."),
    ],
)
def test_narrative_rows_are_notes_on_the_priority_not_items(tmp_path, cells, note):
    rows = [HEADER, ("Theme 1", "Early help"), ("Needs met early", "Train staff", "Jo Examplewood"), cells]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [p.notes for p in plan.priorities] == [note]
    assert plan.counts["objectives"] == 1 and plan.counts["actions"] == 1
    assert plan.people == ["Jo Examplewood"] and plan.partners == []
    assert plan.row_kinds[4] == "note"


def test_an_objective_that_starts_with_a_label_word_stays_an_objective(tmp_path):
    rows = [HEADER, ("Update the local offer with families", "Run workshops", "Jo Examplewood")]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [o.title for o in plan.objectives()] == ["Update the local offer with families"]


def test_an_outcome_with_no_action_stays_an_objective_with_none(tmp_path):
    rows = [
        HEADER,
        ("Families are heard", None, "Parent Carer Forum", "Summer 2026"),
        ("Needs met", "Train staff"),
    ]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(o.title, len(o.actions)) for o in plan.objectives()] == [
        ("Families are heard", 0),
        ("Needs met", 1),
    ]
    assert plan.objectives()[0].notes == "By when: Summer 2026"


@pytest.mark.parametrize(
    "text, name, as_at",
    [
        (
            "Exampleshire SEND: report to Schools Forum January 2019",
            "January 2019",
            datetime.date(2019, 1, 31),
        ),
        ("Position at June 2022", "June 2022", datetime.date(2022, 6, 30)),
        ("SEND Plan 2018-21 update Sept 2020", "September 2020", datetime.date(2020, 9, 30)),
        ("plan_spring_term_2021", "Spring 2021", datetime.date(2021, 3, 31)),
        ("SEND Plan 2018-21", None, None),
    ],
)
def test_period_in_a_title_or_file_name(text, name, as_at):
    guess = period_in_text(text)
    assert (guess.name, guess.as_at) == (name, as_at) if name else guess is None


def test_an_undated_column_takes_its_period_from_the_title_then_the_sheet_then_the_file(tmp_path):
    rows = [HEADER, ("Needs met early", "Train staff", "Jo Examplewood", "2026", "Begun.")]
    titled = parse(make_xlsx(tmp_path, [("Position at June 2022",), *rows], name="a.xlsx"))
    assert [(p.name, p.as_at) for p in titled.periods] == [("June 2022", datetime.date(2022, 6, 30))]
    assert "taken from the sheet's title" in titled.mapping.columns_for("statement")[0].note
    by_sheet = parse(make_xlsx(tmp_path, rows, title="Autumn 2025", name="b.xlsx"))
    assert [p.name for p in by_sheet.periods] == ["Autumn 2025"]
    by_file = parse(make_xlsx(tmp_path, rows, name="plan March 2026.xlsx"))
    assert [p.name for p in by_file.periods] == ["March 2026"]
    assert by_file.statements()[0].period == "March 2026"
    undated = parse(make_xlsx(tmp_path, rows, name="plan.xlsx"))
    assert undated.periods == [] and undated.statements()[0].period is None
    assert "undated_statements" in [w.code for w in undated.warnings]


def test_the_period_the_user_chooses_wins(tmp_path):
    rows = [
        ("Position at June 2022",),
        HEADER,
        ("Needs met early", "Train staff", "Jo Examplewood", "", "Begun."),
    ]
    chosen = ReportingPeriodGuess("Summer term 2022", datetime.date(2022, 7, 20))
    plan = parse(make_xlsx(tmp_path, rows), period=chosen)
    assert [(p.name, p.as_at) for p in plan.periods] == [("Summer term 2022", datetime.date(2022, 7, 20))]


def test_import_plan_period_option_dates_an_undated_column(db, tmp_path):
    path = make_xlsx(tmp_path, [HEADER, ("Needs met early", "Train staff", "Jo Examplewood", "", "Begun.")])
    call_command("import_plan", str(path), "--commit", "--period", "January 2019", "--as-at", "2019-01-31")
    period = ReportingPeriod.objects.get()
    assert (period.name, period.as_at) == ("January 2019", datetime.date(2019, 1, 31))
    assert PositionStatement.objects.get().narrative == "Begun."


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "January 2019", "--as-at", "31/01/2019"], "is not a date: write it as YYYY-MM-DD"),
        (["--as-at", "2019-01-31"], "--as-at needs --period"),
        (["--period", "Board review"], "names no date: add --as-at"),
    ],
)
def test_import_plan_period_options_refuse_bad_input(db, tmp_path, args, message):
    path = make_xlsx(tmp_path, [HEADER, ("Needs met early", "Train staff")])
    with pytest.raises(CommandError, match=message):
        call_command("import_plan", str(path), *args)
    assert not ReportingPeriod.objects.exists()


def test_an_outcome_with_progress_but_no_action_carries_its_statement_itself(tmp_path):
    rows = [
        HEADER,
        ("Families are heard", None, "Parent Carer Forum", "Summer 2026", "Green - forum meets monthly."),
    ]
    plan = parse(make_xlsx(tmp_path, rows, name="plan March 2026.xlsx"))
    [objective] = plan.objectives()
    assert [(a.description, [s.rag for s in a.statements]) for a in objective.actions] == [
        ("Families are heard", ["green"])
    ]
    assert plan.dropped == []


def test_an_outcome_row_with_progress_and_actions_below_keeps_its_progress_as_a_note(tmp_path):
    rows = [
        HEADER,
        ("Families are heard", None, "Parent Carer Forum", None, "Forum meets monthly."),
        (None, "Run workshops", "Jo Examplewood"),
    ]
    plan = parse(make_xlsx(tmp_path, rows, name="plan March 2026.xlsx"))
    [objective] = plan.objectives()
    assert [a.description for a in objective.actions] == ["Run workshops"]
    assert objective.notes == "Position statement March 2026: Forum meets monthly."
    assert plan.dropped == []


def test_start_and_end_date_columns_give_the_start_and_the_due_date(tmp_path):
    header = ("Ref", "Objective", "Action", "Start date", "End date")
    rows = [
        header,
        ("1.1", "Plans are on time", "Recruit coordinators", "01/09/2022", "28/02/2023"),
        ("1.2", "Plans are good", "Audit plans", "Autumn 2022", "Termly"),
        ("1.3", "Families heard", "Run a survey", "01/06/2023", "31/03/2023"),
    ]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(c.letter, c.field) for c in plan.mapping.columns][3:] == [("D", "start"), ("E", "due")]
    first, second, third = plan.actions()
    assert (first.start_date, first.due_date) == (datetime.date(2022, 9, 1), datetime.date(2023, 2, 28))
    assert (second.start_date, second.timeframe, second.notes) == (None, "Termly", "Start: Autumn 2022")
    assert third.start_date is None and third.notes == "Start: 01/06/2023"
    assert "start_after_due" in [w.code for w in plan.warnings]
    assert plan.dropped == []


def test_area_of_weakness_headings_are_numbered_priorities(tmp_path):
    rows = [HEADER, ("Area of weakness 2: Plans are late",), ("Plans on time", "Recruit", "Jo Examplewood")]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(p.ref, p.title) for p in plan.priorities] == [("2", "Plans are late")]
    assert plan.dropped == []


@pytest.mark.parametrize(
    "header, period",
    [
        ("Status update January 2022", "January 2022"),
        ("Update on progress (March 2023)", "March 2023"),
        ("Position at 31 March 2023", "March 2023"),
    ],
)
def test_statement_headers_in_other_words_name_their_period(tmp_path, header, period):
    rows = [("Objective", "Action", header), ("Needs met early", "Train staff", "Begun.")]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(c.field, c.period.name if c.period else None) for c in plan.mapping.columns][2] == (
        "statement",
        period,
    )


def test_a_plan_over_several_sheets_is_read_whole_and_titled_by_its_cover(tmp_path):
    import io

    from tests.data.layouts.sheet_per_priority import LAYOUT

    data = io.BytesIO()
    LAYOUT.build().save(data)
    plan = parse_workbook(data.getvalue(), filename="plan.xlsx")
    assert plan.title == "Exampleshire SEND and Alternative Provision Improvement Plan 2023-26"
    assert plan.sheets == ["Priority 1 Early help", "Priority 2 Transition", "Priority 3 Sufficiency"]
    assert plan.rows_read_as_by_sheet()["Priority 2 Transition"] == {"heading": 1, "objective": 1}
    one = parse_workbook(data.getvalue(), filename="plan.xlsx", sheet="Priority 2 Transition")
    assert one.sheets == ["Priority 2 Transition"] and one.counts["actions"] == 1


@pytest.mark.parametrize(
    "header, field",
    [
        ("Start date", "start"),
        ("End date", "due"),
        ("Timeline", "due"),
        ("Target completion date", "due"),
        ("Outcome measures", "success_measures"),
        ("What difference will it make?", "success_measures"),
        ("Key performance indicators", "success_measures"),
        ("Budget", "resources"),
        ("Status update January 2022", "statement"),
    ],
)
def test_more_council_headers_are_recognised(header, field):
    from actions.importing.mapping import match_header

    assert match_header(header).field == field


@pytest.mark.parametrize(
    "header, name, as_at",
    [
        ("Progress Q3 2023/24", "Q3 2023/24", datetime.date(2023, 12, 31)),
        ("Update Q4 2023-24", "Q4 2023/24", datetime.date(2024, 3, 31)),
        ("Update Q2 2024", "Q2 2024", datetime.date(2024, 6, 30)),
        ("Position as at 31/03/2023", "31 March 2023", datetime.date(2023, 3, 31)),
        ("Progress update - Spring 1 2024", "Spring 1 2024", datetime.date(2024, 2, 29)),
        ("Update Autumn 2 2023", "Autumn 2 2023", datetime.date(2023, 12, 31)),
        ("Comments Dec-23", "December 2023", datetime.date(2023, 12, 31)),
    ],
)
def test_periods_by_quarter_half_term_day_and_short_month(header, name, as_at):
    from actions.importing.values import period_from_header

    guess = period_from_header(header)
    assert (guess.name, guess.as_at) == (name, as_at)


def test_a_bare_number_with_a_title_over_numbered_objectives_is_a_heading(tmp_path):
    rows = [
        ("Ref", "Objective", "Action", "Lead"),
        ("3", "DATA"),
        ("3.1", "One dataset on needs", "Build a dashboard", "Data and Insight Team"),
        ("3.2", "Leaders use the data", "Report termly", "Ana Fictionfield"),
        ("4", "Lone objective with a number and no children"),
    ]
    plan = parse(make_xlsx(tmp_path, rows))
    assert [(p.ref, p.title) for p in plan.priorities] == [("3", "DATA")]
    assert [o.ref for o in plan.objectives()] == ["3.1", "3.2", "4"]


def test_statements_with_no_period_are_listed_as_text_not_imported(tmp_path):
    rows = [HEADER, ("Needs met early", "Train staff", "Jo Examplewood", "", "Two cohorts trained.")]
    plan = parse(make_xlsx(tmp_path, rows, name="plan.xlsx"))
    assert [(d.column, d.text) for d in plan.dropped] == [("E", "Two cohorts trained.")]
    dated = parse(
        make_xlsx(tmp_path, rows, name="plan.xlsx"),
        period=ReportingPeriodGuess("May 2026", datetime.date(2026, 5, 31)),
    )
    assert dated.dropped == []
