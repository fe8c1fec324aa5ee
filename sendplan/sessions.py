"""Sessions on shared council computers: signed out after a spell without use, and at browser close.

A signed-in session remembers when it was last used (a stamp, in whole seconds since the epoch).
A request that comes more than SESSION_IDLE_TIMEOUT_MINUTES after the stamp signs the user out
(django.contrib.auth.logout) and sends them to the sign-in page, with `?next=` the page they asked for
when it was a GET of a page; the sign-in page then says why: "You were signed out because you had
not used sendplan for 30 minutes. Sign in again to carry on." A timeout of 0 turns the idle timeout off.

Choices, each for a reason:

- The stamp is written at sign-in (the `user_logged_in` signal, connected in actions/apps.py, so it
  rides on the session write signing in makes anyway) and afterwards only when it is more than
  REFRESH_AFTER (60) seconds old: a burst of requests costs at most one session write, and a page's
  query budget is not touched. The timeout is therefore honoured to within a minute.
- Only a request for a page counts as use. A request that does not accept HTML, such as the import
  progress poll (static/js/import-progress.js fetches with `Accept: application/json`), neither
  refreshes the stamp nor escapes the timeout: a page left open on a shared computer must not keep
  its session alive, nor go on showing what it shows once the session has timed out.
- The reason is kept in the fresh, signed-out session and turned into a message on the next page
  opened (a GET that accepts HTML), not on the timed-out request: if a poll is the request that
  finds the session idle, the message waits for the person's next page instead of being read by
  the poll; and someone else signing in on the same computer does not get it (signing in drops it).
- The cookie is a browser-session cookie (settings: SESSION_EXPIRE_AT_BROWSER_CLOSE = True), so
  closing the browser ends the session too. This module never calls `set_expiry`, which would turn
  it into a persistent cookie; browsers that restore session cookies on restart are still caught by
  the stamp, which the server checks whatever the cookie says.

Signing out everywhere on a password change needs nothing here: the session keeps a hash of the
password (django.contrib.auth's session auth hash), so changing it through the password change page,
a reset link or the admin ends every other session, and the password change page keeps its own.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

LAST_ACTIVITY_KEY = "sendplan_last_activity"
SIGNED_OUT_IDLE_KEY = "sendplan_signed_out_idle_minutes"
REFRESH_AFTER = 60  # seconds: the stamp is rewritten at most once a minute


def idle_timeout_minutes() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT_MINUTES)


def signed_out_message(minutes: int) -> str:
    span = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return (
        f"You were signed out because you had not used {settings.SITE_NAME} for {span}. "
        "Sign in again to carry on."
    )


def _now() -> int:
    return int(time.time())


def _is_page(request: HttpRequest) -> bool:
    """A request a person makes by opening a page or sending a form, not a script polling."""
    return request.accepts("text/html")


def stamp_sign_in(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """On `user_logged_in`: start the idle clock, in the session write signing in makes anyway."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_ACTIVITY_KEY] = _now()
    session.pop(SIGNED_OUT_IDLE_KEY, None)


class IdleTimeoutMiddleware:
    """Signs out a session idle for longer than SESSION_IDLE_TIMEOUT_MINUTES (module docstring).

    Sits after SessionMiddleware, AuthenticationMiddleware and MessageMiddleware: it reads the
    session, signs out, and leaves a message.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            response = self._check(request)
            if response is not None:
                return response
        if SIGNED_OUT_IDLE_KEY in session and request.method in ("GET", "HEAD") and _is_page(request):
            messages.info(request, signed_out_message(session.pop(SIGNED_OUT_IDLE_KEY)))
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        minutes = idle_timeout_minutes()
        if minutes <= 0:
            return None
        session = request.session
        now = _now()
        last = session.get(LAST_ACTIVITY_KEY)
        if not isinstance(last, int):
            # Signed in before this middleware was installed: start the clock now.
            session[LAST_ACTIVITY_KEY] = now
            return None
        if now - last > minutes * 60:
            logout(request)
            request.session[SIGNED_OUT_IDLE_KEY] = minutes
            login_url = resolve_url(settings.LOGIN_URL)
            if request.path == login_url:
                return None  # signed out; the sign-in page itself shows the message
            if request.method in ("GET", "HEAD") and _is_page(request):
                return redirect_to_login(request.get_full_path(), login_url)
            return HttpResponseRedirect(login_url)
        if now - last > REFRESH_AFTER and _is_page(request):
            session[LAST_ACTIVITY_KEY] = now
        return None
