"""Figures: pure functions from metric tables to plotly figures.

The dashboard and the exports draw with the same functions. Colours come from the
Okabe–Ito palette, which stays distinguishable for the common kinds of colour blindness.
"""

from .base import OKABE_ITO, empty, styled
from .overview import adoptions_over_time, centres_by_country, world_map

__all__ = ["OKABE_ITO", "adoptions_over_time", "centres_by_country", "empty", "styled", "world_map"]
