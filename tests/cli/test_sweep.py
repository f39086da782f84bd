"""``jsdsim sweep`` and ``jsdsim analyze`` (model/cli/sweep.py, model/cli/analyze.py)."""

import json
import os
import signal
import subprocess
import sys
import time

from model.cli import main
from model.cli.common import count
from tests.cli.helpers import DATA, REPO

TINY = DATA / "experiments" / "tiny.yaml"
INTERRUPT = DATA / "experiments" / "interrupt.yaml"


def test_help_explains_with_examples_and_how_to_use_a_cluster(capsys):
    assert main(["sweep", "--help"]) == 0
    text = capsys.readouterr().out
    assert "jsdsim sweep experiments/dialogue_length.yaml" in text
    assert "--dask-local" in text and "--scheduler" in text and "dask worker" in text


def test_a_bad_experiment_file_exits_2_before_anything_runs(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.read_text().replace("replicates: 2", "replicates: -2"))
    out = tmp_path / "out"
    assert main(["sweep", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert (f"invalid experiment file:\n{bad}:12:13: replicates: out of range (got -2; "
            "expected a whole number >= 1)") in err
    assert "Traceback" not in err and not out.exists()


def test_check_only_validates(tmp_path, capsys):
    assert main(["sweep", str(TINY), "--check", "--out", str(tmp_path / "o")]) == 0
    assert "valid (16 runs)" in capsys.readouterr().out
    assert not (tmp_path / "o").exists()


def test_one_backend_at_a_time(capsys):
    assert main(["sweep", str(TINY), "--workers", "2", "--dask-local", "2"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_sweep_then_analyze(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", str(TINY), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "16 runs done, 0 failed" in err
    assert main(["sweep", str(TINY), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert "0 runs done, 0 failed, 16 already done" in capsys.readouterr().err
    assert main(["analyze", str(out), "--out", str(tmp_path / "a")]) == 0
    assert (tmp_path / "a" / "summary.md").is_file()
    assert main(["analyze", str(tmp_path / "nothing")]) == 2
    assert "not a sweep folder" in capsys.readouterr().err


def hear_ctrl_c():
    """In the child: take Ctrl-C as a terminal would deliver it. A shell that starts a job
    in the background (``make test &``, nohup) ignores SIGINT for it, and Python then
    installs no KeyboardInterrupt handler, so the sweep would never see the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_keeps_what_finished_and_says_how_to_resume(tmp_path):
    out = tmp_path / "sweep"
    process = subprocess.Popen([sys.executable, "-m", "model", "sweep", str(INTERRUPT), "--out",
                                str(out), "--workers", "2", "--quiet"], cwd=REPO,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=hear_ctrl_c)
    ledger = out / "ledger.jsonl"
    deadline = time.monotonic() + 120
    while not (ledger.exists() and ledger.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    _, err = process.communicate(timeout=60)
    lines = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert process.returncode == 130, err
    assert f"{count(len(lines), 'finished run')} kept in {out}" in err, err
    assert "run the same command again" in err and "Traceback" not in err
