"""A real browser drives the workshop page: headless Chromium through Playwright.

The test starts the real ``jsdsim workshop`` command on a free loopback port, opens the
page in Debian's Chromium (``/usr/bin/chromium``; Playwright never downloads a browser
here), presses Step and Play, sees the plots change, injects an event, switches to side
by side, and checks that no request left 127.0.0.1. Chromium is also told to resolve
every other host name to nothing, so that nothing could leave even unseen.

Screenshots go to ``out/test-artifacts/workshop/``; with ``JSDSIM_WORKSHOP_DOCS=1`` they
are also written to ``docs/figures/workshop_*.png`` for docs/workshop.md
(``make workshop-figures``).

Without Chromium the test is skipped on a developer machine and fails under CI (``CI``
set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.app.workshop_server import running_workshop

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "out" / "test-artifacts" / "workshop"
DOCS_FIGURES = REPO / "docs" / "figures"
CHROMIUM = Path(os.environ.get("JSDSIM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
"""Headless, no sandbox (root), nothing in the background that reaches the internet."""
VIEWPORT = {"width": 1600, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1"}
STEP_MONTH_LIMIT_S = 4.0
"""Generous bound on click-to-page-update for a month of 20,000 residents (measured
numbers are in docs/workshop.md; this only catches a gross regression)."""


def _need(what: str, reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing but CI is set: {reason}")
    pytest.skip(f"{what} is missing: {reason}")


@pytest.fixture(scope="module")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package", "install the dev extra (make venv)")
    if not CHROMIUM.exists():
        _need(str(CHROMIUM), "install Debian's chromium package "
              "(apt-get install --no-install-recommends chromium); .ci/run does")
    with sync_playwright() as api:
        yield api


class Shots:
    """Saves screenshots as test artifacts (and as docs figures when asked)."""

    def __init__(self) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.docs = os.environ.get("JSDSIM_WORKSHOP_DOCS") == "1"

    def save(self, page, name: str, full_page: bool = True) -> None:
        path = ARTIFACTS / f"workshop_{name}.png"
        if not full_page:
            page.evaluate("window.scrollTo(0, 0)")
            time.sleep(0.2)
        page.screenshot(path=str(path), full_page=full_page)
        if self.docs:
            shutil.copyfile(path, DOCS_FIGURES / path.name)


def _day(page) -> int:
    return int(page.locator(".jsd-day").inner_text().split()[1])


def _wait_day(page, predicate, timeout_s: float = 30.0) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        day = _day(page)
        if predicate(day):
            return day
        time.sleep(0.05)
    raise AssertionError(f"the page stayed at day {_day(page)}")


def _pick(page, label: str, value: str) -> None:
    """Choose a value in one of the page's drop-down lists."""
    page.locator(".v-select", has=page.get_by_text(label, exact=True)).first.click()
    page.locator(".v-menu__content .v-list-item", has_text=value).first.click()
    _wait_day(page, lambda d: d == 0)


def _chart(page, index: int = 0) -> bytes:
    """A screenshot of one plot (0: trust)."""
    return page.locator(".solara-echarts").nth(index).screenshot()


def test_workshop_page_in_a_real_browser(playwright_api):
    started = time.monotonic()
    shots = Shots()
    requests: list[str] = []
    blocked: list[str] = []
    timings: dict[str, float] = {}

    def route(route_):
        host = urlparse(route_.request.url).hostname
        if host in LOCAL_HOSTS:
            route_.continue_()
        else:
            blocked.append(route_.request.url)
            route_.abort()

    with running_workshop("saaba") as url:
        timings["server_start_s"] = time.monotonic() - started
        with tempfile.TemporaryDirectory(prefix="jsdsim-chromium-") as profile:
            browser = playwright_api.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True,
                args=CHROMIUM_ARGS, viewport=VIEWPORT)
            try:
                browser.on("request", lambda r: requests.append(r.url))
                browser.route("**/*", route)
                page = browser.new_page()
                page.on("websocket", lambda ws: requests.append(ws.url))
                _drive(page, url, shots, timings)
            finally:
                browser.close()

    elsewhere = [u for u in requests if urlparse(u).hostname not in LOCAL_HOSTS]
    assert requests and not elsewhere and not blocked, (elsewhere, blocked)
    assert any(u.startswith("ws://127.0.0.1:") for u in requests)  # the live connection
    timings["test_s"] = time.monotonic() - started
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")
    print("workshop browser test:", json.dumps(timings))


def _drive(page, url: str, shots: Shots, timings: dict[str, float]) -> None:
    t0 = time.monotonic()
    page.goto(url)
    page.get_by_role("button", name="Step a month").wait_for(timeout=30_000)
    page.locator(".solara-echarts canvas").first.wait_for(timeout=30_000)
    timings["page_load_s"] = time.monotonic() - t0
    assert _day(page) == 0
    assert page.locator(".solara-echarts").count() >= 5  # four plots and the network
    _pick(page, "Plan", "dialogue_12m")
    page.get_by_text("12 months", exact=False).first.wait_for()
    shots.save(page, "start", full_page=False)

    # Step a month: the day advances and the trust plot changes
    before = _chart(page)
    clicked = time.monotonic()
    page.get_by_role("button", name="Step a month").click()
    _wait_day(page, lambda d: d == 30)
    timings["step_month_click_to_page_s"] = time.monotonic() - clicked
    assert timings["step_month_click_to_page_s"] < STEP_MONTH_LIMIT_S
    time.sleep(0.3)  # let the plot repaint
    assert _chart(page) != before

    # Play: it runs by itself until paused
    before = _chart(page, 1)
    page.get_by_role("button", name="▶ Play").click()
    _wait_day(page, lambda d: d >= 120)
    page.get_by_role("button", name="❚❚ Pause").click()
    day = _wait_day(page, lambda d: True)
    time.sleep(1.0)
    assert _day(page) - day <= 7  # at most the update under way when Pause was pressed
    assert _chart(page, 1) != before

    # An event: a misconduct video goes viral; it shows on the plots and in the log
    page.get_by_role("button", name="Misconduct video goes viral").click()
    page.get_by_text("Misconduct video goes viral (on the next step)").wait_for()
    before = _chart(page)
    page.get_by_role("button", name="Step a month").click()
    _wait_day(page, lambda d: d >= day + 30)
    time.sleep(0.3)
    assert _chart(page) != before
    shots.save(page, "event")

    # Side by side: two plans from the same seed, the gap drawn
    page.get_by_text("Compare with another plan, side by side").click()
    page.get_by_text("Compared with").first.wait_for()
    _wait_day(page, lambda d: d == 0)
    for _ in range(8):
        target = _day(page) + 30
        page.get_by_role("button", name="Step a month").click()
        _wait_day(page, lambda d, target=target: d >= target)
    page.get_by_role("columnheader", name="gap").wait_for()
    time.sleep(0.3)
    shots.save(page, "side_by_side")
