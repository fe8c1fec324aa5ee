"""Reading published statistics files and mapping their years to reporting periods (no database)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from actions.measures import statistics as s
from actions.measures.statistics import Outcome, PeriodSlot

SAMPLE = Path(__file__).resolve().parents[3] / "fixtures" / "statistics" / "ehcp_20_weeks_sample.csv"
MAX = 10 * 1024 * 1024
PCT = "ehcp_within_20_weeks_pct"

# Financial-year periods: 2022-23 published, then three that take figures.
PERIODS = [
    PeriodSlot(1, "2022-23", datetime.date(2023, 3, 31), is_published=True),
    PeriodSlot(2, "2023-24", datetime.date(2024, 3, 31), is_published=False),
    PeriodSlot(3, "2024-25", datetime.date(2025, 3, 31), is_published=False),
    PeriodSlot(4, "2025-26", datetime.date(2026, 3, 31), is_published=False),
]


def read(text: str, filename: str = "stats.csv") -> s.StatisticsFile:
    return s.read_statistics(text.encode(), filename=filename, max_bytes=MAX)


def sample() -> s.StatisticsFile:
    return s.read_statistics(SAMPLE.read_bytes(), filename=SAMPLE.name, max_bytes=MAX)


def messages(plan: s.LoadPlan) -> list[str]:
    return [str(p) for p in plan.problems]


HEADER = (
    "time_period,time_identifier,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,"
    "value_pct"
)


def tidy(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# --- The sample file --------------------------------------------------------------------------------


def test_sample_file_lists_its_six_local_authorities_and_its_columns_of_figures():
    file = sample()

    assert file.problems == []
    assert [la.label for la in file.local_authorities][:2] == [
        "Demoport (E06009995, 995)",
        "Exampleshire (E06009990, 990)",
    ]
    assert len(file.local_authorities) == 6
    assert file.value_columns == ["number_of_ehcps", "ehcp_within_20_weeks", PCT]
    assert file.year_column == "time_period"


def test_right_local_authority_loads_its_own_figures_with_england_and_its_region():
    plan = s.plan_load(
        sample(), column=PCT, local_authority="E06009990", periods=PERIODS, england=True, region=True
    )

    assert plan.ok, messages(plan)
    assert plan.local_authority.name == "Exampleshire"
    loaded = {line.year.label: (line.period.name, line.value) for line in plan.to_load}
    # 2023 → 31 Dec 2023 → 2023-24; 2024 → 2024-25; 2025 → 2025-26.
    assert loaded == {
        "2023": ("2023-24", Decimal("51.2")),
        "2024": ("2024-25", Decimal("60.2")),
        "2025": ("2025-26", Decimal("59.0")),
    }
    assert [series.name for series in plan.comparators] == ["England", "Midland Vale"]
    assert plan.comparators[0].points[0] == (datetime.date(2019, 12, 31), Decimal("57.8"))
    assert plan.comparators[1].points[0] == (datetime.date(2019, 12, 31), Decimal("61.3"))
    assert plan.lines[0].comparators == ("57.8", "61.3")


def test_local_authority_is_found_by_its_name_or_its_three_digit_code():
    for wanted in ("exampleshire", "  Exampleshire ", "990", "e06009990"):
        la, problem = s.find_local_authority(sample(), wanted)
        assert problem is None, wanted
        assert la.code == "E06009990"


def test_wrong_local_authority_code_is_refused_saying_so():
    plan = s.plan_load(sample(), column=PCT, local_authority="E06009999", periods=PERIODS)

    assert not plan.ok
    assert plan.lines == []
    assert messages(plan) == [
        "Local authority: no row of ehcp_20_weeks_sample.csv has the local authority code “E06009999” "
        "(it has 6 local authorities): check the code"
    ]


def test_unknown_local_authority_name_is_refused():
    plan = s.plan_load(sample(), column=PCT, local_authority="Nowhereshire", periods=PERIODS)

    assert "no local authority in ehcp_20_weeks_sample.csv is called “Nowhereshire”" in messages(plan)[0]


def test_malformed_local_authority_code_in_the_file_is_a_problem_with_its_row_and_column():
    file = read(
        tidy(
            "2023,Calendar year,Local authority,E12000991,Midland Vale,990,E06009990,Exampleshire,50",
            "2023,Calendar year,Local authority,E12000991,Midland Vale,991,E0600999,Sampleton,60",
            "2023,Calendar year,Local authority,E12000991,Midland Vale,99A,E06009992,Fablegate,60",
        )
    )

    assert [str(p) for p in file.problems] == [
        "Row 3, column new_la_code: “E0600999” is not one: " + s.CODE_RULE,
        "Row 4, column old_la_code: “99A” is not one: " + s.CODE_RULE,
    ]
    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)
    assert not plan.ok  # a bad file loads nothing, whichever local authority is chosen


def test_missing_year_for_the_chosen_local_authority_is_a_problem():
    file = read(
        tidy(
            "2022,Calendar year,Local authority,,,990,E06009990,Exampleshire,50",
            "2022,Calendar year,Local authority,,,991,E08009991,Sampleton,55",
            "2023,Calendar year,Local authority,,,991,E08009991,Sampleton,60",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="Exampleshire", periods=PERIODS)

    assert messages(plan) == [
        "time_period: Exampleshire (E06009990, 990) has no row for 2023, though the file has 2023 "
        "figures for other areas: the file may have been filtered or cut short"
    ]


def test_two_rows_for_one_year_is_a_problem_naming_both_rows():
    file = read(
        tidy(
            "2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,50",
            "2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,52",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)

    assert messages(plan)[0].startswith(
        "Row 3, column value_pct: row 2 already gives Exampleshire's figure for 2023"
    )


def test_value_that_is_not_a_number_is_a_problem_with_its_row_and_column():
    file = read(tidy("2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,about half"))

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)

    assert messages(plan) == [
        "Row 2, column value_pct: “about half” is not a number (nor a suppression symbol such as c, x, z "
        "or low)"
    ]


def test_percentage_over_100_is_a_problem():
    file = read(tidy("2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,104.5"))

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)

    assert messages(plan) == ["Row 2, column value_pct: 104.5 is over 100, so it is not a percentage"]


def test_count_over_100_is_fine_unless_the_measure_is_a_percentage():
    file = sample()

    as_number = s.plan_load(file, column="number_of_ehcps", local_authority="E06009990", periods=PERIODS)
    as_percent = s.plan_load(
        file, column="number_of_ehcps", local_authority="E06009990", periods=PERIODS, percent=True
    )

    assert as_number.ok
    assert "is over 100, so it is not a percentage" in messages(as_percent)[0]


@pytest.mark.parametrize("marker", ["c", "x", "z", "low", ".", ":", "[c]", ""])
def test_suppressed_figure_is_not_available_and_not_a_problem(marker):
    file = read(
        tidy(
            f"2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,{marker}",
            "2024,Calendar year,Local authority,,,990,E06009990,Exampleshire,61",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)

    assert plan.ok, messages(plan)
    assert [(line.year.label, line.outcome) for line in plan.lines] == [
        ("2023", Outcome.NOT_AVAILABLE),
        ("2024", Outcome.LOAD),
    ]


def test_suppressed_figures_in_the_sample_are_listed_as_not_available():
    plan = s.plan_load(sample(), column=PCT, local_authority="Demoport", periods=PERIODS, england=True)

    assert plan.ok
    [line] = plan.not_available
    assert (line.year.label, line.text, line.reason) == (
        "2020",
        "c",
        "c: suppressed to protect confidentiality",
    )


# --- Years ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "identifier", "label", "refers_to"),
    [
        ("2023", "Calendar year", "2023", datetime.date(2023, 12, 31)),
        ("2023", "", "2023", datetime.date(2023, 12, 31)),
        ("202324", "Academic year", "2023/24", datetime.date(2024, 8, 31)),
        ("202324", "", "2023/24", datetime.date(2024, 8, 31)),
        ("2023/24", "academic year", "2023/24", datetime.date(2024, 8, 31)),
        ("202324", "Financial year", "2023-24", datetime.date(2024, 3, 31)),
        ("2023-24", "Financial year", "2023-24", datetime.date(2024, 3, 31)),
        ("2023-2024", "Financial year", "2023-24", datetime.date(2024, 3, 31)),
        ("199900", "Academic year", "1999/00", datetime.date(2000, 8, 31)),
    ],
)
def test_year_refers_to_the_last_day_of_its_kind_of_year(text, identifier, label, refers_to):
    assert s.year_of(text, identifier) == s.Year(refers_to, label)


@pytest.mark.parametrize(
    ("text", "identifier", "why"),
    [
        ("202325", "Academic year", "the second part should be the year after 2023"),
        ("2023", "Academic year", "an academic year spans two years, such as 202324"),
        ("202324", "Calendar year", "a calendar year is one year, such as 2023"),
        ("2023", "Week 12", "“Week 12” is not a kind of year sendplan reads"),
        ("last year", "", "“last year” is not a year"),
    ],
)
def test_year_that_cannot_be_read_says_why(text, identifier, why):
    with pytest.raises(ValueError, match=why):
        s.year_of(text, identifier)


def test_academic_years_land_in_the_period_holding_31_august():
    header = "time_period,time_identifier,geographic_level,new_la_code,la_name,value"
    file = read(
        tidy(
            "202223,Academic year,Local authority,E06009990,Exampleshire,40",  # 31 Aug 2023
            "202324,Academic year,Local authority,E06009990,Exampleshire,45",  # 31 Aug 2024
            header=header,
        )
    )

    plan = s.plan_load(file, column="value", local_authority="E06009990", periods=PERIODS)

    assert [(line.year.label, line.period.name, line.outcome) for line in plan.lines] == [
        ("2022/23", "2023-24", Outcome.LOAD),
        ("2023/24", "2024-25", Outcome.LOAD),
    ]


def test_financial_years_land_in_the_period_ending_on_31_march():
    header = "LA code,LA name,Financial year,Spend"
    file = read(
        tidy("E06009990,Exampleshire,2023-24,120000", "E06009990,Exampleshire,2024-25,98000", header=header)
    )

    plan = s.plan_load(file, column="Spend", local_authority="Exampleshire", periods=PERIODS)

    assert plan.ok, messages(plan)
    assert [(line.year.label, line.year.refers_to, line.period.name) for line in plan.to_load] == [
        ("2023-24", datetime.date(2024, 3, 31), "2023-24"),
        ("2024-25", datetime.date(2025, 3, 31), "2024-25"),
    ]


def test_bad_year_in_the_file_is_a_problem_with_its_row():
    file = read(tidy("2023/25,,Local authority,,,990,E06009990,Exampleshire,50"))

    assert [str(p) for p in file.problems] == [
        "Row 2, column time_period: “2023/25” is not a year: the second part should be the year after 2023"
    ]


# --- Mapping years to periods -----------------------------------------------------------------------


def test_period_window_runs_after_the_previous_as_at_to_its_own():
    assert s.period_for(datetime.date(2023, 3, 31), PERIODS).name == "2022-23"
    assert s.period_for(datetime.date(2023, 4, 1), PERIODS).name == "2023-24"
    assert s.period_for(datetime.date(2024, 3, 31), PERIODS).name == "2023-24"
    assert s.period_for(datetime.date(2010, 1, 1), PERIODS).name == "2022-23"  # the first has no start
    assert s.period_for(datetime.date(2026, 4, 1), PERIODS) is None


def test_years_in_a_published_period_or_after_the_last_are_not_loaded_with_the_reason():
    file = read(
        tidy(
            *(
                f"{year},Calendar year,Local authority,,,990,E06009990,Exampleshire,{40 + year % 10}"
                for year in range(2021, 2027)
            )
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS)

    assert plan.ok
    outcomes = {line.year.label: (line.outcome, line.reason) for line in plan.lines}
    assert outcomes["2021"] == (Outcome.NOT_LOADED, "2022-23 has been published, so its figures are locked")
    assert outcomes["2023"] == (Outcome.LOAD, "")
    assert outcomes["2026"] == (
        Outcome.NOT_LOADED,
        "no reporting period covers 31 December 2026: the plan's last, 2025-26, is as at 31 March 2026",
    )


def test_two_years_in_one_period_the_later_wins():
    termly = [
        PeriodSlot(1, "Spring term 2024", datetime.date(2024, 3, 31), False),
        PeriodSlot(2, "Autumn term 2025", datetime.date(2025, 12, 31), False),
    ]
    file = read(
        tidy(
            "2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,40",
            "2024,Calendar year,Local authority,,,990,E06009990,Exampleshire,45",
            "2025,Calendar year,Local authority,,,990,E06009990,Exampleshire,50",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=termly)

    assert [(line.year.label, line.outcome, line.reason) for line in plan.lines] == [
        ("2023", Outcome.LOAD, ""),
        (
            "2024",
            Outcome.NOT_LOADED,
            "2025 also lands in Autumn term 2025 and is later: a reporting period holds one figure",
        ),
        ("2025", Outcome.LOAD, ""),
    ]


def test_a_suppressed_later_year_does_not_push_out_an_earlier_figure():
    termly = [PeriodSlot(1, "Autumn term 2025", datetime.date(2025, 12, 31), False)]
    file = read(
        tidy(
            "2024,Calendar year,Local authority,,,990,E06009990,Exampleshire,45",
            "2025,Calendar year,Local authority,,,990,E06009990,Exampleshire,c",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=termly)

    assert [(line.year.label, line.outcome) for line in plan.lines] == [
        ("2024", Outcome.LOAD),
        ("2025", Outcome.NOT_AVAILABLE),
    ]


def test_figure_already_entered_is_shown_as_replaced():
    plan = s.plan_load(
        sample(), column=PCT, local_authority="E06009990", periods=PERIODS, existing={2: Decimal("44.0000")}
    )

    assert [line.replaces for line in plan.to_load] == [Decimal("44.0000"), None, None]


# --- Comparators ------------------------------------------------------------------------------------


def test_region_comparator_needs_regional_rows_for_the_local_authoritys_region():
    file = read(
        tidy("2023,Calendar year,Local authority,E12000991,Midland Vale,990,E06009990,Exampleshire,50")
    )

    plan = s.plan_load(
        file, column="value_pct", local_authority="E06009990", periods=PERIODS, england=True, region=True
    )

    assert messages(plan) == [
        "England: the file has no National rows to load England's figures from",
        "Region: the file has no Regional rows for Midland Vale, Exampleshire's region",
    ]


def test_bad_comparator_figure_is_a_problem_too():
    file = read(
        tidy(
            "2023,Calendar year,National,,,,,,150",
            "2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,50",
        )
    )

    plan = s.plan_load(file, column="value_pct", local_authority="E06009990", periods=PERIODS, england=True)

    assert messages(plan) == ["Row 2, column value_pct: 150 is over 100, so it is not a percentage"]


def test_comparator_marked_as_replacing_one_of_the_same_name():
    plan = s.plan_load(
        sample(),
        column=PCT,
        local_authority="E06009990",
        periods=PERIODS,
        england=True,
        existing_comparators=["england"],
    )

    assert plan.comparators[0].replaces


# --- Columns and whole-file problems -----------------------------------------------------------------


def test_other_header_names_are_recognised():
    file = read("LA code,LA name,Year,Rate\n990,Exampleshire,2023,12.5\n991,Sampleton,2023,14\n")

    plan = s.plan_load(file, column="Rate", local_authority="990", periods=PERIODS)

    assert plan.ok, messages(plan)
    assert file.value_columns == ["Rate"]
    assert [(line.year.label, line.value) for line in plan.lines] == [("2023", Decimal("12.5"))]


def test_file_without_the_chosen_column_is_refused():
    plan = s.plan_load(
        sample(), column="ehcp_within_26_weeks_pct", local_authority="E06009990", periods=PERIODS
    )

    assert messages(plan) == [
        "Column: ehcp_20_weeks_sample.csv has no column “ehcp_within_26_weeks_pct”: its columns of figures "
        "are number_of_ehcps, ehcp_within_20_weeks, ehcp_within_20_weeks_pct"
    ]


def test_choosing_a_column_that_describes_the_rows_is_refused():
    plan = s.plan_load(sample(), column="la_name", local_authority="E06009990", periods=PERIODS)

    assert "describes the rows, not a figure" in messages(plan)[0]


def test_rows_at_other_geographic_levels_are_skipped():
    file = read(
        tidy(
            "2023,Calendar year,Local authority district,,,,E07000001,Somewhere District,50",
            "2023,Calendar year,Local authority,,,990,E06009990,Exampleshire,50",
        )
    )

    assert file.skipped == 1
    assert [la.name for la in file.local_authorities] == ["Exampleshire"]


@pytest.mark.parametrize(
    ("data", "filename", "why"),
    [
        (b"", "empty.csv", "empty.csv is empty."),
        (b"\n\n  \n", "blank.csv", "blank.csv is empty."),
        (b"PK\x03\x04rest of a workbook", "stats.csv", "stats.csv is an Excel workbook, not a CSV file"),
        (b"\x00\x01\x02binary", "stats.csv", "stats.csv is not a CSV file (it holds binary data)"),
        (
            b"2023,E06009990,Exampleshire,50\n2023,E08009991,Sampleton,60\n",
            "stats.csv",
            "stats.csv has no header row",
        ),
        (b"area,when,figure\nExampleshire,2023,50\n", "stats.csv", "stats.csv has no column for the year"),
        (HEADER.encode() + b"\n", "stats.csv", "stats.csv has a header row but no figures."),
    ],
)
def test_file_that_cannot_be_read_is_refused_saying_why(data, filename, why):
    with pytest.raises(s.StatisticsFileError) as refused:
        s.read_statistics(data, filename=filename, max_bytes=MAX)

    assert str(refused.value).startswith(why)


def test_file_over_the_size_limit_is_refused():
    with pytest.raises(
        s.StatisticsFileError, match=r"stats.csv is 2 KB: a statistics file must be smaller than 1 KB"
    ):
        s.read_statistics(b"x" * 2048, filename="stats.csv", max_bytes=1024)


def test_windows_encoded_file_and_thousands_separators_are_read():
    data = (HEADER + '\n2023,Calendar year,Local authority,,,990,E06009990,Côte Vale,"1,234"\n').encode(
        "cp1252"
    )
    file = s.read_statistics(data, filename="stats.csv", max_bytes=MAX)

    plan = s.plan_load(file, column="value_pct", local_authority="Côte Vale", periods=PERIODS)

    assert plan.lines[0].text == "1,234"
    assert "is over 100" in messages(plan)[0]  # read as 1234, a percentage column


def test_row_with_more_cells_than_the_header_is_a_problem():
    file = read(tidy("2023,Calendar year,Local authority,,,990,E06009990,Exampleshire, Borough,50"))

    assert "the row has 10 cells but the header row names 9 columns" in str(file.problems[0])
