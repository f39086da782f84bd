"""Benchmarks of the sweep runner (docs/performance.md, "Sweeps").

Three measurements, each in a fresh Python process so memory peaks are its own:

* ``throughput``: runs of 5,000 residents over 24 months (the default locality with a
  12-month dialogue), on 1 worker (in the driver), a local pool of 2 workers and a Dask
  LocalCluster of 2 workers; throughput = runs / wall seconds of the sweep (the Dask
  cluster is started before the clock starts; the local pool is started inside it).
* ``overhead``: one in-process sweep (1 worker) of the same runs: the runner's own time
  (design, seeds, keys, ledger, Parquet, manifest) is the sweep's wall time minus the
  runs' own time in ``run_task``, as a share of the runs' own time.
* ``memory``: a sweep of many small runs (100 residents, 1 month) on 2 local workers;
  the driver's peak resident set size (``ru_maxrss`` of the driver alone).

    .venv/bin/python benchmarks/bench_sweep.py all --out benchmarks/results/sweep.json
    .venv/bin/python benchmarks/bench_sweep.py memory --runs 10000

The machine is shared: the load average is recorded before and after each measurement,
and the CPU time of the driver is reported beside the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

EXPERIMENT = {
    "title": "benchmark",
    "scenarios": [],
    "plans": ["dialogue"],
    "fixed": {},
    "uncertain": {"negativity_weight": {"low": 2.0, "high": 6.0}},
    "design": {"method": "latin_hypercube", "n": 8},
    "replicates": 1,
    "seed": 1,
    "budget": 100_000,
    "outcomes": {"metrics": ["cooperation_rate", "trust_police_mean", "incidents_per_1000"],
                 "windows": {"all": [1, 1]}},
}

SCENARIO = """title: "Benchmark locality: the defaults with a 12-month dialogue"
horizon_months: {months}
locality:
  n_residents: {n_residents}
plans:
  dialogue:
    interventions:
      - {{type: dialogue, name: jsd, start_day: 90, length_months: 12}}
"""


def write_experiment(folder: Path, n_runs: int, n_residents: int, months: int) -> Path:
    """An experiment file of n_runs runs (LHS samples) of one plan."""
    (folder / "bench.yaml").write_text(SCENARIO.format(months=months,
                                                       n_residents=n_residents))
    data = json.loads(json.dumps(EXPERIMENT))
    data["scenarios"] = ["bench.yaml"]
    data["design"]["n"] = n_runs
    data["outcomes"]["windows"]["all"] = [1, months]
    path = folder / "experiment.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def one_sweep(backend: str, n_runs: int, n_residents: int, months: int) -> dict:
    """Run one sweep in this process and time it."""
    from model.experiments.engine import dask_executor
    from model.experiments.experiment_file import load_experiment
    from model.experiments.sweep import sweep

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        experiment = load_experiment(write_experiment(folder, n_runs, n_residents, months))
        before = load()
        cpu0 = time.process_time()
        if backend.startswith("dask"):
            with dask_executor(n_workers=int(backend[4:])) as dask:
                start = time.perf_counter()
                done = sweep(experiment, folder / "out", backend=dask, progress=False)
                wall = time.perf_counter() - start
        else:
            start = time.perf_counter()
            done = sweep(experiment, folder / "out", workers=int(backend), progress=False)
            wall = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        assert done.n_done == n_runs and not done.failures, done
    return {"backend": backend, "runs": n_runs, "n_residents": n_residents,
            "months": months, "wall_s": wall, "runs_per_s": n_runs / wall,
            "run_s_sum": done.run_seconds, "driver_cpu_s": cpu,
            "overhead_share": (wall - done.run_seconds) / done.run_seconds,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "load_before": before, "load_after": load()}


def child(*args: str) -> dict:
    """Run ``--one`` in a fresh process and return its JSON line."""
    out = subprocess.run([sys.executable, __file__, "--one", *args], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["throughput", "overhead", "memory", "all"],
                        nargs="?", default="all")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per sweep (default: 8 for throughput and overhead, "
                             "10000 for memory)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="alternating repeats of the throughput comparison")
    parser.add_argument("--out", help="write every measurement here as JSON")
    parser.add_argument("--one", nargs=4, metavar=("BACKEND", "RUNS", "N", "MONTHS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        backend, runs, n, months = args.one
        print(json.dumps(one_sweep(backend, int(runs), int(n), int(months))))
        return
    rows = []
    if args.what in ("throughput", "all"):
        runs = str(args.runs or 8)
        for _ in range(args.repeat):
            for backend in ("1", "2", "dask2"):
                row = child(backend, runs, "5000", "24")
                print(f"throughput {backend:>5}: {row['runs_per_s']:.3f} runs/s "
                      f"({row['wall_s']:.1f} s; load {row['load_before']} -> "
                      f"{row['load_after']})", file=sys.stderr)
                rows.append({"measure": "throughput", **row})
    if args.what in ("overhead", "all"):
        row = child("1", str(args.runs or 8), "5000", "24")
        print(f"overhead: {100 * row['overhead_share']:.2f} % of {row['run_s_sum']:.1f} s "
              f"of runs", file=sys.stderr)
        rows.append({"measure": "overhead", **row})
    if args.what in ("memory", "all"):
        row = child("2", str(args.runs or 10_000), "100", "1")
        print(f"memory: driver peak {row['peak_rss_mib']:.0f} MiB for {row['runs']} runs "
              f"({row['wall_s']:.0f} s)", file=sys.stderr)
        rows.append({"measure": "memory", **row})
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(rows, indent=2) + "\n")
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
