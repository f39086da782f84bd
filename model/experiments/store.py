"""A folder of run results that survives interruption: a ledger and Parquet parts.

Layout of a store folder::

    ledger.jsonl            one line per finished run: key, status, error, seconds, ...
    parts/part-NNNNNN.parquet   monthly tables of several finished runs (column run_key)
    manifest.json           what was run, with which code (written by the caller)

A part is written completely (temporary file, fsync, rename) before the ledger lines
that name it are appended, so the ledger is the commit log: a run counts as done only
when its line is in the ledger and its part exists. A crash can lose the runs not yet
written, never corrupt finished ones; a truncated last ledger line is ignored (and the
next commit starts on a fresh line, so it cannot swallow the next record). Reading back
keeps the newest ledger line of each run.

One process writes to a folder at a time: :func:`writer_lock` holds an advisory lock
(released by the operating system when the process dies, even by kill -9).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.experiments.output import write_atomic

LEDGER = "ledger.jsonl"
PARTS = "parts"
MANIFEST = "manifest.json"
LOCK = ".writer.lock"
KEY_COLUMN = "run_key"


@dataclass(frozen=True)
class RunRecord:
    """One line of the ledger: the outcome of one run.

    Attributes:
        key: The run's key (:meth:`model.experiments.specs.RunSpec.key`).
        status: ``"ok"`` or ``"failed"``.
        labels: The run's labels (scenario, plan, sample, replicate, seed).
        overrides: The run's overrides, as text.
        seconds: Wall time of the run in its worker.
        worker: ``host:pid`` of the process that ran it.
        error: The error text of a failed run (empty otherwise).
        part: The Parquet part holding its table (empty for a failed run).
        finished: Unix time at which the driver recorded it.
    """

    key: str
    status: str
    labels: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    worker: str = ""
    error: str = ""
    part: str = ""
    finished: float = 0.0


def worker_name() -> str:
    """``host:pid`` of this process, as recorded in the ledger."""
    return f"{socket.gethostname()}:{os.getpid()}"


class RunStore:
    """The results folder of an experiment.

    Args:
        folder: Where the results live (created if missing).

    Raises:
        OSError: If the folder cannot be created or written.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        (self.folder / PARTS).mkdir(parents=True, exist_ok=True)
        self._records = self._read_ledger()
        self._next_part = 1 + max((int(p.stem.split("-")[1])
                                   for p in (self.folder / PARTS).glob("part-*.parquet")),
                                  default=0)

    # --- reading ------------------------------------------------------------------------
    def _read_ledger(self) -> dict[str, RunRecord]:
        path = self.folder / LEDGER
        records: dict[str, RunRecord] = {}
        if not path.exists():
            return records
        with path.open(encoding="utf-8") as ledger:
            for line in ledger:
                try:
                    record = RunRecord(**json.loads(line))
                except (json.JSONDecodeError, TypeError):
                    continue  # a line cut short by a crash
                if record.status != "ok" or (self.folder / PARTS / record.part).exists():
                    records[record.key] = record
        return records

    @property
    def records(self) -> dict[str, RunRecord]:
        """The newest ledger record of every run, by key."""
        return dict(self._records)

    def done(self) -> set[str]:
        """Keys of the runs that finished successfully."""
        return {k for k, r in self._records.items() if r.status == "ok"}

    def failed(self) -> list[RunRecord]:
        """Records of the runs whose newest attempt failed."""
        return [r for r in self._records.values() if r.status == "failed"]

    def table(self, keys: Sequence[str] | None = None,
              columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The monthly tables of finished runs, stacked.

        Args:
            keys: Runs to read, in this order (default: every finished run, in the order
                they finished); keys of runs not finished are skipped.
            columns: Columns to read (default: all); the key column is always read.

        Returns:
            The tidy table, with a ``run_key`` column; columns in the order of the first
            run's table (runs of one model version share their columns).
        """
        done = self.done()
        wanted = [k for k in (keys if keys is not None else list(self._records)) if k in done]
        if not wanted:
            return pd.DataFrame()
        parts: dict[str, list[str]] = {}
        for key in wanted:
            parts.setdefault(self._records[key].part, []).append(key)
        tables = []
        for part, part_keys in parts.items():
            path = self.folder / PARTS / part
            read_columns = None
            if columns is not None:
                present = set(pq.read_schema(path).names)
                read_columns = [KEY_COLUMN, *(c for c in columns
                                              if c in present and c != KEY_COLUMN)]
            table = pq.read_table(path, columns=read_columns,
                                  filters=[(KEY_COLUMN, "in", part_keys)])
            tables.append(table.to_pandas())
        first = next(i for i, part in enumerate(parts) if wanted[0] in parts[part])
        columns_first = list(tables[first].columns)
        stacked = pd.concat(tables, ignore_index=True)
        stacked = stacked[columns_first + sorted(set(stacked.columns) - set(columns_first))]
        order = {key: i for i, key in enumerate(wanted)}
        stacked["_order"] = stacked[KEY_COLUMN].map(order)
        stacked = stacked.sort_values(["_order", "month"] if "month" in stacked else "_order",
                                      kind="stable")
        return stacked.drop(columns="_order").reset_index(drop=True)

    # --- writing ------------------------------------------------------------------------
    def commit(self, results: Iterable[tuple[RunRecord, pd.DataFrame | None]]) -> None:
        """Record finished runs: write their tables as one part, then their ledger lines.

        Args:
            results: (record, monthly table or None for a failed run) pairs; the records'
                ``part`` and ``finished`` fields are filled in here.
        """
        results = list(results)
        ok = [(r, t) for r, t in results if t is not None]
        part = ""
        if ok:
            part = f"part-{self._next_part:06d}.parquet"
            self._next_part += 1
            tables = [t.assign(**{KEY_COLUMN: r.key}) for r, t in ok]
            self._write_part(part, pd.concat(tables, ignore_index=True))
        now = time.time()
        lines = []
        for record, table in results:
            done = RunRecord(**{**asdict(record), "part": part if table is not None else "",
                                "finished": now})
            self._records[done.key] = done
            lines.append(json.dumps(asdict(done), sort_keys=True))
        if lines:
            path = self.folder / LEDGER
            start = "\n" if _ends_mid_line(path) else ""  # a line cut short by a crash
            with path.open("a", encoding="utf-8") as ledger:
                ledger.write(start + "\n".join(lines) + "\n")
                ledger.flush()
                os.fsync(ledger.fileno())

    def _write_part(self, name: str, table: pd.DataFrame) -> None:
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        write_atomic(self.folder / PARTS / name, lambda path: pq.write_table(arrow, path))

    def write_manifest(self, manifest: Mapping[str, Any]) -> Path:
        """Write manifest.json atomically (what was run, with which code and seeds).

        Args:
            manifest: JSON-serialisable description.

        Returns:
            The file written.
        """
        text = json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n"
        return write_atomic(self.folder / MANIFEST,
                            lambda path: path.write_text(text, encoding="utf-8"))

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest written by :meth:`write_manifest`, or None."""
        path = self.folder / MANIFEST
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _ends_mid_line(path: Path) -> bool:
    """Whether a file exists, is not empty and does not end with a newline."""
    try:
        with path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"
    except (FileNotFoundError, OSError):  # missing, or empty (seek before the start)
        return False


class FolderBusyError(OSError):
    """Another process is writing to the same results folder."""


@contextlib.contextmanager
def writer_lock(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the folder's writer lock for the duration of a ``with`` block.

    The lock is an advisory ``flock`` on ``.writer.lock``: the operating system releases
    it when the holder exits or is killed, so a sweep stopped by kill -9 or a machine
    stop never leaves a stale lock behind.

    Args:
        folder: The results folder (created if missing).

    Yields:
        Nothing; the lock is held until the block ends.

    Raises:
        FolderBusyError: If another process holds the lock.
    """
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    with (path / LOCK).open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise FolderBusyError(f"{path}: results folder in use by {holder}; wait for it "
                                  "to finish or choose another folder") from None
        handle.seek(0)
        handle.truncate()
        handle.write(worker_name())
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
