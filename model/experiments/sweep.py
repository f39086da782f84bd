"""Sweeps: every run of an experiment file, on the run engine, into a results folder.

:func:`sweep_runs` turns an :class:`~model.experiments.experiment_file.Experiment` into
its samples and run specifications; :func:`sweep` runs those not finished yet and writes
the folder:

    manifest.json   the experiment file's content, code and library versions, seeds
    samples.csv     the design: one row per sample, one column per uncertain input
    runs.csv        one row per run: run_key, scenario, plan, sample, replicate, seed
    ledger.jsonl    one line per finished run (status, error, seconds, worker)
    parts/          the kept monthly metrics of finished runs, in Parquet parts

Seeds: run (sample i, plan p, replicate r) has the seed ``run_seed(master, r, i)`` =
``SeedSequence(master, spawn_key=(i, r))``. It does not depend on the plan, so every plan
of a sample and replicate sees the same random numbers (common random numbers), nor on
the worker count, the order or the backend. With ``seed_per_sample: false`` every sample
uses sample 0's seeds too, so that differences between samples come from the inputs
alone (what Sobol' and Morris estimators assume of a model). The design's sampler has
its own stream (:func:`model.experiments.designs.design_seed`).

Re-running the same sweep into the same folder runs only what is missing (by run key),
so an interrupted sweep (Ctrl-C, kill -9, a machine stop) is finished by running the same
command again, with the same results as an uninterrupted one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from model.core.params import PARAMS
from model.experiments.designs import design_seed
from model.experiments.engine import Backend, Execution, execute
from model.experiments.experiment_file import Experiment
from model.experiments.output import write_atomic
from model.experiments.provenance import environment
from model.experiments.runner import LABEL_COLUMNS
from model.experiments.seeds import run_seed
from model.experiments.specs import RunSpec
from model.experiments.store import RunStore, writer_lock
from model.scenario import Scenario

SAMPLES = "samples.csv"
RUNS = "runs.csv"
RUN_COLUMNS = ("run_key", *LABEL_COLUMNS)
"""Columns of runs.csv."""


def sample_overrides(experiment: Experiment, scenario: Scenario, plan: str,
                     sample: pd.Series) -> dict[str, Any]:
    """The overrides of one run: the fixed values, then the sample's values.

    A relative factor's value is a multiplier of the plan's own value of the parameter
    (after the fixed values), clipped to the parameter's range. Whole-number inputs are
    rounded.

    Args:
        experiment: The experiment.
        scenario: The scenario of the run.
        plan: The plan of the run.
        sample: One row of the samples table.

    Returns:
        Overrides for :class:`RunSpec`.
    """
    overrides = dict(experiment.fixed)
    base = None
    for factor in experiment.design.factors:
        value = sample[factor.name]
        value = value.item() if hasattr(value, "item") else value  # plain Python values
        if factor.relative:
            if base is None:
                base = {**scenario.params(plan).as_dict(), **experiment.fixed}
            p = PARAMS[factor.name]
            value = min(max(base[factor.name] * float(value), p.low), p.high)
        if factor.integer and isinstance(value, float):
            value = int(round(value))
        elif isinstance(value, float) and value.is_integer() and factor.values is not None \
                and all(isinstance(v, int) for v in factor.values):
            value = int(value)
        overrides[factor.name] = value
    return overrides


def samples_table(experiment: Experiment) -> pd.DataFrame:
    """The experiment's design: one row per sample (index ``sample``).

    Args:
        experiment: The experiment.

    Returns:
        One column per uncertain input, in design units (multipliers for relative ones).
    """
    return experiment.design.sample(design_seed(experiment.seed))


def sweep_runs(experiment: Experiment,
               samples: pd.DataFrame | None = None) -> Iterator[RunSpec]:
    """Every run of the experiment, sample by sample.

    Args:
        experiment: The experiment.
        samples: Its samples (default: :func:`samples_table`).

    Yields:
        Run specifications, for each scenario, sample, plan and replicate.
    """
    samples = samples_table(experiment) if samples is None else samples
    for scenario in experiment.scenarios:
        for i, row in samples.iterrows():
            for plan in experiment.plans[scenario.name]:
                overrides = sample_overrides(experiment, scenario, plan, row)
                key = int(i) if experiment.seed_per_sample else 0
                for r in range(experiment.replicates):
                    yield RunSpec(scenario, plan, seed=run_seed(experiment.seed, r, key),
                                  months=experiment.months, overrides=overrides,
                                  sample=int(i), replicate=r)


def manifest(experiment: Experiment, backend: str) -> dict[str, Any]:
    """What the sweep folder records about the experiment and the code.

    Args:
        experiment: The experiment.
        backend: Where it ran (e.g. ``local pool (2 workers)``).

    Returns:
        JSON-serialisable data.
    """
    return {
        "kind": "sweep",
        "experiment": {"file": str(experiment.path) if experiment.path else None,
                       "title": experiment.title, "digest": experiment.digest(),
                       "content": experiment.text},
        "design": {"method": experiment.design.method, "n": experiment.design.n,
                   "options": experiment.design.options,
                   "factors": [vars(f) | {"values": list(f.values) if f.values else None}
                               for f in experiment.design.factors],
                   "n_samples": experiment.design.size(),
                   "seed": design_seed(experiment.seed)},
        "scenarios": {s.name: {"path": str(s.path) if s.path else None, "title": s.title,
                               "plans": list(experiment.plans[s.name])}
                      for s in experiment.scenarios},
        "baseline": experiment.baseline,
        "fixed": experiment.fixed,
        "replicates": experiment.replicates,
        "master_seed": experiment.seed,
        "seed_per_sample": experiment.seed_per_sample,
        "seeds": ("run (sample i, plan p, replicate r): SeedSequence(master_seed, "
                  "spawn_key=(i, r)); the same for every plan (common random numbers)")
        if experiment.seed_per_sample else
        ("run (sample i, plan p, replicate r): SeedSequence(master_seed, spawn_key=(0, r)); "
         "the same for every plan and every sample (common random numbers)"),
        "months": experiment.months,
        "metrics": list(experiment.metrics),
        "windows": {k: list(v) for k, v in experiment.windows.items()},
        "n_runs": experiment.n_runs(),
        "backend": backend,
        "environment": environment(),
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def sweep(experiment: Experiment, out: str | os.PathLike[str], *,
          workers: int | None = None,
          backend: Backend | None = None, progress: bool = True) -> Execution:
    """Run every run of an experiment not finished yet in ``out``.

    Args:
        experiment: The experiment.
        out: The results folder (created if missing; reused to resume).
        workers: Local worker processes when no backend is given (default: the CPUs this
            process may use; 1 runs in this process).
        backend: Another executor (e.g. from :func:`model.experiments.dask_executor`).
        progress: Show a progress bar (runs done, failed, time left) on stderr.

    Returns:
        What was done in this call.

    Raises:
        FolderBusyError: If another process is writing to ``out``.
        KeyboardInterrupt: After keeping every finished run, if interrupted.
    """
    store = RunStore(out)
    with writer_lock(store.folder):
        samples = samples_table(experiment)
        specs = list(sweep_runs(experiment, samples))
        where = backend.description if backend is not None else \
            f"local pool ({workers or 'all CPUs'})"
        _write_csv(samples, store.folder / SAMPLES, index=True)
        _write_csv(pd.DataFrame([(s.key(), *s.labels().values()) for s in specs],
                                columns=list(RUN_COLUMNS)), store.folder / RUNS)
        store.write_manifest(manifest(experiment, where))
        max_in_flight = None
        if backend is not None:
            max_in_flight = max(4 * backend.n_workers, 32)
        return execute(specs, store, workers=workers,
                       executor=backend.executor if backend is not None else None,
                       columns=experiment.metrics, progress=progress,
                       desc=f"sweep {experiment.name}", max_in_flight=max_in_flight)


def _write_csv(table: pd.DataFrame, path: Path, index: bool = False) -> None:
    write_atomic(path, lambda p: table.to_csv(p, index=index))

