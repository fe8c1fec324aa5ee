"""Load test of the production stack: gunicorn on PostgreSQL, 5,000 actions × 12 terms, a realistic mix
of signed-in users at 10, 40 and 100 at once, each with 1 s think time and then closed loop.

    .venv/bin/python bench/load.py                    # the figures in bench/README.md, about 13 minutes
    .venv/bin/python bench/load.py --actions 500 --periods 4 --levels 10 --duration 15   # a quick look
    make bench-load                                   # the same as the first line

Run by hand (issue 15), never in the test suite. It makes its own PostgreSQL database
(sendplan_bench_load_<pid>, on --postgres's server: by default postgres@127.0.0.1:5432 with trust auth)
and drops it at the end, migrates it, seeds one plan (actions.devdata.scale.scale_plan_seed), makes
users of each of the five roles (officers linked to people who lead actions), a draft board pack of the
closed period, and starts gunicorn with production settings (bench/stack.py) and `manage.py db_worker`.
One user of each role signs in through the sign-in form, the others get sessions made in the database
(--sign-in-all: every one through the form). Then, for each level and think time, one thread per user
runs its role's mix of pages, as a person would, for --duration seconds after --warmup seconds not
counted; officers open statement forms and save them (with the form's hidden `version`: a 409 is a
conflict, not an error; --reads-only: they never save). One pack is published in the background at the
start of the --publish-at level, so the worker renders it while the users work.

It prints, for each phase, each page's requests, throughput, p50 / p95 / p99 (exact, nearest rank, of
every request started in the measured window) and errors (5xx, no answer, any status other than the
expected one), each page's p50 as a multiple of the trivial view's (/trivial/, bench/urls.py, requested in
the same mix), and where the CPU went. After the run it reads the database: every statement save
answered 302 must be in the statements' history exactly once, none answered 409 may be there, and no
action may have two statements in a period. Exit status 1 when anything fails or the goal (p95 ≤ 250 ms
for every read page at 40 users with 1 s think time, no errors) is missed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import signal
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import seed  # bench/common.py, bench/stack.py: the scripts run as files, bench/ on sys.path
from stack import (
    DEFAULT_POSTGRES,
    Browser,
    Deadline,
    Response,
    Stack,
    hidden_fields,
    in_threads,
    server_errors,
    set_deadline,
    sign_in,
)

PASSWORD = "sendplan-load"
AGENT = "sendplan-bench-load"
GOAL_MS = 250  # p95 of every read page, at GOAL_USERS users with 1 s think time
GOAL_USERS = 40
WORKER_NICE = 10  # the pack worker's CPU priority below gunicorn's

# The pages reported, in order: key, label. "statement-save" is the only write.
PAGES = {
    "trivial": "trivial view",
    "home": "home",
    "plan": "plan page",
    "action-list": "action list, filtered",
    "action": "action page",
    "my-actions": "My actions",
    "statement-form": "statement form",
    "dashboard": "board dashboard",
    "accountability": "accountability",
    "ratings": "ratings to confirm",
    "progress": "period progress",
    "pack-list": "pack list",
    "import-preview": "import preview",
    "statement-save": "statement save (POST)",
}
READ_PAGES = [key for key in PAGES if key not in ("trivial", "statement-save")]

# Who uses the site at once, by share of the users; and what each role does, by weight. "statement" is
# an officer opening a statement form for an action they lead, thinking, then saving it.
ROLES = {
    "officer": 0.4,
    "board": 0.3,
    "forum": 0.1,
    "adviser": 0.1,
    "admin": 0.1,
}
ROLE_NAMES = {  # the role's group (actions/roles.py), and how to name one and several
    "officer": ("Officer", "officer", "officers"),
    "board": ("Board member", "board member", "board members"),
    "forum": ("Schools Forum member", "Schools Forum member", "Schools Forum members"),
    "adviser": ("Adviser", "adviser", "advisers"),
    "admin": ("Plan administrator", "plan administrator", "plan administrators"),
}
MIX = {
    "officer": {"home": 1, "my-actions": 3, "statement": 3, "action": 2, "trivial": 1},
    "board": {
        "home": 1,
        "dashboard": 3,
        "action-list": 3,
        "plan": 2,
        "action": 3,
        "accountability": 1,
        "trivial": 1,
    },
    "forum": {"home": 1, "pack-list": 3, "dashboard": 2, "accountability": 1, "trivial": 1},
    "adviser": {"home": 1, "plan": 2, "action": 3, "dashboard": 2, "accountability": 1, "trivial": 1},
    "admin": {
        "home": 1,
        "ratings": 3,
        "progress": 3,
        "dashboard": 1,
        "action-list": 1,
        "import-preview": 1,
        "trivial": 1,
    },
}


def role_counts(users: int) -> dict[str, int]:
    """Users of each role for a level, by ROLES' shares (largest remainder), at least one of each."""
    exact = {role: users * share for role, share in ROLES.items()}
    counts = {role: max(1, math.floor(value)) for role, value in exact.items()}
    by_remainder = sorted(ROLES, key=lambda role: exact[role] - math.floor(exact[role]), reverse=True)
    for role in by_remainder * 2:
        if sum(counts.values()) >= users:
            break
        counts[role] += 1
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {ROLE_NAMES[role][1 if n == 1 else 2]}" for role, n in counts.items())


