"""Loading a measure's figures, and England's and its region's as comparators, from a published
statistics file: upload, preview (choose the column and the local authority; see what each year does),
confirm. Plan administrators only.

Between the steps the file waits in the default storage (MEDIA_ROOT) under a random name, carried
by a signed token in the form: nothing about it is in the database, and a token cannot name another
measure's upload or any other file. Query budgets include the session, the user and the role (3).
"""

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions.plans.access import member_required, require_plan_admin

from .. import access, selectors, services, statistics
from ..forms import StatisticsChoiceForm, StatisticsUploadForm
from ..models import Measure

SALT = "actions.measures.statistics"
FOLDER = "statistics-uploads"
KEEP = timedelta(days=1)  # an upload not confirmed within a day is forgotten
CHOICE_FIELDS = {"Column": "column", "Local authority": "local_authority"}


def _max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def _plan_admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with a role (else the sign-in page, or 403), and a plan administrator (else 403)."""

    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_plan_admin(request.user, access.MEASURE_ADMIN_REFUSAL)
        return view(request, *args, **kwargs)

    return wrapper


class UploadGone(Exception):
    """The token does not name an upload that is still kept for this measure."""


def _keep(measure: Measure, data: bytes, filename: str) -> str:
    """Keep the upload until it is confirmed; return the signed token that names it."""
    _forget_stale()
    stored = default_storage.save(f"{FOLDER}/{secrets.token_urlsafe(24)}.csv", ContentFile(data))
    return signing.dumps({"file": stored, "measure": measure.pk, "name": filename}, salt=SALT)


def _forget_stale() -> None:
    """Delete uploads left unconfirmed for longer than KEEP (nobody will come back for them)."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            continue


def _unpack(token: str, measure: Measure) -> tuple[str, str]:
    """(stored name, the file's own name) of the upload the token names, or UploadGone saying why."""
    try:
        found = signing.loads(token, salt=SALT, max_age=KEEP)
    except signing.SignatureExpired as error:
        raise UploadGone("The file was uploaded more than a day ago: upload it again.") from error
    except signing.BadSignature as error:
        raise UploadGone("The uploaded file could not be found: upload it again.") from error
    stored = str(found.get("file", ""))
    if found.get("measure") != measure.pk or not stored.startswith(f"{FOLDER}/") or ".." in stored:
        raise UploadGone("That upload is for another measure: upload the file for this one.")
    if not default_storage.exists(stored):
        raise UploadGone("The uploaded file is no longer kept: upload it again.")
    return stored, str(found.get("name", "")) or "The file"


def _read(token: str, measure: Measure) -> tuple[statistics.StatisticsFile, str]:
    stored, filename = _unpack(token, measure)
    with default_storage.open(stored, "rb") as kept:
        data = kept.read()
    try:
        return statistics.read_statistics(data, filename=filename, max_bytes=_max_bytes()), stored
    except statistics.StatisticsFileError as error:  # (read when uploaded: only if settings changed)
        raise UploadGone(str(error)) from error


def _back_to_upload(request: HttpRequest, measure: Measure, why: str) -> HttpResponse:
    messages.error(request, why)
    return redirect("actions:measure-statistics", pk=measure.pk)


def _get_measure(request: HttpRequest, pk: int) -> Measure:
    return access.get_measure_for_user(request.user, pk)


