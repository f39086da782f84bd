"""Pattern-oriented validation: the experiments behind docs/validation.md and its figures.

Each ``pattern_*`` function runs one experiment of the model brief's section 7 and returns
a tidy table (one row per arm, replicate and month); the tests in tests/validation/ and
the figures (``jsdsim figures``) both use these functions, so what is tested is what is
shown. Seeds are fixed: replicate r uses seed ``replicate_seeds(MASTER_SEED, n)[r]`` in
every arm.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from tqdm import tqdm  # noqa: E402

from model.interventions import CrimeWave, Dialogue, Event  # noqa: E402
from model.runs import replicate_seeds  # noqa: E402
from model.scenario import Scenario, load_scenario, scenario_dir  # noqa: E402
from model.trust_model import TrustModel  # noqa: E402

MASTER_SEED = 20_261_127
"""The validation experiments' one seed."""

LOW_TRUST: dict[str, float] = {"trust_police_init": 0.3, "police_conduct_init": 0.92,
                               "police_trust_community_init": 0.5}
"""A low-trust locality (Nigeria-like trust in police; conduct that sustains it)."""

HIGH_TRUST: dict[str, float] = {"trust_police_init": 0.7, "police_conduct_init": 0.96,
                                "police_trust_community_init": 0.9}
"""A high-trust locality (Burkina Faso / Senegal-like trust in police)."""

CRIME_SHOCK = CrimeWave(start_day=360, end_day=450, multiplier=2.0)
"""Pattern 1's shock: all incident rates doubled for three months in year 2."""

SEQUENCE_DIALOGUE = Dialogue(start_day=90, length_months=12)
"""Pattern 2's dialogue: twelve months from month 4, default components."""


