"""Inspection findings traced to the actions that answer them.

Most SEND improvement plans exist because an Ofsted/CQC area SEND inspection said so. An inspection
of the plan's local area sets out findings (areas for priority action and for improvement under the
2023 framework; written statement of action and accelerated progress plan items under the earlier
one), each directed to the partners that must act. Linking every finding to the objectives and
actions that answer it lets a board, an adviser or an inspector ask of each finding: what are we
doing, who leads it, is it on track, and what shows impact (`selectors.coverage`).
"""
