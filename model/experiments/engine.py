"""The run engine: execute many runs on any Executor, and keep every finished one.

:func:`execute` takes run specifications, skips those whose results are already in the
store, runs the rest (in this process, on a local process pool, or on any Executor such
as Dask's ``Client.get_executor()``), and commits results to a
:class:`~model.experiments.store.RunStore` as they finish. A run that raises is recorded
as failed with its error text and the others go on; a lost worker's runs are submitted
again. Results do not depend on the executor, the number of workers or the order of
completion: each run is a pure function of its specification.

:func:`dask_executor` gives the Dask backend (a local cluster of worker processes, or a
client of a running cluster) as an Executor; Dask is an optional dependency (the
``sweep`` extra) imported only there. A Dask worker that dies has its runs rescheduled
on the others by Dask itself; a run Dask gives up on (``KilledWorker``) is submitted
again here, like a run of a lost local worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from tqdm import tqdm

from model.experiments.runner import LABEL_COLUMNS, run
from model.experiments.specs import RunSpec
from model.experiments.store import RunRecord, RunStore, worker_name

FLUSH_SECONDS = 2.0
"""A finished run waits at most about this long before it is committed to the store."""

FLUSH_RUNS = 64
"""... and whenever this many are waiting."""

MAX_RESUBMITS = 2
"""Times a run is submitted again after its worker was lost."""


def default_workers() -> int:
    """The number of CPUs this process may use.

    Returns:
        At least 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_task(spec: RunSpec, columns: Sequence[str] | None = None
             ) -> tuple[RunRecord, pd.DataFrame | None]:
    """Run one specification in a worker, catching its errors.

    Args:
        spec: The run.
        columns: Monthly-table columns to keep besides the labels and ``month`` (None:
            all).

    Returns:
        The ledger record (status ok or failed, with the error text) and the table, or
        None when the run failed.
    """
    start = time.perf_counter()
    labels = spec.labels()
    overrides = {k: repr(v) for k, v in spec.overrides.items()}
    try:
        table = run(spec)
    except Exception as exc:  # noqa: BLE001 - recorded, and the other runs go on
        error = "".join(traceback.format_exception_only(exc)).strip()
        record = RunRecord(spec.key(), "failed", labels, overrides,
                           time.perf_counter() - start, worker_name(), error)
        return record, None
    if columns is not None:
        keep = [*LABEL_COLUMNS, "month"]
        table = table[keep + [c for c in columns if c in table.columns and c not in keep]]
    record = RunRecord(spec.key(), "ok", labels, overrides, time.perf_counter() - start,
                       worker_name())
    return record, table


@dataclass
class Execution:
    """What :func:`execute` did.

    Attributes:
        n_runs: Distinct runs asked for.
        n_skipped: Runs already finished in the store before this call.
        n_done: Runs finished successfully by this call.
        failures: Records of the runs that failed in this call.
        seconds: Wall time of the call.
        run_seconds: Sum of the runs' own times in their workers.
    """

    n_runs: int = 0
    n_skipped: int = 0
    n_done: int = 0
    failures: list[RunRecord] = field(default_factory=list)
    seconds: float = 0.0
    run_seconds: float = 0.0

    @property
    def n_failed(self) -> int:
        """Runs that failed in this call."""
        return len(self.failures)


