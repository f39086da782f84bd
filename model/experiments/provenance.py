"""Where results come from: the code version, library versions and a digest of the model.

A stored result is only reused by a run whose specification *and* simulation code are
the same: :func:`code_digest` hashes the source of the simulation core, and run keys
include it (see :meth:`model.experiments.specs.RunSpec.key`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import platform
import subprocess
from pathlib import Path
from typing import Any

LIBRARIES: tuple[str, ...] = ("mesa", "numpy", "scipy", "pandas", "networkx", "pyarrow")
"""Libraries whose versions are recorded with results."""


@functools.cache
def code_digest() -> str:
    """A digest of the simulation core's source (model/core/*.py) and the package version.

    Returns:
        16 hexadecimal characters; it changes whenever the simulation code changes.
    """
    core = Path(__file__).resolve().parents[1] / "core"
    digest = hashlib.sha256(package_version().encode())
    for path in sorted(core.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def package_version() -> str:
    """The installed version of jsdsim (``"unknown"`` when run from an uninstalled tree).

    Returns:
        The version string.
    """
    try:
        return importlib.metadata.version("jsdsim")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def git_commit() -> str | None:
    """The git commit of the source tree the package runs from, if it is a checkout.

    Returns:
        The commit hash (with ``-dirty`` when files are modified), or None.
    """
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "model"], cwd=root,
                               capture_output=True, text=True, timeout=10,
                               check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def environment() -> dict[str, Any]:
    """Versions of the code, Python and the numerical libraries.

    Returns:
        ``jsdsim``, ``code_digest``, ``git_commit``, ``python`` and one entry per library.
    """
    versions: dict[str, Any] = {"jsdsim": package_version(), "code_digest": code_digest(),
                                "git_commit": git_commit(),
                                "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions
