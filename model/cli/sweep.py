"""``jsdsim sweep``: run every run of an experiment file, resuming where it stopped."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from model.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    add_command,
    count,
    optional_packages,
)
from model.experiments.engine import Backend, dask_executor
from model.experiments.experiment_file import load_experiment
from model.experiments.store import RunStore
from model.experiments.sweep import sweep


def default_out(experiment: str) -> Path:
    """The default results folder of an experiment file: ``out/sweeps/NAME``."""
    return Path("out") / "sweeps" / Path(experiment).stem


@optional_packages  # SALib or Dask not installed: exit 2, saying how to install them
def main(args: argparse.Namespace) -> int:
    """Validate the experiment file, then run what is not finished yet.

    Args:
        args: Parsed arguments with ``experiment``, ``workers``, ``dask_local``,
            ``scheduler``, ``out``, ``check`` and ``quiet``.

    Returns:
        0 when every run was attempted (failed runs are recorded, not fatal), 130 when
        interrupted (finished runs are kept).
    """
    experiment = load_experiment(args.experiment)  # every check before anything runs
    out = Path(args.out) if args.out else default_out(args.experiment)
    done = len(RunStore(out).done()) if (out / "ledger.jsonl").exists() else 0
    design = experiment.design
    print(f"{experiment.name}: {design.method} design, {count(design.size(), 'sample')} x "
          f"{count(experiment.n_plans, 'plan')} x {count(experiment.replicates, 'replicate')}"
          f" = {count(experiment.n_runs(), 'run')} (budget {experiment.budget}); "
          f"results in {out}", file=sys.stderr)
    if args.check:
        print(f"{args.experiment}: valid ({count(experiment.n_runs(), 'run')})")
        return EXIT_OK
    try:
        with _terminate_like_ctrl_c(), _backend(args) as backend:
            result = sweep(experiment, out, workers=args.workers, backend=backend,
                           progress=not args.quiet)
    except KeyboardInterrupt:
        kept = len(RunStore(out).done())
        print(f"jsdsim: interrupted: {count(kept, 'finished run')} kept in {out}; run the "
              "same command again to run only what is missing", file=sys.stderr)
        return EXIT_INTERRUPTED
    skipped = f", {result.n_skipped} already done" if result.n_skipped or done else ""
    print(f"{count(result.n_done, 'run')} done, {result.n_failed} failed{skipped} in "
          f"{result.seconds:.1f} s; results in {out}", file=sys.stderr)
    for failure in result.failures[:3]:
        print(f"  failed: {failure.labels} {failure.error}", file=sys.stderr)
    if result.n_failed:
        print(f"  (every failure, with its error, is in {out / 'ledger.jsonl'}; 'jsdsim "
              f"analyze {out}' writes failures.csv)", file=sys.stderr)
    print(f"analyze with: jsdsim analyze {out}")
    return EXIT_OK


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _terminate_like_ctrl_c() -> Any:
    """SIGTERM (kill, a batch scheduler's stop) stops the sweep the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _backend(args: argparse.Namespace) -> Any:
    if args.dask_local is None and args.scheduler is None:
        yield None
        return
    try:
        manager = dask_executor(n_workers=args.dask_local, scheduler=args.scheduler)
        backend: Backend = manager.__enter__()
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    print(f"running on {backend.description} ({count(backend.n_workers, 'worker')})",
          file=sys.stderr)
    try:
        yield backend
    except BaseException:
        if not manager.__exit__(*sys.exc_info()):
            raise
    else:
        manager.__exit__(None, None, None)


def add_parser(sub: Any) -> None:
    """Add ``sweep`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "sweep", main, summary="run an experiment file (sweeps, sensitivity analysis)",
        description="Validate an experiment file, then run every run of its design (samples "
                    "x plans x replicates) that is not already finished in the results "
                    "folder, on local worker processes or on Dask. Results stream to the "
                    "folder as runs finish (a ledger and Parquet parts); a run that raises "
                    "is recorded as failed and the others go on. After an interruption "
                    "(Ctrl-C, kill, a machine stop), the same command runs only what is "
                    "missing, with the same results as an uninterrupted sweep. Per-run seeds "
                    "come from the experiment's one master seed, keyed by sample and "
                    "replicate (the same for every plan), so results do not depend on the "
                    "backend, the number of workers or the order of the runs.",
        examples=["sweep experiments/dialogue_length.yaml",
                  "sweep experiments/sensitivity.yaml --workers 2 --out out/sensitivity",
                  "sweep experiments/sensitivity.yaml --dask-local 4",
                  "sweep experiments/sensitivity.yaml --scheduler tcp://10.0.0.5:8786",
                  "sweep experiments/dialogue_length.yaml --check"],
        notes="Stopping: Ctrl-C or SIGTERM keeps every finished run and says how to resume; "
              "kill -9 or a machine stop loses only the runs not yet written (those in flight and "
              "at most two seconds of finished ones), which the same command runs again.\n\n"
              "Dask on a cluster: start 'dask scheduler' on one machine and 'dask worker "
              "tcp://HOST:8786 --nthreads 1' on each worker machine (with jsdsim installed), "
              "or use dask-jobqueue on SLURM; then pass --scheduler tcp://HOST:8786 (see "
              "docs/experiments.md).\n\nexit status: 0 when every run was attempted "
              "(failures are recorded), 2 on an invalid experiment file or option, 130 when "
              "interrupted (finished runs are kept).")
    p.add_argument("experiment", metavar="EXPERIMENT", help="experiment file (YAML)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, metavar="N",
                       help="local worker processes (default: every CPU; 1 runs in this "
                            "process)")
    where.add_argument("--dask-local", type=_workers, metavar="N",
                       help="run on a Dask LocalCluster of N single-threaded worker "
                            "processes")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on a running Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--out", metavar="DIR",
                   help="results folder (default: out/sweeps/NAME of the experiment file); "
                        "reuse it to resume")
    p.add_argument("--check", action="store_true",
                   help="only validate the file and print the number of runs")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value
