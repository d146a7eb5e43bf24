"""A located report's status from its margins and tolerance, in one compiled pass."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from standoff.engine.limits import COMPLIANT, NOT_APPLICABLE, POSSIBLE, VIOLATION


@njit(cache=True, error_model="numpy")
def _judge(lowest: np.ndarray, highest: np.ndarray, point_margin: np.ndarray, accuracy: np.ndarray,
           slack: np.ndarray, radius: np.ndarray, stay_in: bool, status: np.ndarray, margin: np.ndarray,
           tolerance: np.ndarray) -> None:  # pragma: no cover - compiled
    for i in range(lowest.shape[0]):
        lo, hi = lowest[i], highest[i]
        is_area = slack[i] > 0.0
        # an area is judged over all of it (sampled, plus the sampling slack); a point through its radius
        tol = (0.0 if math.isnan(accuracy[i]) else accuracy[i]) + (slack[i] if is_area else radius[i])
        inside, outside = lo > tol, hi < -tol
        if stay_in:
            inside, outside = outside, inside
        if math.isnan(lo) or math.isnan(hi):
            status[i] = NOT_APPLICABLE
        elif inside:
            status[i] = VIOLATION
        elif outside:
            status[i] = COMPLIANT
        else:
            status[i] = POSSIBLE
        margin[i] = lo if is_area and lo > tol else (hi if is_area and hi < -tol else point_margin[i])
        tolerance[i] = tol


def judge(kind: str, lowest: np.ndarray, highest: np.ndarray, point_margin: np.ndarray,
          accuracy_m: np.ndarray, slack_m: np.ndarray, radius_m: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status, reported margin (m) and tolerance (m) of each report.

    `lowest`/`highest` are the lowest and highest margin over each report's location (its
    point, or its area's samples); `slack_m` is an area's sampling slack (0 for a point).
    Certainly inside when the lowest margin exceeds the tolerance (radius or slack plus the
    boundary's accuracy), certainly outside when the highest is below minus it; `must_stay_in`
    swaps the two. A NaN margin (no feature version) is not_applicable.
    """
    n = len(lowest)
    status, margin, tolerance = np.empty(n, np.int8), np.empty(n), np.empty(n)
    _judge(lowest, highest, point_margin, accuracy_m, slack_m, radius_m, kind == "must_stay_in",
           status, margin, tolerance)
    return status, margin, tolerance
