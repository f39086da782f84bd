"""The pass-rate script (model.validation.passrate) on stand-in modules: real pytest runs
in a scratch repository, real CSV files."""

import csv

from model.validation import passrate

STAND_IN = '''import os


def test_seed_is_even():
    assert int(os.environ["JSDSIM_VALIDATION_SEED"]) % 2 == 0
'''


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_pass_rates_over_seeds_and_resume(tmp_path, capsys):
    (tmp_path / "tests" / "validation").mkdir(parents=True)
    (tmp_path / "tests" / "validation" / "test_even.py").write_text(STAND_IN)
    out = tmp_path / "passrate.csv"
    args = ["--modules", "test_even", "--root", str(tmp_path), "--out", str(out),
            "--entropy", "12345"]
    passrate.main(["--seeds", "2", *args])
    first = rows(out)
    _, seeds = passrate.fresh_seeds(3, 12345)
    assert [int(r["seed"]) for r in first] == seeds[:2]
    assert [r["passed"] == "True" for r in first] == [s % 2 == 0 for s in seeds[:2]]

    passrate.main(["--seeds", "3", *args])   # resumes: only the third seed runs
    assert [int(r["seed"]) for r in rows(out)] == seeds
    table = capsys.readouterr().out.splitlines()
    passed = sum(s % 2 == 0 for s in seeds)
    assert any(line.startswith(f"| `test_even` | {passed} | 3 |") for line in table)
