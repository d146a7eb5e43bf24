"""Reports far from every threshold take the certified planar margin instead of the exact kernel.

After the grids (`engine.decide`), the point reports left to the exact kernel are evaluated
with the planar pass (`geo.planarzones`): a report whose interval [lo, hi], which holds the
exact margin, lies beyond its tolerance by more than `grid.FAR_M` on one side gets its status
(certainly the exact kernel's) and the planar margin (within 0.05 % + 5 m of the exact one,
`margin_exact` False). The others, and every report with an area, go on to the exact kernel,
so every margin within tolerance + FAR_M of a threshold stays exact. Used where a grid is, so
whether a margin is exact depends on the input alone, as for the grids.

Off unless `STANDOFF_FAR_PLANAR=1`: on all golan clauses at 1M reports it decided 196k of the
985k rows the exact kernel took, with every status equal, but saved no CPU time (the planar pass
costs about as much per row as the kernel; benchmarks/RESULTS.md, issue 13, helper "far-planar").
"""

from __future__ import annotations

import os
from datetime import date

import numpy as np

from standoff.engine.judge import judge
from standoff.engine.limits import POSSIBLE, VIOLATION
from standoff.engine.rows import ClauseRows, Labels, sorted_search
from standoff.geo.features import ShapeCache
from standoff.geo.grid import FAR_M
from standoff.geo.planarzones import PlanarEvaluator
from standoff.model import Agreement, Clause, ObservationSet


def enabled() -> bool:
    """Whether far reports take planar margins (`STANDOFF_FAR_PLANAR=1`), read at each check."""
    return os.environ.get("STANDOFF_FAR_PLANAR", "") == "1"


def decide_far(shapes: ShapeCache, obs: ObservationSet, day: date | None, idx: np.ndarray,
               clauses: list[tuple[Agreement, Clause, str]], todo: list[np.ndarray | None],
               features_of: list[set[str]], partly: list[np.ndarray], rows: list[ClauseRows],
               epoch: int, names: Labels, exact: list[np.ndarray]) -> list[tuple[np.ndarray, list[str]]]:
    """Per clause (agreement, clause, zone rule), decide the point reports `todo[k]` (epoch
    positions, ascending; None: the clause takes no planar margins) that are far from every
    threshold, writing their rows and clearing their `exact` flags (the clause's rows).
    Returns per clause which of `todo[k]` it decided (a mask; empty for None) and the labels used."""
    wanted = [t for t in todo if t is not None and len(t)]
    if not wanted:
        return [(np.zeros(0 if t is None else len(t), bool), []) for t in todo]
    if len(wanted) == 1:
        union = wanted[0]
    else:  # ascending positions below len(idx): a mask, not a sort
        seen = np.zeros(len(idx), bool)
        for w in wanted:
            seen[w] = True
        union = np.flatnonzero(seen)
    need: dict[str, np.ndarray] = {}
    at: list[np.ndarray | None] = []
    for k, mine in enumerate(todo):
        if mine is None or not len(mine):
            at.append(None)
            continue
        pos = sorted_search(union, mine)
        at.append(pos)
        mask = np.zeros(len(union), bool)
        mask[pos] = True
        for fid in features_of[k]:
            need[fid] = need[fid] | mask if fid in need else mask
    reports = idx[union]
    evaluator = PlanarEvaluator(shapes, obs.lon[reports], obs.lat[reports], day, need)
    out: list[tuple[np.ndarray, list[str]]] = []
    for k, ((_, clause, kind), t, a) in enumerate(zip(clauses, todo, at, strict=True)):
        if t is None or a is None or not len(t):
            out.append((np.zeros(0 if t is None else len(t), bool), []))
            continue
        pm = evaluator.zone(clause.zone, a)
        radius = obs.radius_m[reports[a]]
        tol = np.where(np.isnan(pm.accuracy_m), 0.0, pm.accuracy_m) + radius
        far = pm.sure & ((pm.lo > tol + FAR_M) | (pm.hi < -(tol + FAR_M)))  # False where NaN
        if not far.any():
            out.append((far, []))
            continue
        chosen = np.flatnonzero(far)
        value = pm.value[chosen]
        status, margin, tolerance = judge(kind, value, value, value, pm.accuracy_m[chosen],
                                          np.zeros(len(chosen)), radius[chosen])
        if len(partly[k]):  # certain only if in force all the report's time
            status[(status == VIOLATION) & partly[k][reports[a[chosen]]]] = POSSIBLE
        written = idx[t[chosen]]
        rows[k].add(written, epoch, pm.as_zone_margin(chosen), status, margin, tolerance, names)
        exact[k][sorted_search(rows[k].obs, written)] = False
        out.append((far, pm.labels))
    return out
