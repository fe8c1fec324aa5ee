"""Pasted findings split into (reference, kind, text) as a report or a council's paper lays them out."""

import pytest

from actions.findings.paste import kind_of_reference, normalise_reference, split_findings

API, AFI = "priority_action", "improvement"


def _split(text: str, **options) -> list[tuple[str, str, str]]:
    preview = split_findings(text, **options)
    assert preview.problems == []
    return [(f.reference, f.kind, f.text) for f in preview.findings]


def test_labelled_findings_keep_their_references_and_say_their_kind():
    text = (
        "API 1: The local area partnership must urgently improve the timeliness of EHC plans.\n"
        "AFI 3 - Leaders should improve the Local Offer.\n"
        "AFI 2 – Leaders should strengthen transition planning.\n"
        "api4 — Leaders must act on waiting times.\n"
    )
    assert _split(text) == [
        ("API 1", API, "The local area partnership must urgently improve the timeliness of EHC plans."),
        ("AFI 3", AFI, "Leaders should improve the Local Offer."),
        ("AFI 2", AFI, "Leaders should strengthen transition planning."),
        ("API 4", API, "Leaders must act on waiting times."),
    ]


def test_long_labels_give_the_kind_and_the_number():
    text = (
        "Area for priority action 1 Leaders must improve joint commissioning.\n"
        "Area for improvement 2: Leaders should improve annual reviews.\n"
        "Area for improvement: Leaders should listen to children.\n"
    )
    assert _split(text) == [
        ("API 1", API, "Leaders must improve joint commissioning."),
        ("AFI 2", AFI, "Leaders should improve annual reviews."),
        ("AFI 3", AFI, "Leaders should listen to children."),
    ]


def test_numbered_paragraphs_under_headings_take_the_headings_kind_and_wrapped_lines_continue():
    text = (
        "Areas for priority action\n"
        "\n"
        "1. Leaders across the partnership must urgently improve the timeliness\n"
        "of EHC needs assessments.\n"
        "\n"
        "2) Leaders must improve the quality of EHC plans.\n"
        "\n"
        "Areas for improvement:\n"
        "(1) Leaders should improve the Local Offer,\n"
        "    so that families can find it.\n"
    )
    assert _split(text) == [
        (
            "API 1",
            API,
            "Leaders across the partnership must urgently improve the timeliness of EHC needs assessments.",
        ),
        ("API 2", API, "Leaders must improve the quality of EHC plans."),
        ("AFI 1", AFI, "Leaders should improve the Local Offer, so that families can find it."),
    ]


def test_numbered_findings_without_a_heading_take_the_kind_chosen():
    assert _split("1. Leaders should act.\n2. Leaders should listen.", default_kind=AFI) == [
        ("AFI 1", AFI, "Leaders should act."),
        ("AFI 2", AFI, "Leaders should listen."),
    ]


def test_bullets_are_findings_when_nothing_is_numbered():
    text = "• Leaders should act.\n- Leaders should listen.\n* Leaders should\n  follow up.\n"
    assert _split(text, default_kind=AFI) == [
        ("AFI 1", AFI, "Leaders should act."),
        ("AFI 2", AFI, "Leaders should listen."),
        ("AFI 3", AFI, "Leaders should follow up."),
    ]


def test_bullets_under_a_numbered_finding_are_its_sub_points():
    text = "API 1: Leaders must:\n- improve timeliness\n- improve quality\nAPI 2: Leaders must listen."
    assert _split(text) == [
        ("API 1", API, "Leaders must:\n- improve timeliness\n- improve quality"),
        ("API 2", API, "Leaders must listen."),
    ]


def test_plain_lines_are_one_finding_each():
    assert _split("Leaders should act.\nLeaders should listen.", default_kind=AFI) == [
        ("AFI 1", AFI, "Leaders should act."),
        ("AFI 2", AFI, "Leaders should listen."),
    ]


def test_a_blank_line_anywhere_makes_paragraphs_the_findings():
    assert _split("Leaders should act.\n\nLeaders should listen.\nand review.", default_kind=AFI) == [
        ("AFI 1", AFI, "Leaders should act."),
        ("AFI 2", AFI, "Leaders should listen. and review."),
    ]


def test_plain_paragraphs_between_blank_lines_are_one_finding_each():
    text = (
        "Areas for improvement\n\n"
        "Leaders should improve the Local Offer\nso that families can find it.\n\n\n"
        "Leaders should improve annual reviews.\n"
    )
    assert _split(text) == [
        ("AFI 1", AFI, "Leaders should improve the Local Offer so that families can find it."),
        ("AFI 2", AFI, "Leaders should improve annual reviews."),
    ]


def test_numbering_continues_after_the_inspections_findings():
    preview = split_findings("- Leaders should act.", default_kind=AFI, taken=["AFI 1", "AFI 2", "API 1"])
    assert [f.reference for f in preview.findings] == ["AFI 3"]


def test_a_reference_given_twice_or_already_taken_is_a_problem_naming_its_line():
    preview = split_findings("API 1: Act.\nAPI 1: Act again.\nAFI 1: Listen.", taken=["afi 1"])
    assert preview.problems == [
        "Line 2 (API 1): API 1 is given twice (first on line 1)",
        "Line 3 (AFI 1): the inspection already has a finding AFI 1",
    ]
    assert not preview.ok


def test_a_kind_that_cannot_be_told_is_a_problem():
    preview = split_findings("1. Leaders should act.")
    assert preview.problems == [
        "Line 1: say what kind of finding “Leaders should act.” is: start it “API 1” or “AFI 1”, put it "
        "under a heading such as “Areas for improvement”, or choose the kind"
    ]


def test_a_kind_the_framework_does_not_set_out_is_a_problem():
    preview = split_findings("API 1: Act.", framework="2016")
    assert preview.problems == [
        "Line 1 (API 1): Under the earlier (2016) framework a finding is a written statement of action item "
        "or an accelerated progress plan item"
    ]
    assert _split("WSOA 1: Act.\nAPP 2: Review.", framework="2016") == [
        ("WSOA 1", "written_statement", "Act."),
        ("APP 2", "accelerated_progress", "Review."),
    ]


def test_a_finding_without_text_and_a_stray_line_are_problems():
    preview = split_findings("The inspection found:\nAPI 1:\nAPI 2: Act.")
    assert preview.problems == [
        "Line 1: “The inspection found:” does not start a finding: label it (“AFI 1: …”), number it "
        "(“1. …”) or remove it",
        "Line 2 (API 1): the finding has no text",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_nothing_pasted_is_a_problem(text):
    assert split_findings(text).problems == [
        "Paste at least one finding, one a line or one a numbered paragraph"
    ]


def test_a_wrapped_line_starting_with_a_year_does_not_start_a_finding():
    assert _split("API 1: Leaders must act by\n2026. They must also report.") == [
        ("API 1", API, "Leaders must act by 2026. They must also report.")
    ]


def test_references_are_written_as_reports_write_them():
    assert normalise_reference(" api1 ") == "API 1"
    assert normalise_reference("AFI   3") == "AFI 3"
    assert normalise_reference("Finding  B") == "Finding B"
    assert kind_of_reference("wsoa 2") == "written_statement"
    assert kind_of_reference("Finding B") == ""
