"""ECharts figure options for the workshop page, built from a session's View.

Plain dictionaries in the ECharts option format (rendered by ``solara.FigureEcharts``
from the locally served ECharts library). Fonts are large for a projector, animation is
off (updates appear at once and screenshots are stable), and the time axis always spans
the scenario's horizon so that the lines grow from left to right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from model.app.live_events import LIVE_EVENTS_BY_KEY
from model.app.network_view import PALETTE, NetworkSample, trust_colours
from model.app.series import Metric
from model.app.session import DAYS_PER_MONTH, View

FONT_SIZE_PX = 18
"""Axis, legend and label text size."""
MAX_POINTS = 800
"""Most points drawn per line (longer series are thinned evenly)."""


def _values(values: np.ndarray, percent: bool) -> list[float | None]:
    scaled = values * 100.0 if percent else values
    return [None if not math.isfinite(v) else round(v, 2) for v in scaled.tolist()]


def _thin(n: int) -> np.ndarray:
    """Indices of at most MAX_POINTS evenly spread points, the last one always kept."""
    if n <= MAX_POINTS:
        return np.arange(n)
    return np.unique(np.r_[np.linspace(0, n - 1, MAX_POINTS).round().astype(np.int64), n - 1])


def _pairs(x: list[float], y: list[float | None]) -> list[list[float | None]]:
    return [[a, b] for a, b in zip(x, y, strict=True)]


def _event_lines(view: View) -> list[dict[str, Any]]:
    return [{"xAxis": round(e.day / DAYS_PER_MONTH, 3), "name": e.label,
             "label": {"formatter": LIVE_EVENTS_BY_KEY[e.key].short,
                       "fontSize": FONT_SIZE_PX - 4}}
            for e in view.events]


def axis_months(view: View) -> int:
    """Length of the time axis: whole years, growing with the run, up to the horizon.

    Args:
        view: The session's view.

    Returns:
        Months shown (12, 24, ... or the horizon).
    """
    horizon = view.horizon_days // DAYS_PER_MONTH
    years = max(1, math.ceil(view.day / (12 * DAYS_PER_MONTH)))
    return min(horizon, 12 * years) if horizon >= 12 else horizon


def _dialogue_areas(view: View, side: int) -> list[list[dict[str, Any]]]:
    return [[{"xAxis": d.start_day / DAYS_PER_MONTH, "name": "dialogue"},
             {"xAxis": d.end_day / DAYS_PER_MONTH}] for d in view.sides[side].dialogues]


def time_chart(view: View, metrics: Sequence[Metric], y_name: str,
               y_max: float | None = None) -> dict[str, Any]:
    """A chart of some metrics over time, for one plan or two side by side.

    With one plan, each metric is a line. With two, each metric is a solid line (the
    plan) and a dashed one (the plan it is compared with), and the gap between them is
    shaded in the metric's colour. The legend is drawn by the page (:func:`legend_html`)
    in large type, not by ECharts.

    Args:
        view: The session's view.
        metrics: What to draw (series keys with labels and colours).
        y_name: Vertical axis title (with its unit).
        y_max: Fixed top of the vertical axis (None: fit the data).

    Returns:
        An ECharts option.
    """
    base = view.sides[0].series
    keep = _thin(len(base["day"]))
    x = [round(d / DAYS_PER_MONTH, 3) for d in base["day"][keep].tolist()]
    compare = len(view.sides) > 1
    series: list[dict[str, Any]] = []
    for i, metric in enumerate(metrics):
        ys = [_values(side.series[metric.key][keep], metric.percent) for side in view.sides]
        names = [metric.label] if not compare else [
            f"{metric.label}: {view.sides[0].plan}", f"{metric.label}: {view.sides[1].plan}"]
        for j, (y, name) in enumerate(zip(ys, names, strict=False)):
            series.append({
                "name": name, "type": "line", "showSymbol": False, "data": _pairs(x, y),
                "lineStyle": {"width": 4, "type": "dashed" if j else "solid"},
                "itemStyle": {"color": metric.color}, "connectNulls": False,
                "emphasis": {"disabled": True}})
        if compare:
            series.extend(_gap_band(x, ys[0], ys[1], metric, f"gap{i}"))
    marks = series[0]
    marks["markLine"] = {"symbol": "none", "silent": True, "data": _event_lines(view),
                         "lineStyle": {"color": "#333", "type": "solid", "width": 2},
                         "label": {"position": "end"}}
    marks["markArea"] = {"silent": True, "data": _dialogue_areas(view, 0),
                         "itemStyle": {"color": "rgba(33, 102, 172, 0.08)"},
                         "label": {"fontSize": FONT_SIZE_PX - 4, "color": "#555"}}
    return {
        "animation": False,
        "textStyle": {"fontSize": FONT_SIZE_PX},
        "grid": {"left": 80, "right": 30, "top": 36, "bottom": 60},
        "legend": {"show": False},
        "tooltip": {"show": False},
        "xAxis": {"type": "value", "min": 0, "max": axis_months(view),
                  "name": "months", "nameLocation": "middle", "nameGap": 32,
                  "nameTextStyle": {"fontSize": FONT_SIZE_PX},
                  "axisLabel": {"fontSize": FONT_SIZE_PX}},
        "yAxis": {"type": "value", "min": 0, "max": y_max, "name": y_name,
                  "nameLocation": "middle", "nameRotate": 90, "nameGap": 48,
                  "nameTextStyle": {"fontSize": FONT_SIZE_PX},
                  "axisLabel": {"fontSize": FONT_SIZE_PX}},
        "series": series,
    }


def _gap_band(x: list[float], a: list[float | None], b: list[float | None], metric: Metric,
              stack: str) -> list[dict[str, Any]]:
    """Two stacked series that shade the area between a and b.

    ECharts stacks the first value dimension of the data, so these points are written
    (y, x) and mapped back with ``encode``: stacking on y, not on the time axis.
    """
    low = [None if u is None or v is None else min(u, v) for u, v in zip(a, b, strict=True)]
    gap = [None if u is None or v is None else round(abs(u - v), 2)
           for u, v in zip(a, b, strict=True)]
    common = {"type": "line", "stack": stack, "showSymbol": False, "silent": True,
              "encode": {"x": 1, "y": 0}, "lineStyle": {"opacity": 0},
              "emphasis": {"disabled": True}}
    return [{**common, "name": f"{stack}_base", "data": _pairs(low, x)},
            {**common, "name": f"{stack}_band", "data": _pairs(gap, x),
             "areaStyle": {"color": metric.color, "opacity": 0.25}}]


def legend_html(view: View, metrics: Sequence[Metric]) -> str:
    """The legend of a time chart, as HTML in the page's large type.

    Args:
        view: The session's view.
        metrics: The chart's metrics.

    Returns:
        One line per metric (a coloured swatch and its label), and with two plans a line
        saying which is solid, which dashed, and that the shading is the gap.
    """
    def swatch(color: str, style: str = "solid") -> str:
        return (f"<span style='display:inline-block;width:34px;margin-right:8px;"
                f"vertical-align:middle;border-top:5px {style} {color}'></span>")

    lines = [f"<div>{swatch(m.color)}{m.label}</div>" for m in metrics]
    if len(view.sides) > 1:
        lines.append(f"<div>{swatch('#555')}{view.sides[0].plan} &nbsp; "
                     f"{swatch('#555', 'dashed')}{view.sides[1].plan} &nbsp; "
                     "<span style='background:rgba(120,120,120,0.3);padding:0 8px'>"
                     "shaded</span> the gap</div>")
    return "".join(lines)


def network_chart(view: View, side: int, which: str, title: str = "") -> dict[str, Any]:
    """The network view of one plan: sampled residents coloured by their trust.

    Args:
        view: The session's view.
        side: Which plan (0 or 1).
        which: ``police``, ``informal`` or ``outgroup`` trust.
        title: Title above the chart (e.g. the plan's name), or empty.

    Returns:
        An ECharts option (a graph series with fixed positions: layout "none").
    """
    sample: NetworkSample = view.network
    trust = view.sides[side].node_trust[which]
    colours = trust_colours(trust)
    nodes = [{"value": [round(x, 3), round(y, 3)], "itemStyle": {"color": c}}
             for x, y, c in zip(sample.x.tolist(), sample.y.tolist(), colours, strict=True)]
    links = [{"source": int(a), "target": int(b)} for a, b in sample.edges.tolist()]
    names = view.neighbourhood_names or tuple(
        f"area {i + 1}" for i in range(len(sample.hood_centres)))
    labels = [{"value": [round(cx, 3), round(cy + 0.47, 3)], "name": name}
              for (cx, cy), name in zip(sample.hood_centres.tolist(), names, strict=False)]
    return {
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": FONT_SIZE_PX}},
        "grid": {"left": 5, "right": 5, "top": 40 if title else 10, "bottom": 5},
        "xAxis": {"type": "value", "show": False, "min": 0,
                  "max": float(sample.hood_centres[:, 0].max() + 0.5)},
        "yAxis": {"type": "value", "show": False, "max": 0,
                  "min": float(sample.hood_centres[:, 1].min() - 0.5)},
        "tooltip": {"show": False},
        "series": [
            {"type": "graph", "layout": "none", "coordinateSystem": "cartesian2d",
             "data": nodes,
             "links": links, "symbolSize": 11, "silent": True,
             "lineStyle": {"color": "#999", "width": 1, "opacity": 0.5}},
            {"type": "scatter", "data": labels, "symbolSize": 0, "silent": True,
             "label": {"show": True, "formatter": "{b}", "fontSize": FONT_SIZE_PX - 4,
                       "color": "#444"}},
        ],
    }


def trust_colours_css() -> list[str]:
    """The network view's colour stops, from no trust to full trust (for its legend).

    Returns:
        CSS hex colours.
    """
    return trust_colours(np.linspace(0.0, 1.0, len(PALETTE)))
