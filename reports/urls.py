from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("plans/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/accountability/", views.accountability, name="accountability"),
    path("plans/<int:pk>/priority-action-plan.xlsx", views.priority_action_plan, name="priority-action-plan"),
    path("plans/<int:pk>/packs/", views.pack_list, name="pack-list"),
    path("plans/<int:pk>/packs/new/", views.pack_create, name="pack-create"),
    path("packs/<int:pk>/", views.pack_detail, name="pack-detail"),
    path("packs/<int:pk>/edit/", views.pack_edit, name="pack-edit"),
    path("packs/<int:pk>/preview/", views.pack_preview, name="pack-preview"),
    path("packs/<int:pk>/publish/", views.pack_publish, name="pack-publish"),
    path("packs/<int:pk>/download/<str:fmt>/", views.pack_download, name="pack-download"),
]
