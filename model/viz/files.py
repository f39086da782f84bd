"""Writing figures to files."""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure


def save(fig: Figure, path: str | os.PathLike[str], dpi: int = 110) -> Path:
    """Write a figure (format from the file extension), creating folders as needed.

    Args:
        fig: The figure.
        path: Target file, e.g. ``out/series.png``.
        dpi: Resolution of raster formats.

    Returns:
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    return path
