"""Property-based fuzzing of scenario files (hypothesis): mutate valid scenarios and check
that jsdsim either refuses the file (exit 2, every line naming the file) or runs it to
outputs that are finite and in range; never a traceback, a hang or a runaway run.

The CI run is bounded (:data:`CI_EXAMPLES` examples, derandomized so it is the same every
time); the larger run is marked slow.
"""

from __future__ import annotations

import copy
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from model.cli import main

REPO = Path(__file__).resolve().parents[2]
BASES = {
    "template": yaml.safe_load((REPO / "scenarios" / "template.yaml").read_text()),
    "minimal": yaml.safe_load((REPO / "tests" / "data" / "good" / "minimal.yaml").read_text()),
}
CI_EXAMPLES = 30
SLOW_EXAMPLES = 300
SECONDS_PER_EXAMPLE = 30
"""A hang guard: no example (validate plus a one-month run) may take longer."""

HOSTILE_TEXT = ["6 months", "1:00", "04000", "yes", "north", "market", "1e400", "-0", "0x10",
                "!!python/object:os.system", "*alias", "&anchor", "\x1b[31m", "a\nb", "",
                " ", "robbery", "quota", "numpy", "networkx", "jsd", "robbery_wave",
                "x" * 300, "../../etc/passwd", "/dev/zero", "month 4", "90 days"]

values = st.one_of(
    st.integers(-(10**40), 10**40),
    st.integers(-3, 400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2, 2),
    st.booleans(),
    st.none(),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.lists(st.integers(-2, 12), max_size=4),
    st.lists(st.sampled_from(HOSTILE_TEXT), max_size=3),
    st.dictionaries(st.sampled_from(["a", "type", "name", "day", "month"]),
                    st.integers(-1, 5), max_size=2),
)
keys = st.one_of(st.sampled_from([
    "start_day", "start_month", "month", "day", "end_month", "trust_drop", "neighbourhood",
    "remove_events", "change_events", "police_posts", "n_residents", "mean_degree",
    "n_neighbourhoods", "n_groups", "network_generator", "edge_list", "type", "name",
    "severity", "horizon_months", "<<"]), st.text(max_size=12))


def _paths(data: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*path, i))


def _mutate(data: Any, path: tuple, action: str, key: Any, value: Any) -> Any:
    if not path:
        return value if action == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent[last], dict):
        parent[last][key] = value
    elif action == "add" and isinstance(parent[last], list):
        parent[last].append(value)
    return data


def _near(old: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as ``old``: plausible edits, inside and just outside ranges."""
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, int):
        low, high = sorted((max(old // 2, 0), abs(old) + abs(old) // 2 + 1))
        inside = st.integers(low, high)
        return st.one_of(inside, inside, inside, st.integers(-1, 2 * abs(old) + 2))
    if isinstance(old, float):
        low, high = sorted((old * 0.8, old if 0 < old <= 1 else old * 1.2))
        inside = st.floats(low, high)
        return st.one_of(inside, inside, inside, st.floats(-0.1, 2 * abs(old) + 1.1))
    if isinstance(old, str):
        return st.sampled_from(HOSTILE_TEXT[:12] + [old, old.upper(), old + "s"])
    return values


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_files(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(BASES[base])
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(list(_paths(data))))
        action = draw(st.sampled_from(["near", "near", "near", "replace", "delete", "add"]))
        if action == "near":
            action, value = "replace", draw(_near(_get(data, path)))
        else:
            value = draw(values)
        data = _mutate(data, path, action, draw(keys), value)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if draw(st.integers(0, 4)) == 0 and text:  # and sometimes a raw edit of the text
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["{", "- ", ": ", "\t", "&a ", "*a", "'",
                                                  "\x00", "#", "\n  x: 1\n"])) + text[at:]
    return text


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"an example took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SHARES = ("_rate", "_mean", "_share")


def check_outputs(table: pd.DataFrame) -> None:
    """No infinities; NaN only where a ratio is undefined (docs/ODD.md 8: a rate with no
    denominator, a mean over nobody); every count >= 0, every share in [0, 1]."""
    numbers = table.select_dtypes("number")
    assert not np.isinf(numbers.to_numpy(dtype=float)).any(), "infinite output"
    for column in numbers.columns:
        values = numbers[column]
        if not column.endswith(SHARES):
            assert values.notna().all(), f"{column} is NaN"
        values = values.dropna()
        assert (values >= 0).all(), f"{column} < 0"
        if column.endswith(SHARES):
            assert (values <= 1 + 1e-9).all(), f"{column} > 1"


def check_one(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Validate, and run if valid; return what happened."""
    scenario = tmp_path / "fuzzed.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    out.unlink(missing_ok=True)
    with time_limit(SECONDS_PER_EXAMPLE):
        code = main(["validate", str(scenario)])
        captured = capsys.readouterr()
        assert code in (0, 2), captured.err
        assert "Traceback" not in captured.err
        if code == 2:
            lines = captured.err.splitlines()
            assert lines and all(line.startswith(str(scenario)) for line in lines), lines
            return "refused by validate"
        code = main(["run", str(scenario), "--months", "1", "--seed", "1",
                     "--set", "n_residents=400", "--out", str(out)])
        captured = capsys.readouterr()
    assert code in (0, 2), captured.err
    assert "Traceback" not in captured.err
    if code == 2:
        assert captured.err.startswith("jsdsim: error: "), captured.err
        return "refused by run"
    check_outputs(pd.read_csv(out))
    return "ran"


FUZZ = settings(max_examples=CI_EXAMPLES, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=mutated_files())
def test_fuzzed_scenarios_are_refused_cleanly_or_run_in_range(text, tmp_path, capsys):
    event(check_one(text, tmp_path, capsys))


@pytest.mark.slow
@settings(FUZZ, max_examples=SLOW_EXAMPLES)
@given(text=mutated_files())
def test_fuzzed_scenarios_many_more(text, tmp_path, capsys):
    event(check_one(text, tmp_path, capsys))


def test_the_unmutated_bases_run_in_range(tmp_path, capsys):
    for data in BASES.values():
        assert check_one(yaml.safe_dump(data, sort_keys=False), tmp_path, capsys) == "ran"
