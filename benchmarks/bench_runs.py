"""Benchmark whole runs through the run engine: runs per second, 1 and N workers.

What a plan comparison does, measured: Saaba runs (half ``no_dialogue``, half
``dialogue_12m``, replicate seeds from master seed 1) of ``--months`` months at each
population size (officers and Koglweogo members at Saaba's density), executed by
:func:`model.experiments.engine.execute` into a fresh
:class:`~model.experiments.store.RunStore`, with 1 worker (in the measuring process) and
with N worker processes (the local process pool, its start-up included). Each run builds
the model, simulates it, builds its monthly table and is committed to Parquet.

Every measurement runs in a fresh Python process (the script re-invokes itself with
``--one``). Measurements of one size are taken one after another, side by side, so their
ratios are comparable on a shared machine; with ``--baseline-src DIR`` each one is also
repeated with the package found in DIR (e.g. an older revision exported with
``git archive REV model | tar -x -C DIR``), giving before/after ratios measured side by
side. The load average is recorded before and after each measurement.

Usage::

    python benchmarks/bench_runs.py                          # 1k, 5k, 20k x 24 months
    python benchmarks/bench_runs.py --sizes 1000 --runs 4 --workers 2 --out runs.json
    python benchmarks/bench_runs.py --baseline-src /tmp/jsdsim-base
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "saaba.yaml"
PLANS = ("no_dialogue", "dialogue_12m")


def load_average() -> float | None:
    """The 1-minute load average, or None where unavailable."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def measure_one(n: int, workers: int, runs: int, months: int, src: Path) -> dict[str, Any]:
    """Execute ``runs`` runs of n residents with ``workers`` workers, in this process.

    Args:
        n: Residents.
        workers: Worker processes (1: in this process).
        runs: Number of runs (half per plan).
        months: Months per run.
        src: Folder holding the ``model`` package to measure.

    Returns:
        The measurement (times in seconds).
    """
    sys.path.insert(0, str(src))
    start = time.perf_counter()
    import model
    from model.experiments import RunSpec, run_seed
    from model.experiments.engine import execute
    from model.experiments.store import RunStore
    from model.scenario import load_scenario

    import_s = time.perf_counter() - start
    assert Path(model.__file__).resolve().is_relative_to(src.resolve()), model.__file__
    scenario = load_scenario(SCENARIO)
    specs = [RunSpec(scenario, PLANS[i % 2], seed=run_seed(1, i // 2), months=months,
                     replicate=i // 2, overrides={"n_residents": n}) for i in range(runs)]
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-runs-") as folder:
        store = RunStore(folder)
        start, cpu = time.perf_counter(), time.process_time()
        done = execute(specs, store, workers=workers, progress=False)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        seconds = sorted(r.seconds for r in store.records.values())
    if done.n_done != runs:
        raise RuntimeError(f"{done.n_failed} runs failed: {done.failures[:1]}")
    days = months * 30
    return {"n": n, "workers": workers, "runs": runs, "months": months, "src": str(src),
            "import_s": import_s, "wall_s": wall, "driver_cpu_s": cpu,
            "runs_per_s": runs / wall, "run_s_mean": sum(seconds) / runs,
            "run_s_min": seconds[0], "ms_per_day": 1000 * sum(seconds) / runs / days,
            "load_before": load_before, "load_after": load_average()}


def measure(n: int, workers: int, runs: int, months: int, src: Path) -> dict[str, Any]:
    """Run one measurement in a fresh Python process.

    Args:
        n: Residents.
        workers: Worker processes.
        runs: Number of runs.
        months: Months per run.
        src: Folder holding the ``model`` package.

    Returns:
        The child's measurement.
    """
    command = [sys.executable, __file__, "--one", str(n), str(workers), str(runs),
               "--months", str(months), "--src", str(src)]
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        raise RuntimeError(f"measurement failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def table(results: list[dict[str, Any]], baseline: Path | None) -> str:
    """Format the measurements with their ratios.

    Args:
        results: Measurements (current source, then baseline source if any, per size).
        baseline: The baseline source folder, or None.

    Returns:
        A Markdown table.
    """
    current = [r for r in results if baseline is None or r["src"] != str(baseline)]
    head = ("| residents | workers | runs | wall s | runs/s | runs per CPU s | "
            "s per run (in worker) | ms per day | speed-up vs 1 worker |")
    lines = [head, "|" + "---:|" * 9]
    if baseline is not None:
        lines[0] += (" runs/s before | wall per day after/before | CPU per run after/before "
                     "(1 worker) |")
        lines[1] += "---:|---:|---:|"
    for r in current:
        one = next(x for x in current if x["n"] == r["n"] and x["workers"] == 1)
        per_cpu = f"{r['runs'] / r['driver_cpu_s']:.2f}" if r["workers"] == 1 else "-"
        line = (f"| {r['n']:,} | {r['workers']} | {r['runs']} | {r['wall_s']:.1f} | "
                f"{r['runs_per_s']:.2f} | {per_cpu} | {r['run_s_mean']:.2f} | "
                f"{r['ms_per_day']:.2f} | {r['runs_per_s'] / one['runs_per_s']:.2f}x |")
        if baseline is not None:
            before = next(x for x in results if x["src"] == str(baseline)
                          and x["n"] == r["n"] and x["workers"] == r["workers"])
            line += (f" {before['runs_per_s']:.2f} | "
                     f"{r['ms_per_day'] / before['ms_per_day']:.2f} |")
            cpu_ratio = r["driver_cpu_s"] / before["driver_cpu_s"]  # the same runs
            line += f" {cpu_ratio:.2f} |" if r["workers"] == 1 else " - |"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one measurement with ``--one``).

    Args:
        argv: Command-line arguments (default: sys.argv[1:]).

    Returns:
        Process exit code.
    """
    parser = argparse.ArgumentParser(
        description="Runs per second through the run engine at several population sizes, "
                    "with 1 and N workers; each measurement in a fresh process.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000",
                        help="comma-separated numbers of residents")
    parser.add_argument("--months", type=int, default=24, help="months per run")
    parser.add_argument("--runs", type=int, default=8, help="runs per measurement")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="N, the worker processes of the parallel measurement")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="folder holding the model package to measure")
    parser.add_argument("--baseline-src", type=Path, default=None,
                        help="also measure the package in this folder, side by side")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    parser.add_argument("--one", nargs=3, type=int, metavar=("N", "WORKERS", "RUNS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(*args.one, args.months, args.src)))
        return 0

    sources = [args.src] + ([args.baseline_src] if args.baseline_src else [])
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        for workers in sorted({1, args.workers}):
            for src in sources:
                print(f"n={n:,} workers={workers} src={src} ...", file=sys.stderr, flush=True)
                results.append(measure(n, workers, args.runs, args.months, src))
                r = results[-1]
                print(f"  {r['runs_per_s']:.2f} runs/s, {r['ms_per_day']:.2f} ms/day, load "
                      f"{r['load_before']} -> {r['load_after']}", file=sys.stderr, flush=True)
    print(table(results, args.baseline_src))
    if args.out:
        info = {"python": platform.python_version(), "machine": platform.machine(),
                "cpus": os.cpu_count(), "argv": sys.argv, "results": results}
        args.out.write_text(json.dumps(info, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