# --- What a run records ------------------------------------------------------------------------------


@dataclass
class Record:
    phase: int
    page: str
    started: float  # time.monotonic()
    ms: float
    kind: str  # "ok", "conflict" (409 on a save), "5xx", "no answer", "4xx", "other"


RECORDS: list[Record] = []  # list.append is atomic: the users' threads share it
SAVES: list[tuple[str, int]] = []  # every statement POST's narrative and status, warm-up included
SAMPLES: dict[tuple[str, str], str] = {}  # an example of each (page, kind of error)


def classify(page: str, response: Response, expected: int) -> str:
    if response.status == 0:
        return "no answer"
    if response.status >= 500:
        return "5xx"
    if response.status == expected:
        return "ok"
    if page == "statement-save" and response.status == 409:
        return "conflict"
    if 400 <= response.status < 500:
        return "4xx"
    return "other"


# --- The users -----------------------------------------------------------------------------------------


@dataclass
class Site:
    """What the users' pages need to know: primary keys and query strings."""

    plan: int
    open_period: int
    closed_period: int
    pack: int
    actions: list[int]
    filters: list[str]  # action list query strings
    preview: int = 0  # an import of the plan's own workbook, read and waiting in preview


@dataclass
class User:
    role: str
    username: str
    browser: Browser
    statement_actions: list[int] = field(default_factory=list)  # officers: actions they may write


class Run:
    """One phase's users: each thread runs its user's mix until the phase ends."""

    def __init__(
        self, site: Site, run_id: str, phase: int, think: float, until: float, *, saves: bool = True
    ) -> None:
        self.site = site
        self.post_statements = saves
        self.run_id = run_id
        self.phase = phase
        self.think = think
        self.until = until
        self.saves = 0

    def fetch(self, user: User, page: str, path: str, data: dict[str, str] | None = None) -> Response:
        expected = 302 if data is not None else 200
        started = time.monotonic()
        response = user.browser.request("POST" if data is not None else "GET", path, data)
        ms = (time.monotonic() - started) * 1000
        kind = classify(page, response, expected)
        RECORDS.append(Record(self.phase, page, started, ms, kind))
        if kind not in ("ok", "conflict"):
            SAMPLES.setdefault(
                (page, kind), f"{path} answered {response.status or response.error} {response.location}"
            )
        return response

    def pause(self, rng: random.Random) -> bool:
        """Think (uniform between half and one and a half times --think); False when the phase is over."""
        if self.think:
            time.sleep(max(0.0, min(self.think * rng.uniform(0.5, 1.5), self.until - time.monotonic())))
        return time.monotonic() < self.until

    def user_loop(self, user: User) -> None:
        rng = random.Random(f"{self.run_id}-{self.phase}-{user.username}")
        tasks = list(MIX[user.role])
        weights = list(MIX[user.role].values())
        time.sleep(rng.uniform(0, max(self.think, 0.5)))  # users do not all start at the same instant
        try:
            while time.monotonic() < self.until:
                task = rng.choices(tasks, weights)[0]
                if task == "statement":
                    self.statement(user, rng)
                else:
                    self.fetch(user, task, self.path(task, rng))
                if not self.pause(rng):
                    break
        except Deadline:
            return

    def path(self, page: str, rng: random.Random) -> str:
        site = self.site
        return {
            "trivial": "/trivial/",
            "home": "/",
            "plan": f"/plans/{site.plan}/",
            "action-list": f"/actions/?{rng.choice(site.filters)}",
            "action": f"/actions/{rng.choice(site.actions)}/",
            "my-actions": "/my-actions/",
            "dashboard": f"/plans/{site.plan}/dashboard/",
            "accountability": f"/plans/{site.plan}/accountability/",
            "ratings": f"/plans/{site.plan}/ratings/",
            "progress": f"/periods/{site.open_period}/progress/",
            "pack-list": f"/plans/{site.plan}/packs/",
            "import-preview": f"/imports/{site.preview}/",
        }[page]

    def statement(self, user: User, rng: random.Random) -> None:
        """Open the statement form of an action the officer leads, think, save it."""
        action = rng.choice(user.statement_actions)
        path = f"/actions/{action}/periods/{self.site.open_period}/statement/"
        form = self.fetch(user, "statement-form", path)
        if form.status != 200 or not self.post_statements or not self.pause(rng):
            return
        hidden = hidden_fields(form.body, "") or {}
        self.saves += 1
        narrative = (
            f"{rng.choice(NARRATIVES)} [load {self.run_id} {user.username} phase {self.phase} "
            f"save {self.saves}-{rng.randrange(10**9)}]"
        )
        data = {**hidden, "rag": rng.choice(["red", "amber", "green"]), "narrative": narrative}
        answer = self.fetch(user, "statement-save", path, data)
        SAVES.append((narrative, answer.status))


