"""Figures of a plan comparison (model/viz/comparison.py), from hand-made tables."""

import numpy as np
import pandas as pd

from model.viz import comparison as figures

PLANS = ["none", "short", "long"]
PANELS = {"trust": "Trust", "abuses": "Abuses"}


def series():
    rows = [{"plan": p, "outcome": o, "month": m, "mean": i + m / 10, "low": i, "high": i + 1}
            for i, p in enumerate(PLANS) for o in PANELS for m in range(1, 7)]
    return pd.DataFrame(rows)


def test_series_draw_one_line_and_one_band_per_plan_and_panel():
    fig = figures.series_figure(series(), PANELS, PLANS, "title")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == list(PANELS.values())
    for ax in axes:
        assert len(ax.lines) == 3 and len(ax.collections) == 3
        assert ax.lines[2].get_ydata().tolist() == [2 + m / 10 for m in range(1, 7)]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == PLANS


def test_colours_are_stable_and_the_baseline_is_grey():
    colours = figures.plan_colours(PLANS)
    assert colours["none"][:3] == (0.35, 0.35, 0.35)
    assert figures.plan_colours(PLANS[:2])["short"] == colours["short"]


def test_forest_draws_each_effect_with_its_interval_and_the_zero_line():
    effects = pd.DataFrame({"plan": ["short", "long"] * 2,
                            "outcome": ["trust"] * 2 + ["abuses"] * 2,
                            "effect": [0.1, 0.2, -1.0, -2.0], "low": [0.0, 0.1, -1.5, -3.0],
                            "high": [0.2, 0.3, -0.5, -1.0]})
    fig = figures.forest_figure(effects, PANELS, PLANS)
    trust = fig.axes[0]
    assert [t.get_text() for t in trust.get_yticklabels()] == ["short", "long"]
    intervals = [line.get_xdata().tolist() for line in trust.lines if len(line.get_xdata()) == 2
                 and line.get_xdata()[0] != line.get_xdata()[1]]
    assert intervals == [[0.0, 0.2], [0.1, 0.3]]
    assert any(list(line.get_xdata()) == [0, 0] for line in trust.lines)  # axvline


def test_effects_over_time_skip_plans_without_rows():
    by_month = series().query("plan != 'none'").rename(columns={"mean": "effect"})
    fig = figures.effects_over_time_figure(by_month, PANELS, PLANS)
    assert len(fig.axes[0].collections) == 2 and len(fig.axes[0].lines) == 3  # + zero line


def test_distributions_show_one_dot_per_replicate():
    values = pd.DataFrame({"plan": np.repeat(PLANS, 4), "replicate": list(range(4)) * 3,
                           "trust": np.linspace(0.2, 0.8, 12), "abuses": np.arange(12.0)})
    fig = figures.distributions_figure(values, PANELS, PLANS)
    dots = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert [len(d.get_ydata()) for d in dots] == [4, 4, 4]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == PLANS
