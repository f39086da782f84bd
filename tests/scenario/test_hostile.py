"""Hostile input: files built to stall, exhaust, confuse or leak (model/scenario/reading.py,
edges.py, errors.py). Each must give one clear line and exit 2 within a second."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.cli import main
from model.scenario import ScenarioError, list_scenarios, load_scenario
from model.scenario.reading import MAX_FILE_BYTES

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
REPO = Path(__file__).resolve().parents[2]

# file -> phrase of its one problem
HOSTILE_FILES = {
    "alias_bomb.yaml": "too many values once aliases are expanded",
    "merge_bomb.yaml": "too many values once aliases are expanded",
    "nested_lists.yaml": "nested more than 32 levels deep",
    "nested_mappings.yaml": "nested more than 32 levels deep",
    "recursive_alias.yaml": "alias refers to a value that contains it",
    "recursive_merge.yaml": "alias refers to a value that contains it",
    "set_tag.yaml": "groups: YAML tag not allowed",
    "huge_integer.yaml": "horizon_months: number too large (got a number of 4301 digits",
    "nul_byte.yaml": ":1:9: character not allowed in YAML (got '\\x00'",
    "sexagesimal_and_octal.yaml": "horizon_months: invalid duration (got '1:00'",
}


def _validate(path: str | os.PathLike[str], capsys: pytest.CaptureFixture[str]
              ) -> tuple[int, str, float]:
    start = time.perf_counter()
    code = main(["validate", os.fspath(path)])
    elapsed = time.perf_counter() - start
    return code, capsys.readouterr().err, elapsed


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_file_gives_one_line_and_exit_2_within_a_second(name, capsys):
    code, err, elapsed = _validate(HOSTILE / name, capsys)
    assert code == 2
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{HOSTILE / name}:")
    assert HOSTILE_FILES[name] in lines[0]
    assert len(lines[0]) < 400


@pytest.mark.parametrize("path, kind", [("/dev/zero", "a device"),
                                        ("/dev/urandom", "a device")])
def test_devices_are_refused_without_reading(path, kind, capsys):
    code, err, elapsed = _validate(path, capsys)
    assert code == 2 and elapsed < 1.0
    assert err == f"{path}: <file>: not a regular file (got {kind}; expected a regular file)\n"


def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, err, elapsed = _validate(fifo, capsys)
    assert code == 2 and elapsed < 1.0
    assert "not a regular file (got a FIFO (named pipe)" in err


def test_folder_is_refused(tmp_path, capsys):
    code, err, elapsed = _validate(tmp_path, capsys)
    assert code == 2 and elapsed < 1.0
    assert "not a regular file (got a folder" in err


def test_file_too_large_is_refused_before_reading(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    big.write_text("title: t\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    code, err, elapsed = _validate(big, capsys)
    assert code == 2 and elapsed < 1.0
    assert "file too large" in err and f"at most {MAX_FILE_BYTES:,} bytes" in err


def test_symlink_to_a_device_is_refused(tmp_path, capsys):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    code, err, _ = _validate(link, capsys)
    assert code == 2 and "not a regular file (got a device" in err


def test_yaml_12_scalars_no_sexagesimal_octal_or_yes(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: t\nhorizon_months: 1\nlocality: {n_residents: 04000}\n"
                    "groups: [yes, on]\nplans: {p: {}}\n")
    s = load_scenario(path)
    assert s.params().n_residents == 4000
    assert s.group_names == ("yes", "on")  # text, not booleans (then a type error)


def test_explicit_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "s.yaml"
    path.write_text(f"title: !!python/object/apply:os.system ['touch {marker}']\n"
                    "horizon_months: 1\nplans: {p: {}}\n"
                    "shared: !!python/name:os.system\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [i.problem for i in info.value.issues] == ["YAML tag not allowed"] * 2
    assert not marker.exists()


def test_newline_in_a_key_cannot_forge_an_ok_line(capsys):
    code, err, _ = _validate(HOSTILE / "newline_in_key.yaml", capsys)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "\\nok forged.yaml" in err
    assert not any(line.startswith("ok ") for line in err.splitlines())


def test_escape_sequences_in_a_title_never_reach_the_terminal(tmp_path, capsys):
    (tmp_path / "a.yaml").write_bytes((HOSTILE / "escape_sequences.yaml").read_bytes())
    assert main(["scenarios", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert len(out.splitlines()) == 1
    assert "\\x1b[31mred" in out


def test_scenarios_lists_every_hostile_file_as_invalid_and_goes_on(tmp_path, capsys):
    for name in HOSTILE_FILES:
        (tmp_path / name).write_bytes((HOSTILE / name).read_bytes())
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "zz_good.yaml").write_text("title: Good\nhorizon_months: 1\nplans: {p: {}}\n")
    start = time.perf_counter()
    assert main(["scenarios", "--dir", str(tmp_path)]) == 0
    assert time.perf_counter() - start < 5
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(HOSTILE_FILES) + 3
    assert all("INVALID: " in line for line in lines[:-1])
    assert lines[-1].split() == ["zz_good.yaml", "Good"]
    assert dict(list_scenarios(tmp_path))[tmp_path / "pipe.yaml"].startswith(
        "INVALID: <file>: not a regular file")


def test_hostile_file_in_a_real_process_exits_2_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "model", "validate", str(HOSTILE / "alias_bomb.yaml"),
         "/dev/zero"], capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2