NARRATIVES = [
    "The task and finish group met twice this term and agreed the revised pathway with health partners; "
    "the first cohort of families has been offered the new assessment route and early feedback is good.",
    "Training for SENCOs ran in every locality; attendance was 87% and the follow-up audit of plans shows "
    "outcomes written in the child's own words in most of the sample. Next: the secondary phase.",
    "Recruitment to the two educational psychologist posts is still open after a second advert, so the "
    "backlog of assessments has grown; an agency arrangement starts next month to cover the gap.",
]


# --- Where the CPU went --------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, float]]:
    """Every process: pid → (parent pid, CPU seconds so far)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return found


def machine_busy() -> tuple[float, float]:
    """(CPU seconds busy, CPU seconds in all) of the whole machine since boot."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


def cpu_snapshot(stack: Stack, worker_pid: int | None) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        backends = {pid for (pid,) in cursor.fetchall()}
    procs = processes()
    master = stack.server.pid if stack.server else -1
    times = os.times()
    return {
        "gunicorn": {pid: t for pid, (parent, t) in procs.items() if pid == master or parent == master},
        "postgres": {pid: procs[pid][1] for pid in backends if pid in procs},
        "worker": {pid: procs[pid][1] for pid in (worker_pid,) if pid in procs},
        "driver": {0: times.user + times.system},
        "machine": machine_busy(),
        "at": time.monotonic(),
    }


