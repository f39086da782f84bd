"""Start the real ``jsdsim workshop`` command in a subprocess for a test, and stop it.

Used by the server and browser tests and by benchmarks/bench_workshop.py. The server
listens on a free loopback port (``--port 0``); its address is read from what the
command prints. The process (and its process group) is always ended on exit.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 60.0
URL_PATTERN = re.compile(r"http://127\.0\.0\.1:\d+/")


def jsdsim_command() -> list[str]:
    """The installed ``jsdsim`` console script next to this Python, or ``python -m model``.

    Returns:
        The command's first words.
    """
    script = shutil.which("jsdsim", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "model"]


@contextmanager
def running_workshop(*args: str, timeout_s: float = START_TIMEOUT_S) -> Iterator[str]:
    """Run ``jsdsim workshop ARGS --port 0`` until the block ends.

    Args:
        *args: Arguments after ``workshop`` (e.g. the scenario).
        timeout_s: How long to wait for the page to answer.

    Yields:
        The page's address, once it answers HTTP requests.

    Raises:
        RuntimeError: If the server exits or does not answer in time (with its output).
    """
    logs = Path(tempfile.mkdtemp(prefix="jsdsim-workshop-"))
    out, err = (logs / "stdout.txt").open("w"), (logs / "stderr.txt").open("w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOLARA_")}
    proc = subprocess.Popen([*jsdsim_command(), "workshop", *args, "--port", "0"],
                            stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    try:
        yield _wait_for_page(proc, logs, timeout_s)
    finally:
        _stop(proc)
        out.close()
        err.close()


def _output(logs: Path) -> str:
    return ((logs / "stdout.txt").read_text() + "\n" + (logs / "stderr.txt").read_text())


def _wait_for_page(proc: subprocess.Popen, logs: Path, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    url = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jsdsim workshop exited ({proc.returncode}):\n{_output(logs)}")
        if url is None:
            found = URL_PATTERN.search((logs / "stdout.txt").read_text())
            url = found.group(0) if found else None
        if url is not None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return url
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"jsdsim workshop did not answer in {timeout_s:.0f} s:\n"
                       f"{_output(logs)}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue
