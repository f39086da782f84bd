"""What every command shares (model/cli/common.py and model/cli/__init__.py)."""

import subprocess
import sys

import pandas as pd
import pytest

from model.cli import COMMANDS, main
from model.cli.common import guarded, parse_overrides, print_table
from model.core.errors import InputError
from tests.cli.helpers import BAD, REPO


def test_parse_overrides_types():
    values = parse_overrides(["a=0.5", "b=40", "c=true", "d=1e3", "e=numpy", " f = 2 ",
                              "jsd.length_months=6"])
    assert values == {"a": 0.5, "b": 40, "c": True, "d": 1000.0, "e": "numpy", "f": 2,
                      "jsd.length_months": 6}
    assert type(values["b"]) is int and type(values["d"]) is float


def test_print_table_without_headline_columns_prints_all(capsys):
    print_table(pd.DataFrame({"a": [1], "b": [2]}))
    assert capsys.readouterr().out.splitlines()[0].split() == ["a", "b"]


@pytest.mark.parametrize("command", [c.__name__.rsplit(".", 1)[1] for c in COMMANDS])
def test_every_command_has_help_with_examples(command, capsys):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"jsdsim {command}" in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys):
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_bad_input_exits_2_without_a_traceback(capsys):
    def handler(args):
        raise InputError("parameter 'x' = 3 is invalid: expected a number in [0, 1]")

    assert guarded(handler, None) == 2
    assert capsys.readouterr().err == ("jsdsim: error: parameter 'x' = 3 is invalid: "
                                       "expected a number in [0, 1]\n")


def test_an_unusable_file_exits_2_naming_it(capsys):
    def handler(args):
        raise PermissionError(13, "Permission denied", "/root/x.csv")

    assert guarded(handler, None) == 2
    assert capsys.readouterr().err == "jsdsim: error: /root/x.csv: Permission denied\n"


def test_a_bug_shows_its_traceback_and_exits_1(capsys):
    def handler(args):
        raise ValueError("internal inconsistency")

    assert guarded(handler, None) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: internal inconsistency" in err
    assert "internal error" in err


def test_exit_codes_in_a_real_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "model", "validate", str(BAD / "unknown_parameter.yaml")],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 2
    assert "locality.trust_polce_init: unknown parameter" in result.stderr
    assert "Traceback" not in result.stderr
