"""An ECharts figure whose option Solara's renderer passes along without walking it.

Solara's renderer (reacton) walks every list and dict in a component's arguments looking
for child elements. A chart option holds thousands of data points, so that walk cost more
than stepping the model a month. Here the option travels wrapped in :class:`ChartOption`,
which the renderer treats as one opaque value, and the widget unwraps it when it sends
the option to the browser. The browser side is Solara's own ECharts widget, unchanged.
"""

from __future__ import annotations

from typing import Any

import solara
import traitlets
from solara.components.echarts import EchartsWidget


class ChartOption:
    """An ECharts option (a plain dict), wrapped so the renderer does not walk it.

    Two wrappers are equal only if they are the same object: build one per change of
    what the chart shows (e.g. inside ``solara.use_memo``).

    Args:
        data: The ECharts option.
    """

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


def _to_json(value: Any, widget: Any) -> Any:
    return value.data if isinstance(value, ChartOption) else value


class _EchartsFigure(EchartsWidget):
    """Solara's ECharts widget, taking a ChartOption."""

    option = traitlets.Any({}).tag(sync=True, to_json=_to_json)


@solara.component
def Figure(option: ChartOption, height_css: str) -> None:
    """An ECharts figure that fills its container's width.

    Args:
        option: The chart.
        height_css: Its height (a CSS length, e.g. ``"360px"``).
    """
    _EchartsFigure.element(option=option, attributes={"style": f"height: {height_css};"},
                           responsive=True)