def local_pool(workers: int) -> ProcessPoolExecutor:
    """A local process pool whose workers start from a clean, preloaded server process.

    The ``forkserver`` start method avoids forking a process that holds threads (progress
    bars, Dask), and preloads the model so each worker starts quickly.

    Args:
        workers: Number of worker processes.

    Returns:
        The pool.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
        else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["model.experiments.engine"])
        with single_threaded_libraries():  # the server, and so every worker, inherits it
            multiprocessing.forkserver.ensure_running()
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_quiet_on_ctrl_c)


def _quiet_on_ctrl_c() -> None:
    """In a worker: leave at once on Ctrl-C, without a traceback.

    Ctrl-C reaches every process of the terminal's foreground group; the driver keeps
    what finished and explains how to resume, so the workers only need to stop.
    """
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))


WORKER_THREADS: dict[str, str] = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                                  "MKL_NUM_THREADS": "1"}
"""Thread counts of numerical libraries in worker processes (unless the user set them):
one thread per worker, as Dask's workers do, since the workers themselves use the CPUs
(threads that spin-wait for work only compete with the other workers)."""


@contextlib.contextmanager
def single_threaded_libraries() -> Iterator[None]:
    """Set :data:`WORKER_THREADS` in the environment for processes started meanwhile.

    Yields:
        Nothing; variables the user had not set are removed again afterwards.
    """
    added = [name for name in WORKER_THREADS if name not in os.environ]
    os.environ.update({name: WORKER_THREADS[name] for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@dataclass
class Backend:
    """An executor and how many runs it can work on at once.

    Attributes:
        executor: Where runs are submitted (None: the local process pool of
            :func:`execute`).
        n_workers: Worker processes (threads, for Dask) available.
        description: For progress messages and manifests, e.g. ``dask LocalCluster(2)``.
        client: The Dask client, when the backend is Dask (to inspect or manage workers).
    """

    executor: Executor | None
    n_workers: int
    description: str
    client: Any = None


@contextlib.contextmanager
def dask_executor(n_workers: int | None = None, scheduler: str | None = None,
                  timeout_s: float = 30.0) -> Iterator[Backend]:
    """Run on Dask: a local cluster of worker processes, or a running cluster.

    Args:
        n_workers: Start a ``LocalCluster`` of this many single-threaded worker
            processes (``processes=True, threads_per_worker=1``); ignored with
            ``scheduler``.
        scheduler: Address of a running scheduler (``tcp://host:8786``) to connect to.
        timeout_s: How long to wait for the scheduler and the first worker.

    Yields:
        The backend; the client and any cluster started here are closed afterwards.

    Raises:
        ImportError: If Dask's ``distributed`` is not installed (``pip install
            'jsdsim[sweep]'``).
        OSError: If the scheduler cannot be reached in time.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the sweep extra is installed in dev
        raise ImportError("the Dask backend needs the 'distributed' package: "
                          "pip install 'jsdsim[sweep]'") from exc
    cluster = None
    try:
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout=timeout_s)
            except (OSError, TimeoutError) as exc:
                raise OSError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") \
                    from None
            description = f"dask scheduler {scheduler}"
        else:
            n = n_workers or default_workers()
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")  # any free port
            client = Client(cluster, timeout=timeout_s)
            description = f"dask LocalCluster({n})"
        try:
            client.wait_for_workers(1, timeout=timeout_s)
            threads = sum(client.nthreads().values())
            yield Backend(client.get_executor(), max(1, threads), description, client)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def execute(specs: Iterable[RunSpec], store: RunStore, *, workers: int | None = None,
            executor: Executor | None = None, columns: Sequence[str] | None = None,
            progress: bool = True, desc: str = "runs",
            max_in_flight: int | None = None) -> Execution:
    """Run every specification not already finished in the store, committing as they end.

    Args:
        specs: The runs (duplicates, by key, are run once).
        store: Where results are kept; finished runs in it are skipped.
        workers: Local worker processes when no executor is given (default: the CPUs this
            process may use); 1 runs everything in this process.
        executor: Any ``concurrent.futures.Executor`` (e.g. a Dask client's
            ``get_executor()``); it is not shut down here.
        columns: Monthly-table columns to keep besides labels and month (None: all).
        progress: Show a progress bar (runs done, failed, time left) on stderr.
        desc: Label of the progress bar.
        max_in_flight: Runs submitted but not finished at any time (default: 4 per
            worker), which keeps the driver's memory flat however many runs there are.

    Returns:
        What was done. Failed runs are in the store's ledger and in ``failures``.

    Raises:
        KeyboardInterrupt: After committing every finished run, if interrupted.
    """
    start = time.perf_counter()
    unique: dict[str, RunSpec] = {}
    for spec in specs:
        unique.setdefault(spec.key(), spec)
    done = store.done()
    pending = [s for k, s in unique.items() if k not in done]
    result = Execution(n_runs=len(unique), n_skipped=len(unique) - len(pending))
    bar = tqdm(total=len(unique), initial=result.n_skipped, desc=desc, unit="run",
               disable=not progress or None, file=sys.stderr, dynamic_ncols=True)
    buffer: list[tuple[RunRecord, pd.DataFrame | None]] = []
    flushed = time.perf_counter()

    def finish(record: RunRecord, table: pd.DataFrame | None) -> None:
        buffer.append((record, table))
        result.run_seconds += record.seconds
        if table is None:
            result.failures.append(record)
        else:
            result.n_done += 1
        bar.update(1)
        if result.failures:
            bar.set_postfix(failed=len(result.failures), refresh=False)
        if len(buffer) >= FLUSH_RUNS:
            flush()
        else:
            tick()

    def flush() -> None:
        nonlocal flushed
        batch = list(buffer)  # taken first: a Ctrl-C inside commit never commits it twice
        buffer.clear()
        flushed = time.perf_counter()
        store.commit(batch)

    def tick() -> None:  # also called while waiting, so finished runs never wait long
        if buffer and time.perf_counter() - flushed >= FLUSH_SECONDS:
            flush()

    try:
        n_workers = workers if workers is not None else default_workers()
        if executor is None and n_workers <= 1:
            for spec in pending:
                finish(*run_task(spec, columns))
        else:
            _run_on_executor(pending, executor, n_workers, columns, finish, tick,
                             max_in_flight)
    finally:
        flush()
        bar.close()
        result.seconds = time.perf_counter() - start
    return result


