"""Writing output files so that a reader never sees half a file.

Every output of a plan comparison (tables, figures, report, manifest) is written to a
temporary file in the target folder, flushed to disk and renamed over the target: after
a crash or Ctrl-C the target is either the old complete file or the new complete one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Write a file atomically: ``write(temporary)``, then fsync and rename to ``path``.

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
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target
