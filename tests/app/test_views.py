"""Tests of what the page draws: model/app/series.py, network_view.py and charts.py."""

import numpy as np
import pytest

from model.app import charts
from model.app.network_view import SAMPLE_SIZE, sample_network, trust_colours
from model.app.series import COLUMNS, TRUST_METRICS, WINDOW_DAYS, plot_series
from model.app.session import Workshop


def test_series_are_daily_with_30_day_windows(workshop):
    workshop.step(45)
    model = workshop.models[0]
    series = plot_series(model)
    daily = model.daily_table()
    assert set(series) == {"day", *COLUMNS} and len(series["day"]) == 46
    last = daily.iloc[-WINDOW_DAYS:]
    assert series["incidents_per_1000"][-1] == pytest.approx(
        last["incidents"].sum() * 1000 / model.params.n_residents)
    assert series["cooperation_rate"][-1] == pytest.approx(
        last["cooperation"].sum() / last["incidents"].sum())
    assert series["abuses_per_month"][-1] == last["abuses"].sum()
    # over the first days, a count is scaled up to a month
    first10 = daily.iloc[1:11]
    assert series["joint_actions_per_month"][10] == pytest.approx(
        first10["joint_actions"].sum() * 3)
    assert np.isnan(series["reporting_rate"][0])
    assert series["trust_police"][-1] == pytest.approx(daily["trust_police_mean"].iloc[-1])


def test_network_sample_is_small_fixed_and_leaves_the_run_alone(saaba):
    model = saaba.build_model(plan="no_dialogue", rng=1)
    twin = saaba.build_model(plan="no_dialogue", rng=1)
    sample = sample_network(model, seed=1)
    assert 100 < len(sample.residents) <= SAMPLE_SIZE < model.params.n_residents
    # positions: inside the cell of the resident's neighbourhood
    hood = model.residents.hood[sample.residents]
    centre = sample.hood_centres[hood]
    assert (np.abs(sample.x - centre[:, 0]) < 0.5).all()
    assert (np.abs(sample.y - centre[:, 1]) < 0.5).all()
    # edges are real ties of the model's network
    for a, b in sample.edges[:50]:
        u, v = sample.residents[a], sample.residents[b]
        assert v in model.network.indices[model.network.indptr[u]:model.network.indptr[u + 1]]
    assert len(sample.edges) > 100
    # the same seed gives the same picture; the model's generator was not used
    again = sample_network(model, seed=1)
    np.testing.assert_array_equal(sample.x, again.x)
    model.run_for(5)
    twin.run_for(5)
    assert model.daily_table().equals(twin.daily_table())


def test_trust_colours_run_from_red_to_blue():
    low, mid, high = trust_colours(np.array([0.0, 0.5, 1.0]))
    assert low == "#a50026" and high == "#313695"
    assert int(mid[1:3], 16) > 100  # a light middle
    assert trust_colours(np.array([np.nan]))[0] == mid


def test_time_chart_draws_each_metric_events_and_the_dialogue(workshop):
    workshop.step(100)
    workshop.inject("scandal")
    workshop.step(5)
    option = charts.time_chart(workshop.view(), TRUST_METRICS, "trust (%)", 100)
    series = option["series"]
    assert [s["name"] for s in series] == [m.label for m in TRUST_METRICS]
    assert len(series[0]["data"]) == 106 and series[0]["data"][-1][0] == pytest.approx(3.5)
    assert 0 < series[0]["data"][-1][1] <= 100  # percent
    (mark,) = series[0]["markLine"]["data"]
    assert mark["xAxis"] == pytest.approx(100 / 30, abs=1e-3) and "Misconduct" in mark["name"]
    (area,) = series[0]["markArea"]["data"]
    assert area[0]["xAxis"] == 3 and area[1]["xAxis"] == 15
    assert option["animation"] is False
    assert option["xAxis"]["max"] == 12  # the axis grows a year at a time
    legend = charts.legend_html(workshop.view(), TRUST_METRICS)
    assert all(m.label in legend for m in TRUST_METRICS) and "dashed" not in legend


def test_side_by_side_chart_draws_both_plans_and_the_gap(saaba):
    w = Workshop(saaba, plan="dialogue_12m", compare_plan="no_dialogue", seed=1)
    w.step(200)
    option = charts.time_chart(w.view(), TRUST_METRICS[3:], "trust (%)", 100)
    plan, other, base, band = option["series"]
    assert plan["lineStyle"]["type"] == "solid" and other["lineStyle"]["type"] == "dashed"
    assert "dialogue_12m" in plan["name"] and "no_dialogue" in other["name"]
    assert band["stack"] == base["stack"] and "areaStyle" in band
    # stacked points are (y, x): ECharts stacks the first value dimension
    assert base["encode"] == {"x": 1, "y": 0} and band["data"][-1][1] == plan["data"][-1][0]
    a, b = plan["data"][-1][1], other["data"][-1][1]
    assert base["data"][-1][0] == pytest.approx(min(a, b))
    assert band["data"][-1][0] == pytest.approx(abs(a - b), abs=0.011)
    legend = charts.legend_html(w.view(), TRUST_METRICS[3:])
    assert "dialogue_12m" in legend and "dashed" in legend and "gap" in legend
    assert a - b > 1  # by day 200 the dialogue has built police-group trust (points)


def test_a_run_stops_at_the_horizon_and_long_runs_are_thinned(saaba):
    w = Workshop(saaba, plan="no_dialogue", seed=1)
    w.step(saaba.horizon_days + 100)  # asks for more than the horizon
    assert w.day == saaba.horizon_days and w.view().finished
    assert w.step(1) == 0
    option = charts.time_chart(w.view(), TRUST_METRICS, "trust (%)", 100)
    data = option["series"][0]["data"]
    assert len(data) <= charts.MAX_POINTS + 1 and data[-1][0] == 48
    assert option["xAxis"]["max"] == 48


def test_network_chart_has_fixed_positions_and_trust_colours(workshop):
    view = workshop.view()
    option = charts.network_chart(view, 0, "police")
    graph, labels = option["series"]
    assert graph["type"] == "graph" and graph["layout"] == "none"
    assert len(graph["data"]) == len(view.network.residents)
    assert len(graph["links"]) == len(view.network.edges)
    assert graph["data"][0]["itemStyle"]["color"].startswith("#")
    assert [d["name"] for d in labels["data"]] == list(workshop.scenario.neighbourhood_names)