def cpu_used(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Cores used between two snapshots by each group, the machine, and everything else on it."""
    seconds = after["at"] - before["at"]
    used = {}
    for group in ("gunicorn", "postgres", "worker", "driver"):
        total = sum(t - before[group].get(pid, 0.0) for pid, t in after[group].items())
        used[group] = total / seconds
    busy = after["machine"][0] - before["machine"][0]
    used["machine"] = busy / seconds
    used["other"] = max(
        0.0, used["machine"] - sum(used[g] for g in ("gunicorn", "postgres", "worker", "driver"))
    )
    return used


# --- Figures -------------------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class PageFigures:
    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: Counter[str]
    conflicts: int


def page_figures(records: list[Record], seconds: float) -> dict[str, PageFigures]:
    by_page: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_page[record.page].append(record)
    figures = {}
    for page, rows in by_page.items():
        ordered = sorted(r.ms for r in rows)
        kinds = Counter(r.kind for r in rows)
        errors = Counter({k: n for k, n in kinds.items() if k not in ("ok", "conflict")})
        figures[page] = PageFigures(
            requests=len(rows),
            rate=len(rows) / seconds,
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            p99=percentile(ordered, 99),
            errors=errors,
            conflicts=kinds["conflict"],
        )
    return figures


@dataclass
class Phase:
    index: int
    users: int
    think: float
    counts: dict[str, int]
    seconds: float = 0.0
    figures: dict[str, PageFigures] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    rendering: str = ""  # what the pack worker was doing meanwhile

    @property
    def name(self) -> str:
        return f"{self.users} users, " + (f"think {self.think:g} s" if self.think else "closed loop")


def errors_text(errors: Counter[str]) -> str:
    if not errors:
        return "0"
    return f"{sum(errors.values())} (" + ", ".join(f"{k} {n}" for k, n in errors.most_common()) + ")"


def phase_table(phase: Phase) -> list[str]:
    figures = phase.figures
    trivial = figures.get("trivial")
    lines = [
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | p50 × trivial | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page, label in PAGES.items():
        f = figures.get(page)
        if f is None:
            continue
        ratio = f"{f.p50 / trivial.p50:.1f}" if trivial and trivial.p50 else "–"
        lines.append(
            f"| {label} | {f.requests:,} | {f.rate:.1f} | {f.p50:.0f} | {f.p95:.0f} | {f.p99:.0f} | "
            f"{ratio} | {errors_text(f.errors)} |"
        )
    total = sum(f.requests for f in figures.values())
    all_errors = sum((f.errors for f in figures.values()), Counter())
    lines.append(f"| **all** | {total:,} | {total / phase.seconds:.1f} | | | | | {errors_text(all_errors)} |")
    return lines


def cpu_text(cpu: dict[str, float]) -> str:
    return (
        f"CPU, in cores of {os.cpu_count()}: gunicorn {cpu['gunicorn']:.2f}, PostgreSQL (this database) "
        f"{cpu['postgres']:.2f}, pack worker {cpu['worker']:.2f}, load driver {cpu['driver']:.2f}; "
        f"machine busy {cpu['machine']:.2f}, of which other processes {cpu['other']:.2f}"
    )


# --- Setup ---------------------------------------------------------------------------------------------


def make_users(plan, open_period, counts: dict[str, int]) -> dict[str, list[tuple[str, list[int]]]]:
    """Users of each role (password PASSWORD, hashed once), officers linked to people who lead actions
    of the plan they may write in the open period. Role → [(username, the officer's actions)]."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db.models import Count, Q

    from actions.cycle import access
    from actions.plans.models import Action
    from actions.roles import roles_ensure_groups
    from partners.models import Person

    roles_ensure_groups()
    UserModel = get_user_model()
    hashed = make_password(PASSWORD)
    live = Action.objects.live().for_plan(plan)
    leads = list(
        Person.objects.filter(user__isnull=True)
        .annotate(led=Count("led_actions", filter=Q(led_actions__in=live)))
        .filter(led__gt=0)
        .order_by("-led", "pk")[: counts["officer"]]
    )
    if len(leads) < counts["officer"]:
        sys.exit(f"Only {len(leads)} people lead actions: too few for {counts['officer']} officers.")
    made: dict[str, list[tuple[str, list[int]]]] = {}
    for role, count in counts.items():
        group = Group.objects.get(name=ROLE_NAMES[role][0])
        made[role] = []
        for i in range(count):
            username = f"{role}{i + 1:03d}"
            user = UserModel.objects.create(username=username, password=hashed, first_name=role.title())
            user.groups.add(group)
            writable: list[int] = []
            if role == "officer":
                person = leads[i]
                person.user = user
                person.save()
                user = UserModel.objects.get(pk=user.pk)  # no cached role or person
                for action in live.filter(lead_people=person).select_related("objective__priority")[:12]:
                    if access.statement_refusal(user, action, open_period) is None:
                        writable.append(action.pk)
                if not writable:
                    sys.exit(f"{username} ({person.name}) may write no statement in {open_period.name}.")
            made[role].append((username, writable))
    return made


def start_import_of_export(plan, user) -> int:
    """The plan's own workbook (`plan_export`) uploaded again into it, as an administrator re-imports
    an updated plan: read by the task worker into the preview the mix reads. Its id."""
    from django.core.files.base import ContentFile

    from actions.importing import services
    from actions.importing.export import plan_export

    upload = ContentFile(plan_export(plan), name="plan.xlsx")
    return services.plan_import_start(user=user, upload=upload, plan=plan).pk


def wait_for_preview(pk: int, timeout: float = 300) -> str:
    """Until the task worker has read the import (the pages are measured with nothing else running)."""
    from actions.importing.models import PlanImport

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        record = PlanImport.objects.get(pk=pk)
        if record.state == PlanImport.State.READY:
            counts = (record.preview or {}).get("counts") or {}
            return (
                f"the plan's workbook read back in {time.monotonic() - started:.1f}s by db_worker: "
                f"{counts.get('actions', 0):,} actions, {counts.get('statements', 0):,} statements"
            )
        if record.state != PlanImport.State.READING:
            sys.exit(f"The import of the plan's workbook ended {record.state}: {record.error}")
        time.sleep(0.5)
    sys.exit(f"The import of the plan's workbook was still being read after {timeout:.0f}s.")


def site_for(plan, open_period, closed_period, pack) -> Site:
    from actions.plans.models import Action, Priority

    actions = list(Action.objects.live().for_plan(plan).values_list("pk", flat=True))
    priorities = list(Priority.objects.filter(plan=plan).values_list("pk", flat=True))
    p, o = plan.pk, open_period.pk
    filters = [
        f"plan={p}&rag=red",
        f"plan={p}&rag=amber&overdue=true",
        f"plan={p}&period={o}&rag=red",
        f"plan={p}&period={o}&rag=green&rag=amber",
        *[f"plan={p}&priority={pk}" for pk in priorities[:3]],
        f"plan={p}&q=assessment",
        f"plan={p}&rag=green&page=3",
    ]
    return Site(p, o, closed_period.pk, pack.pk, actions, filters)


def warm_up(users: list[User], site: Site, workers: int) -> tuple[dict[str, float], dict[str, float]]:
    """Every page read once on its own (cold), then `workers` times at once, so each worker has most
    likely rendered it (their caches are their own), then once more on its own (warm). Page → ms of
    the first read, and of the last: what a page costs with nothing else in gunicorn's queue."""
    by_role = {user.role: user for user in users}
    run = Run(site, "warm-up", -1, 0, float("inf"))
    reader = {page: role for role, mix in MIX.items() for page in mix}
    reader.update({"statement-form": "officer"})
    rng = random.Random(0)
    cold: dict[str, float] = {}
    warm: dict[str, float] = {}
    for page in PAGES:
        if page == "statement-save":
            continue
        user = by_role[reader[page]]
        if page == "statement-form":
            path = f"/actions/{user.statement_actions[0]}/periods/{site.open_period}/statement/"
        else:
            path = run.path(page, rng)
        started = time.monotonic()
        first = user.browser.get(path)
        cold[page] = (time.monotonic() - started) * 1000
        if first.status != 200:
            sys.exit(f"Warm-up: {path} answered {first.status or first.error} as {user.username}")
        in_threads([lambda u=user, p=path: u.browser.get(p) for _ in range(workers)], threads=workers)
        started = time.monotonic()
        user.browser.get(path)
        warm[page] = (time.monotonic() - started) * 1000
    return cold, warm


def sign_in_everyone(users: list[User], threads: int, *, all_through_form: bool) -> str:
    """The first user of each role signs in through the sign-in form (all of them with
    `all_through_form`); the others get a session made in the database the way Django's test client's
    `force_login` makes one, with sendplan's idle-timeout stamp: signing in checks the password with
    PBKDF2, about half a second of CPU each, which is not what this bench measures."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from sendplan.sessions import LAST_ACTIVITY_KEY

    first_of_role = {user.role: user for user in reversed(users)}
    by_form = users if all_through_form else list(first_of_role.values())
    answers = in_threads([lambda u=u: sign_in(u.browser, u.username, PASSWORD) for u in by_form], threads)
    for user, answer in zip(by_form, answers, strict=True):
        if answer.status != 302:
            sys.exit(f"Signing in as {user.username} answered {answer.status or answer.error}")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    accounts = get_user_model().objects.in_bulk([u.username for u in users], field_name="username")
    through_form = {id(user) for user in by_form}
    for user in users:
        if id(user) in through_form:
            continue
        account = accounts[user.username]
        session = store()
        session[SESSION_KEY] = account._meta.pk.value_to_string(account)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = account.get_session_auth_hash()
        session[LAST_ACTIVITY_KEY] = int(time.time())
        session.save()
        user.browser.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    if all_through_form:
        return f"all {len(users)} users signed in through the sign-in form"
    return (
        f"{len(by_form)} users (one of each role) signed in through the sign-in form, "
        f"{len(users) - len(by_form)} given sessions made in the database"
    )


def publish(browser: Browser, pack: int) -> tuple[Response, float]:
    """The plan administrator presses Publish on the draft pack, as in the browser."""
    page = browser.get(f"/packs/{pack}/")
    fields = hidden_fields(page.body, f"/packs/{pack}/publish/")
    if fields is None:
        return Response(page.status, error="no publish form on the pack's page"), 0.0
    started = time.monotonic()
    answer = browser.post(f"/packs/{pack}/publish/", fields)
    return answer, (time.monotonic() - started) * 1000


def render_state(pack_pk: int) -> tuple[str, Any]:
    """The pack's state and its render task (django-tasks-db's DBTaskResult), if any."""
    from django_tasks_db.models import DBTaskResult

    from reports.models import Pack

    pack = Pack.objects.get(pk=pack_pk)
    task = DBTaskResult.objects.filter(task_path__endswith=".pack_render").order_by("-enqueued_at").first()
    return pack.state, task


# --- Checks from the database --------------------------------------------------------------------------


def integrity(run_id: str) -> tuple[list[str], list[str]]:
    """(lines to print, failures): saved statements against the history, from the database."""
    from django.db.models import Count

    from actions.cycle.models import PositionStatement

    History = PositionStatement.history.model
    tag = f"[load {run_id} "
    in_history = Counter(History.objects.filter(narrative__contains=tag).values_list("narrative", flat=True))
    answered = Counter(status for _, status in SAVES)
    saved = {narrative for narrative, status in SAVES if status == 302}
    conflicts = {narrative for narrative, status in SAVES if status == 409}
    unanswered = {narrative for narrative, status in SAVES if status not in (302, 409)}
    lost = [n for n in saved if not in_history[n]]
    doubled = [n for n, count in in_history.items() if count > 1]
    refused_but_saved = [n for n in conflicts if in_history[n]]
    saved_unanswered = [n for n in unanswered if in_history[n]]
    strangers = [n for n in in_history if n not in saved and n not in conflicts and n not in unanswered]
    duplicates = (
        PositionStatement.objects.values("action_id", "period_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    lines = [
        f"Statement saves: {len(SAVES):,} posted (warm-up included): {answered[302]:,} answered 302 (saved), "
        f"{answered[409]:,} 409 (conflict), {len(unanswered):,} other",
        f"History rows of this run: {sum(in_history.values()):,} (must equal the 302s: {len(saved):,}); "
        f"saved but missing from history (lost) {len(lost)}; in history twice {len(doubled)}; "
        f"refused with a conflict but saved {len(refused_but_saved)}; "
        f"actions with two statements in a period {duplicates}",
    ]
    if saved_unanswered:
        lines.append(f"saved although the answer was not a 302 (no answer in time?): {len(saved_unanswered)}")
    failures = []
    if sum(in_history.values()) != len(saved) + len(saved_unanswered) or strangers:
        failures.append("history rows do not match the saves answered 302")
    for what, found in (
        ("lost statements", lost),
        ("duplicated history rows", doubled),
        ("conflicts saved anyway", refused_but_saved),
    ):
        if found:
            failures.append(f"{len(found)} {what}")
    if duplicates:
        failures.append(f"{duplicates} duplicated statements")
    return lines, failures


# --- The run -------------------------------------------------------------------------------------------


def drain(browser: Browser, limit: float) -> str:
    """Wait until the server answers the trivial view within a second twice running, at most `limit`
    seconds: requests a user gave up on are still in gunicorn's queue, and would slow the next phase."""
    started = time.monotonic()
    quick = 0
    while time.monotonic() - started < limit:
        asked = time.monotonic()
        answer = browser.get("/trivial/")
        quick = quick + 1 if answer.status == 200 and time.monotonic() - asked < 1 else 0
        if quick == 2:
            return f"server idle again {time.monotonic() - started:.0f} s after the phase"
        time.sleep(0.5)
    return f"server still busy {limit:.0f} s after the phase: the next one starts with its queue"


def run_phase(
    phase: Phase,
    users: list[User],
    site: Site,
    run_id: str,
    args: argparse.Namespace,
    cpu: Callable[[], dict[str, Any]],
) -> Phase:
    start = time.monotonic()
    measure_from, until = start + args.warmup, start + args.warmup + args.duration
    run = Run(site, run_id, phase.index, phase.think, until, saves=not args.reads_only)
    threads = [threading.Thread(target=run.user_loop, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    before = cpu()
    time.sleep(max(0.0, until - time.monotonic()))
    after = cpu()
    for thread in threads:
        thread.join()
    phase.seconds = after["at"] - before["at"]
    measured = [r for r in RECORDS if r.phase == phase.index and measure_from <= r.started < until]
    phase.figures = page_figures(measured, args.duration)
    phase.cpu = cpu_used(before, after)
    return phase


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    workers = 2 * (os.cpu_count() or 1) + 1  # as README "Scaling out" advises
    parser.add_argument(
        "--workers",
        type=int,
        default=workers,
        help=f"gunicorn sync workers (default 2 x cores + 1: {workers})",
    )
    parser.add_argument("--actions", type=int, default=5000, help="actions in the plan (default 5000)")
    parser.add_argument("--periods", type=int, default=12, help="termly reporting periods (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="seed_scale's random seed (default 1)")
    parser.add_argument("--levels", default="10,40,100", help="users at once, each level in turn")
    parser.add_argument(
        "--think",
        default="1,0",
        help="think times in seconds to run at each level, 0 for closed loop (default 1,0)",
    )
    parser.add_argument("--duration", type=float, default=45, help="measured seconds a phase (default 45)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds before each phase's (default 5)")
    parser.add_argument(
        "--publish-at",
        type=int,
        default=GOAL_USERS,
        help="publish the pack at the start of this level's first phase (default 40; 0: never)",
    )
    parser.add_argument(
        "--drain",
        type=float,
        default=60,
        help="seconds to wait at most after a phase for the server to be idle again (default 60)",
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="the server to make the database on")
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=60,
        help="seconds a request may take, as gunicorn's worker timeout (default 60)",
    )
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="officers open statement forms but never save them: no write bumps the plan's revision",
    )
    parser.add_argument(
        "--sign-in-all",
        action="store_true",
        help="every user signs in through the form (default: one of each role; the rest get sessions)",
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="a Redis database for one cache shared by every worker, as production sets CACHE_URL "
        "(e.g. redis://127.0.0.1:6379/14; emptied before and after the run). Default: per-worker "
        "memory caches",
    )
    parser.add_argument("--log", type=Path, help="keep gunicorn's log (with any tracebacks) in this file")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    thinks = [float(t) for t in args.think.split(",")]
    phases = [
        Phase(i, users, think, role_counts(users))
        for i, (users, think) in enumerate((users, think) for users in levels for think in thinks)
    ]
    timeout = int(900 + len(phases) * (args.warmup + args.duration + args.request_timeout + args.drain))
    set_deadline(timeout)

    def out_of_time(signum, frame):
        raise Deadline(f"the run's time limit ({timeout} s) passed")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(timeout)

    began = time.monotonic()
    stack = Stack(
        "sendplan_bench_load", args.postgres, urlconf="bench.urls", cache_url=args.cache_url or None
    )
    failures: list[str] = []
    done: list[Phase] = []
    try:
        stack.open_database()
        from django.contrib.auth import get_user_model
        from django.db import connection

        from actions.cycle.models import ReportingPeriod
        from reports import services as report_services
        from reports.models import Pack

        seeded = seed(actions=args.actions, periods=args.periods, seed=args.seed)
        plan = seeded.plan
        periods = ReportingPeriod.objects.filter(plan=plan)
        open_period = periods.open().get()
        closed_period = periods.filter(state=ReportingPeriod.State.CLOSED).order_by("-as_at").first()
        if closed_period is None:
            sys.exit("The plan has no closed period to publish a pack of: use --periods 2 or more.")
        most = role_counts(max(levels))
        started = time.monotonic()
        made = make_users(plan, open_period, most)
        publisher = get_user_model().objects.get(username="admin001")
        pack = report_services.pack_create(
            user=publisher, plan=plan, period=closed_period, audience=Pack.Audience.BOARD
        )
        site = site_for(plan, open_period, closed_period, pack)
        print(
            f"Users made in {time.monotonic() - started:.1f}s: {describe_counts(most)}; each officer "
            f"linked to a person who leads actions; draft board pack of {closed_period.name}"
        )
        site.preview = start_import_of_export(plan, publisher)

        waited = stack.serve(args.workers)
        # As README "Scaling out" advises where the task worker shares the app servers' machine: a pack
        # renders for minutes, and the pages waiting on the CPU should come first.
        worker = stack.manage("db_worker", "--no-startup-delay", log_name="db_worker.log", nice=WORKER_NICE)
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{stack.port}, up in {waited:.1f}s; "
            "DEBUG off; plain HTTP with the TLS proxy's X-Forwarded-Proto: https; "
            f"db_worker running under nice -n {WORKER_NICE}"
        )
        print(f"Import preview: {wait_for_preview(site.preview)}")
        run_id = uuid.uuid4().hex[:8]
        users: dict[str, list[User]] = {
            role: [
                User(role, username, Browser(stack.port, args.request_timeout, AGENT), writable)
                for username, writable in people
            ]
            for role, people in made.items()
        }
        everyone = [user for people in users.values() for user in people]
        started = time.monotonic()
        signed = sign_in_everyone(everyone, args.workers, all_through_form=args.sign_in_all)
        print(f"Sign-in took {time.monotonic() - started:.1f}s: {signed}")
        publisher_browser = Browser(stack.port, args.request_timeout, AGENT)
        sign_in(publisher_browser, "admin001", PASSWORD)

        started = time.monotonic()
        cold, warm = warm_up(everyone, site, args.workers)
        print(
            f"Warm-up in {time.monotonic() - started:.1f}s: every page read once (cold), then "
            f"{args.workers} at once, then once more (warm), each time alone in the server's queue:"
        )
        print("| page | first read (cold), ms | last read (warm), ms |\n|---|---:|---:|")
        for page, ms in cold.items():
            print(f"| {PAGES[page]} | {ms:.0f} | {warm[page]:.0f} |")
        setup_line = (
            f"Setup: gunicorn {args.workers} sync workers, PostgreSQL "
            f"{connection.pg_version // 10000}, "
            f"{seeded.actions:,} actions × {args.periods} terms ({seeded.statements:,} statements), "
            f"{stack.cache_text()} warmed first, {args.warmup:g} s of warm-up per phase not counted, "
            f"{args.duration:g} s measured; think time uniform between 0.5 and 1.5 × the stated mean; "
            + (
                "reads only (officers open statement forms, never save)"
                if args.reads_only
                else "officers save the statements they open"
            )
            + "; load driven by this script's threads (Python's http.client) on the same machine"
        )
        print(setup_line)
        publish_phase = next((p for p in phases if p.users == args.publish_at), None)
        published_at = None

        def cpu():
            return cpu_snapshot(stack, worker.pid)

        for phase in phases:
            print(f"\n## {phase.name}: {describe_counts(phase.counts)}")
            if phase is publish_phase:
                answer, ms = publish(publisher_browser, site.pack)
                published_at = time.monotonic()
                print(f"Pack published at the start of this phase: answered {answer.status} in {ms:.0f} ms")
                if answer.status != 302:
                    failures.append(f"publishing the pack answered {answer.status or answer.error}")
            chosen = [user for role, count in phase.counts.items() for user in users[role][:count]]
            run_phase(phase, chosen, site, run_id, args, cpu)
            state, task = render_state(site.pack)
            phase.rendering = (
                "no pack publishing"
                if published_at is None
                else f"pack {state}" + (f" (task {task.status})" if task else "")
            )
            done.append(phase)
            print("\n".join(phase_table(phase)))
            saves = phase.figures.get("statement-save")
            if saves:
                print(
                    f"Statement saves: {saves.requests - saves.conflicts - sum(saves.errors.values())} "
                    f"saved, {saves.conflicts} refused as a conflict (409, not an error)"
                )
            print(cpu_text(phase.cpu) + f"; {phase.rendering} at the end")
            print(drain(publisher_browser, args.drain))

        print()
        lines, broken = integrity(run_id)
        print("\n".join(lines))
        failures += broken
        state, task = render_state(site.pack)
        if task is not None and task.started_at and task.finished_at:
            render = f"rendered in {(task.finished_at - task.started_at).total_seconds():.0f} s"
        elif published_at is not None:
            render = f"still {state} {time.monotonic() - published_at:.0f} s after Publish (not waited for)"
        else:
            render = "not published"
        print(f"Pack: {state}, {render}")
        if state == Pack.State.FAILED:
            failures.append("the pack failed to render")
    except Deadline as exc:
        print(f"Stopped: {exc}")
        failures.append("the run did not finish in time")
    except KeyboardInterrupt:
        print("Stopped: interrupted")
        failures.append("interrupted")
    finally:
        signal.alarm(0)
        stack.stop_processes()
        fivexx = sum(f.errors["5xx"] for phase in done for f in phase.figures.values())
        if fivexx and stack.log.exists():
            print("\n5xx, from gunicorn's log:")
            for text in server_errors(stack.log):
                print("  " + text.replace("\n", "\n    "))
        stack.keep_log(args.log)
        stack.close()

    summary(done, failures)
    for (page, kind), text in sorted(SAMPLES.items()):
        print(f"  {PAGES.get(page, page)}, {kind}: e.g. {text}")
    print(f"\nThe whole run took {time.monotonic() - began:.0f} s.")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    goal_run = any(p.users == GOAL_USERS and p.think == 1 for p in done)
    print("Goal met, every check held." if goal_run else "Every check held (the goal's phase did not run).")
    return 0


def summary(done: list[Phase], failures: list[str]) -> None:
    """p95 of every page in every phase, side by side; and the goal."""
    if not done:
        return
    print("\n## p95 ms by phase (p50 × trivial in brackets)\n")
    print("| page | " + " | ".join(phase.name for phase in done) + " |")
    print("|---|" + "---:|" * len(done))
    for page, label in PAGES.items():
        if not any(page in phase.figures for phase in done):
            continue
        cells = []
        for phase in done:
            f, trivial = phase.figures.get(page), phase.figures.get("trivial")
            ratio = f" ({f.p50 / trivial.p50:.1f}×)" if f and trivial and trivial.p50 else ""
            cells.append(f"{f.p95:.0f}{ratio}" if f else "–")
        print(f"| {label} | " + " | ".join(cells) + " |")
    rates = [f"{sum(f.requests for f in p.figures.values()) / p.seconds:.0f}" for p in done]
    print("| **requests/s, all pages** | " + " | ".join(rates) + " |")
    errors = sum((f.errors for p in done for f in p.figures.values()), Counter())
    if errors:
        failures.append(f"errors: {errors_text(errors)}")
    goal = next((p for p in done if p.users == GOAL_USERS and p.think == 1), None)
    if goal is None:
        print(f"\nGoal (p95 ≤ {GOAL_MS} ms at {GOAL_USERS} users, think 1 s): not measured in this run")
        return
    over = [
        f"{PAGES[page]} {goal.figures[page].p95:.0f} ms"
        if page in goal.figures
        else f"{PAGES[page]} (no request in the measured window)"
        for page in READ_PAGES
        if page not in goal.figures or goal.figures[page].p95 > GOAL_MS
    ]
    print(
        f"\nGoal, p95 ≤ {GOAL_MS} ms for every read page at {GOAL_USERS} users with 1 s think time: "
        + ("met" if not over else "not met: " + ", ".join(over))
    )
    if over:
        failures.append(f"p95 over {GOAL_MS} ms at {GOAL_USERS} users: {len(over)} pages")


if __name__ == "__main__":
    sys.exit(main())
