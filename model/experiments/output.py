"""Writing outputs: formats chosen by extension, checked before work starts, written atomically.

Every file jsdsim writes (tables, Parquet parts, manifests, figures, reports) goes through
:func:`atomic_file` or :func:`write_atomic`: a temporary file in the same folder, flushed
to disk, then renamed over the target, so a reader never sees half a file. Commands that
write a table (``run``, ``compare``, ``sweep``) also use:

- :func:`check_target` before simulating: the extension names a known format
  (:data:`FORMATS`), its library is installed, and the folder can be created and written
  to, so that an unusable ``--out`` fails in a second, not after the whole simulation;
- :func:`write_table` after: the table goes to a temporary file in the same folder,
  flushed to disk, then renamed over the target, so a kill or a full disk during the
  write leaves the previous file (or none) and never a truncated table.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from model.core.errors import InputError

FORMATS: dict[str, str] = {".csv": "CSV", ".parquet": "Parquet"}
"""Known table formats by file extension."""


class OutputError(InputError):
    """An output target that cannot be used (unknown format, unwritable folder)."""


def table_format(path: str | os.PathLike[str]) -> str:
    """The format a path's extension names.

    Args:
        path: Target file.

    Returns:
        ``.csv`` or ``.parquet``.

    Raises:
        OutputError: On any other extension (``.txt``, ``.xlsx``, none, ...).
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{os.fspath(path)}: unknown table format {suffix or '(none)'!r}: "
                          f"expected a file name ending in {' or '.join(FORMATS)}")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise OutputError(f"{os.fspath(path)}: writing Parquet needs pyarrow: "
                              "pip install 'jsdsim[parquet]', or write .csv") from None
    return suffix


def check_target(path: str | os.PathLike[str]) -> Path:
    """Check, before any work, that a table can be written to a path.

    The folder is created if needed, and a temporary file is created in it and removed.

    Args:
        path: Target file.

    Returns:
        The path.

    Raises:
        OutputError: On an unknown extension, a target that is a folder, or a folder
            that cannot be created or written to; the message names the path.
    """
    target = Path(path)
    table_format(target)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder: expected a file name")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"{target}: cannot be written (permission denied)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".check"):
            pass
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {target.parent}: "
                          f"{exc.strerror or exc}") from None
    return target


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success, rename it over ``path``.

    On any exception (including KeyboardInterrupt) the temporary file is removed and the
    target is left as it was.

    Args:
        path: Target file.
        mode: ``"wb"`` or ``"w"``.

    Yields:
        The open temporary file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8",
                                                            "newline": ""})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Write a file atomically through a function that writes to a path.

    For writers that want a file name rather than an open file (Parquet, figures):
    ``write(temporary)``, then fsync and rename to ``path``.

    Args:
        path: The target file; its folder is created if needed.
        write: Writes the whole content to the path it is given, e.g.
            ``lambda p: table.to_csv(p, index=False)`` or ``lambda p: p.write_text(s)``.

    Returns:
        The target path.

    Raises:
        OSError: If the folder cannot be created or the file written; the temporary file
            is removed and the target left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


_WRITERS: dict[str, Callable[[pd.DataFrame, IO, bool], None]] = {
    ".csv": lambda table, f, index: table.to_csv(f, index=index, lineterminator="\n"),
    ".parquet": lambda table, f, index: table.to_parquet(f, index=index),
}


def write_table(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table atomically in the format its extension names.

    A named index (e.g. ``day``) is written as a column; a plain range index is not.

    Args:
        table: The table.
        path: Target file (``.csv`` or ``.parquet``); its folder is created if needed.

    Returns:
        The path written.

    Raises:
        OutputError: On an unknown extension.
        OSError: If the file cannot be written (the previous file is left intact).
    """
    target = Path(path)
    suffix = table_format(target)
    named_index = any(n is not None for n in table.index.names)
    with atomic_file(target, "wb") as f:
        _WRITERS[suffix](table, f, named_index)
    return target


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a table written by :func:`write_table`.

    Args:
        path: A ``.csv`` or ``.parquet`` file.

    Returns:
        The table.
    """
    suffix = table_format(path)
    return pd.read_parquet(path) if suffix == ".parquet" else pd.read_csv(path)
