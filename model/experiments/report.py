"""``jsdsim analyze``: the tables, figures and summary of a sweep folder.

:func:`analyze` reads a sweep folder (:func:`model.experiments.analysis.load_sweep`) and
writes into an output folder:

    outcomes.csv       each run's metrics averaged over each window (tidy)
    effects.csv        each plan minus the baseline, run by run (paired seeds)
    shares.csv         the share of samples in which each plan beats the baseline
    pairwise.csv       for every ordered pair of plans, the share of samples in which the
                       first beats the second
    sensitivity.csv    Sobol' (S1, ST with confidence intervals) or Morris (mu*, sigma)
                       indices of every plan's outcomes and effects (sobol/morris designs)
    curves.csv         outcomes and effects against each input with listed values or
                       grid levels (mean, 10th-90th percentile band)
    discovery.csv      PRIM boxes of input space where a plan fails to beat the baseline
    failures.csv       runs that failed, with their error text (if any)
    summary.md         the numbers above in a few readable tables
    *.png              figures: sensitivity_*, response_*, effect_*, shares

Everything is derived from the folder, so it can be re-run at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from model.experiments.analysis import (
    SweepResults,
    better_when_lower,
    discovery_table,
    effect_table,
    load_sweep,
    outcome_table,
    pairwise_shares,
    plan_shares,
    response_curves,
    sensitivity_table,
)
from model.viz import save
from model.viz.sweeps import morris_figure, response_figure, shares_figure, sobol_figure


def _outcome(metric: str, window: str) -> str:
    return f"{metric} [{window}]"


def curve_factors(results: SweepResults) -> list[str]:
    """Inputs to draw response curves for: listed values or grid levels (numeric, > 1)."""
    names = []
    for factor in results.factors:
        column = results.samples.get(factor["name"])
        listed = factor["values"] is not None or results.method == "grid"
        if column is not None and listed and pd.api.types.is_numeric_dtype(column) \
                and column.nunique() > 1:
            names.append(factor["name"])
    return names


def analyze(folder: str | os.PathLike[str], out: str | os.PathLike[str]) -> list[Path]:
    """Analyse a sweep folder and write tables, figures and a summary.

    Args:
        folder: A folder written by ``jsdsim sweep``.
        out: Where to write (created if missing).

    Returns:
        The files written.

    Raises:
        FileNotFoundError: If ``folder`` is not a sweep folder.
    """
    results = load_sweep(folder)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def table(frame: pd.DataFrame, name: str) -> None:
        if not frame.empty:
            frame.to_csv(out / name, index=False)
            written.append(out / name)

    outcomes = outcome_table(results)
    effects = effect_table(outcomes, results.baseline)
    table(outcomes, "outcomes.csv")
    table(effects, "effects.csv")
    failures = results.runs[results.runs["status"] == "failed"]
    table(failures, "failures.csv")
    shares = plan_shares(effects)
    table(shares, "shares.csv")
    table(pairwise_shares(outcomes), "pairwise.csv")
    title = results.manifest["experiment"]["title"]
    if not shares.empty:
        shares["outcome"] = [_outcome(m, w) for m, w in zip(shares["metric"],
                                                            shares["window"], strict=True)]
        for scenario, part in shares.groupby("scenario"):
            fig = shares_figure(part, list(dict.fromkeys(part["outcome"])),
                                f"{title}: where each plan beats {results.baseline} "
                                f"({scenario})")
            written.append(save(fig, out / f"shares_{scenario}.png"))

    sensitivity = pd.DataFrame()
    if results.method in ("sobol", "morris"):
        sensitivity = sensitivity_table(results, outcomes, effects)
        table(sensitivity, "sensitivity.csv")
        if not sensitivity.empty:
            sensitivity["outcome"] = [_outcome(m, w) for m, w in
                                      zip(sensitivity["metric"], sensitivity["window"],
                                          strict=True)]
            draw = sobol_figure if results.method == "sobol" else morris_figure
            for (scenario, plan, quantity), part in sensitivity.groupby(
                    ["scenario", "plan", "quantity"], sort=False):
                if quantity == "level" and plan != results.baseline:
                    continue  # effects say more; the baseline's own level is drawn
                what = (f"effect of {plan} over {results.baseline}" if quantity == "effect"
                        else f"{plan}")
                fig = draw(part, "outcome", f"{results.method.title()} indices: {what} "
                                            f"({scenario})")
                written.append(save(fig, out / f"sensitivity_{scenario}_{plan}_{quantity}.png"))

    curves = []
    panels = {m: m for m in results.metrics}
    for factor in curve_factors(results):
        for kind, frame in (("response", outcomes), ("effect", effects)):
            if frame.empty:
                continue
            curve = response_curves(frame, results.samples, factor).assign(quantity=kind)
            curves.append(curve)
            for (scenario, window), part in curve.groupby(["scenario", "window"]):
                what = "outcomes" if kind == "response" else \
                    f"effect over {results.baseline} (plan minus baseline)"
                first, last = results.windows[window]
                fig = response_figure(part, factor, panels,
                                      f"{title}: {what}, mean over months {first}-{last} "
                                      f"({window}; {scenario}; band: 10th-90th percentile)",
                                      zero_line=kind == "effect")
                name = f"{kind}_{scenario}_{factor.replace('.', '-')}_{window}.png"
                written.append(save(fig, out / name))
    curve_table = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame()
    table(curve_table, "curves.csv")

    discovery = discovery_table(results, effects)
    table(discovery, "discovery.csv")
    summary = out / "summary.md"
    summary.write_text(summary_text(results, shares, sensitivity, discovery, curve_table),
                       encoding="utf-8")
    written.append(summary)
    return written


def _fmt(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.3g}"


def summary_text(results: SweepResults, shares: pd.DataFrame, sensitivity: pd.DataFrame,
                 discovery: pd.DataFrame, curves: pd.DataFrame) -> str:
    """The summary of a sweep as Markdown, generated from its tables.

    Args:
        results: The sweep.
        shares: From :func:`model.experiments.analysis.plan_shares`.
        sensitivity: The sensitivity table (empty for other designs).
        discovery: The PRIM boxes.
        curves: The response curves.

    Returns:
        Markdown text.
    """
    m = results.manifest
    counts = results.counts()
    lines = [f"# {m['experiment']['title']}", "",
             f"Sweep folder `{results.folder}`; design `{results.method}` with "
             f"{m['design']['n_samples']} samples, {m['replicates']} replicates, master seed "
             f"{m['master_seed']}, baseline plan `{results.baseline}`. Runs: "
             + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) + ".",
             "", "Outcomes are monthly metrics averaged over windows of months: "
             + ", ".join(f"`{k}` = months {v[0]}-{v[1]}" for k, v in results.windows.items())
             + ". Lower is better for "
             + ", ".join(f"`{x}`" for x in results.metrics if better_when_lower(x))
             + "; higher is better for the others.", ""]
    if not shares.empty:
        lines += ["## Where each plan beats the baseline", "",
                  "Share of samples (of the uncertain inputs) whose mean effect over "
                  "replicates is better than the baseline; mean effect (plan minus "
                  "baseline) with its 10th-90th percentile over samples.", "",
                  "| scenario | plan | outcome | share better | mean effect | 10% | 90% |",
                  "|---|---|---|---:|---:|---:|---:|"]
        for _, r in shares.iterrows():
            lines.append(f"| {r['scenario']} | {r['plan']} | {r['metric']} [{r['window']}] | "
                         f"{r['share_better']:.0%} | {_fmt(r['mean_effect'])} | "
                         f"{_fmt(r['q10_effect'])} | {_fmt(r['q90_effect'])} |")
        lines.append("")
    if not sensitivity.empty:
        effect = sensitivity[sensitivity["quantity"] == "effect"]
        show = effect if not effect.empty else sensitivity
        key = "ST" if results.method == "sobol" else "mu_star"
        lines += [f"## What matters most ({results.method})", "",
                  f"Inputs ranked by {'total Sobol index ST' if key == 'ST' else 'mu*'} "
                  "for each outcome (of the effect over the baseline where there is one).",
                  ""]
        for (scenario, plan, quantity, metric, window), part in show.groupby(
                ["scenario", "plan", "quantity", "metric", "window"], sort=False):
            ranked = part.sort_values(key, ascending=False)
            if key == "ST":
                items = [f"{r.factor} {r.ST:.2f} (S1 {r.S1:.2f})"
                         for r in ranked.itertuples()]
            else:
                items = [f"{r.factor} {r.mu_star:.3g}" for r in ranked.itertuples()]
            lines.append(f"- {scenario} / {plan} ({quantity}) / {metric} [{window}]: "
                         + "; ".join(items))
        lines.append("")
    if not curves.empty:
        lines += ["## Response curves", "",
                  "Mean (and 10th-90th percentile) of each outcome at each value of the "
                  "input, over replicates and the other inputs.", ""]
        for (scenario, factor, quantity, window), part in curves.groupby(
                ["scenario", "factor", "quantity", "window"], sort=False):
            lines += [f"### {factor}: {quantity} [{window}] ({scenario})", "",
                      "| plan | metric | " + " | ".join(
                          _fmt(v) for v in sorted(part[factor].unique())) + " |",
                      "|---|---|" + "---:|" * part[factor].nunique()]
            for (plan, metric), row in part.groupby(["plan", "metric"], sort=False):
                row = row.sort_values(factor)
                cells = [f"{_fmt(a)} ({_fmt(b)}..{_fmt(c)})"
                         for a, b, c in zip(row["mean"], row["q10"], row["q90"], strict=True)]
                lines.append(f"| {plan} | {metric} | " + " | ".join(cells) + " |")
                if "share_better" in row and row["share_better"].notna().all():
                    lines.append(f"| {plan} | {metric}: share of runs better | " + " | ".join(
                        f"{v:.0%}" for v in row["share_better"]) + " |")
            lines.append("")
    if not discovery.empty:
        lines += ["## Where plans fail (scenario discovery, PRIM)", "",
                  "Box of input space where the plan's mean effect is not better than the "
                  "baseline: coverage = share of all failures inside the box, density = "
                  "share of the box's samples that fail.", ""]
        for (scenario, plan, metric, window), part in discovery.groupby(
                ["scenario", "plan", "metric", "window"], sort=False):
            first = part.iloc[0]
            head = (f"- {scenario} / {plan} / {metric} [{window}]: "
                    f"{first['n_failed_samples']} of {first['n_samples']} samples fail")
            if first["n_failed_samples"] in (0, first["n_samples"]):
                lines.append(head + ".")
                continue
            limits = [f"{r.factor} in [{_fmt(r.low)}, {_fmt(r.high)}]"
                      for r in part.itertuples() if r.factor]
            lines.append(head + "; box " + (" and ".join(limits) or "(no restriction)")
                         + f": coverage {first['coverage']:.0%}, density "
                         f"{first['density']:.0%}, mass {first['mass']:.0%}.")
        lines.append("")
    failed = results.runs[results.runs["status"] == "failed"]
    if not failed.empty:
        lines += ["## Failed runs", "", f"{len(failed)} runs failed; first error: "
                  f"`{failed['error'].iloc[0]}` (all in failures.csv).", ""]
    return "\n".join(lines)
