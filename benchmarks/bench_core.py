"""Benchmark the core TrustModel against a bare neighbour-mean kernel.

For each population size n the script builds ``TrustModel`` (officers and informal members
at their default density, 4 and 3 per 1,000 residents; neighbourhoods max(10, n/1000);
every other parameter at its default), runs it for ``--days`` days and then times, on
the same network, a bare kernel doing only the daily neighbour-mean update plus
clipping::

    x += rate * (A @ x - x); np.clip(x, 0, 1, out=x)

for an (n, 3) float32 array (the work the model's social influence does each day), for
a single (n,) column, and for the three columns stored as a (3, n) array with one
product per column. Every size is measured in a fresh subprocess (the
script re-invokes itself with ``--one N``), so each peak resident set size belongs to
one size only. Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss``; tracemalloc
is never active.

Usage::

    python benchmarks/bench_core.py                      # 10k, 100k, 1M x 365 days
    python benchmarks/bench_core.py --sizes 10000 --days 30 --out bench.json
    make bench
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
"""Environment variables recorded (never changed) in the report."""

TARGETS = {
    "resident_days_per_s_at_100k": 12e6,
    "ratio_vs_kernel_at_100k": 4.0,
    "run_s_at_1m": 90.0,
    "peak_mib_at_1m": 4e9 / 2**20,
    "build_s_at_100k": 5.0,
}
"""Project targets: >= 12 M resident-days/s and within 4x of the (n, 3) kernel at 100k;
1M residents x 365 days under 90 s with peak memory under 4 GB (4e9 bytes, 3815 MiB);
construction of 100k residents under 5 s."""


def model_params(n: int) -> dict[str, int]:
    """Population parameters for a benchmark of n residents.

    Args:
        n: Number of residents.

    Officers and informal members keep their default density (the model's own rule when
    only ``n_residents`` is given); one neighbourhood per 1,000 residents, at least 10.

    Returns:
        Keyword arguments for ``TrustModel`` besides ``rng``.
    """
    return {"n_residents": n, "n_neighbourhoods": max(10, n // 1000)}


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux: ru_maxrss in KiB).

    On Linux ru_maxrss never drops below the parent's resident set size at the time of
    the fork, so the parent keeps its imports light until the children have run.
    """
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024.0 if sys.platform != "darwin" else kib / 2**20


