"""Decide by cell and write the verdicts in one compiled pass (`geo.grid`, `engine.rows`).

A batch of reports is looked up in the grid (`geo.grid.decide_batch`) and the reports it
decides are written straight into the clause's verdict columns while the batch is in cache;
the others are listed for the exact kernel. No per-report array is made in between.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from numba import njit

from standoff.engine.limits import COMPLIANT, POSSIBLE, VIOLATION
from standoff.engine.rows import ClauseRows
from standoff.geo import threads
from standoff.geo.grid import BATCH, CellGrid, Kernel, decide_batch, scratch_for


def decide_rows(grid: CellGrid, lon: np.ndarray, lat: np.ndarray, radius_m: np.ndarray,
                points: np.ndarray | None, reports: np.ndarray | None, rows: ClauseRows, epoch: int,
                codes: np.ndarray, stay_in: bool, partly: np.ndarray, exact: np.ndarray
                ) -> tuple[np.ndarray, int]:
    """Decide the point reports of one clause and epoch by cell, writing the decided ones' rows.

    `lon`, `lat`, `radius_m` are the observation set's columns; `reports` (ascending) the
    reports to decide and `points` their positions among the epoch's reports (both None: every
    report, which is then every epoch position too). `codes` are the label codes of the grid's
    parts, `partly` (per report, may be empty) turns a violation into possible, `exact` (the
    clause's rows) gets margin_exact. Returns the epoch positions left to the exact kernel
    (ascending) and how many reports the grid decided.
    """
    every = points is None or reports is None
    pts = np.zeros(0, np.int64) if every else np.asarray(points, np.int64)
    reps = np.zeros(0, np.int64) if every else np.asarray(reports, np.int64)
    n = len(lon) if every else len(reps)
    cols = rows.cols
    out = (rows.obs, rows.lo, rows.hi, rows.epoch_mask, cols["margin_m"], cols["tolerance_m"],
           cols["foot_lon"], cols["foot_lat"], cols["distance_m"], cols["decider"], exact)
    word, bit = epoch // 64, np.uint64(1) << np.uint64(epoch % 64)
    how = (word, bit, np.asarray(grid.accuracy_m, np.float64), codes, stay_in, partly)
    rest = np.empty(n, np.int64)
    args = (np.ascontiguousarray(lon, np.float64), np.ascontiguousarray(lat, np.float64),
            np.ascontiguousarray(radius_m, np.float64), every, pts, reps, grid.kernel, how, out, rest)
    shares = numba.get_num_threads() if threads.wanted(n) else 1
    if shares <= 1:
        kept, decided = _span(0, n, *args, 0)
        return rest[:kept], decided
    # each share of the reports writes its own rows and lists its undecided ones from its start
    bounds = [n * c // shares for c in range(shares + 1)]
    with ThreadPoolExecutor(shares, thread_name_prefix="standoff-decide") as pool:
        done = list(pool.map(lambda c: _span(bounds[c], bounds[c + 1], *args, bounds[c]), range(shares)))
    lists = [rest[bounds[c]:bounds[c] + kept] for c, (kept, _) in enumerate(done)]
    return np.concatenate(lists), sum(decided for _, decided in done)


Out = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
            np.ndarray, np.ndarray, np.ndarray, np.ndarray]
How = tuple[int, np.uint64, np.ndarray, np.ndarray, bool, np.ndarray]


@njit(cache=True, nogil=True, error_model="numpy")
def _span(a: int, b: int, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, every: bool,
          points: np.ndarray, reports: np.ndarray, g: Kernel, how: How, out: Out, rest: np.ndarray,
          at: int) -> tuple[int, int]:  # pragma: no cover - compiled
    """Reports a .. b - 1 (of `reports`, or of every report): decided ones written, the others'
    epoch positions listed from rest[at]; returns (listed, decided). A row is written here, not by
    a called function: compiled calls that pass arrays count references, per report."""
    word, bit, accuracy, codes, stay_in, partly = how
    obs, lo, hi, epoch_mask, out_margin, out_tolerance, out_lon, out_lat, out_distance, out_decider = out[:10]
    exact = out[10]
    some_partly = partly.shape[0] > 0
    state, m, d, f = np.zeros(BATCH, np.int8), np.empty(BATCH), np.empty(BATCH), np.empty(BATCH, np.int32)
    plon, plat, prad = np.empty(BATCH), np.empty(BATCH), np.empty(BATCH)
    row, scratch = np.empty(BATCH, np.int64), scratch_for(BATCH)
    s = np.searchsorted(obs, a if every else reports[a]) if b > a else 0
    kept = decided = 0
    for k0 in range(a, b, BATCH):
        k1 = min(b, k0 + BATCH)
        for k in range(k0, k1):  # the reports' positions, and their rows (rows hold ascending reports)
            r = k if every else reports[k]
            if not every:
                while s < obs.shape[0] - 1 and obs[s] < r:
                    s += 1
            row[k - k0] = r if every else s
            plon[k - k0], plat[k - k0], prad[k - k0] = lon[r], lat[r], radius[r]
        decide_batch(k1 - k0, plon, plat, prad, g, state, m, d, f, scratch)
        for q in range(k1 - k0):
            sq = state[q]
            if sq == 0:
                rest[at + kept] = k0 + q if every else points[k0 + q]
                kept += 1
                continue
            sr = row[q]
            epoch_mask[sr, word] |= bit
            status = POSSIBLE if sq == 3 else (VIOLATION if (sq > 0) != stay_in else COMPLIANT)
            if some_partly and status == VIOLATION and partly[k0 + q if every else reports[k0 + q]]:
                status = POSSIBLE  # certain only if the clause was in force all the report's time
            lo[sr], hi[sr] = min(lo[sr], status), max(hi[sr], status)
            out_margin[sr], out_tolerance[sr] = m[q], accuracy[f[q]] + prad[q]
            out_lon[sr] = out_lat[sr] = np.nan
            out_distance[sr], out_decider[sr] = d[q], codes[f[q]]
            exact[sr] = abs(sq) != 1  # 1: interpolated far from every threshold
            decided += 1
    return kept, decided
