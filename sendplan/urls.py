from django.contrib import admin
from django.urls import include, path

from actions import views as action_views

admin.site.site_header = "sendplan administration"
admin.site.site_title = "sendplan"

urlpatterns = [
    path("", action_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actions.urls")),
    path("admin/", admin.site.urls),
]