@_plan_admin_view
def measure_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a published statistics file for the measure. Queries: 4 (GET)."""
    measure = _get_measure(request, pk)
    posted = request.method == "POST"
    form = StatisticsUploadForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=_max_bytes()
    )
    if posted and form.is_valid():
        assert form.statistics_file is not None  # (read by clean_file)
        token = _keep(measure, form.data_bytes, form.statistics_file.filename)
        return redirect(f"{reverse('actions:measure-statistics-preview', args=[measure.pk])}?token={token}")
    return render(
        request,
        "measures/statistics_upload.html",
        {"measure": measure, "plan": measure.plan, "form": form, "nav_current": "actions:plan-list"},
    )


def _choice_initial(file: statistics.StatisticsFile, token: str) -> dict:
    levels = {row.level for row in file.rows}
    return {
        "token": token,
        "column": file.value_columns[0] if len(file.value_columns) == 1 else "",
        "england": statistics.Level.NATIONAL in levels,
        "region": statistics.Level.REGIONAL in levels,
    }


def _plan_for(
    measure: Measure, file: statistics.StatisticsFile, form: StatisticsChoiceForm
) -> statistics.LoadPlan:
    data = form.cleaned_data
    load = selectors.statistics_plan(
        measure=measure,
        statistics_file=file,
        column=data["column"],
        local_authority=data["local_authority"],
        england=data["england"],
        region=data["region"],
    )
    # Problems with a choice belong on its field; the file's own are listed by row.
    for problem in load.problems:
        if problem.row is None and problem.column in CHOICE_FIELDS:
            form.add_error(CHOICE_FIELDS[problem.column], problem.message[:1].upper() + problem.message[1:])
    return load


def _render_preview(
    request: HttpRequest,
    measure: Measure,
    file: statistics.StatisticsFile,
    form: StatisticsChoiceForm,
    load: statistics.LoadPlan | None,
    refused: list[str] | None = None,
) -> HttpResponse:
    problems = statistics.problems_by_row(
        [
            p
            for p in (load.problems if load else file.problems)
            if not (p.row is None and p.column in CHOICE_FIELDS)
        ]
    )
    loadable = bool(load and load.ok and (load.to_load or any(s.points for s in load.comparators)))
    return render(
        request,
        "measures/statistics_preview.html",
        {
            "measure": measure,
            "plan": measure.plan,
            "file": file,
            "form": form,
            "load": load,
            "problems": problems,
            "refused": refused or [],
            "loadable": loadable,
            "nav_current": "actions:plan-list",
        },
    )


@_plan_admin_view
def measure_statistics_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the column and the local authority, and see what each year would do. Queries: 7,
    whatever the file's size."""
    measure = _get_measure(request, pk)
    token = request.GET.get("token", "")
    if not token:
        return _back_to_upload(request, measure, "Upload the statistics file first.")
    try:
        file, _stored = _read(token, measure)
    except UploadGone as gone:
        return _back_to_upload(request, measure, str(gone))
    chosen = "column" in request.GET
    form = StatisticsChoiceForm(
        request.GET if chosen else None, initial=_choice_initial(file, token), statistics_file=file
    )
    load = _plan_for(measure, file, form) if chosen and form.is_valid() else None
    return _render_preview(request, measure, file, form, load)


@_plan_admin_view
@require_POST
def measure_statistics_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Load the figures as previewed, all or nothing; then forget the upload."""
    measure = _get_measure(request, pk)
    try:
        file, stored = _read(request.POST.get("token", ""), measure)
    except UploadGone as gone:
        return _back_to_upload(request, measure, str(gone))
    form = StatisticsChoiceForm(request.POST, statistics_file=file)
    if not form.is_valid():
        return _render_preview(request, measure, file, form, None)
    data = form.cleaned_data
    try:
        load = services.measure_statistics_load(
            user=request.user,
            measure=measure,
            statistics_file=file,
            column=data["column"],
            local_authority=data["local_authority"],
            england=data["england"],
            region=data["region"],
        )
    except ValidationError as exc:
        return _render_preview(request, measure, file, form, _plan_for(measure, file, form), exc.messages)
    default_storage.delete(stored)
    loaded = len(load.to_load)
    series = [s.name for s in load.comparators if s.points]
    area = load.local_authority.name if load.local_authority else data["local_authority"]
    parts = [f"{loaded} figure{pluralize(loaded)} of {area}"] if loaded else []
    if series:
        parts.append(f"{' and '.join(series)} as comparator{pluralize(len(series))}")
    awaits = " Each figure’s RAG rating awaits confirmation." if loaded else ""
    messages.success(request, f"Loaded {' and '.join(parts)} from {file.filename}.{awaits}")
    return redirect(reverse("actions:measure-detail", args=[measure.pk]))
