"""Figures of model outputs (object-oriented matplotlib; no backend is chosen at import).

Every function returns a :class:`matplotlib.figure.Figure`; :func:`save` writes one.
"""

from model.viz.files import save
from model.viz.series import MAIN_SERIES, arms_figure, main_series_figure

__all__ = ["MAIN_SERIES", "arms_figure", "main_series_figure", "save"]
