from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/import/", views.plan_import_new, name="import-new"),
    path("plans/<int:pk>/import/", views.plan_import_into, name="import-into"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/status/", views.import_status, name="import-status"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/changes/", views.action_changes, name="action-changes"),
    path("actions/<int:pk>/periods/<int:period_pk>/statement/", views.statement_form, name="statement-form"),
    path("my-actions/", views.my_actions, name="my-actions"),
    # Reporting periods and reminders
    path("plans/<int:pk>/periods/", views.period_list, name="period-list"),
    path("plans/<int:pk>/periods/new/", views.period_open, name="period-open"),
    path("periods/<int:pk>/progress/", views.period_progress, name="period-progress"),
    path("periods/<int:pk>/remind/<int:person_pk>/", views.period_remind, name="period-remind"),
    path("periods/<int:pk>/close/", views.period_close, name="period-close"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period-reopen"),
    path("account/reminders/", views.reminder_settings, name="reminder-settings"),
    # Ratings, carrying forward, due dates
    path(
        "actions/<int:pk>/periods/<int:period_pk>/carry-forward/",
        views.statement_carry_forward,
        name="statement-carry-forward",
    ),
    path("actions/<int:pk>/due-date/", views.due_date_change, name="due-date-change"),
    path("plans/<int:pk>/ratings/", views.ratings_to_confirm, name="ratings-to-confirm"),
    path("statements/<int:pk>/confirm/", views.rating_confirm, name="rating-confirm"),
]
