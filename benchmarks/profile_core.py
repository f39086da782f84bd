"""Break a TrustModel build and run down by submodel (where the time goes).

Wraps every ``model.*`` function that ``model.core.trust_model`` imports (the submodels of
``TrustModel.step`` and the construction helpers), plus ``TrustModel._build_network``,
the model's private step helpers and ``mesa.DataCollector.collect``, with timers; then
builds the model and runs it. Reports wall and CPU time per phase, separately for
construction and for the run, and optionally the garbage collector's work (the Mesa
agent views are Python objects the cyclic collector keeps traversing) and a cProfile
dump. Population scaling is that of ``bench_core.py``.

Usage::

    python benchmarks/profile_core.py --n 100000 --days 365 --gc
    python benchmarks/profile_core.py --n 1000000 --days 60 --cprofile run.prof
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import inspect
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_core import model_params  # noqa: E402  (same directory)


class PhaseTimer:
    """Accumulates wall and CPU time per named phase, in the current section."""

    def __init__(self) -> None:
        self.section = "build"
        self.wall: dict[tuple[str, str], float] = defaultdict(float)
        self.cpu: dict[tuple[str, str], float] = defaultdict(float)
        self.calls: dict[tuple[str, str], int] = defaultdict(int)
        self._depth = 0

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``fn`` timed as phase ``name`` (nested timed calls count only outside).

        Args:
            name: Phase name.
            fn: Function to time.

        Returns:
            The wrapper.
        """

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                key = (self.section, name)
                self.wall[key] += time.perf_counter() - wall
                self.cpu[key] += time.process_time() - cpu
                self.calls[key] += 1
                self._depth -= 1

        return timed


class GcTimer:
    """Counts garbage collections and their wall time per generation and section."""

    def __init__(self, timer: PhaseTimer) -> None:
        self.timer = timer
        self.count: dict[tuple[str, int], int] = defaultdict(int)
        self.wall: dict[tuple[str, int], float] = defaultdict(float)
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        """gc.callbacks hook."""
        if phase == "start":
            self._start = time.perf_counter()
        else:
            key = (self.timer.section, info["generation"])
            self.count[key] += 1
            self.wall[key] += time.perf_counter() - self._start


def instrument(timer: PhaseTimer) -> None:
    """Wrap the submodels and helpers that TrustModel uses with timers.

    Args:
        timer: Where the times accumulate.
    """
    import mesa

    import model.core.trust_model as tm

    for name, obj in list(vars(tm).items()):
        if inspect.isfunction(obj) and obj.__module__.startswith("model.") \
                and not name.startswith("_read"):
            setattr(tm, name, timer.wrap(name, obj))
    for name in ("_build_network", "_update_smoothed", "_replace_agents",
                 "_start_near_steady_state"):
        method = getattr(tm.TrustModel, name, None)
        if method is not None:
            setattr(tm.TrustModel, name, timer.wrap(name.lstrip("_"), method))
    collector = getattr(tm, "DailyMetricsCollector", mesa.DataCollector)  # the one in use
    collector.collect = timer.wrap("DataCollector.collect", collector.collect)


def report(timer: PhaseTimer, totals: dict[str, tuple[float, float]], days: int,
           gc_timer: GcTimer | None) -> str:
    """Format the phase times.

    Args:
        timer: Accumulated phase times.
        totals: Section -> (wall, cpu) of the whole construction / run.
        days: Days run.
        gc_timer: Garbage collection statistics, if collected.

    Returns:
        Text tables, one per section.
    """
    out = []
    for section, (wall_total, cpu_total) in totals.items():
        keys = sorted((k for k in timer.wall if k[0] == section),
                      key=lambda k: -timer.cpu[k])
        per_day = section == "run" and days > 0
        out.append(f"\n{section}: wall {wall_total:.2f} s, CPU {cpu_total:.2f} s")
        out.append(f"{'phase':<28} {'calls':>6} {'wall s':>8} {'CPU s':>8} {'% CPU':>6}"
                   + (f" {'CPU ms/day':>10}" if per_day else ""))
        rows = [(k[1], timer.calls[k], timer.wall[k], timer.cpu[k]) for k in keys]
        rest_wall = wall_total - sum(r[2] for r in rows)
        rest_cpu = cpu_total - sum(r[3] for r in rows)
        label = "(untimed rest)" if section == "run" else "(rest: Mesa agents etc.)"
        rows.append((label, 0, rest_wall, rest_cpu))
        for name, calls, wall, cpu in rows:
            line = (f"{name:<28} {calls:>6} {wall:>8.3f} {cpu:>8.3f} "
                    f"{100 * cpu / max(cpu_total, 1e-12):>5.1f}%")
            if per_day:
                line += f" {1000 * cpu / days:>10.2f}"
            out.append(line)
        if gc_timer is not None:
            gens = sorted(g for s, g in gc_timer.count if s == section)
            text = ", ".join(f"gen{g}: {gc_timer.count[(section, g)]} x, "
                             f"{gc_timer.wall[(section, g)]:.3f} s" for g in gens)
            out.append(f"garbage collections: {text or 'none'}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Profile one build and run.

    Args:
        argv: Command-line arguments (default: sys.argv[1:]).

    Returns:
        Process exit code.
    """
    parser = argparse.ArgumentParser(
        description=("Time TrustModel construction and each daily submodel (wall and CPU "
                     "time), for one population size scaled as in bench_core.py."),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="number of residents")
    parser.add_argument("--days", type=int, default=365, help="days to run")
    parser.add_argument("--seed", type=int, default=1, help="model seed")
    parser.add_argument("--gc", action="store_true",
                        help="count garbage collections and their time")
    parser.add_argument("--cprofile", type=Path, default=None,
                        help="also run cProfile over the run and dump stats to this file "
                             "(adds overhead to the phase times)")
    args = parser.parse_args(argv)

    timer = PhaseTimer()
    instrument(timer)
    gc_timer = GcTimer(timer) if args.gc else None
    if gc_timer is not None:
        gc.callbacks.append(gc_timer)
    from model import TrustModel

    totals = {}
    wall, cpu = time.perf_counter(), time.process_time()
    model = TrustModel(rng=args.seed, **model_params(args.n))
    totals["build"] = (time.perf_counter() - wall, time.process_time() - cpu)

    timer.section = "run"
    profiler = cProfile.Profile() if args.cprofile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    model.run_for(args.days)
    if profiler is not None:
        profiler.disable()
    totals["run"] = (time.perf_counter() - wall, time.process_time() - cpu)
    if profiler is not None:
        profiler.dump_stats(args.cprofile)

    print(f"n = {args.n:,}, {args.days} days, "
          f"{args.n * args.days / totals['run'][0] / 1e6:.1f} M resident-days/s (wall)")
    print(report(timer, totals, args.days, gc_timer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
