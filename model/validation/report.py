"""The tables of docs/validation.md, regenerated from runs.

Effects against the evidence, effects by dialogue length, and a one-at-a-time
sensitivity table of the headline effects.

Each table sits in docs/validation.md between ``<!-- BEGIN name -->`` and
``<!-- END name -->`` and is rewritten in place::

    python -m model.validation.report effects --replicates 8   # effects vs evidence
    python -m model.validation.report oat --replicates 4       # one-at-a-time +-25%
    make validation-tables

The headline effects are those of the 12-month dialogue in Saaba (plan dialogue_12m
against no_dialogue, common random numbers) over the last year of the horizon (months
37-48): on the cooperation rate and on residents' mean trust in police.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from model.core.params import PARAMS, check_value
from model.validation import patterns as v
from model.validation import stats

DOC = Path("docs/validation.md")

HEADLINE_MONTHS = (37, 48)
AFTER_12M = (16, 48)
HEADLINE_RESIDENTS = 10_000

ASSUMED: tuple[str, ...] = (
    "contact_gain_per_session", "outreach_gain", "channel_report_boost",
    "uptake_gain_per_session", "police_follow_up", "liaison_institution_share",
    "forum_conduct_step_per_month", "forum_institution_share", "settle_share",
    "uptake_memory_days", "anchor_rate_per_day", "agent_drift_per_day",
    "cynicism_rate_per_day", "cynicism_trust_level", "negativity_weight",
    "encounter_trust_step", "influence_rate_per_day", "trust_init_concentration",
    "joint_trust_gain", "rotation_per_year")
"""Every dialogue and drift parameter, and the trust-dynamics parameters the headline
effects run through: the parameters treated as uncertain in the sensitivity table."""


def headline(n_replicates: int, master_seed: int = v.MASTER_SEED,
             overrides: Mapping[str, Any] | None = None) -> dict[str, float]:
    """Saaba's 12-month dialogue against no dialogue, last year, mean over replicates.

    Args:
        n_replicates: Replicates per arm.
        master_seed: Master seed.
        overrides: Parameter values applied to both arms.

    Returns:
        ``cooperation`` and ``trust`` effects.
    """
    arms = v.scenario_arms("saaba", ["no_dialogue", "dialogue_12m"],
                           {"n_residents": HEADLINE_RESIDENTS, **dict(overrides or {})})
    runs = v.run_arms(arms, n_replicates, master_seed)
    return {name: float(stats.effect(runs, "dialogue_12m", "no_dialogue", column,
                                     HEADLINE_MONTHS).mean())
            for name, column in (("cooperation", "cooperation_rate"),
                                 ("trust", "trust_police_mean"))}


def scaled(name: str, factor: float) -> Any:
    """A parameter's default times a factor, kept inside its allowed range.

    Args:
        name: Parameter.
        factor: Multiplier.

    Returns:
        The value.
    """
    p = PARAMS[name]
    value = min(max(p.default * factor, p.low), p.high)
    return check_value(name, round(value) if p.kind is int else value)


def oat_table(n_replicates: int, names: Sequence[str] = ASSUMED, change: float = 0.25,
              master_seed: int = v.MASTER_SEED) -> str:
    """One-at-a-time sensitivity of the headline effects to each parameter at +-25%.

    Args:
        n_replicates: Replicates per arm and setting (common random numbers).
        names: Parameters to vary.
        change: Relative change.
        master_seed: Master seed.

    Returns:
        A Markdown table.
    """
    base = headline(n_replicates, master_seed)
    lines = [f"Baseline (defaults): cooperation effect {base['cooperation']:+.3f}, trust "
             f"effect {base['trust']:+.3f} ({n_replicates} replicates, "
             f"{HEADLINE_RESIDENTS:,} residents, master seed {master_seed}).", "",
             f"| parameter | default | at -{change:.0%} | at +{change:.0%} | cooperation "
             "effect (-, +) | trust effect (-, +) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name in names:
        low, high = scaled(name, 1 - change), scaled(name, 1 + change)
        lo = headline(n_replicates, master_seed, {name: low})
        hi = headline(n_replicates, master_seed, {name: high})
        lines.append(f"| `{name}` | {PARAMS[name].default:g} | {low:g} | {high:g} | "
                     f"{lo['cooperation']:+.3f}, {hi['cooperation']:+.3f} | "
                     f"{lo['trust']:+.3f}, {hi['trust']:+.3f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines) + "\n"


def effects_table(n_replicates: int, master_seed: int = v.MASTER_SEED) -> str:
    """Effects of the implementation arms in Saaba against the evidence.

    Args:
        n_replicates: Replicates per arm.
        master_seed: Master seed.

    Returns:
        A Markdown table: effects after a 12-month dialogue (months 16-48),
        trust also in SD units of residents' starting trust, and participants' gain.
    """
    runs = v.run_arms(v.implementation_arms("saaba", HEADLINE_RESIDENTS), n_replicates,
                      master_seed)
    sd = runs[(runs["arm"] == "none") & (runs["month"] == 1)]["trust_police_sd"].mean()
    labels = {"good": "12-month JSD (facilitation 0.8)",
              "poor": "12-month JSD, facilitation 0.4",
              "outreach_only": "outreach only (community meetings)",
              "failed": "no uptake, full rotation"}
    lines = [f"Saaba at {HEADLINE_RESIDENTS:,} residents, {n_replicates} replicates, master "
             f"seed {master_seed}; effects against no dialogue over months 16-48 (after the "
             f"dialogue), mean (standard error); SD of starting trust {sd:.3f}.",
             "", "| arm | trust | trust (SD) | reporting | cooperation | participants' "
             "gain over their community at month 15 (SD) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for arm, label in labels.items():
        cells = []
        for column in ("trust_police_mean", "reporting_rate", "cooperation_rate"):
            e = stats.effect(runs, arm, v.baseline_of(arm), column, AFTER_12M)
            cells.append(f"{e.mean():+.3f} ({stats.se(e):.3f})")
            if column == "trust_police_mean":
                cells.append(f"{e.mean() / sd:+.2f}")
        participants = stats.participants_gain(runs, arm).loc[15].mean() / sd
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {participants:+.2f} |")
    return "\n".join(lines) + "\n"


def dose_table(n_replicates: int, master_seed: int = v.MASTER_SEED,
               lengths: Sequence[int] = (3, 6, 9, 12, 18, 24)) -> str:
    """Last-year effects of each dialogue length in Saaba.

    Args:
        n_replicates: Replicates per arm.
        master_seed: Master seed.
        lengths: Dialogue lengths in months.

    Returns:
        A Markdown table.
    """
    runs = v.run_arms(v.dose_arms("saaba", lengths, HEADLINE_RESIDENTS), n_replicates,
                      master_seed)
    lines = [f"Saaba at {HEADLINE_RESIDENTS:,} residents, {n_replicates} replicates, master "
             f"seed {master_seed}; last-year (months 37-48) effects against no dialogue, "
             "mean (standard error).", "",
             "| length (months) | cooperation | reporting propensity | trust in police | "
             "police-group trust |",
             "| --- | --- | --- | --- | --- |"]
    for m in lengths:
        cells = []
        for column in ("cooperation_rate", "reporting_propensity", "trust_police_mean",
                       "police_informal_trust_mean"):
            e = stats.effect(runs, f"len_{m}", "none", column, HEADLINE_MONTHS)
            cells.append(f"{e.mean():+.3f} ({stats.se(e):.3f})")
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def replace_block(text: str, name: str, body: str) -> str:
    """Replace the text between ``<!-- BEGIN name -->`` and ``<!-- END name -->``.

    Args:
        text: The document.
        name: Block name.
        body: New content.

    Returns:
        The document with the block replaced.

    Raises:
        ValueError: If the markers are missing.
    """
    pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"markers of block {name!r} not found")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate tables of docs/validation.md.

    Args:
        argv: Arguments (None: ``sys.argv[1:]``).

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(prog="python -m model.validation.report",
                                     description="Regenerate the tables of "
                                                 "docs/validation.md from runs.")
    parser.add_argument("tables", nargs="+", choices=["effects", "dose", "oat"])
    parser.add_argument("--replicates", type=int, default=6)
    parser.add_argument("--seed", type=int, default=v.MASTER_SEED)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    makers = {"effects": effects_table, "dose": dose_table, "oat": oat_table}
    for name in args.tables:
        body = makers[name](args.replicates, master_seed=args.seed)
        args.doc.write_text(replace_block(args.doc.read_text(), name, body))
        print(body, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["ASSUMED", "dose_table", "effects_table", "headline", "oat_table", "replace_block"]