def population(n_residents: int) -> dict[str, int]:
    """Population parameters at the default densities for a given number of residents.

    Args:
        n_residents: Number of residents.

    Returns:
        n_residents, n_officers (1 per 250), n_informal_members (1 per 330) and
        n_neighbourhoods (1 per 1000, at least 10).
    """
    return {"n_residents": n_residents, "n_officers": max(1, n_residents // 250),
            "n_informal_members": max(1, n_residents // 330),
            "n_neighbourhoods": max(10, n_residents // 1000)}


def run_arms(arms: Mapping[str, Mapping[str, Any]], n_replicates: int, months: int,
             progress: bool = False) -> pd.DataFrame:
    """Run each arm (TrustModel keyword arguments) for every replicate seed.

    Args:
        arms: Arm name -> keyword arguments of TrustModel (without rng).
        n_replicates: Replicates per arm.
        months: Months to simulate.
        progress: Show a progress bar.

    Returns:
        Tidy table: arm, replicate, seed, then the monthly table's columns.
    """
    seeds = replicate_seeds(MASTER_SEED, n_replicates)
    jobs = [(arm, r, seed) for arm in arms for r, seed in enumerate(seeds)]
    tables = []
    for arm, r, seed in tqdm(jobs, desc="validation runs", unit="run", disable=not progress):
        model = TrustModel(rng=seed, **arms[arm])
        model.run_for(30 * months)
        table = model.monthly_table()
        table.insert(0, "seed", seed)
        table.insert(0, "replicate", r)
        table.insert(0, "arm", arm)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def scenario_arms(scenario: Scenario, plans: Iterable[str],
                  extra_events: Mapping[str, Sequence[Event]] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """TrustModel keyword arguments for plans of a scenario (one arm per plan).

    Args:
        scenario: A loaded scenario.
        plans: Plan names.
        extra_events: Plan -> events added to that plan's.
        overrides: Parameter values applied to every arm.

    Returns:
        Arm name (the plan) -> keyword arguments.
    """
    arms = {}
    for plan in plans:
        events = [*scenario.events(plan), *(extra_events or {}).get(plan, ())]
        arms[plan] = {**scenario.params(plan), **dict(overrides or {}),
                      "interventions": scenario.interventions(plan), "events": events,
                      "hotspots": scenario.hotspots, "graph": scenario.graph}
    return arms


def gap(runs: pd.DataFrame, treated: str, control: str, column: str) -> pd.DataFrame:
    """Treated minus control, per replicate and month (common random numbers).

    Args:
        runs: Output of :func:`run_arms`.
        treated: Arm name.
        control: Arm name.
        column: Monthly-table column.

    Returns:
        Table indexed by month, one column per replicate.
    """
    wide = runs.pivot_table(index="month", columns=["arm", "replicate"], values=column)
    return wide[treated] - wide[control]


def window(table: pd.DataFrame, first_month: int, last_month: int) -> pd.Series:
    """Mean over months first..last (inclusive) of a month-indexed table, per column.

    Args:
        table: Month-indexed table (e.g. from :func:`gap`).
        first_month: First month.
        last_month: Last month.

    Returns:
        One mean per column (per replicate).
    """
    return table.loc[first_month:last_month].mean()


# --- the experiments ------------------------------------------------------------------
def pattern_vicious_circle(n_replicates: int = 6, n_residents: int = 20_000,
                           months: int = 36, progress: bool = False) -> pd.DataFrame:
    """Pattern 1: a crime shock in a low-trust and in a high-trust locality.

    Arms ``low``, ``low_shock``, ``high``, ``high_shock``: the two localities of
    LOW_TRUST and HIGH_TRUST, without and with CRIME_SHOCK.

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents per locality.
        months: Months simulated.
        progress: Show a progress bar.

    Returns:
        Tidy runs table.
    """
    pop = population(n_residents)
    arms = {}
    for name, locality in (("low", LOW_TRUST), ("high", HIGH_TRUST)):
        arms[name] = {**pop, **locality}
        arms[f"{name}_shock"] = {**pop, **locality, "events": [CRIME_SHOCK]}
    return run_arms(arms, n_replicates, months, progress)


def pattern_sequence(n_replicates: int = 4, n_residents: int = 20_000, months: int = 36,
                     progress: bool = False) -> pd.DataFrame:
    """Pattern 2: the order in which a dialogue's effects appear.

    Arms ``none`` and ``dialogue`` (SEQUENCE_DIALOGUE) in the default locality.

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents.
        months: Months simulated.
        progress: Show a progress bar.

    Returns:
        Tidy runs table.
    """
    pop = population(n_residents)
    arms = {"none": pop, "dialogue": {**pop, "interventions": [SEQUENCE_DIALOGUE]}}
    return run_arms(arms, n_replicates, months, progress)


def pattern_scenario(name: str, plans: Sequence[str], n_replicates: int = 4,
                     extra_events: Mapping[str, Sequence[Event]] | None = None,
                     overrides: Mapping[str, Any] | None = None,
                     progress: bool = False) -> pd.DataFrame:
    """Run plans of a scenario of scenarios/ over its horizon (patterns 3 to 7).

    Args:
        name: Scenario file stem (e.g. "saaba").
        plans: Plans to run.
        n_replicates: Replicates per plan.
        extra_events: Plan -> events added to that plan's.
        overrides: Parameter values applied to every run.
        progress: Show a progress bar.

    Returns:
        Tidy runs table with one arm per plan.
    """
    scenario = load_scenario(scenario_dir() / f"{name}.yaml")
    arms = scenario_arms(scenario, plans, extra_events, overrides)
    return run_arms(arms, n_replicates, scenario.horizon_days // 30, progress)


# --- figures --------------------------------------------------------------------------
def plot_arms(runs: pd.DataFrame, columns: Mapping[str, str], path: Path, title: str,
              arms: Sequence[str] | None = None, marks: Mapping[str, float] | None = None
              ) -> Path:
    """Mean of each arm with a band from the 10th to the 90th percentile of replicates.

    Args:
        runs: Tidy runs table.
        columns: Column -> panel title.
        path: PNG to write.
        title: Figure title.
        arms: Arms to show, in order (default: all).
        marks: Label -> month to mark with a vertical line.

    Returns:
        The path written.
    """
    arms = list(arms) if arms is not None else list(dict.fromkeys(runs["arm"]))
    fig, axes = plt.subplots(1, len(columns), figsize=(4.2 * len(columns), 3.6),
                             squeeze=False)
    for ax, (column, label) in zip(axes[0], columns.items(), strict=True):
        for arm in arms:
            wide = runs[runs["arm"] == arm].pivot_table(index="month", columns="replicate",
                                                        values=column)
            if wide.empty:  # e.g. participants' trust in an arm without a dialogue
                continue
            smooth = wide.rolling(3, min_periods=1, center=True).mean()
            line, = ax.plot(smooth.index, smooth.mean(axis=1), label=arm, lw=1.6)
            ax.fill_between(smooth.index, smooth.quantile(0.1, axis=1),
                            smooth.quantile(0.9, axis=1), color=line.get_color(), alpha=0.15)
        for text, month in (marks or {}).items():
            ax.axvline(month, color="grey", ls=":", lw=1)
            ax.text(month, ax.get_ylim()[1], f" {text}", fontsize=7, va="top", color="grey")
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def make_figures(out_dir: str | Path = "docs/figures", n_replicates: int = 6,
                 progress: bool = True) -> list[Path]:
    """Run every validation experiment and write its figure (``jsdsim figures``).

    Args:
        out_dir: Folder for the PNG files.
        n_replicates: Replicates per arm.
        progress: Show progress bars.

    Returns:
        The files written.
    """
    out = Path(out_dir)
    n = n_replicates
    written = []
    runs = pattern_vicious_circle(n, progress=progress)
    written.append(plot_arms(
        runs, {"trust_police_mean": "Trust in police", "reporting_rate": "Reporting rate",
               "police_trust_community_mean": "Officers' trust in the community",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        out / "pattern1_vicious_circle.png",
        "Pattern 1: a crime shock (months 13-15) in a low- and a high-trust locality",
        marks={"shock": 13}))
    runs = pattern_sequence(n, progress=progress)
    written.append(plot_arms(
        runs, {"trust_police_participants_mean": "Participants' trust in police",
               "trust_police_mean": "Community trust in police",
               "reporting_rate": "Reporting rate",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        out / "pattern2_sequence.png",
        "Pattern 2: a 12-month dialogue (months 4-15) vs none, default locality",
        marks={"start": 4, "end": 16}))
    lengths = ["no_dialogue", "dialogue_3m", "dialogue_6m", "dialogue_12m", "dialogue_24m"]
    runs = pattern_scenario("saaba", lengths, n, progress=progress)
    written.append(plot_arms(
        runs, {"cooperation_rate": "Cooperation rate", "trust_police_mean": "Trust in police",
               "incidents_per_1000": "Incidents per 1,000 per month"},
        out / "pattern3_dose_response.png",
        "Pattern 3: dialogues of different length (Saaba)"))
    runs = pattern_scenario("saaba", ["no_dialogue", "dialogue_12m", "dialogue_12m_scandal",
                                      "dialogue_12m_high_rotation"], n, progress=progress)
    written.append(plot_arms(
        runs, {"trust_police_mean": "Trust in police",
               "police_conduct_mean": "Officers' conduct",
               "cooperation_rate": "Cooperation rate"},
        out / "pattern4_scandal_rotation.png",
        "Pattern 4: a scandal in the dialogue's 6th month (month 9) or high rotation "
        "(Saaba)"))
    runs = pattern_scenario("jos", ["no_dialogue", "dialogue_12m", "dialogue_24m"], n,
                            progress=progress)
    written.append(plot_arms(
        runs, {"reporting_rate": "Reporting rate", "n_officers_on_duty": "Officers on duty",
               "n_informal_actions": "Vigilante actions per month",
               "abuses": "Vigilante abuses per month"},
        out / "pattern5_jos.png", "Pattern 5: police withdrawn and restored (Jos)"))
    runs = pattern_scenario("dakar", ["no_dialogue", "dialogue_12m_no_joint_fix",
                                      "dialogue_12m"], n, progress=progress)
    written.append(plot_arms(
        runs, {"clashes": "Clashes per month", "cooperation_rate": "Cooperation rate",
               "trust_outgroup_mean": "Out-group trust"},
        out / "pattern6_dakar.png", "Pattern 6: the joint fix vs trust building alone (Dakar)"))
    runs = pattern_scenario("saaba", ["no_dialogue", "dialogue_12m"], n, progress=progress)
    written.append(plot_arms(
        runs, {"police_informal_trust_mean": "Police-group trust",
               "joint_actions": "Joint actions per month", "abuses": "Abuses per month"},
        out / "pattern7_saaba.png", "Pattern 7: police-group tension (Saaba)"))
    return written


def summary_by_arm(runs: pd.DataFrame, column: str, first_month: int, last_month: int
                   ) -> pd.DataFrame:
    """Mean, standard error and replicate count of a window mean, per arm.

    Args:
        runs: Tidy runs table.
        column: Monthly-table column.
        first_month: First month of the window.
        last_month: Last month of the window.

    Returns:
        Table indexed by arm with columns mean, se, n.
    """
    sel = runs[(runs["month"] >= first_month) & (runs["month"] <= last_month)]
    per_rep = sel.groupby(["arm", "replicate"])[column].mean()
    out = per_rep.groupby("arm").agg(["mean", "std", "count"])
    out["se"] = out["std"] / np.sqrt(out["count"])
    return out[["mean", "se", "count"]].rename(columns={"count": "n"})
