"""Evaluate observations against agreements: vectorized over observations, looped over clauses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from standoff.engine import epochs as ep
from standoff.engine.areas import has_area, margin_range, sample_areas
from standoff.engine.limits import COMPLIANT, NOT_APPLICABLE, POSSIBLE, VIOLATION, window_counts
from standoff.engine.result import CheckResult
from standoff.engine.summaries import limit_results
from standoff.errors import StandoffError
from standoff.geo.features import ShapeCache
from standoff.geo.zones import EpochEvaluator, ZoneMargin
from standoff.model import Agreement, Clause, ObservationSet, Pack, matches_any
from standoff.packs.yamlio import did_you_mean

Progress = Callable[[int, int], None]


def select_agreements(pack: Pack, agreement_ids: list[str] | None) -> list[Agreement]:
    """The pack's agreements named by id (all when None), with a hint for a misspelt id."""
    if not agreement_ids:
        return list(pack.agreements.values())
    out = []
    for aid in agreement_ids:
        if aid not in pack.agreements:
            hint = did_you_mean(aid, list(pack.agreements)) or (
                f"; the pack has {', '.join(pack.agreements) or 'none'}")
            raise StandoffError(f"no agreement '{aid}' in pack {pack.id}{hint}")
        out.append(pack.agreements[aid])
    return out


def _location_status(kind: str, lowest: np.ndarray, highest: np.ndarray,
                     tolerance: np.ndarray) -> np.ndarray:
    """Status from the lowest and highest margin over each report's location."""
    inside = lowest > tolerance
    outside = highest < -tolerance
    if kind == "must_stay_in":
        inside, outside = outside, inside
    status = np.where(inside, VIOLATION, np.where(outside, COMPLIANT, POSSIBLE)).astype(np.int8)
    status[np.isnan(lowest) | np.isnan(highest)] = NOT_APPLICABLE
    return status


class _ClauseRows:
    """Accumulates one clause's columns over epochs."""

    def __init__(self, n: int) -> None:
        self.lo = np.full(n, 9, np.int8)
        self.hi = np.full(n, -1, np.int8)
        self.margin = np.full(n, np.nan)
        self.tolerance = np.zeros(n)
        self.foot_lon = np.full(n, np.nan)
        self.foot_lat = np.full(n, np.nan)
        self.distance = np.full(n, np.nan)
        self.epoch_mask = np.zeros(n, np.int64)
        self.decider = np.full(n, "", dtype=object)

    def add(self, idx: np.ndarray, epoch: int, zm: ZoneMargin, status: np.ndarray,
            margin: np.ndarray, tolerance: np.ndarray) -> None:
        known = status != NOT_APPLICABLE
        self.lo[idx[known]] = np.minimum(self.lo[idx[known]], status[known])
        self.hi[idx[known]] = np.maximum(self.hi[idx[known]], status[known])
        self.margin[idx] = margin
        self.tolerance[idx] = tolerance
        self.foot_lon[idx], self.foot_lat[idx] = zm.foot_lon, zm.foot_lat
        self.distance[idx] = zm.distance_m
        self.epoch_mask[idx] |= 1 << epoch
        self.decider[idx] = np.asarray(zm.labels, dtype=object)[zm.feature]

    def status(self) -> np.ndarray:
        # one epoch, or all epochs agree: that status; they disagree: possible; none known: n/a
        agree = self.lo == self.hi
        status = np.where(agree, self.lo, POSSIBLE).astype(np.int8)
        status[self.hi < 0] = NOT_APPLICABLE
        return status


def check(observations: ObservationSet, pack: Pack, *, agreements: list[str] | None = None,
          at: date | None = None, on_progress: Progress | None = None) -> CheckResult:
    """Verdicts for every observation under every clause of the chosen agreements.

    `at` evaluates every observation as if reported on that day (zones and clauses in force
    then). Observations without a time are checked against every feature version.
    """
    chosen = select_agreements(pack, agreements)
    obs = observations
    n = len(obs)
    start, end = ep.intervals(obs, at)
    periods = ep.epochs(pack, chosen)
    clauses = [(a, c) for a in chosen for c in a.clauses]
    rows = [_ClauseRows(n) for _ in clauses]
    reasons = [_reasons(obs, a, c, start, end) for a, c in clauses]
    shapes = ShapeCache(pack)
    labels: dict[tuple[int, int], str] = {}
    total = len(periods) * len(clauses)
    with_area = has_area(obs.area, n)
    for e, epoch in enumerate(periods):
        idx = np.flatnonzero(ep.overlaps(start, end, epoch.start, epoch.end))
        if len(idx) == 0:
            if on_progress:
                on_progress((e + 1) * len(clauses), total)
            continue
        samples = sample_areas(obs.area, idx, with_area)
        is_area = samples.slack_m > 0
        evaluator = EpochEvaluator(shapes, np.concatenate([obs.lon[idx], samples.lon]),
                                   np.concatenate([obs.lat[idx], samples.lat]), epoch.day)
        for k, (agreement, clause) in enumerate(clauses):
            applicable = reasons[k][idx] == 0
            if applicable.any():
                everywhere = evaluator.zone(clause.zone, agreement)
                zm = everywhere.head(len(idx))
                lowest, highest = margin_range(zm.margin_m, samples, everywhere.margin_m[len(idx):])
                # an area is judged over all of it; a point through its radius
                tolerance = np.nan_to_num(zm.accuracy_m) + np.where(is_area, samples.slack_m,
                                                                    obs.radius_m[idx])
                status = _location_status(
                    "must_not_enter" if clause.kind in ("limit", "no_equipment") else clause.kind,
                    lowest, highest, tolerance)
                status[~applicable] = NOT_APPLICABLE
                margin = np.where(is_area & (lowest > tolerance), lowest,
                                  np.where(is_area & (highest < -tolerance), highest, zm.margin_m))
                rows[k].add(idx, e, zm, status, margin, tolerance)
                labels[(k, e)] = ", ".join(sorted(set(zm.labels)))
            if on_progress:
                on_progress(e * len(clauses) + k + 1, total)
    return _assemble(obs, pack, chosen, clauses, rows, reasons, labels, start)


