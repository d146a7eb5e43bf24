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


@njit(cache=True, error_model="numpy")
def _by_cell(at_rows: np.ndarray, rows: np.ndarray, state: np.ndarray, cell_margin: np.ndarray,
             cell_distance: np.ndarray, cell_decider: np.ndarray, accuracy: np.ndarray, radius: np.ndarray,
             stay_in: bool, decided: np.ndarray, status: np.ndarray, margin: np.ndarray,
             tolerance: np.ndarray, zm_margin: np.ndarray, zm_accuracy: np.ndarray, zm_distance: np.ndarray,
             zm_feature: np.ndarray) -> None:  # pragma: no cover - compiled
    s = 0
    for k in range(rows.shape[0]):
        if state[k] == 0:
            continue
        while at_rows[s] < rows[k]:  # rows is an ascending subset of at_rows
            s += 1
        d = cell_decider[k]
        decided[s] = 1 if abs(state[k]) == 1 else 2  # 1: interpolated far, 2: margin within 1 m
        if state[k] == 3:
            status[s] = POSSIBLE
        else:
            status[s] = VIOLATION if (state[k] > 0) != stay_in else COMPLIANT
        margin[s] = zm_margin[s] = cell_margin[k]
        zm_accuracy[s] = accuracy[d]
        zm_distance[s] = cell_distance[k]
        zm_feature[s] = d
        tolerance[s] = accuracy[d] + radius[k]


def judge_by_cell(kind: str, at_rows: np.ndarray, rows: np.ndarray, state: np.ndarray,
                  cell_margin: np.ndarray, cell_distance: np.ndarray, cell_decider: np.ndarray,
                  accuracy_m: np.ndarray, radius_m: np.ndarray, columns: tuple[np.ndarray, ...]
                  ) -> np.ndarray:
    """Write the rows a grid decided (`geo.grid.CellGrid.decide`) in one pass; returns which.

    `rows` (ascending, within `at_rows`) were looked up; state 1/-1 (far) and 2/-2 (near) is
    certainly inside/outside, 3 possible. Returns per row 0 (not decided), 1 (decided far, margin
    interpolated) or 2 (decided near, margin within 1 m).
    `columns` are status, margin, tolerance and the zone's margin, accuracy, distance and
    feature columns, all over `at_rows`; the grid's deciding part indexes `accuracy_m`.
    """
    decided = np.zeros(len(at_rows), np.int8)
    _by_cell(at_rows, rows, state, cell_margin, cell_distance, cell_decider, accuracy_m, radius_m,
             kind == "must_stay_in", decided, *columns)
    return decided
