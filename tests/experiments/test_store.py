"""The results folder (model/experiments/store.py): ledger, parts, crash safety."""

import json

import pandas as pd

from model.experiments.store import KEY_COLUMN, LEDGER, RunRecord, RunStore


def table(value, months=2):
    return pd.DataFrame({"plan": ["p"] * months, "month": range(1, months + 1),
                         "x": [value] * months})


def test_committed_runs_are_read_back_in_the_order_asked(tmp_path):
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "ok"), table(1.0)), (RunRecord("b", "ok"), table(2.0))])
    store.commit([(RunRecord("c", "failed", error="ValueError: boom"), None)])
    again = RunStore(tmp_path)
    assert again.done() == {"a", "b"}
    assert [r.error for r in again.failed()] == ["ValueError: boom"]
    stacked = again.table(["b", "a", "c"])
    assert stacked[KEY_COLUMN].tolist() == ["b", "b", "a", "a"]
    assert stacked["x"].tolist() == [2.0, 2.0, 1.0, 1.0]
    assert list(again.table(["a"], columns=["x"]).columns) == [KEY_COLUMN, "x"]


def test_a_later_success_replaces_a_failure(tmp_path):
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "failed", error="lost"), None)])
    store.commit([(RunRecord("a", "ok"), table(1.0))])
    assert RunStore(tmp_path).done() == {"a"} and not RunStore(tmp_path).failed()


def test_a_line_cut_short_by_a_crash_is_ignored(tmp_path):
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "ok"), table(1.0))])
    with (tmp_path / LEDGER).open("a") as ledger:
        ledger.write('{"key": "b", "status": "o')
    assert RunStore(tmp_path).done() == {"a"}


def test_a_run_whose_part_is_missing_is_not_done(tmp_path):
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "ok"), table(1.0))])
    part = json.loads((tmp_path / LEDGER).read_text())["part"]
    (tmp_path / "parts" / part).unlink()
    assert RunStore(tmp_path).done() == set()


def test_parts_are_never_overwritten(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-000007.parquet").write_bytes(b"orphan of a crash")
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "ok"), table(1.0))])
    assert store.records["a"].part == "part-000008.parquet"


def test_manifest_round_trip(tmp_path):
    store = RunStore(tmp_path)
    assert store.read_manifest() is None
    store.write_manifest({"command": "jsdsim compare saaba", "seeds": [1, 2]})
    assert RunStore(tmp_path).read_manifest()["seeds"] == [1, 2]


def test_a_commit_after_a_cut_off_line_starts_on_a_fresh_line(tmp_path):
    store = RunStore(tmp_path)
    store.commit([(RunRecord("a", "ok"), table(1.0))])
    with (tmp_path / LEDGER).open("a") as ledger:
        ledger.write('{"key": "b", "status": "o')  # kill -9 in the middle of a write
    again = RunStore(tmp_path)
    again.commit([(RunRecord("c", "ok"), table(3.0)), (RunRecord("d", "ok"), table(4.0))])
    assert RunStore(tmp_path).done() == {"a", "c", "d"}
