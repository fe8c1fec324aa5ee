"""The benchmark's URLconf: the whole site, plus a trivial page to compare every page against.

`trivial` costs what any signed-in page costs before it does its own work: the middleware, the session
and the user. A page's time divided by this one's is its own cost, whatever the machine.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

import sendplan.urls


@login_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("trivial/", trivial, name="bench-trivial"), *sendplan.urls.urlpatterns]
