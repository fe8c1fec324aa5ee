from django.urls import path

from .views import pages, periods, ratings, statements

# Named in the `actions` namespace (actions/urls.py): actions:plan-detail, actions:period-list...
urlpatterns = [
    path("plans/", pages.plan_list, name="plan-list"),
    path("plans/<int:pk>/", pages.plan_detail, name="plan-detail"),
    path("actions/", pages.action_list, name="action-list"),
    path("actions/<int:pk>/", pages.action_detail, name="action-detail"),
    path("actions/<int:pk>/changes/", pages.action_changes, name="action-changes"),
    path("my-actions/", pages.my_actions, name="my-actions"),
    path(
        "actions/<int:pk>/periods/<int:period_pk>/statement/",
        statements.statement_form,
        name="statement-form",
    ),
    path(
        "actions/<int:pk>/periods/<int:period_pk>/carry-forward/",
        statements.statement_carry_forward,
        name="statement-carry-forward",
    ),
    path("plans/<int:pk>/periods/", periods.period_list, name="period-list"),
    path("plans/<int:pk>/periods/new/", periods.period_open, name="period-open"),
    path("periods/<int:pk>/progress/", periods.period_progress, name="period-progress"),
    path("periods/<int:pk>/remind/<int:person_pk>/", periods.period_remind, name="period-remind"),
    path("periods/<int:pk>/settings/", periods.period_settings, name="period-settings"),
    path("periods/<int:pk>/close/", periods.period_close, name="period-close"),
    path("periods/<int:pk>/reopen/", periods.period_reopen, name="period-reopen"),
    path("account/reminders/", periods.reminder_settings, name="reminder-settings"),
    path("actions/<int:pk>/due-date/", ratings.due_date_change, name="due-date-change"),
    path("plans/<int:pk>/ratings/", ratings.ratings_to_confirm, name="ratings-to-confirm"),
    path("statements/<int:pk>/confirm/", ratings.rating_confirm, name="rating-confirm"),
]
