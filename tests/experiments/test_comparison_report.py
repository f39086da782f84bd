"""The comparison report (model/experiments/comparison_report.py): files, numbers, HTML."""

import base64
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from model.experiments.comparison import LEVEL, ONSET_MONTHS, compare
from model.experiments.comparison_report import (
    FIGURES,
    REPORT_HTML,
    REPORT_MD,
    TABLES,
    fmt,
    fmt_percent,
    marked_inputs,
)
from model.experiments.output import write_atomic

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "scenarios" / "template.yaml"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    result = compare(TEMPLATE, plans="no_dialogue,dialogue_12m", replicates=3, months=5,
                     overrides={"n_residents": 400},
                     workers=1, out=folder, progress=False)
    result.write_report()
    return result, folder


def test_every_table_figure_and_report_file_is_written(written):
    result, folder = written
    for name in TABLES:
        table = pd.read_csv(folder / f"{name}.csv")
        assert list(table.columns) == list(getattr(result, name).columns)
        assert len(table) == len(getattr(result, name))
    for name in FIGURES:
        assert (folder / "figures" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    assert len(pd.read_parquet(folder / "runs.parquet")) == 2 * 3 * 5
    assert json.loads((folder / "manifest.json").read_text())["plans"] == list(
        result.design.plans)
    assert not list(folder.rglob("*.tmp"))  # every file was renamed into place


def results_section(markdown):
    return markdown.split("\n## Results\n", 1)[1].split("\n## ", 1)[0]


NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?%?(?![\w.])")


def table_numbers(result):
    """Every number of the result's tables as the report may show it."""
    shown = {f"{LEVEL:.0%}", str(ONSET_MONTHS)}  # the method's constants
    for table in (result.summary, result.effects, result.ranking):
        for value in table.select_dtypes("number").to_numpy().ravel():
            if pd.isna(value):
                continue
            shown |= {fmt(value), fmt(abs(value)), fmt_percent(value)}
        for text in table.select_dtypes(exclude="number").to_numpy().ravel():  # "per 1,000"
            shown |= set(NUMBER.findall(str(text)))
    return shown


def test_every_number_in_the_results_is_read_from_the_tables(written):
    result, folder = written
    text = results_section((folder / REPORT_MD).read_text())
    numbers = NUMBER.findall(text)
    assert len(numbers) > 100
    stray = set(numbers) - table_numbers(result)
    assert not stray, f"numbers in the report that are in no table: {sorted(stray)}"
    effects = result.effects[result.effects["window"] == "last_12_months"]
    for row in effects.itertuples():  # and the tables' numbers are in the report
        assert f"{fmt(row.low)} to {fmt(row.high)}" in text


def test_the_markdown_and_html_say_the_same(written):
    _, folder = written
    markdown, page = (folder / REPORT_MD).read_text(), (folder / REPORT_HTML).read_text()
    for line in results_section(markdown).splitlines():
        if line.startswith("- "):
            assert line[2:].replace("'", "&#x27;") in page


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.images = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster"):
                self.links.append(value)
        if tag == "img":
            self.images.append(dict(attrs)["src"])


def test_the_html_is_self_contained(written):
    _, folder = written
    page = (folder / REPORT_HTML).read_text()
    parser = Links()
    parser.feed(page)
    assert all(link.startswith("data:") for link in parser.links)
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    assert not re.search(r"https?:|//[a-z]|url\(|@import", text, re.IGNORECASE)
    assert len(parser.images) == len(FIGURES)
    for src in parser.images:
        data = base64.b64decode(src.split(",", 1)[1])
        assert data[:4] == b"\x89PNG"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")


def page_requests(html_file, workdir):
    """Network requests a headless Chromium makes on behalf of a local page (net log)."""
    log = workdir / f"{html_file.stem}.netlog.json"
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={workdir / 'profile'}",
                    f"--log-net-log={log}", "--dump-dom", html_file.as_uri()],
                   capture_output=True, timeout=120, check=True)
    events = json.loads(log.read_text())["events"]
    return {e["params"]["url"] for e in events
            if str(e.get("params", {}).get("network_isolation_key", "")).startswith("file:")
            and "url" in e["params"]}


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to open the page with")
def test_a_real_browser_opens_the_report_without_a_network_request(written, tmp_path):
    _, folder = written
    control = tmp_path / "control.html"  # proves the net log sees a page's requests
    control.write_text('<img src="http://example.invalid/x.png">')
    assert page_requests(control, tmp_path) == {"http://example.invalid/x.png"}
    assert page_requests(folder / REPORT_HTML, tmp_path) == set()


# --- formatting and helpers -------------------------------------------------------------
@pytest.mark.parametrize(("value", "text"), [
    (0.123456, "0.123"), (-0.0123456, "-0.0123"), (12.3456, "12.3"), (1234.5, "1234"),
    (0.000123456, "0.000123"), (0, "0"), (7, "7"), (float("nan"), "n/a"), (None, "n/a"),
    (1e-20, "0.0000000000000000000100"), (True, "true")])
def test_fmt_gives_three_significant_digits_without_exponents(value, text):
    assert fmt(value) == text


def test_fmt_percent_signs_the_share():
    assert (fmt_percent(0.0851), fmt_percent(-0.2), fmt_percent(float("nan"))) == (
        "+8.51%", "-20.0%", "n/a")


def test_marked_inputs_are_listed_by_section():
    assumed = marked_inputs(TEMPLATE, "assumption")
    assert assumed[0].startswith("horizon_months")
    locality = next(a for a in assumed if a.startswith("locality: "))
    names = locality.removeprefix("locality: ").split(", ")
    assert "n_residents" in names and "trust_police_init" not in names  # from a survey


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "table.csv"
    write_atomic(target, lambda p: p.write_text("old"))

    def broken(path):
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == [
        "table.csv"]
