"""Importing a council's own plan spreadsheet, and exporting a plan in the same shape.

    plan = parse_workbook(upload, filename=upload.name)   # actions.importing.parse
    plan.mapping            # column → field, shown in the preview; plan.mapping.with_override("C", "action")
    plan.counts             # priorities, objectives, actions, statements...
    plan.problems           # block the import (each with sheet, row, column, reason)
    plan.warnings           # shown and kept

Modules, in the order a file travels through them:
- reader.py: bytes → sheets of values, fills and bold, behind the guard rails (size, encryption, zip
  bomb, formulas);
- tables.py: which sheets hold the plan (one, or several laid out alike) and their header rows;
- mapping.py: the header row → a `ColumnMapping` the user can override;
- values.py and names.py: what a cell's words mean (due dates, RAG ratings, refs, periods; people and
  partners); splitting.py: a cell cut into actions, a statement into lines;
- parse.py: rows → the `ParsedPlan` tree (parsed.py), following the user's corrections.py;
- faithfulness.py: what each row was read as, and any text the plan keeps nowhere;
- measures.py: the "Measures", "Measure figures" and "Comparators" sheets (told by their headers,
  never read as the plan) → the plan's measures, checked by the measures' own rules;
- commit.py: a ParsedPlan saved atomically, with history (a new plan, or an update in place), its
  measures by commit_measures.py in the same transaction;
- preview.py: the plain data the preview and the report pages show.
The feature's own pages sit beside them as in every feature folder: models.py (PlanImport),
services.py, tasks.py (reading and saving in the background), forms, views, urls, templates.
This package imports nothing at load time: Django loads it as an app before the models.
"""
