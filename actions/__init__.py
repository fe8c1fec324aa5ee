"""The SEND plan, one folder per feature. Each feature is a Django app of its own (so its templates
and commands are found where they live) whose models keep the `actions` app's tables:

- plans/: plan, priority, objective, action; who may see them; their history; the plan revision.
- cycle/: reporting periods, position statements, RAG ratings, reminders, the second key, due
  dates, and the pages that show how a plan is doing.
- measures/: impact measures, their trajectories, actual figures term by term, their RAG
  ratings (two-key) and benchmarks.
- importing/: a council's spreadsheet in, a plan out.
- devdata/: the demo and synthetic plans for development and benchmarks; nothing in production
  uses it.

Each holds the same files where it needs them: models, access, services (writes), selectors
(reads), forms, views, urls, tasks, templates/, management/commands/. Dependencies run one way,
plans ← cycle ← measures ← importing (and reports), as tests/test_architecture.py checks.
"""
