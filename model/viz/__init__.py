"""Figures of model outputs (object-oriented matplotlib; no backend is chosen at import).

Every function returns a :class:`matplotlib.figure.Figure`; :func:`save` writes one.
"""

from model.viz.comparison import (
    distributions_figure,
    effects_over_time_figure,
    forest_figure,
    series_figure,
)
from model.viz.files import save
from model.viz.series import MAIN_SERIES, arms_figure, main_series_figure

__all__ = ["MAIN_SERIES", "arms_figure", "distributions_figure", "effects_over_time_figure",
           "forest_figure", "main_series_figure", "save", "series_figure"]
