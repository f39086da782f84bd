"""``jsdsim demo`` (model/cli/demo.py) writes a table, a CSV and a figure."""

import pandas as pd

from model.cli.demo import demo


def test_demo_writes_outputs_and_prints_a_yearly_summary(tmp_path, capsys):
    assert demo(tmp_path, n_residents=1000, months=13) == 0
    monthly = pd.read_csv(tmp_path / "monthly.csv")
    assert len(monthly) == 13
    assert (tmp_path / "main_series.png").read_bytes()[:4] == b"\x89PNG"
    out = capsys.readouterr().out
    assert "reporting_rate" in out and "year" in out
