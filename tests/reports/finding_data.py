"""An area SEND inspection of the board plan (tests/factories.py make_board_plan), its findings known by
hand, for the monitoring pack, the board pack's findings section, the dashboard and the priority action
plan workbook:

- API 1, directed to Boardshire Council: actions 1.1.a (Red, Red) and 1.1.b (newly Red in Summer);
- API 2, directed to Boardshire ICB: objective 1.2, so 1.2.a Green, 1.2.b Green, 1.2.c Blue, 1.2.d Not
  rated; the "Mixed actions" measure evidences none of them, "On track" 1.2.b (Green, 61%);
- AFI 1, directed to the Parent Carer Forum: action 1.3.b (Amber, overdue), led by the council: a
  finding directed to a partner that leads none of its actions;
- AFI 2: no action answers it.
"""

import datetime

from actions.findings.models import Finding, FindingKind, Inspection, Outcome

from .measure_data import add_figure, make_measure

SPRING, SUMMER = 1, 2

FINDING_TEXT = {
    "API 1": "Leaders across education, health and care must urgently improve the timeliness and quality "
    "of education, health and care needs assessments and plans.",
    "API 2": "Leaders must improve the identification and assessment of children's needs in the early years.",
    "AFI 1": "Leaders should work with the parent carer forum to co-produce the Local Offer.",
    "AFI 2": "Leaders should improve how young people are prepared for adulthood.",
}


def inspect_board_plan(board) -> dict[str, Finding]:
    """Adds the inspection and its four findings to the board plan; returns the findings by reference."""
    inspection = Inspection.objects.create(
        plan=board.plan,
        kind=Inspection.Kind.FULL,
        framework="2023",
        visit_start=datetime.date(2025, 6, 2),
        visit_end=datetime.date(2025, 6, 6),
        outcome=Outcome.SYSTEMIC,
        published_on=datetime.date(2025, 7, 21),
    )
    findings = {}
    for order, (reference, text) in enumerate(FINDING_TEXT.items(), 1):
        kind = FindingKind.PRIORITY_ACTION if reference.startswith("API") else FindingKind.IMPROVEMENT
        findings[reference] = Finding.objects.create(
            inspection=inspection, reference=reference, kind=kind, text=text, order=order
        )
    findings["API 1"].partners.add(board.partners.council)
    findings["API 1"].actions.add(board.actions["1.1.a"], board.actions["1.1.b"])
    findings["API 2"].partners.add(board.partners.icb)
    findings["API 2"].objectives.add(board.actions["1.2.a"].objective)
    findings["AFI 1"].partners.add(board.partners.forum)
    findings["AFI 1"].actions.add(board.actions["1.3.b"])
    on_track = make_measure(board.plan, name="Plans issued within 20 weeks", actions=[board.actions["1.2.b"]])
    add_figure(on_track, board.periods[SUMMER], "61")
    board.inspection = inspection
    board.findings = findings
    return findings