def vm_hwm_mib() -> float | None:
    """Peak resident set size of this process image (VmHWM, Linux only), in MiB.

    Returns:
        The high-water mark since exec, or None where /proc is unavailable.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def time_kernel(matrix: Any, x0: Any, rate: float, days: int, repeat: int,
                by_column: bool = False) -> dict[str, list[float]]:
    """Time the bare neighbour-mean update plus clipping for ``days`` iterations.

    Each iteration is ``x += rate * (A @ x - x); np.clip(x, 0, 1, out=x)``.

    Args:
        matrix: Row-normalised sparse adjacency (the model's ``mean_matrix``).
        x0: Initial values, (n,) or (n, k) float32; copied before each repetition.
        rate: Influence rate per day.
        days: Iterations per repetition.
        repeat: Number of repetitions.
        by_column: Store an (n, k) array as k contiguous columns and update each with
            its own sparse matrix-vector product (same arithmetic, different layout).

    Returns:
        Wall time ("wall") and CPU time of this process ("cpu") of each repetition, in
        seconds.
    """
    import numpy as np

    times: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(repeat):
        if by_column:
            cols = np.ascontiguousarray(x0.T)  # (k, n): one contiguous row per column
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(days):
                for x in cols:
                    x += rate * (matrix @ x - x)
                    np.clip(x, 0, 1, out=x)
        else:
            x = x0.copy()
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(days):
                x += rate * (matrix @ x - x)
                np.clip(x, 0, 1, out=x)
        times["wall"].append(time.perf_counter() - start)
        times["cpu"].append(time.process_time() - cpu)
    return times


def measure_one(n: int, days: int, repeat: int, seed: int) -> dict[str, Any]:
    """Build, run and kernel-time one population size in this process.

    Args:
        n: Number of residents.
        days: Days to simulate (and kernel iterations).
        repeat: Repetitions of each kernel timing (the minimum is reported).
        seed: Model seed.

    Returns:
        Measurements for this size (times in seconds, memory in MiB).
    """
    rss = {"start": peak_rss_mib()}
    hwm = {"start": vm_hwm_mib()}
    start = time.perf_counter()
    from model import TrustModel  # imported here so import time is measured separately

    import_s = time.perf_counter() - start
    rss["after_import"], hwm["after_import"] = peak_rss_mib(), vm_hwm_mib()

    params = model_params(n)
    load_start = load_average()
    start, cpu = time.perf_counter(), time.process_time()
    model = TrustModel(rng=seed, **params)
    build_s, build_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    rss["after_build"], hwm["after_build"] = peak_rss_mib(), vm_hwm_mib()

    trust0 = model.residents.trust.copy()  # kernel input: the same initial state
    start, cpu = time.perf_counter(), time.process_time()
    model.run_for(days)
    run_s, run_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    rss["after_run"], hwm["after_run"] = peak_rss_mib(), vm_hwm_mib()

    matrix = model.network.mean_matrix
    rate = float(model.params.influence_rate_per_day)
    k3 = time_kernel(matrix, trust0, rate, days, repeat)
    k1 = time_kernel(matrix, trust0[:, 0].copy(), rate, days, repeat)
    k3c = time_kernel(matrix, trust0, rate, days, repeat, by_column=True)
    kernel3_s, kernel1_s, kernel3c_s = min(k3["wall"]), min(k1["wall"]), min(k3c["wall"])
    return {
        "n": n,
        "days": days,
        "params": params,
        "network_nnz": int(matrix.nnz),
        "mean_degree_realised": float(matrix.nnz / n),
        "import_s": import_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "run_s": run_s,
        "run_cpu_s": run_cpu_s,
        "resident_days_per_s": n * days / run_s,
        "peak_rss_mib": rss["after_run"],
        "rss_mib": rss,
        "vm_hwm_mib": hwm,
        "kernel3_s": kernel3_s,
        "kernel1_s": kernel1_s,
        "kernel3_by_column_s": kernel3c_s,
        "kernel3_all": k3,
        "kernel1_all": k1,
        "kernel3_by_column_all": k3c,
        "ratio_vs_kernel3": run_s / kernel3_s,
        "ratio_vs_kernel1": run_s / kernel1_s,
        "ratio_vs_kernel3_by_column": run_s / kernel3c_s,
        "load_average": {"start": load_start, "end": load_average()},
        "versions": versions(),
    }


def load_average() -> list[float] | None:
    """System load averages over 1, 5 and 15 minutes (other work competing for CPUs).

    Returns:
        The three load averages, or None where unavailable.
    """
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def versions() -> dict[str, str]:
    """Versions of Python and of the numerical libraries (imports them).

    Returns:
        Mapping library -> version.
    """
    import mesa
    import numpy as np
    import scipy

    return {"python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "mesa": mesa.__version__}


def machine() -> dict[str, Any]:
    """Describe the machine, without importing numerical libraries.

    The parent process stays light so that its resident set size, which Linux carries
    into each child's ru_maxrss, does not inflate the children's peaks.

    Returns:
        Platform, CPU model, CPU count, memory, git revision and the OpenBLAS variables.
    """
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_gib = None
    try:
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        pass
    commit = None
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, check=True)
        commit = out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "mem_gib": mem_gib,
        "git": commit,
        **{name: os.environ.get(name) for name in OPENBLAS_VARS},
    }


def run_child(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one size in a fresh Python process and read its JSON line back.

    Args:
        n: Number of residents.
        args: Parsed command-line options (days, repeat, seed).

    Returns:
        The child's measurements.

    Raises:
        RuntimeError: If the child fails or prints no result.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(n),
           "--days", str(args.days), "--repeat", str(args.repeat), "--seed", str(args.seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark of n={n} failed (exit {proc.returncode}):\n"
                           f"{proc.stderr}")
    return json.loads(lines[-1])


def format_table(results: list[dict[str, Any]]) -> str:
    """Format the results as a fixed-width text table.

    Args:
        results: One measurement dict per size.

    Returns:
        The table, with a header line.
    """
    head = (f"{'residents':>10} {'days':>5} {'build s':>8} {'run s':>8} "
            f"{'res-days/s':>11} {'peak MiB':>9} {'kern3 s':>8} {'ratio3':>7} "
            f"{'kern1 s':>8} {'ratio1':>7} {'kern3c s':>9} {'ratio3c':>8} {'cpu%':>5}")
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r['n']:>10,} {r['days']:>5} {r['build_s']:>8.2f} {r['run_s']:>8.2f} "
            f"{r['resident_days_per_s'] / 1e6:>10.1f}M {r['peak_rss_mib']:>9.0f} "
            f"{r['kernel3_s']:>8.2f} {r['ratio_vs_kernel3']:>6.1f}x "
            f"{r['kernel1_s']:>8.2f} {r['ratio_vs_kernel1']:>6.1f}x "
            f"{r['kernel3_by_column_s']:>9.2f} {r['ratio_vs_kernel3_by_column']:>7.1f}x "
            f"{100 * r['run_cpu_s'] / r['run_s']:>5.0f}")
    return "\n".join(rows)


def check_targets(results: list[dict[str, Any]], days: int) -> list[str]:
    """Compare the results with the project's targets (those whose size was measured).

    Args:
        results: One measurement dict per size.
        days: Days simulated.

    Returns:
        One line per checked target, starting with "met" or "NOT met".
    """
    by_n = {r["n"]: r for r in results}
    lines = []

    def verdict(ok: bool, text: str) -> None:
        lines.append(f"{'met    ' if ok else 'NOT met'}  {text}")

    if 100_000 in by_n:
        r = by_n[100_000]
        verdict(r["resident_days_per_s"] >= TARGETS["resident_days_per_s_at_100k"],
                f"100k: {r['resident_days_per_s'] / 1e6:.1f} M resident-days/s (>= 12 M)")
        verdict(r["ratio_vs_kernel3"] <= TARGETS["ratio_vs_kernel_at_100k"],
                f"100k: {r['ratio_vs_kernel3']:.1f}x the (n, 3) kernel (<= 4x)")
        verdict(r["build_s"] < TARGETS["build_s_at_100k"],
                f"100k: construction {r['build_s']:.2f} s (< 5 s)")
    if 1_000_000 in by_n:
        r = by_n[1_000_000]
        note = "" if days == 365 else f" [ran {days} days, target is for 365]"
        verdict(r["run_s"] < TARGETS["run_s_at_1m"],
                f"1M: {days} days in {r['run_s']:.1f} s (< 90 s){note}")
        verdict(r["peak_rss_mib"] < TARGETS["peak_mib_at_1m"],
                f"1M: peak RSS {r['peak_rss_mib']:.0f} MiB (< 4 GB = 3815 MiB)")
    return lines


def parse_sizes(text: str) -> list[int]:
    """Parse a comma-separated list of sizes (underscores and k/M suffixes allowed).

    Args:
        text: For example "10000,100_000,1M".

    Returns:
        The sizes.

    Raises:
        argparse.ArgumentTypeError: On an invalid entry.
    """
    sizes = []
    for item in text.split(","):
        item = item.strip().replace("_", "")
        mult = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(item[-1:], 1)
        digits = item[:-1] if mult > 1 else item
        if not digits.isdigit() or int(digits) * mult < 10:
            raise argparse.ArgumentTypeError(f"invalid size {item!r}: expected an integer >= 10")
        sizes.append(int(digits) * mult)
    return sizes


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        description=(
            "Benchmark TrustModel: construction time, run time, resident-days per second "
            "and peak memory per population size (each size in a fresh subprocess), "
            "compared with a bare neighbour-mean kernel (x += rate * (A @ x - x); "
            "clip to [0, 1]) on the same network, for an (n, 3) array (same work per "
            "day as the model's social influence) and an (n,) column. Officers are "
            "n/250, informal members n/330, neighbourhoods max(10, n/1000); all other "
            "parameters are defaults. Progress goes to stderr, the table to stdout."),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default="10000,100000,1000000",
                        help="comma-separated numbers of residents (k/M suffixes allowed)")
    parser.add_argument("--days", type=int, default=365,
                        help="days to simulate, and kernel iterations")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of each kernel timing (the fastest is reported)")
    parser.add_argument("--seed", type=int, default=1, help="model seed")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the results and environment to this JSON file")
    parser.add_argument("--one", type=int, default=None, metavar="N",
                        help="internal: measure N residents in this process and print one "
                             "JSON line")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark.

    Args:
        argv: Command-line arguments (default: sys.argv[1:]).

    Returns:
        Process exit code.
    """
    args = build_parser().parse_args(argv)
    if args.days < 1 or args.repeat < 1:
        print("error: --days and --repeat must be >= 1", file=sys.stderr)
        return 2
    if args.one is not None:
        print(json.dumps(measure_one(args.one, args.days, args.repeat, args.seed)), flush=True)
        return 0

    env = machine()  # light: numerical libraries are imported only in the children
    print(f"jsdsim benchmark: {env['cpu']}, {env['nproc']} CPUs, "
          + ", ".join(f"{v}={env[v]}" for v in OPENBLAS_VARS), file=sys.stderr)
    results = []
    for n in args.sizes:
        start = time.perf_counter()
        r = run_child(n, args)
        results.append(r)
        print(f"n={n:,}: build {r['build_s']:.2f} s, run {r['run_s']:.2f} s "
              f"({r['resident_days_per_s'] / 1e6:.1f} M resident-days/s), "
              f"peak {r['peak_rss_mib']:.0f} MiB, kernel (n,3) {r['kernel3_s']:.2f} s, "
              f"load {r['load_average']['start']} "
              f"[{time.perf_counter() - start:.0f} s wall]", file=sys.stderr, flush=True)
    env.update(results[0]["versions"])

    print(f"\n{args.days} days per run; Python {env['python']}, numpy {env['numpy']}, "
          f"scipy {env['scipy']}, mesa {env['mesa']}; kernels: best of {args.repeat}; "
          "ratio = model run time / kernel time")
    print("kern3: (n, 3) array, one A @ x per day; kern1: one (n,) column; kern3c: the "
          "same 3 columns stored as (3, n), one A @ x per column per day; cpu%: CPU time / "
          "wall time of the model run (well below 100 means other processes competed)")
    print(format_table(results))
    verdicts = check_targets(results, args.days)
    if verdicts:
        print("\nTargets:")
        print("\n".join(verdicts))
    if args.out is not None:
        report = {"command": " ".join([Path(sys.executable).name, *sys.argv]),
                  "environment": env, "days": args.days, "repeat": args.repeat,
                  "seed": args.seed, "targets": TARGETS, "verdicts": verdicts,
                  "results": results}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
