"""Browser tests: Debian's chromium driven by Playwright against Django's live_server.

Playwright never downloads a browser here: it launches /usr/bin/chromium. Without it every browser
test is skipped with the reason below (and CI turns such a skip into a failure; see
tests/conftest.py).

Helpers for the tests:
    login(page, live_server, username)   sign in through the GOV.UK sign-in page, land on home
    assert_accessible(page)              axe-core, WCAG 2.0/2.1 A+AA and 2.2 AA, 0 violations
    screenshot(page, name)               full-page PNG in /tmp/shots/ (never in the repository)
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = Path(os.environ.get("SENDPLAN_SHOTS", "/tmp/shots"))

# Never let Playwright fetch a browser build, whatever runs these tests.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

_axe = Axe()


def pytest_collection_modifyitems(items):
    """pytest-playwright 0.10.0 defines its session `base_url` fixture as a method; pytest 9 warns."""
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(
                pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
            )


def _require_chromium() -> None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"{CHROMIUM} is missing: browser tests need Debian's chromium (apt-get install -y chromium)"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's chromium."""
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(autouse=True)
def _chromium_present():
    _require_chromium()


# Console errors that a test expects: the browser logs an intended 403 (refused), 409 (an edit conflict:
# someone saved first) or 429 (signing in paused after too many attempts) response as a failed load.
EXPECTED_CONSOLE_ERRORS = re.compile(
    r"Failed to load resource: the server responded with a status of (403|409|429)"
)


@pytest.fixture
def page(page: Page):
    """Fail fast (5 s), and fail on any JavaScript error or CSP violation in the browser console."""
    page.set_default_timeout(5_000)
    expect.set_options(timeout=5_000)
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type == "error":
            errors.append(f"console {msg.type}: {msg.text} ({page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc} ({page.url})"))
    yield page
    unexpected = [e for e in errors if not EXPECTED_CONSOLE_ERRORS.search(e)]
    assert not unexpected, "errors in the browser console:\n" + "\n".join(unexpected)


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def login(page: Page, live_server, username: str, *, check_accessible: bool = False) -> None:
    """Sign in as `username` through the sign-in form and check we land on the home page."""
    page.goto(url(live_server, "/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    if check_accessible:
        screenshot(page, "login")
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(url(live_server, "/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))


def format_violations(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'no impact'}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {s}" for s in summary.splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the current page; fail with a readable list of every violation."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    assert not violations, f"{page.url}\n{format_violations(violations)}"


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshot for a person to look at; outside the repository."""
    if os.environ.get("SENDPLAN_NO_SHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_styled(page: Page) -> None:
    """The stylesheet really loaded: dark header, GOV.UK heading font and size (not browser defaults)."""
    header_bg = page.locator(".govuk-generic-header").evaluate("el => getComputedStyle(el).backgroundColor")
    h1 = page.locator("h1").first.evaluate(
        "el => ({font: getComputedStyle(el).fontFamily, colour: getComputedStyle(el).color})"
    )
    skip_link = page.locator(".govuk-skip-link").evaluate("el => getComputedStyle(el).position")
    where = f"sendplan.css not applied on {page.url}"
    assert header_bg == "rgb(11, 12, 12)", f"header background is {header_bg}: {where}"
    assert "arial" in h1["font"].lower(), f"h1 font is {h1['font']!r}: {where}"
    assert h1["colour"] == "rgb(11, 12, 12)", f"h1 colour is {h1['colour']}: {where}"
    assert skip_link == "absolute", f"skip link is not visually hidden: {where}"
