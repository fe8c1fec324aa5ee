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
]
