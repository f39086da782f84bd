"""``jsdsim scenarios`` (model/cli/scenarios.py)."""

from model.cli import main
from tests.cli.helpers import GOOD


def test_scenarios_lists_bundled_files(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "template.yaml" in out and "Template locality" in out
    assert "saaba.yaml" in out


def test_scenarios_in_a_folder(tmp_path, capsys):
    (tmp_path / "good.yaml").write_text((GOOD / "minimal.yaml").read_text())
    (tmp_path / "bad.yaml").write_text("- a list\n")
    assert main(["scenarios", "--dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("bad.yaml") and "INVALID" in lines[0]
    assert lines[1].startswith("good.yaml") and "Minimal locality" in lines[1]


def test_scenarios_missing_folder(tmp_path, capsys):
    assert main(["scenarios", "--dir", str(tmp_path / "nope")]) == 2
    assert "jsdsim: error: no such folder" in capsys.readouterr().err
