"""Writing tables: formats, atomic writes, targets checked first (model/experiments/output.py)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from model.experiments import output
from model.experiments.output import (
    OutputError,
    check_target,
    read_table,
    table_format,
    write_table,
)

REPO = Path(__file__).resolve().parents[2]
TABLE = pd.DataFrame({"month": [1, 2], "trust": [0.5, 0.25], "plan": ["a", "b"]})


@pytest.mark.parametrize("name", ["t.csv", "t.CSV", "t.parquet"])
def test_known_formats_round_trip(tmp_path, name):
    path = write_table(TABLE, tmp_path / "sub" / name)
    pd.testing.assert_frame_equal(read_table(path), TABLE)
    if name.endswith("parquet"):
        assert path.read_bytes()[:4] == b"PAR1"


@pytest.mark.parametrize("name", ["t.txt", "t.xlsx", "t", "t.csv.gz", "t.parq"])
def test_other_extensions_are_refused(tmp_path, name):
    with pytest.raises(OutputError, match="unknown table format"):
        table_format(tmp_path / name)
    with pytest.raises(OutputError):
        write_table(TABLE, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_unusable_targets_are_refused_before_any_work(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot write in"):
        check_target(tmp_path / "file" / "out.csv")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        check_target(tmp_path / "folder.csv")
    assert check_target(tmp_path / "new" / "out.csv") == tmp_path / "new" / "out.csv"
    assert [p.name for p in (tmp_path / "new").iterdir()] == []  # the probe is gone


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space "
                                                                  "left on device")])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, failure):
    target = tmp_path / "out.csv"
    target.write_text("old,table\n1,2\n")

    def half_then_fail(table, f, index):
        f.write(b"month,trust\n1,0.")
        raise failure

    monkeypatch.setitem(output._WRITERS, ".csv", half_then_fail)
    with pytest.raises(type(failure)):
        write_table(TABLE, target)
    assert target.read_text() == "old,table\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


WRITER = """
import sys
import numpy as np, pandas as pd
from model.experiments.output import write_table
table = pd.DataFrame(np.random.default_rng(0).random((4_000_000, 6)))
print("ready", flush=True)
write_table(table, sys.argv[1])
"""


def test_killing_a_process_during_its_write_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old,table\n1,2\n")
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") and p.stat().st_size > 0
                      for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline and child.poll() is None, "never wrote"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert target.read_text() == "old,table\n1,2\n"
    pd.read_csv(target)  # still the old, complete table
