"""Edge lists: only inside the scenario's folder unless allowed, never echoed
(model/scenario/edges.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from model.cli import main
from model.scenario import ScenarioError, load_scenario
from model.scenario.edges import EXCERPT_CHARS, MAX_EDGE_ISSUES

SCENARIO = "title: t\nhorizon_months: 1\nlocality: {{n_residents: 10}}\n" \
           "network: {{edge_list: {edges}}}\nplans: {{p: {{}}}}\n"


def scenario_with(folder: Path, edges: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "s.yaml"
    path.write_text(SCENARIO.format(edges=edges))
    return path


def refused(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (issue,) = info.value.issues
    return issue.format(str(path))


@pytest.mark.parametrize("edges", ["../outside.edges", "/etc/passwd", "/proc/self/environ",
                                   "'~/.ssh/id_rsa'", "sub/../../outside.edges"])
def test_edge_list_outside_the_scenario_folder_is_refused(tmp_path, edges):
    (tmp_path / "outside.edges").write_text("0 1\n")
    line = refused(scenario_with(tmp_path / "locality", edges))
    assert "network.edge_list: " in line
    assert ("edge list outside the scenario's folder" in line
            or "file not found" in line)  # '~' is not expanded: a missing file in the folder
    assert "root:" not in line and "PATH=" not in line


def test_symlink_leading_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.edges").write_text("0 1\n")
    folder = tmp_path / "locality"
    folder.mkdir()
    (folder / "link.edges").symlink_to(tmp_path / "outside.edges")
    assert "outside the scenario's folder" in refused(scenario_with(folder, "link.edges"))


def test_an_explicit_allowance_reads_another_folder(tmp_path):
    shared = tmp_path / "networks"
    shared.mkdir()
    (shared / "n.edges").write_text("0 1\n1 2\n")
    path = scenario_with(tmp_path / "locality", "../networks/n.edges")
    s = load_scenario(path, allow_edge_list=lambda p: p.is_relative_to(shared.resolve()))
    assert s.graph.number_of_edges() == 2


def test_run_allow_path_option(tmp_path, capsys):
    shared = tmp_path / "networks"
    shared.mkdir()
    (shared / "n.edges").write_text("0 1\n1 2\n")
    path = scenario_with(tmp_path / "locality", "../networks/n.edges")
    assert main(["run", str(path), "--seed", "1"]) == 2
    assert "outside the scenario's folder" in capsys.readouterr().err
    assert main(["run", str(path), "--seed", "1", "--allow-path", str(shared)]) == 0


def test_edge_list_that_is_a_device_or_fifo_is_refused(tmp_path):
    folder = tmp_path / "locality"
    folder.mkdir()
    os.mkfifo(folder / "pipe.edges")
    (folder / "zero.edges").symlink_to("/dev/zero")
    assert "not a regular file (got a FIFO" in refused(scenario_with(folder, "pipe.edges"))
    line = refused(scenario_with(folder, "zero.edges"))
    assert "outside the scenario's folder" in line  # resolved to /dev/zero


def test_no_error_quotes_more_than_a_short_excerpt_of_the_file(tmp_path, capsys):
    folder = tmp_path / "locality"
    folder.mkdir()
    secret = "SECRET-" + "x" * 200
    (folder / "bad.edges").write_text("".join(f"{secret} {i}\n" for i in range(100)))
    path = scenario_with(folder, "bad.edges")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == MAX_EDGE_ISSUES + 1  # five problems and "95 more lines"
    assert "95 more lines with problems" in lines[-1]
    assert secret not in err
    for line in lines[:-1]:
        quoted = line.split("(got ", 1)[1].split(";", 1)[0]
        assert len(quoted) <= EXCERPT_CHARS
