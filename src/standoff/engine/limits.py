"""Limit clauses: counts of a unit type in a zone over a sliding time window."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.model.codes import StatusCode
from standoff.model.days import SINCE_EVER

#: The status codes as plain ints, for compiled code (see `standoff.model.codes.StatusCode`).
VIOLATION, POSSIBLE, COMPLIANT, NOT_APPLICABLE = (int(s) for s in StatusCode)


@dataclass
class WindowCounts:
    """For each counted observation: the worst window containing it and that window's bounds."""

    status: np.ndarray  # int8 per observation of the clause
    lower: np.ndarray  # units certainly in the zone in the worst window containing the observation
    upper: np.ndarray  # units certainly or possibly in it
    window_end: np.ndarray  # last day (days since epoch) of that window


def window_counts(day: np.ndarray, count: np.ndarray, certain: np.ndarray, possible: np.ndarray,
                  maximum: int, window_days: int) -> WindowCounts:
    """Sliding windows [t - window_days + 1, t] ending at each report's day.

    `certain`/`possible` say whether each report is certainly or possibly inside the zone.
    Reports with unknown time (day == int64 min) count as possible in every window.
    """
    n = len(day)
    timeless = day == SINCE_EVER
    dated = ~timeless & (certain | possible)
    order = np.flatnonzero(dated)[np.argsort(day[dated], kind="stable")]
    t = day[order]
    c_certain = np.concatenate([[0.0], np.cumsum(np.where(certain[order], count[order], 0.0))])
    c_any = np.concatenate([[0.0], np.cumsum(count[order])])
    extra = float(count[timeless & (certain | possible)].sum())
    # window ending at each dated report (ties: the window ends after the last report of that day)
    hi = np.searchsorted(t, t, side="right")
    lo = np.searchsorted(t, t - window_days + 1, side="left")
    lower_w = c_certain[hi] - c_certain[lo]
    upper_w = c_any[hi] - c_any[lo] + extra
    status_w = np.where(lower_w > maximum, VIOLATION, np.where(upper_w > maximum, POSSIBLE, COMPLIANT))
    out = WindowCounts(np.full(n, COMPLIANT, np.int8), np.zeros(n), np.zeros(n), np.zeros(n, np.int64))
    if len(t) == 0:
        if timeless.any():
            out.upper[timeless] = extra
            out.status[timeless & (certain | possible)] = POSSIBLE if extra > maximum else COMPLIANT
        return out
    # a report belongs to windows ending on days [t_j, t_j + window_days - 1]: take the worst
    # (lowest status code, then highest upper bound) with a sparse table over window order
    key = status_w.astype(np.float64) * 1e12 - upper_w
    first = np.searchsorted(t, t, side="left")
    last = np.searchsorted(t, t + window_days - 1, side="right") - 1
    best = _range_argmin(key, first, last)
    out.status[order] = status_w[best]
    out.lower[order] = lower_w[best]
    out.upper[order] = upper_w[best]
    out.window_end[order] = t[best]
    if timeless.any():
        worst = int(np.argmin(key))
        out.status[timeless & (certain | possible)] = max(int(status_w[worst]), POSSIBLE)
        out.lower[timeless] = lower_w[worst]
        out.upper[timeless] = upper_w[worst]
        out.window_end[timeless] = t[worst]
    return out


def windowed(status: np.ndarray, day: np.ndarray, count: np.ndarray, maximum: int,
             window_days: int) -> tuple[np.ndarray, WindowCounts]:
    """The status of counted rows after their windows, from their zone status (violation:
    certainly inside, possible: maybe inside), with the windows' counts."""
    certain, possible = status == VIOLATION, status == POSSIBLE
    w = window_counts(day, count, certain, possible, maximum, window_days)
    return np.where(certain | possible, w.status, COMPLIANT).astype(np.int8), w


def _range_argmin(key: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """argmin of key over each inclusive range [lo, hi] (sparse table, O(n log n))."""
    n = len(key)
    table = [np.arange(n)]
    span = 1
    while 2 * span <= n:
        prev = table[-1]
        left, right = prev[: n - 2 * span + 1], prev[span: n - span + 1]
        table.append(np.where(key[left] <= key[right], left, right))
        span *= 2
    length = hi - lo + 1
    level = np.floor(np.log2(length)).astype(np.int64)
    out = np.empty(len(lo), np.int64)
    for k in np.unique(level):
        sel = level == k
        a = table[k][lo[sel]]
        b = table[k][hi[sel] - (1 << k) + 1]
        out[sel] = np.where(key[a] <= key[b], a, b)
    return out
