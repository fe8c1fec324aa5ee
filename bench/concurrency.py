"""Press the same buttons at once, on gunicorn and PostgreSQL: does anything get lost, doubled or break?

    .venv/bin/python bench/concurrency.py [--workers 4] [--timeout 300] [--postgres URL]

Run by hand (issue 16), never in the test suite. It makes its own PostgreSQL database
(sendplan_bench_concurrency_<pid>, on --postgres's server: by default postgres@127.0.0.1:5432 with trust
auth), migrates it and loads the demo (`manage.py load_demo`), starts gunicorn with production settings
(DEBUG off) on a free local port, and then, over HTTP as browsers would, with every burst of requests
released at once by a barrier:

1. 20 saves of one position statement at once, by its lead officer and the plan administrator, each on
   a form opened before any of them saved (and 20 first saves of a statement nobody had written yet);
2. 20 confirmations of one proposed rating at once, by the plan administrator;
3. "Publish" on one draft pack pressed 10 times at once;
4. 50 wrong passwords for one account in a row, then the right one.

It counts the answers by status and reads the database for what must hold: every save reported as
saved is in the statement's history, no save overwrote a version its form had not seen, one
confirmation, one publication, one render task, a lockout. Exit status 1 when any of these fails or
any request got a 5xx (its traceback from gunicorn's log is printed). The database is dropped and
gunicorn stopped at the end, whatever happens; the whole run is bounded by --timeout. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import re
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stack import (  # bench/stack.py: the scripts run as files, so bench/ is on sys.path
    HOST,
    Browser,
    Deadline,
    Response,
    Stack,
    hidden_fields,
    in_threads,
    remaining,
    server_errors,
    set_deadline,
    sign_in,
)

PASSWORD = "sendplan-demo"  # every demo user's (actions/devdata/demo.py)
SAVES = 20
CONFIRMATIONS = 20
PUBLISHES = 10
WRONG_PASSWORDS = 50
AGENT = "sendplan-bench-concurrency"


# --- Bursts: requests released at once --------------------------------------------------------------


def burst(calls: list[Callable[[], Response]]) -> tuple[list[Response], float]:
    """Run the calls in threads released together by a barrier; their responses, and seconds taken."""
    barrier = threading.Barrier(len(calls), timeout=remaining())
    started: list[float] = []

    def run(call: Callable[[], Response]) -> Response:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return Response(0, error="the barrier broke (the run ran out of time)")
        if not started:
            started.append(time.monotonic())
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        responses = list(pool.map(run, calls))
    return responses, time.monotonic() - (started[0] if started else time.monotonic())


def statuses(responses: list[Response]) -> Counter[str]:
    """By kind: 302, 409, "4xx" (any other), "5xx", "no answer", "other" (1xx/2xx/other 3xx)."""
    kinds: Counter[str] = Counter()
    for response in responses:
        if response.status == 0:
            kinds["no answer"] += 1
        elif response.status in (302, 409):
            kinds[str(response.status)] += 1
        elif 400 <= response.status < 500:
            kinds["4xx"] += 1
        elif response.status >= 500:
            kinds["5xx"] += 1
        else:
            kinds["other"] += 1
    return kinds


OTHER_KINDS = (("other", "other statuses"), ("no answer", "no answer"))


def other_answers(kinds: Counter[str]) -> str:
    extra = [f"{label} {kinds[kind]}" for kind, label in OTHER_KINDS if kinds[kind]]
    return (", " + ", ".join(extra)) if extra else ""


CONFLICT = re.compile(
    r"[^<>]*changed this statement at [^<>]*?while you were (?:editing|confirming its rating)"
)


ERROR_SUMMARY = re.compile(r'govuk-error-summary__list">\s*<li>(.*?)</li>', re.S)


def error_shown(responses: list[Response]) -> str:
    """The first error of a form shown again (a 200 or other 4xx answer to a POST), if any."""
    for response in responses:
        if response.status not in (302, 409) and (match := ERROR_SUMMARY.search(response.body)):
            return " ".join(unescape(re.sub("<[^>]+>", "", match.group(1))).split())
    return ""


def conflict_message(responses: list[Response]) -> str:
    for response in responses:
        if response.status == 409 and (match := CONFLICT.search(response.body)):
            return " ".join(unescape(match.group(0)).split())
    return ""


# --- The scenarios --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    line: str
    details: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    fivexx: int = 0


def history_model():
    from actions.cycle.models import PositionStatement

    return PositionStatement.history.model


def concurrent_saves(
    title: str, browsers: list[tuple[str, Browser]], action, period, run_id: str, requests: int = SAVES
) -> Outcome:
    """`requests` saves of one statement at once, alternately by each browser, on forms read first."""
    from actions.cycle.models import PositionStatement

    History = history_model()
    path = f"/actions/{action.pk}/periods/{period.pk}/statement/"
    existing = PositionStatement.objects.filter(action=action, period=period).first()
    history_before = History.objects.filter(action_id=action.pk, period_id=period.pk).count()
    who = [browsers[i % len(browsers)] for i in range(requests)]
    forms = in_threads([lambda browser=browser: browser.get(path) for _, browser in who])
    bad = [page.status for page in forms if page.status != 200]
    if bad:
        return Outcome(
            f"{title}: the form did not open (statuses {dict(Counter(bad))})",
            failures=[f"{title}: form not opened"],
        )
    fields = [hidden_fields(page.body, "") or {} for page in forms]
    carries_version = all("version" in hidden for hidden in fields)
    # What every form was opened on: the version it carries, or else the one saved when it was read.
    saved_version = existing.version if existing else 0
    seen = [int(hidden["version"]) if carries_version else saved_version for hidden in fields]
    rags = ["red", "amber", "green"]
    posts = []
    for i, ((username, browser), hidden) in enumerate(zip(who, fields, strict=True)):
        narrative = f"Bench save {i + 1} of {requests} by {username} ({run_id})"
        data = {**hidden, "rag": rags[i % len(rags)], "narrative": narrative}
        posts.append((narrative, seen[i], lambda browser=browser, data=data: browser.post(path, data)))
    responses, seconds = burst([post for _, _, post in posts])
    kinds = statuses(responses)

    rows = list(
        History.objects.filter(action_id=action.pk, period_id=period.pk)
        .order_by("history_date", "history_id")
        .values_list("version", "narrative")
    )
    new_rows = rows[history_before:]
    saved = [
        (narrative, seen_version)
        for (narrative, seen_version, _), r in zip(posts, responses, strict=True)
        if r.status == 302
    ]
    versions_of = {narrative: [v for v, text in rows if text == narrative] for narrative, _ in saved}
    missing = sum(1 for narrative, _ in saved if not versions_of[narrative])
    # A save reported as saved must have been made on the version its form was opened on: its history
    # row is that version + 1. Anything else overwrote words its author never saw.
    silent = sum(1 for narrative, s in saved if versions_of[narrative] and versions_of[narrative][0] != s + 1)
    doubled = sum(1 for narrative, _ in saved if len(versions_of[narrative]) > 1)
    new_versions = [v for v, _ in new_rows]
    consecutive = new_versions == list(range(saved_version + 1, saved_version + 1 + len(new_versions)))
    final = PositionStatement.objects.filter(action=action, period=period).first()
    final_in_history = final is not None and bool(rows) and rows[-1] == (final.version, final.narrative)

    outcome = Outcome(
        f"{title} ({len(browsers)} users, {requests} requests): saved {kinds['302']}, "
        f"refused with a conflict {kinds['409']}, other 4xx {kinds['4xx']}, 5xx {kinds['5xx']}"
        f"{other_answers(kinds)}; versions in history {len(rows)} ({len(new_rows)} new); "
        f"saved text missing from history {missing}; silent overwrites {silent}",
        fivexx=kinds["5xx"],
    )
    outcome.details.append(
        f"action {action.ref or action.pk}, {period.name}; every form opened on version {saved_version}; "
        f"all {requests} answered in {seconds:.2f} s"
    )
    if not carries_version:
        outcome.details.append("WARNING: the form carries no version: stale-form check absent")
    if message := conflict_message(responses):
        outcome.details.append(f"a refusal says: “{message}”")
    unusual = Counter(r.status for r in responses if r.status not in (302, 409) and r.status)
    if unusual:
        outcome.details.append(f"other answers by status: {dict(unusual)}")
    if shown := error_shown(responses):
        outcome.details.append(f"a form shown again with an error says: “{shown}”")
    if doubled:
        outcome.details.append(f"{doubled} saved texts appear more than once in the history")
    if not consecutive:
        outcome.details.append(f"history versions not consecutive after {saved_version}: {new_versions}")
    if not final_in_history:
        outcome.details.append("the statement as saved now is not the newest history row")
    if kinds["5xx"] or kinds["no answer"]:
        outcome.failures.append(f"{title}: {kinds['5xx']} 5xx, {kinds['no answer']} without an answer")
    if missing:
        outcome.failures.append(f"{title}: {missing} saved texts missing from history")
    if silent:
        outcome.failures.append(f"{title}: {silent} silent overwrites")
    if not kinds["302"]:
        outcome.failures.append(f"{title}: nothing was saved")
    return outcome


BANNER = re.compile(
    r'<div class="govuk-notification-banner( govuk-notification-banner--success)?"'
    r".*?govuk-notification-banner__heading\">(.*?)</p>",
    re.S,
)


def told(browser: Browser, response: Response) -> tuple[str, str]:
    """After a redirect, the message the next page shows: ("success" or "important", its text)."""
    if response.status != 302 or not response.location:
        return "", ""
    target = urlsplit(response.location)
    page = browser.get(target.path + (f"?{target.query}" if target.query else ""))
    match = BANNER.search(page.body)
    if match is None:
        return "", ""
    text = " ".join(unescape(re.sub("<[^>]+>", "", match.group(2))).split())
    return ("success" if match.group(1) else "important"), text


def presses(responses: list[Response], messages: list[tuple[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """Presses of one button by outcome: "done", "already" (told it was done already), "conflict"
    (409, or told someone changed it meanwhile), "4xx", "5xx", "no answer", "other"; and what the
    presses told "already" read, each wording with how many read it."""
    kinds: Counter[str] = Counter()
    told_already: Counter[str] = Counter()
    for response, (level, text) in zip(responses, messages, strict=True):
        if response.status == 302 and level == "success":
            kinds["done"] += 1
        elif response.status == 409 or (response.status == 302 and "while you were" in text):
            kinds["conflict"] += 1
        elif response.status == 302 and text:
            kinds["already"] += 1
            told_already[re.sub(r"\b\d\d:\d\d\b", "HH:MM", text)] += 1
        else:
            kinds.update(statuses([response]))
    return kinds, told_already


def told_text(already: Counter[str]) -> str:
    return "later presses are told: " + ", ".join(f"“{text}” ({n})" for text, n in already.most_common())


@dataclass
class Pressed:
    responses: list[Response]
    fields: list[dict[str, str]]  # the hidden inputs each press sent
    messages: list[tuple[str, str]]  # what each was told next (`told`)
    seconds: float


def press_at_once(browsers: list[Browser], page_path: str, action: str) -> Pressed | None:
    """Each browser reads the page with the button, then all press it at once. None: no such form."""
    pages = in_threads([lambda browser=browser: browser.get(page_path) for browser in browsers])
    fields = [hidden_fields(page.body, action) if page.status == 200 else None for page in pages]
    if any(hidden is None for hidden in fields):
        return None
    sent = [hidden or {} for hidden in fields]
    pairs = list(zip(browsers, sent, strict=True))
    responses, seconds = burst(
        [lambda browser=browser, hidden=hidden: browser.post(action, hidden) for browser, hidden in pairs]
    )
    answered = list(zip(browsers, responses, strict=True))
    messages = in_threads([lambda browser=browser, r=r: told(browser, r) for browser, r in answered])
    return Pressed(responses, sent, messages, seconds)


def concurrent_confirmations(admins: list[Browser], statement, plan) -> Outcome:
    """Pressing "Confirm" on one proposed rating at once, in several signed-in browsers (one each)."""
    History = history_model()

    def confirmations() -> int:
        return (
            History.objects.filter(id=statement.pk)
            .filter(history_change_reason__regex=r"^Rating (confirmed|changed from)")
            .count()
        )

    title = f"Concurrent confirmations of one rating (1 user, {len(admins)} requests)"
    before = confirmations()
    pressed = press_at_once(admins, f"/plans/{plan.pk}/ratings/", f"/statements/{statement.pk}/confirm/")
    if pressed is None:
        return Outcome(
            f"{title}: the confirm form was not on the ratings page", failures=[f"{title}: no form"]
        )
    responses, fields, seconds = pressed.responses, pressed.fields, pressed.seconds
    kinds, already = presses(responses, pressed.messages)
    recorded = confirmations() - before
    outcome = Outcome(
        f"{title}: confirmed {kinds['done']}, told it was already confirmed {kinds['already']}, "
        f"refused with a conflict {kinds['conflict']}, other 4xx {kinds['4xx']}, 5xx {kinds['5xx']}"
        f"{other_answers(kinds)}; “Rating confirmed” in history {recorded} (must be 1)",
        fivexx=kinds["5xx"],
    )
    outcome.details.append(
        f"statement {statement.pk} (action {statement.action.ref or statement.action_id}, "
        f"{statement.period.name}), form version {'carried' if 'version' in fields[0] else 'absent'}; "
        f"all {len(admins)} answered in {seconds:.2f} s"
    )
    if already:
        outcome.details.append(told_text(already))
    if recorded != 1:
        outcome.failures.append(f"confirmations: {recorded} recorded in history, not 1")
    if kinds["5xx"] or kinds["no answer"]:
        outcome.failures.append(f"confirmations: {kinds['5xx']} 5xx, {kinds['no answer']} without an answer")
    return outcome


def transitions(rows: list[str], into: str) -> int:
    """How many times a history (oldest first) moved into the state `into`."""
    count, previous = 0, None
    for state in rows:
        if state == into and previous != into:
            count += 1
        previous = state
    return count


def concurrent_publishes(admins: list[Browser], pack) -> Outcome:
    """Pressing "Publish" on one draft pack at once, in several signed-in browsers (one each)."""
    from django_tasks_db.models import DBTaskResult

    from actions.cycle.models import ReportingPeriod
    from reports.models import Pack

    def render_tasks() -> int:
        return sum(
            1
            for args in DBTaskResult.objects.filter(task_path__endswith=".pack_render").values_list(
                "args_kwargs", flat=True
            )
            if list(args.get("args") or []) == [pack.pk]
            or (args.get("kwargs") or {}).get("pack_id") == pack.pk
        )

    title = f"Publish pressed {len(admins)} times at once (1 user)"
    tasks_before = render_tasks()
    pressed = press_at_once(admins, f"/packs/{pack.pk}/", f"/packs/{pack.pk}/publish/")
    if pressed is None:
        return Outcome(f"{title}: no publish form on the pack's page", failures=[f"{title}: no form"])
    responses, fields, seconds = pressed.responses, pressed.fields, pressed.seconds
    kinds, already = presses(responses, pressed.messages)
    pack_states = list(
        Pack.history.filter(id=pack.pk).order_by("history_date", "history_id").values_list("state", flat=True)
    )
    period_states = list(
        ReportingPeriod.history.filter(id=pack.period_id)
        .order_by("history_date", "history_id")
        .values_list("state", flat=True)
    )
    publishing = transitions(pack_states, Pack.State.PUBLISHING)
    published = transitions(period_states, ReportingPeriod.State.PUBLISHED)
    tasks = render_tasks() - tasks_before
    outcome = Outcome(
        f"{title}: started {kinds['done']}, told it was already started {kinds['already']}, "
        f"refused with a conflict {kinds['conflict']}, other 4xx {kinds['4xx']}, 5xx {kinds['5xx']}"
        f"{other_answers(kinds)}; pack went to publishing {publishing} (must be 1), "
        f"render tasks enqueued {tasks} (must be 1), period published {published} (must be 1)",
        fivexx=kinds["5xx"],
    )
    refused = Counter(r.status for r in responses if 400 <= r.status < 500)
    by_status = f"4xx by status {dict(refused)}; " if refused else ""
    outcome.details.append(
        f"pack {pack.pk} ({pack.get_audience_display()}, {pack.period.name}), form version "
        f"{'carried' if 'version' in fields[0] else 'absent'}; {by_status}"
        f"all {len(admins)} answered in {seconds:.2f} s"
    )
    if already:
        outcome.details.append(told_text(already))
    for name, value in (("publishing", publishing), ("render tasks", tasks), ("period published", published)):
        if value != 1:
            outcome.failures.append(f"publish: {name} {value}, not 1")
    if kinds["5xx"] or kinds["no answer"]:
        outcome.failures.append(f"publish: {kinds['5xx']} 5xx, {kinds['no answer']} without an answer")
    return outcome


def wrong_passwords(port: int, request_timeout: float, username: str, other: str) -> Outcome:
    """WRONG_PASSWORDS wrong passwords for one account, one after another from one address."""
    from django.conf import settings

    browser = Browser(port, request_timeout)
    page = browser.get("/accounts/login/")
    hidden = hidden_fields(page.body, "") or {}
    answers: list[Response] = []
    started = time.monotonic()
    for attempt in range(WRONG_PASSWORDS):
        answers.append(
            browser.post("/accounts/login/", {**hidden, "username": username, "password": f"wrong-{attempt}"})
        )
    seconds = time.monotonic() - started
    kinds = statuses(answers)
    kinds_200 = sum(1 for r in answers if r.status == 200)
    no_answer = f", no answer {kinds['no answer']}" if kinds["no answer"] else ""
    lockout_pages = sum(1 for r in answers if r.status == 429 and "Too many attempts" in r.body)
    locked = [i + 1 for i, r in enumerate(answers) if r.status == 429]
    right = browser.post("/accounts/login/", {**hidden, "username": username, "password": PASSWORD})
    elsewhere = sign_in(Browser(port, request_timeout), other, PASSWORD)
    signed_in = [r for r in answers if r.status == 302]
    elsewhere_text = "refused" if elsewhere.status == 429 else f"answered {elsewhere.status}"
    limit = settings.AXES_FAILURE_LIMIT
    first = locked[0] if locked else None
    outcome = Outcome(
        f"{WRONG_PASSWORDS} rapid wrong passwords (1 account, 1 address): "
        f"lockout after {first if first else 'none'} attempts (SIGNIN_FAILURE_LIMIT {limit}), "
        f"refused as locked {len(locked)}, wrong password shown again {kinds_200}, "
        f"5xx {kinds['5xx']}{no_answer}; right password while locked: "
        f"{'refused' if right.status == 429 else f'answered {right.status}'}",
        fivexx=kinds["5xx"] + (right.status >= 500) + (elsewhere.status >= 500),
    )
    if first:
        outcome.details.append(
            f"attempts 1 to {first - 1} were shown the form again; attempt {first} and every later one "
            f"got the lockout page (429, {lockout_pages} of {len(locked)} saying “Too many attempts”)"
        )
    outcome.details.append(
        f"account {username!r}, {WRONG_PASSWORDS} attempts in {seconds:.1f} s; another account ({other!r}) "
        f"from the same address then: {elsewhere_text}"
    )
    if first is None:
        outcome.failures.append("sign-in: no lockout")
    if right.status != 429:
        outcome.failures.append(f"sign-in: the right password answered {right.status} while locked out")
    if signed_in:
        outcome.failures.append(f"sign-in: {len(signed_in)} wrong passwords signed in")
    if kinds["5xx"] or kinds["no answer"] or right.status >= 500:
        outcome.failures.append(f"sign-in: {kinds['5xx']} 5xx, {kinds['no answer']} without an answer")
    return outcome


# --- Setup: what the demo gives us ------------------------------------------------------------------------


@dataclass
class Cast:
    plan: Any
    period: Any  # the plan's open period
    officer: Any
    admin: Any
    written: Any  # an action of the officer's with a statement in the period
    unwritten: Any  # one without
    to_confirm: Any  # a statement awaiting confirmation the administrator may confirm


def cast(run_id: str) -> Cast:
    from django.contrib.auth import get_user_model

    from actions.cycle import access, services
    from actions.cycle.models import PositionStatement, ReportingPeriod
    from actions.plans.models import Action

    User = get_user_model()
    officer = User.objects.get(username="officer")
    admin = User.objects.get(username="admin")
    for period in ReportingPeriod.objects.open().select_related("plan").order_by("pk"):
        actions = list(Action.objects.live().for_plan(period.plan).select_related("objective__priority"))
        writable = [
            action
            for action in actions
            if access.statement_refusal(officer, action, period) is None
            and access.statement_refusal(admin, action, period) is None
        ]
        if len(writable) < 2:
            continue
        statements = {
            s.action_id: s for s in PositionStatement.objects.filter(period=period, action__in=writable)
        }
        written = [a for a in writable if a.pk in statements and not statements[a.pk].is_no_update]
        unwritten = [a for a in writable if a.pk not in statements]
        if not unwritten:
            continue
        if not written:  # make one, as the officer would
            services.position_statement_record(
                user=officer,
                action=unwritten[-1],
                period=period,
                rag="amber",
                narrative=f"Bench start ({run_id})",
            )
            written, unwritten = [unwritten[-1]], unwritten[:-1]
        candidates = (
            PositionStatement.objects.awaiting_confirmation()
            .filter(period=period)
            .exclude(action=written[0])
            .exclude(action=unwritten[0])
            .select_related("period__plan", "action__objective")
            .order_by("pk")
        )
        to_confirm = next((s for s in candidates if access.confirm_refusal(admin, s) is None), None)
        if to_confirm is None:
            continue
        return Cast(period.plan, period, officer, admin, written[0], unwritten[0], to_confirm)
    sys.exit("The demo has no open period with actions the officer and the administrator may both write.")


def make_pack(who: Cast):
    """A draft board pack for the open period, as the plan administrator makes one."""
    from reports import services
    from reports.models import Pack

    return services.pack_create(
        user=who.admin, plan=who.plan, period=who.period, audience=Pack.Audience.BOARD
    )


# --- The run ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument(
        "--timeout", type=int, default=300, help="the whole run's limit in seconds (default 300)"
    )
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a database on the PostgreSQL server to create and drop the benchmark's database from",
    )
    parser.add_argument("--log", type=Path, help="keep gunicorn's log (with any tracebacks) in this file")
    parser.add_argument(
        "--request-timeout", type=float, default=60, help="seconds one request may take (default 60)"
    )
    args = parser.parse_args()
    set_deadline(args.timeout)

    def out_of_time(signum, frame):
        raise Deadline(f"the run's time limit ({args.timeout} s) passed")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.timeout)

    stack = Stack("sendplan_bench_concurrency", args.postgres)
    outcomes: list[Outcome] = []
    try:
        stack.open_database()
        from django.core.management import call_command

        started = time.monotonic()
        demo_out = io.StringIO()
        call_command("load_demo", stdout=demo_out)
        counts = dict(re.findall(r"^\s+(actions|position statements):\s+(\d+)", demo_out.getvalue(), re.M))
        print(
            f"Demo loaded in {time.monotonic() - started:.1f}s: {counts.get('actions', '?')} actions, "
            f"{counts.get('position statements', '?')} position statements; "
            "users admin, officer, board, forum, adviser"
        )
        run_id = uuid.uuid4().hex[:8]
        who = cast(run_id)
        pack = make_pack(who)

        waited = stack.serve(args.workers)
        port = stack.port
        print(
            f"gunicorn: {args.workers} sync workers on {HOST}:{port}, up in {waited:.1f}s; DEBUG off; "
            "plain HTTP with the TLS proxy's X-Forwarded-Proto: https"
        )
        officer_name = who.officer.get_full_name() or who.officer.username
        admin_name = who.admin.get_full_name() or who.admin.username
        print(
            f"Users: officer ({officer_name}, lead officer), admin ({admin_name}, plan administrator); "
            f"plan {who.plan.title!r}, open period {who.period.name}"
        )

        # Signed in before the lockout scenario, which locks this address out. The saves use one
        # browser per person; each confirm or publish press its own, so each reads its own message.
        usernames = ["officer", "admin"] + ["admin"] * (CONFIRMATIONS + PUBLISHES)
        browsers = [Browser(port, args.request_timeout, AGENT) for _ in usernames]
        answers = in_threads(
            [lambda b=b, u=u: sign_in(b, u, PASSWORD) for b, u in zip(browsers, usernames, strict=True)]
        )
        for username, answer in zip(usernames, answers, strict=True):
            if answer.status != 302:
                sys.exit(f"Signing in as {username} answered {answer.status} {answer.error}".rstrip())
        pair = [("officer", browsers[0]), ("admin", browsers[1])]
        confirmers = browsers[2 : 2 + CONFIRMATIONS]
        publishers = browsers[2 + CONFIRMATIONS :]

        scenarios: list[Callable[[], Outcome]] = [
            lambda: concurrent_saves(
                "Concurrent saves of one statement", pair, who.written, who.period, run_id
            ),
            lambda: concurrent_saves(
                "Concurrent first saves of a new statement", pair, who.unwritten, who.period, run_id
            ),
            lambda: concurrent_confirmations(confirmers, who.to_confirm, who.plan),
            lambda: concurrent_publishes(publishers, pack),
            # Last: it locks this address out of signing in.
            lambda: wrong_passwords(port, args.request_timeout, "board", "forum"),
        ]
        print()
        for scenario in scenarios:
            outcome = scenario()
            outcomes.append(outcome)
            print(outcome.line)
            for detail in outcome.details:
                print(f"  {detail}")
    except Deadline as exc:
        print(f"Stopped: {exc}")
        outcomes.append(Outcome("", failures=["the run did not finish in time"]))
    finally:
        signal.alarm(0)
        stack.stop_processes()
        if outcomes and any(o.fivexx for o in outcomes) and stack.log.exists():
            print("\n5xx, from gunicorn's log:")
            for text in server_errors(stack.log):
                print("  " + text.replace("\n", "\n    "))
        stack.keep_log(args.log)
        stack.close()

    failures = [failure for outcome in outcomes for failure in outcome.failures]
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print("\nEvery invariant held.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
