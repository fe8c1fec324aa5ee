from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from actions.cycle.views import pages as cycle_pages

from .forms import SignInForm

admin.site.site_header = "sendplan administration"
admin.site.site_title = "sendplan"

urlpatterns = [
    path("", cycle_pages.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actions.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
