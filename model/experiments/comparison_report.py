"""The report of a plan comparison: tables, figures, Markdown and self-contained HTML.

:func:`write_outputs` writes, into a results folder, every table of a
:class:`~model.experiments.comparison.ComparisonResult` (CSV), its runs (Parquet), its
manifest, its figures (PNG) and a report in two forms: ``report.md`` (figures beside it)
and ``report.html`` (figures embedded as base64 data: it opens offline and makes no
network request). The report is built once as a list of blocks and rendered to both
formats; every number in it is formatted by :func:`fmt` from a table of the result,
never typed twice. Every file is written atomically.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from matplotlib.figure import Figure

from model.experiments.comparison import (
    HEADLINE,
    LEVEL,
    METHOD,
    ONSET_MONTHS,
    OUTCOMES,
    TRUST_COLUMNS,
    final_values,
    outcome,
    windows,
)
from model.experiments.output import write_atomic
from model.experiments.store import MANIFEST
from model.viz.comparison import (
    distributions_figure,
    effects_over_time_figure,
    forest_figure,
    series_figure,
)

if TYPE_CHECKING:
    from model.experiments.comparison import ComparisonResult

TABLES: dict[str, str] = {
    "summary": f"per plan, outcome and window: mean and {LEVEL:.0%} interval over replicates",
    "effects": "per plan, outcome and window: effect vs the baseline, paired by replicate",
    "effects_by_month": "per plan, outcome and month: paired effect on the trailing "
                        f"{ONSET_MONTHS}-month value",
    "ranking": "per outcome and window: the best plan and its lead over the runner-up",
    "series": f"per plan, outcome and month: mean and {LEVEL:.0%} interval over replicates",
    "failures": "runs that failed, with their error",
}
"""CSV tables written, by file stem, with what they hold."""

FIGURES: dict[str, str] = {
    "series": f"Monthly mean of each outcome per plan; the band is the {LEVEL:.0%} interval "
              "of the mean over replicates.",
    "effects": "Effect of each plan against the baseline over the last months, paired by "
               f"replicate, with its {LEVEL:.0%} interval; an interval that does not cross "
               "the vertical line is distinguishable from zero.",
    "effects_over_time": "Effect of each plan against the baseline month by month (on the "
                         f"trailing {ONSET_MONTHS}-month value), with its {LEVEL:.0%} "
                         "interval.",
    "trust_at_end": "Trust at the end of the horizon: one dot per replicate, the box "
                    "spans the middle half of the replicates.",
}
"""Figures written (figures/NAME.png), with their captions."""

REPORT_MD = "report.md"
REPORT_HTML = "report.html"
RUNS = "runs.parquet"


# --- numbers ----------------------------------------------------------------------------


def fmt(value: Any) -> str:
    """Format a number for the report: integers as they are, others to 3 significant digits.

    Args:
        value: A number (None or NaN give ``"n/a"``).

    Returns:
        The text, never in scientific notation.
    """
    if value is None or value is pd.NA:
        return "n/a"
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | np.integer):
        return str(int(value))
    value = float(value)
    if math.isnan(value):
        return "n/a"
    if value == 0:
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return "0" if float(text) == 0 else text


def fmt_percent(value: Any) -> str:
    """A share as a signed percentage (``0.085`` -> ``"+8.5%"``), via :func:`fmt`.

    Args:
        value: A share (None or NaN give ``"n/a"``).

    Returns:
        The text.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = fmt(100 * float(value))
    return f"{'+' if float(value) > 0 else ''}{text}%"


def _interval(low: Any, high: Any) -> str:
    return f"{LEVEL:.0%} interval {fmt(low)} to {fmt(high)}"


def _months(first: Any, last: Any) -> str:
    return f"months {fmt(first)} to {fmt(last)}" if first != last else f"month {fmt(first)}"


# --- report blocks ----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Image:
    """A figure (figures/NAME.png) with its caption."""

    name: str
    caption: str


Block = Heading | Paragraph | Bullets | Table | Image