def _reasons(obs: ObservationSet, agreement: Agreement, clause: Clause, start: np.ndarray,
             end: np.ndarray) -> np.ndarray:
    """0 where the clause applies; else why not: 1 actor, 2 time, 3 unit type."""
    actors, inverse = np.unique(obs.actor.astype(str), return_inverse=True)
    bound = np.array([matches_any(clause.actor, a) for a in actors], dtype=bool)
    reason = np.where(bound[inverse.reshape(-1)], 0, 1).astype(np.int8)
    lo = max(ep.day_number(agreement.valid_from, ep.SINCE_EVER),
             ep.day_number(clause.valid_from, ep.SINCE_EVER))
    hi = min(ep.day_number(agreement.valid_to, ep.NEVER), ep.day_number(clause.valid_to, ep.NEVER))
    reason[(reason == 0) & ~ep.overlaps(start, end, lo, hi)] = 2
    if clause.kind == "no_equipment":
        reason[(reason == 0) & ~np.isin(obs.unit.astype(str), clause.equipment or [])] = 3
    elif clause.kind == "limit":
        counted = np.isin(obs.unit.astype(str), list(clause.max or {})) & ~np.isnan(obs.count)
        reason[(reason == 0) & ~counted] = 3
    return reason


def _assemble(obs: ObservationSet, pack: Pack, chosen: list[Agreement],
              clauses: list[tuple[Agreement, Clause]], rows: list[_ClauseRows],
              reasons: list[np.ndarray], labels: dict[tuple[int, int], str],
              start: np.ndarray) -> CheckResult:
    n = len(obs)
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "status", "reason", "margin", "tol", "flon", "flat", "dist", "ver", "dec", "lower", "upper",
        "wend")}
    for k, ((_, clause), acc) in enumerate(zip(clauses, rows, strict=True)):
        status = acc.status()
        reason = reasons[k].copy()
        reason[(status == NOT_APPLICABLE) & (reason == 0)] = 4
        lower, upper = np.full(n, np.nan), np.full(n, np.nan)
        wend = np.zeros(n, np.int64)
        if clause.kind == "limit":
            for unit, maximum in (clause.max or {}).items():
                sel = np.flatnonzero((reason == 0) & (obs.unit.astype(str) == unit))
                certain = status[sel] == VIOLATION
                possible = status[sel] == POSSIBLE
                w = window_counts(start[sel], obs.count[sel], certain, possible, maximum,
                                  clause.window_days)
                counted = certain | possible
                status[sel] = np.where(counted, w.status, COMPLIANT)
                lower[sel], upper[sel], wend[sel] = w.lower, w.upper, w.window_end
        ver = np.full(n, "", dtype=object)
        masks, inverse = np.unique(acc.epoch_mask, return_inverse=True)
        for j, mask in enumerate(masks):
            names = [labels[(k, e)] for e in range(64) if mask >> e & 1 and (k, e) in labels]
            ver[inverse.reshape(-1) == j] = " | ".join(dict.fromkeys(names))
        for key, val in (("status", status), ("reason", reason), ("margin", acc.margin),
                         ("tol", acc.tolerance), ("flon", acc.foot_lon), ("flat", acc.foot_lat),
                         ("dist", acc.distance), ("ver", ver), ("dec", acc.decider),
                         ("lower", lower), ("upper", upper), ("wend", wend)):
            cols[key].append(val)
    result = CheckResult(
        observations=obs, pack=pack, pack_id=pack.id, agreements=[a.id for a in chosen],
        clauses=[(a.id, c) for a, c in clauses],
        obs_index=np.tile(np.arange(n), len(clauses)),
        clause_index=np.repeat(np.arange(len(clauses), dtype=np.int32), n),
        status=np.concatenate(cols["status"]) if clauses else np.zeros(0, np.int8),
        **{name: np.concatenate(cols[key]) if clauses else np.zeros(0) for name, key in (
            ("reason", "reason"), ("margin_m", "margin"), ("tolerance_m", "tol"),
            ("foot_lon", "flon"), ("foot_lat", "flat"), ("distance_m", "dist"),
            ("versions", "ver"), ("decider", "dec"), ("lower", "lower"), ("upper", "upper"),
            ("window_end", "wend"))},
    )
    result.limits = limit_results(result)
    return result