def _run_on_executor(pending: list[RunSpec], executor: Executor | None, n_workers: int,
                     columns: Sequence[str] | None,
                     finish: Callable[[RunRecord, pd.DataFrame | None], None],
                     tick: Callable[[], None], max_in_flight: int | None) -> None:
    """Submit runs with a bounded number in flight; resubmit those of a lost worker.

    ``tick`` is called at least every :data:`FLUSH_SECONDS` while waiting, so finished
    runs are committed on time even when the next run takes long.
    """
    own = executor is None
    pool = local_pool(n_workers) if own else executor
    limit = max_in_flight or 4 * n_workers
    queue = list(reversed(pending))
    resubmits: dict[str, int] = {}
    in_flight: dict[Future, RunSpec] = {}
    try:
        while queue or in_flight:
            while queue and len(in_flight) < limit:
                spec = queue.pop()
                in_flight[pool.submit(run_task, spec, columns)] = spec
            finished, _ = wait(in_flight, timeout=FLUSH_SECONDS, return_when=FIRST_COMPLETED)
            tick()
            broken = False
            for future in finished:
                spec = in_flight.pop(future)
                try:
                    finish(*future.result())
                except BrokenProcessPool:
                    broken = True
                    _retry_or_fail(spec, resubmits, queue, finish, "its worker process died")
                except Exception as exc:  # noqa: BLE001 - the executor lost the run
                    _retry_or_fail(spec, resubmits, queue, finish,
                                   "".join(traceback.format_exception_only(exc)).strip())
            if broken and own:  # a dead worker breaks the whole local pool: start anew
                for future, spec in in_flight.items():
                    future.cancel()
                    queue.append(spec)
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = local_pool(n_workers)
    except BaseException:
        for future in in_flight:
            future.cancel()
        raise
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _retry_or_fail(spec: RunSpec, resubmits: dict[str, int], queue: list[RunSpec],
                   finish: Callable[[RunRecord, pd.DataFrame | None], None],
                   error: str) -> None:
    key = spec.key()
    resubmits[key] = resubmits.get(key, 0) + 1
    if resubmits[key] <= MAX_RESUBMITS:
        queue.append(spec)
        return
    record = RunRecord(key, "failed", spec.labels(),
                       {k: repr(v) for k, v in spec.overrides.items()}, 0.0, "",
                       f"lost {resubmits[key]} times: {error}")
    finish(record, None)