def report_blocks(result: ComparisonResult) -> list[Block]:
    """The report as blocks: what was compared, results, failures, figures, method, caveats.

    Args:
        result: The comparison.

    Returns:
        The blocks, in order; the results section is the one headed "Results".
    """
    design, manifest = result.design, result.manifest
    blocks: list[Block] = [Heading(1, f"Plan comparison: {design.scenario.title}")]
    blocks += _compared(result)
    blocks.append(Heading(2, "Results"))
    blocks += _results(result)
    if not result.failures.empty:
        blocks.append(Heading(2, "Failed runs"))
        blocks.append(Paragraph(
            f"{len(result.failures)} of {len(manifest['runs'])} runs failed; the results "
            "above use the runs that finished (the number of replicates or pairs behind "
            "each figure is in the tables). Their errors:"))
        blocks.append(Table(("plan", "replicate", "seed", "error"), tuple(
            (r.plan, str(r.replicate), str(r.seed), r.error)
            for r in result.failures.itertuples())))
    blocks.append(Heading(2, "Figures"))
    blocks += [Image(name, caption) for name, caption in FIGURES.items()]
    blocks.append(Heading(2, "Method"))
    blocks.append(Bullets(tuple(text.format(replicates=design.replicates)
                                for text in METHOD)))
    blocks.append(Heading(2, "Caveats"))
    blocks.append(Bullets(_caveats(result)))
    blocks.append(Heading(2, "Files"))
    blocks.append(Bullets(tuple(
        [f"{name}.csv: {what}" for name, what in TABLES.items()]
        + [f"{RUNS}: every run's monthly table (one row per run and month)",
           f"{MANIFEST}: the command, code and library versions, resolved parameters per "
           "plan and the seeds",
           "figures/: the figures above (PNG)"])))
    return blocks


