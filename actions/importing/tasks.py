"""Background work for imports: reading a large workbook and saving its plan take seconds.

Run the worker with `python manage.py db_worker` (django-tasks-db); tests run tasks at once. Each
task records its progress on the `PlanImport`, which the import page shows.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.tasks import task
from django.utils import timezone

from .commit import ImportReport, plan_import
from .corrections import Corrections
from .layouts import layout_apply, layout_for, layout_remember
from .models import PlanImport
from .parse import parse_workbook
from .parsed import ParsedPlan
from .preview import preview_of, report_data
from .reader import ImportProblem

log = logging.getLogger(__name__)


PLAN_DELETED = "The plan this file was to update has been deleted, so nothing was imported."


def _parse(record: PlanImport) -> ParsedPlan:
    """Read the stored file with the chosen sheet, mapping and corrections, recording rows read as it
    goes."""

    def progress(done: int, total: int) -> None:  # called every 100 rows by the parser
        PlanImport.objects.filter(pk=record.pk).update(done=done, total=total)

    with record.file.open("rb") as stored:
        data = stored.read()
    return parse_workbook(
        data,
        filename=record.filename,
        sheet=record.sheet or None,
        mapping_overrides=record.overrides or None,
        corrections=Corrections.from_json(record.corrections),
        progress=progress,
    )


def _fail(record: PlanImport, state: str, message: str) -> None:
    PlanImport.objects.filter(pk=record.pk).update(state=state, error=message[:4000])


def _plan_gone(record: PlanImport) -> bool:
    """An update whose plan was deleted since the upload (PlanImport.plan is SET_NULL).

    With no plan to pass, the preview would read the file as a new plan and the save would create
    one instead of updating: both tasks refuse it instead.
    """
    return record.into_existing_plan and record.plan is None


@dataclass(frozen=True)
class _ImportStep[T]:
    """One task's part in an import, done only while the import is `waiting` for it.

    Whatever stops it leaves the import `failed`, with the reason the officer needs: the plan was
    deleted, the file does not read, the plan would refuse it, or a crash (`crash`, and logged).
    """

    waiting: str
    failed: str
    work: Callable[[PlanImport], T]  # everything that may fail: reading the file, saving the plan
    store: Callable[[PlanImport, T], None]  # records what `work` made on the import
    crash: str
    log_message: str

    def run(self, import_id: int) -> None:
        record = PlanImport.objects.select_related("plan", "created_by").get(pk=import_id)
        if record.state != self.waiting:
            return
        if _plan_gone(record):
            _fail(record, self.failed, PLAN_DELETED)
            return
        try:
            made = self.work(record)
        except ImportProblem as problem:
            _fail(record, self.failed, str(problem))
            return
        except ValidationError as error:
            # The file reads, but the plan would refuse it (say, an item's new ref taken by a sibling):
            # the officer needs that reason to fix the file, and it is not a crash to log.
            _fail(record, self.failed, "; ".join(error.messages))
            return
        except Exception:
            log.exception(self.log_message, import_id)
            _fail(record, self.failed, self.crash)
            return
        self.store(record, made)


def _first_reading(record: PlanImport) -> bool:
    return record.preview is None and not (record.overrides or record.corrections or record.layout_applied)


def _preview(record: PlanImport) -> dict:
    """The file as it would be imported and, for a re-import, what would change (a dry run).

    On the first reading of an upload whose layout was imported before, the choices made then are
    applied, and the file read again with them.
    """
    parsed = _parse(record)
    if _first_reading(record) and (layout := layout_for(parsed)) is not None:
        layout_apply(record, layout)
        parsed = _parse(record)
    preview = preview_of(parsed, Corrections.from_json(record.corrections))
    if record.into_existing_plan and not parsed.problems:
        changes = plan_import(parsed=parsed, user=record.created_by, plan=record.plan, dry_run=True)
        preview["changes"] = report_data(changes)
    return preview


def _store_preview(record: PlanImport, preview: dict) -> None:
    PlanImport.objects.filter(pk=record.pk, state=PlanImport.State.READING).update(
        state=PlanImport.State.READY, preview=preview, error=""
    )


def _save(record: PlanImport) -> tuple[ImportReport, ParsedPlan]:
    parsed = _parse(record)
    report = plan_import(
        parsed=parsed,
        user=record.created_by,
        plan=record.plan if record.into_existing_plan else None,
        title=record.title or None,
        local_area=record.local_area,
    )
    return report, parsed


def _store_report(record: PlanImport, made: tuple[ImportReport, ParsedPlan]) -> None:
    """The report, with how faithfully the sheet became the plan; and the choices made in the
    preview, remembered for the next upload of this layout."""
    report, parsed = made
    PlanImport.objects.filter(pk=record.pk).update(
        state=PlanImport.State.DONE,
        plan=report.plan,
        report=report_data(report, parsed),
        imported_at=timezone.now(),
        error="",
    )
    try:  # the plan is saved: failing to remember its choices must not report the import as failed
        layout_remember(parsed=parsed, record=record, user=record.created_by)
    except Exception:
        log.exception("Remembering the layout of import %s failed", record.pk)


_READ = _ImportStep(
    waiting=PlanImport.State.READING,
    failed=PlanImport.State.UNREADABLE,
    work=_preview,
    store=_store_preview,
    crash="Something went wrong while reading the file.",
    log_message="Reading import %s failed",
)
_SAVE = _ImportStep(
    waiting=PlanImport.State.SAVING,
    failed=PlanImport.State.FAILED,
    work=_save,
    store=_store_report,
    crash="Something went wrong while saving the plan.",
    log_message="Import %s failed",
)


@task
def plan_import_read(import_id: int) -> None:
    """Read the upload and store its preview (and, for a re-import, what would change)."""
    _READ.run(import_id)


@task
def plan_import_save(import_id: int) -> None:
    """Save the confirmed import, all or nothing, and store its report."""
    _SAVE.run(import_id)
