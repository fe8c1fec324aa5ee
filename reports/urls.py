from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("plans/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/accountability/", views.accountability, name="accountability"),
]
