"""Benchmark the workshop page: how long "Step a month" takes to update it.

Two measurements, on a bundled scenario (Saaba: 20,000 residents by default):

1. **In process** (always): the page is rendered with ``solara.render`` and its
   "Step a month" button clicked month after month. A click's time is the whole Python
   side of a page update: stepping the model(s) 30 days, taking the view (plotted series,
   network colours), building the chart options and updating the widgets. It is broken
   down by timing the same parts on a separate session. Done for one plan and for two
   side by side.
2. **In the browser** (``--browser``, needs /usr/bin/chromium): the real ``jsdsim
   workshop`` server and headless Chromium; a click's time runs from the click to the
   page showing the new day (the server's work, the websocket round trip and the
   browser's redraw of the text; the canvases repaint within the next frame).

Usage::

    python benchmarks/bench_workshop.py                    # in process, saaba, 24 months
    python benchmarks/bench_workshop.py --browser --months 12
    python benchmarks/bench_workshop.py --scenario jos --out out/bench_workshop.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

DAYS_PER_MONTH = 30


def summary(seconds: list[float]) -> dict[str, float]:
    """Median, 90th percentile and maximum of some timings.

    Args:
        seconds: Timings in seconds.

    Returns:
        ``median_s``, ``p90_s``, ``max_s`` and ``n``.
    """
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {"median_s": round(statistics.median(ordered), 4), "p90_s": round(p90, 4),
            "max_s": round(ordered[-1], 4), "n": len(ordered)}


def in_process(scenario: str, plan: str, compare: str | None, months: int) -> dict[str, Any]:
    """Click "Step a month" on a page rendered in process, month after month.

    Args:
        scenario: Bundled scenario name.
        plan: Plan to run.
        compare: Plan to compare with, or None.
        months: Clicks.

    Returns:
        Click timings and their breakdown.
    """
    import ipyvuetify as v
    import solara

    from model.app import charts
    from model.app.components import WorkshopPage, chart_specs
    from model.app.session import Workshop
    from model.scenario import scenario_dir

    files = {scenario: scenario_dir() / f"{scenario}.yaml"}
    made: list[Workshop] = []

    def make(path: Path, **kwargs: Any) -> Workshop:
        made.append(Workshop(path, plan=plan, compare_plan=compare, **kwargs))
        return made[-1]

    _, rc = solara.render(WorkshopPage(files, scenario, make_workshop=make),
                          handle_error=False)
    button = rc.find(v.Btn, children=["Step a month"]).widget
    clicks = []
    for _ in range(months):
        t0 = time.perf_counter()
        button.click()
        clicks.append(time.perf_counter() - t0)
    rc.close()
    n_residents = made[-1].models[0].p.n_residents

    # the same work, part by part, on a separate session
    session = Workshop(files[scenario], plan=plan, compare_plan=compare)
    parts: dict[str, list[float]] = {"step_s": [], "view_s": [], "charts_s": []}
    for _ in range(months):
        t0 = time.perf_counter()
        session.step(DAYS_PER_MONTH)
        t1 = time.perf_counter()
        view = session.view()
        t2 = time.perf_counter()
        for _, _, metrics, y_name, y_max in chart_specs(compare is not None):
            charts.time_chart(view, metrics, y_name, y_max)
        for side in range(len(view.sides)):
            charts.network_chart(view, side, "police")
        t3 = time.perf_counter()
        for key, value in zip(parts, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            parts[key].append(value)
    return {"scenario": scenario, "n_residents": n_residents, "plans": [plan, compare],
            "click_step_month": summary(clicks), "last_click_s": round(clicks[-1], 4),
            **{k: summary(v) for k, v in parts.items()}}


def in_browser(scenario: str, months: int) -> dict[str, Any]:
    """Click "Step a month" in headless Chromium on the real server.

    The page's first plan alone, then side by side with the next plan, from day 0.

    Args:
        scenario: Bundled scenario name.
        months: Clicks per mode.

    Returns:
        Click-to-page timings per mode.
    """
    from playwright.sync_api import sync_playwright

    from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT
    from tests.app.workshop_server import running_workshop

    results: dict[str, Any] = {"scenario": scenario}
    with running_workshop(scenario) as url, sync_playwright() as api:
        with tempfile.TemporaryDirectory() as profile:
            browser = api.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                viewport=VIEWPORT)
            page = browser.new_page()
            page.goto(url)
            button = page.get_by_role("button", name="Step a month")
            button.wait_for(timeout=30_000)
            day = page.locator(".jsd-day")
            for mode in ("one_plan", "side_by_side"):
                if mode == "side_by_side":  # the page's first plan and the next one
                    page.get_by_text("Compare with another plan, side by side").click()
                    day.filter(has_text="Day 0 ").wait_for()
                clicks = []
                for month in range(1, months + 1):
                    t0 = time.perf_counter()
                    button.click()
                    day.filter(has_text=f"Day {month * DAYS_PER_MONTH} ").wait_for()
                    clicks.append(time.perf_counter() - t0)
                results[mode] = {"click_to_page": summary(clicks),
                                 "last_click_s": round(clicks[-1], 4)}
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) its results as JSON.

    Args:
        argv: Command-line arguments (None: sys.argv).

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="saaba")
    parser.add_argument("--plan", default="dialogue_12m")
    parser.add_argument("--compare", default="no_dialogue",
                        help="plan for the side-by-side run ('' to skip it)")
    parser.add_argument("--months", type=int, default=24, help="clicks per measurement")
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"python": platform.python_version(),
                               "machine": platform.machine()}
    results["one_plan"] = in_process(args.scenario, args.plan, None, args.months)
    if args.compare:
        results["side_by_side"] = in_process(args.scenario, args.plan, args.compare,
                                             args.months)
    if args.browser:
        results["browser"] = in_browser(args.scenario, args.months)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
