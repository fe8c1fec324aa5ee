"""Reporting periods: the plan's list, opening, progress and reminders, closing and reopening; and
each person's choice of reminder emails.

Query budgets include the session, the user and the role (3).
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from actions.roles import role_for
from sendplan.concurrency import Difference
from sendplan.forms import add_errors, save_or_show

from .. import access, selectors, services
from ..access import plan_admin_required
from ..filters import parse_pk
from ..forms import PeriodReopenForm, PeriodSettingsForm, ReminderSettingsForm, ReportingPeriodForm


@member_required
def period_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's reporting periods with how many actions have a statement in each. Queries: 5."""
    plan = plan_access.get_plan_for_user(request.user, pk)
    periods = selectors.period_list(plan)
    return render(
        request,
        "cycle/periods/period_list.html",
        {
            "plan": plan,
            "periods": periods,
            "open_period": next((p for p in periods if p.is_open), None),
            "is_plan_admin": role_for(request.user).is_plan_admin,
            "nav_current": "actions:plan-list",
        },
    )


@plan_admin_required
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a new reporting period for the plan. Queries: 5 (GET)."""
    plan = plan_access.get_plan_for_user(request.user, pk)
    open_period = plan.periods.open().first()
    if request.method == "POST":
        form = ReportingPeriodForm(request.POST)
        if form.is_valid():
            try:
                period = services.period_open(user=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{period.name} is open for updates. Position statements are due by "
                    f"{period.closes_on:%-d %B %Y}.",
                )
                return redirect("actions:period-progress", pk=period.pk)
    else:
        form = ReportingPeriodForm()
    return render(
        request,
        "cycle/periods/period_form.html",
        {"plan": plan, "form": form, "open_period": open_period, "nav_current": "actions:plan-list"},
    )


@plan_admin_required
def period_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a period's name, as-at date or deadline. Queries: 5 (GET)."""
    period = access.get_period_for_user(request.user, pk)
    conflict: dict = {}
    if request.method == "POST":
        form = PeriodSettingsForm(request.POST)
        if form.is_valid():
            save = partial(services.period_settings_change, user=request.user, period=period)
            saved, conflict = save_or_show(form, save, _period_differences)
            if saved is not None:
                messages.success(request, f"{saved.name}: settings saved.")
                return redirect("actions:period-progress", pk=period.pk)
    else:
        form = PeriodSettingsForm(
            initial={
                "name": period.name,
                "as_at": period.as_at,
                "closes_on": period.closes_on,
                "version": period.version,
            }
        )
    return render(
        request,
        "cycle/periods/period_settings.html",
        {
            "period": period,
            "plan": period.plan,
            "form": form,
            "nav_current": "actions:plan-list",
            "keep_theirs_url": reverse("actions:period-progress", args=[period.pk]),
            **conflict,
        },
        status=409 if conflict else 200,
    )


def _period_differences(saved, typed: dict) -> list[Difference]:
    def day(value) -> str:
        return f"{value:%-d %B %Y}" if value else "Not set"

    return [
        Difference("Name", saved.name, typed.get("name", "")),
        Difference("As at", day(saved.as_at), day(typed.get("as_at"))),
        Difference("Updates due by", day(saved.closes_on), day(typed.get("closes_on"))),
    ]


@plan_admin_required
def period_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has written their statements, by lead person and partner, with reminders. Queries: 11."""
    period = access.get_period_for_user(request.user, pk)
    return render(
        request,
        "cycle/periods/period_progress.html",
        {
            "page": selectors.period_progress(period, page_number=request.GET.get("page")),
            "period": period,
            "plan": period.plan,
            "nav_current": "actions:plan-list",
        },
    )


@plan_admin_required
@require_POST
def period_remind(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Send one lead a reminder about their actions without a statement."""
    period = access.get_period_for_user(request.user, pk)
    person = access.get_lead_for_period(period, person_pk)
    try:
        outcome = services.period_remind_person(user=request.user, period=period, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        (messages.success if outcome.sent else messages.info)(request, outcome.message)
    # Back to the page of leads the button was on (a reminder moves nobody to another page).
    page_number = parse_pk(request.POST.get("page", ""))
    query = f"?page={page_number}" if page_number and page_number > 1 else ""
    return redirect(reverse("actions:period-progress", args=[period.pk]) + f"{query}#lead-{person.pk}")


@plan_admin_required
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and close (POST) an open period. Queries: 6 (GET)."""
    period = access.get_period_for_user(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            written = services.period_close(user=request.user, period=period)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"{period.name} is closed. {written} action{pluralize(written)} without a position statement "
                f"{pluralize(written, 'is,are')} recorded as “No update”.",
            )
            return redirect("actions:period-list", pk=period.plan_id)
    return render(
        request,
        "cycle/periods/period_close.html",
        {
            "period": period,
            "plan": period.plan,
            "summary": selectors.period_summary(period),
            "error": error,
            "nav_current": "actions:plan-list",
        },
        status=400 if error else 200,
    )


@plan_admin_required
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed or published period, with a reason. Queries: 7 (GET)."""
    period = access.get_period_for_user(request.user, pk)
    other_open = period.plan.periods.open().exclude(pk=period.pk).first()
    if request.method == "POST":
        form = PeriodReopenForm(request.POST)
        if form.is_valid():
            try:
                services.period_reopen(user=request.user, period=period, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{period.name} is open for updates again.")
                return redirect("actions:period-progress", pk=period.pk)
    else:
        form = PeriodReopenForm()
    return render(
        request,
        "cycle/periods/period_reopen.html",
        {
            "period": period,
            "plan": period.plan,
            "form": form,
            "other_open": other_open,
            "summary": selectors.period_summary(period),
            "nav_current": "actions:plan-list",
        },
    )


@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """Turn one's own reminder emails on or off. Queries: 4 (GET)."""
    person = plan_access.person_for(request.user)
    if request.method == "POST" and person is not None:
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            services.person_reminders_set(
                user=request.user, person=person, receives_reminders=form.cleaned_data["receives_reminders"]
            )
            messages.success(
                request,
                "You will get reminder emails when your position statements are due."
                if person.receives_reminders
                else "You will not get reminder emails.",
            )
            return redirect("actions:reminder-settings")
    else:
        form = ReminderSettingsForm(
            initial={"receives_reminders": person.receives_reminders if person else False}
        )
    return render(request, "cycle/periods/reminder_settings.html", {"form": form, "person": person})