def _compared(result: ComparisonResult) -> list[Block]:
    design, manifest = result.design, result.manifest
    scenario, env = design.scenario, manifest["environment"]
    where = f" ({scenario.path})" if scenario.path else " (built in Python)"
    seeds = manifest["seeds"]
    shown = ", ".join(str(s) for s in seeds[:6]) + (", ..." if len(seeds) > 6 else "")
    version = f"jsdsim {env['jsdsim']}, code digest {env['code_digest']}"
    if env.get("git_commit"):
        version += f", git commit {env['git_commit']}"
    items = [
        f"Scenario: {scenario.name}{where}: {scenario.title}",
        f"Plans ({len(design.plans)}), each compared with the baseline, {design.baseline}:",
        f"Horizon: {design.months} months. Replicates: {design.replicates} per plan, "
        f"the same seeds for every plan (master seed {design.seed}; replicate seeds "
        f"{shown}; all in {MANIFEST}).",
        "Overrides applied to every plan: " + (", ".join(
            f"{k}={v}" for k, v in design.overrides.items()) or "none"),
        f"Version: {version}; Python {env['python']}, mesa {env.get('mesa')}, numpy "
        f"{env.get('numpy')}.",
        f"Command: {manifest['command']}",
        f"Written: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]
    residents = manifest["resolved"].get(design.baseline, {}).get("parameters", {}).get(
        "n_residents")
    if residents is not None:
        items.insert(3, f"Residents: {residents} (officers and group members at the "
                        "scenario's density)")
    plans = Bullets(tuple(f"{p}: {scenario.plan(p).description or 'no description'}"
                          for p in design.plans))
    return [Heading(2, "What was compared"), Bullets(tuple(items[:2])), plans,
            Bullets(tuple(items[2:]))]


def _results(result: ComparisonResult) -> list[Block]:
    design = result.design
    window, (first_month, last_month) = next(iter(windows(design.months).items()))
    blocks: list[Block] = []
    ranking = result.ranking[result.ranking["window"] == window].set_index("outcome")
    effects = result.effects[result.effects["window"] == window]
    if ranking.empty and effects.empty:
        return [Paragraph("No results: not enough runs finished to compare plans.")]
    blocks.append(Heading(3, "Which plan does best"))
    blocks.append(Bullets(tuple(_ranking_sentence(c, ranking.loc[c].to_dict(), effects)
                                for c in HEADLINE if c in ranking.index)))
    blocks.append(Heading(3, f"Each plan against {design.baseline}"))
    for plan in design.plans[1:]:
        own = effects[effects["plan"] == plan]
        if own.empty:
            blocks.append(Paragraph(f"{plan}: no finished pair of runs with the baseline."))
            continue
        blocks.append(Paragraph(
            f"{plan} against {design.baseline}, {_months(first_month, last_month)}, "
            f"{fmt(own['n_pairs'].iloc[0])} paired replicates:"))
        blocks.append(Bullets(tuple(_effect_sentence(row) for row in own.itertuples())))
    blocks.append(Heading(3, "Tables"))
    blocks.append(Paragraph(
        f"Mean over replicates ({LEVEL:.0%} interval), "
        f"{_months(first_month, last_month)}:"))
    blocks.append(_frame_table(summary_text(result, window)))
    blocks.append(Paragraph(
        f"Effect against {design.baseline}, paired by replicate ({LEVEL:.0%} interval), "
        "and the first month from which it stays distinguishable from zero:"))
    blocks.append(_frame_table(effects_text(result, window)))
    return blocks


def _ranking_sentence(column: str, row: Mapping[str, Any], effects: pd.DataFrame) -> str:
    item = outcome(column)
    if math.isclose(row["best_mean"], row["runner_up_mean"], rel_tol=1e-9, abs_tol=1e-12):
        return (f"{item.label.capitalize()} ({item.unit}): {fmt(row['best_mean'])} under "
                f"{row['best_plan']} and {row['runner_up']} alike.")
    most = "highest" if item.higher_is_better else "lowest"
    text = (f"{item.label.capitalize()} ({item.unit}): {most} under {row['best_plan']} "
            f"({fmt(row['best_mean'])}), then {row['runner_up']} "
            f"({fmt(row['runner_up_mean'])}). Difference {fmt(row['difference'])} "
            f"({_interval(row['low'], row['high'])}, {fmt(row['n_pairs'])} pairs): ")
    text += ("the model separates the two." if row["separated"] else
             "the model cannot tell these two apart with these replicates.")
    against = effects[(effects["plan"] == row["best_plan"]) & (effects["outcome"] == column)]
    if len(against):
        e = against.iloc[0]
        text += (f" Against {e['baseline']}: {fmt(e['effect'])} "
                 f"({_interval(e['low'], e['high'])}), "
                 f"{_onset(e['distinguishable_from_month'])}.")
    return text


def _onset(month: Any) -> str:
    if month is None or month is pd.NA or (isinstance(month, float) and math.isnan(month)):
        return (f"month by month (on {ONSET_MONTHS}-month values) not distinguishable from "
                "zero at the end of the horizon")
    return (f"month by month (on {ONSET_MONTHS}-month values) distinguishable from zero "
            f"from month {fmt(month)} on")


def _effect_sentence(row: Any) -> str:
    if row.verdict == "no distinguishable difference" or pd.isna(row.effect):
        head = f"{row.label}: no distinguishable difference, {fmt(row.effect)}"
    else:
        direction = "higher" if row.effect > 0 else "lower"
        head = f"{row.label}: {direction} by {fmt(abs(row.effect))}, {row.verdict}"
    side = row.better_when
    return (f"{head} ({_interval(row.low, row.high)}); {fmt(row.plan_mean)} against "
            f"{fmt(row.baseline_mean)} ({fmt_percent(row.relative_effect)}); {side} in "
            f"{fmt(row.n_better)} of {fmt(row.n_pairs)} replicates; "
            f"{_onset(row.distinguishable_from_month)}.")


def summary_text(result: ComparisonResult, window: str) -> pd.DataFrame:
    """The summary of one window as text: outcomes by plans, ``mean (low to high)``.

    Args:
        result: The comparison.
        window: A window name of :func:`model.experiments.comparison.windows`.

    Returns:
        Table indexed by outcome label, one column per plan.
    """
    rows = result.summary[result.summary["window"] == window]
    cells = {(r.label, r.plan): f"{fmt(r.mean)} ({fmt(r.low)} to {fmt(r.high)})"
             for r in rows.itertuples()}
    return _cells_table(cells, result.design.plans)


def effects_text(result: ComparisonResult, window: str) -> pd.DataFrame:
    """The effects of one window as text: ``effect (low to high), from month m``.

    Args:
        result: The comparison.
        window: A window name of :func:`model.experiments.comparison.windows`.

    Returns:
        Table indexed by outcome label, one column per plan other than the baseline.
    """
    rows = result.effects[result.effects["window"] == window]
    cells = {}
    for r in rows.itertuples():
        month = r.distinguishable_from_month
        onset = "-" if month is None or month is pd.NA else f"from {fmt(month)}"
        cells[(r.label, r.plan)] = f"{fmt(r.effect)} ({fmt(r.low)} to {fmt(r.high)}) {onset}"
    return _cells_table(cells, result.design.plans[1:])


def _cells_table(cells: Mapping[tuple[str, str], str], plans: Sequence[str]) -> pd.DataFrame:
    labels = [o.label for o in OUTCOMES if any(k[0] == o.label for k in cells)]
    columns = [p for p in plans if any(k[1] == p for k in cells)]
    table = pd.DataFrame([[cells.get((label, p), "") for p in columns] for label in labels],
                         index=pd.Index(labels, name="outcome"), columns=columns)
    return table


def _frame_table(frame: pd.DataFrame) -> Table:
    header = (frame.index.name or "", *map(str, frame.columns))
    return Table(header, tuple((str(i), *map(str, row))
                               for i, row in zip(frame.index, frame.to_numpy(), strict=True)))


def _caveats(result: ComparisonResult) -> tuple[str, ...]:
    design = result.design
    items = [
        "This is a model, not a forecast. It shows how the plans compare under the "
        "mechanisms and numbers of the scenario file, not what will happen: use it to "
        "compare plans and to see which assumptions matter, not to promise outcomes.",
        f"The intervals describe the model's own randomness over {design.replicates} "
        "replicates with the inputs held fixed. They do not include the uncertainty of "
        "the inputs themselves; a sensitivity analysis (changing the assumptions below "
        "with --set) shows how much the ranking depends on them.",
    ]
    path = design.scenario.path
    if path is not None and Path(path).exists():
        assumed = marked_inputs(path, "assumption")
        calibrated = marked_inputs(path, "calibrated")
        if assumed:
            items.append("Inputs the scenario file marks as assumptions (to be replaced by "
                         "local knowledge): " + "; ".join(assumed) + ".")
        if calibrated:
            items.append("Inputs it marks as calibrated (set so that the model reproduces "
                         "an observed level): " + "; ".join(calibrated) + ".")
    items.append("Every parameter the scenario file does not set keeps its model default "
                 "(docs/parameters.md lists each with its unit, range and source).")
    if design.overrides:
        items.append("The command changed these inputs for every plan: " + ", ".join(
            f"{k}={v}" for k, v in design.overrides.items())
            + " (for example a smaller population than the locality's, to run faster).")
    if not result.failures.empty:
        items.append("Some runs failed (see Failed runs): the results use fewer "
                     "replicates than asked for.")
    return tuple(items)


_FIELD = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:([^#]*)(?:#(.*))?$")


def marked_inputs(path: str | Path, word: str) -> list[str]:
    """Fields whose comment in a scenario file contains a word, by top-level section.

    Args:
        path: The scenario file.
        word: E.g. ``"assumption"`` or ``"calibrated"`` (case-insensitive).

    Returns:
        One entry per section, in file order: ``"section: field, field"``, or the field
        alone for a top-level one (e.g. ``"horizon_months"``).
    """
    sections: dict[str, dict[str, None]] = {}
    section = ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _FIELD.match(line)
        if not match:
            continue
        indent, name, _, comment = match.groups()
        if not indent and not line.lstrip().startswith("-"):
            section = name
        if comment and word.lower() in comment.lower():
            key = "" if not indent and section == name else section
            sections.setdefault(key, {}).setdefault(name)
    return [", ".join(names) if not key else f"{key}: {', '.join(names)}"
            for key, names in sections.items()]


# --- rendering --------------------------------------------------------------------------


def to_markdown(blocks: Sequence[Block]) -> str:
    """Render blocks as Markdown (figures as links to figures/NAME.png).

    Args:
        blocks: The report.

    Returns:
        The Markdown text.
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            def row(cells: Sequence[str]) -> str:
                return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ")
                                         for c in cells) + " |"
            out.append("\n".join([row(block.header), row(["---"] * len(block.header)),
                                  *(row(r) for r in block.rows)]))
        elif isinstance(block, Image):
            out.append(f"![{block.caption}](figures/{block.name}.png)\n\n*{block.caption}*")
    return "\n\n".join(out) + "\n"


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 70em;
       margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
figure { margin: 1.5em 0; }
img { max-width: 100%; }
figcaption { font-style: italic; color: #555; }
"""


def to_html(blocks: Sequence[Block], images: Mapping[str, bytes], title: str) -> str:
    """Render blocks as one self-contained HTML page (figures embedded as data URIs).

    Args:
        blocks: The report.
        images: PNG bytes of each figure, by name.
        title: Page title.

    Returns:
        The HTML text; it refers to no other file and no network address.
    """
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>"]
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{esc(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{esc(c)}</th>" for c in block.header)
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>"
                           for r in block.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Image):
            data = base64.b64encode(images[block.name]).decode("ascii")
            out.append(f'<figure><img alt="{esc(block.caption)}" '
                       f'src="data:image/png;base64,{data}"><figcaption>'
                       f"{esc(block.caption)}</figcaption></figure>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# --- figures and files ------------------------------------------------------------------


def figures(result: ComparisonResult) -> dict[str, Figure]:
    """The figures of a comparison, by name (see :data:`FIGURES`).

    Args:
        result: The comparison.

    Returns:
        Name -> matplotlib Figure.
    """
    design = result.design
    plans = list(design.plans)
    window = next(iter(windows(design.months)))
    panels = {o.column: f"{o.label.capitalize()}\n({o.unit})" for o in OUTCOMES}
    effects = result.effects[result.effects["window"] == window]
    span = ""
    if len(effects):
        span = f", {_months(effects['first_month'].iloc[0], effects['last_month'].iloc[0])}"
    name = design.scenario.name
    finals = final_values(result.runs, [c for c in TRUST_COLUMNS if c in result.runs])
    return {
        "series": series_figure(result.series, panels, plans,
                                f"{name}: monthly outcomes per plan ({design.replicates} "
                                "replicates)"),
        "effects": forest_figure(effects, panels, plans,
                                 f"{name}: effect against {design.baseline}{span} "
                                 f"({LEVEL:.0%} intervals, paired by replicate)"),
        "effects_over_time": effects_over_time_figure(
            result.effects_by_month, panels, plans,
            f"{name}: effect against {design.baseline} month by month"),
        "trust_at_end": distributions_figure(
            finals, {c: t for c, t in TRUST_COLUMNS.items() if c in finals}, plans,
            f"{name}: trust at month {design.months}, one dot per replicate"),
    }


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _csv(table: pd.DataFrame) -> Any:
    return lambda path: table.to_csv(path, index=False)


def write_outputs(result: ComparisonResult, folder: str | Path) -> Path:
    """Write every output of a comparison into a folder, each file atomically.

    Writes the CSV tables of :data:`TABLES`, ``runs.parquet``, ``manifest.json``, the
    figures of :data:`FIGURES` (``figures/NAME.png``), ``report.md`` and ``report.html``.

    Args:
        result: The comparison.
        folder: The results folder (created if missing).

    Returns:
        The path of ``report.html``.
    """
    folder = Path(folder)
    for name in TABLES:
        write_atomic(folder / f"{name}.csv", _csv(getattr(result, name)))
    runs = pa.Table.from_pandas(result.runs, preserve_index=False)
    write_atomic(folder / RUNS, lambda path: pq.write_table(runs, path))
    manifest = json.dumps(result.manifest, indent=2, sort_keys=True, default=str) + "\n"
    write_atomic(folder / MANIFEST, lambda path: path.write_text(manifest, encoding="utf-8"))
    images = {name: _png(fig) for name, fig in figures(result).items()}
    for name, data in images.items():
        write_atomic(folder / "figures" / f"{name}.png", lambda path, d=data: path.write_bytes(d))
    blocks = report_blocks(result)
    markdown = to_markdown(blocks)
    page = to_html(blocks, images, f"Plan comparison: {result.design.scenario.title}")
    write_atomic(folder / REPORT_MD, lambda path: path.write_text(markdown, encoding="utf-8"))
    return write_atomic(folder / REPORT_HTML,
                        lambda path: path.write_text(page, encoding="utf-8"))
