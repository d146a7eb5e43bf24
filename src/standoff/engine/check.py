"""Evaluate observations against agreements: vectorized over observations, looped over clauses."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, cast

import numpy as np
import pyarrow as pa

from standoff.engine import epochs as ep
from standoff.engine.areas import AreaSamples, has_area, margin_range, sample_areas
from standoff.engine.cells import Grids
from standoff.engine.decide import decide_rows
from standoff.engine.farplanar import decide_far
from standoff.engine.farplanar import enabled as far_enabled
from standoff.engine.judge import judge
from standoff.engine.limits import NOT_APPLICABLE, POSSIBLE, VIOLATION, windowed
from standoff.engine.result import CheckResult
from standoff.engine.rows import (
    ClauseRows,
    Encoded,
    Labels,
    clause_rows,
    encode,
    is_in,
    limit_keys,
    positions,
    sorted_search,
)
from standoff.engine.summaries import limit_results
from standoff.errors import StandoffError, did_you_mean
from standoff.geo.features import ShapeCache
from standoff.geo.zones import EpochEvaluator, ZoneMargin, zone_features
from standoff.model import Agreement, Clause, Feature, ObservationSet, Pack, Reason, matches_any
from standoff.model.unit import unit_names

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


def check(observations: ObservationSet, pack: Pack, *, agreements: list[str] | None = None,
          at: date | None = None, every_pair: bool = False,
          on_progress: Progress | None = None, windows: bool = True,
          grids: bool | None = None) -> CheckResult:
    """Verdicts for every observation under every clause of the chosen agreements.

    Rows hold the pairs a clause binds (actor, time and unit type match); `every_pair` also
    lists the others as not_applicable with their reason. `at` evaluates every observation as
    if reported on that day. Observations without a time are checked against every version.
    Large batches are first decided by cell (`engine.cells`): only reports near a zone's edge
    reach the exact kernel, and `margin_exact` says which margins are interpolated; `grids`
    True/False decides by cell wherever a grid can be had / nowhere (None: by batch size).
    `windows=False` leaves limit windows to the caller (`standoff.scale`): limit rows keep their
    zone status and `limits` is empty.
    """
    chosen = select_agreements(pack, agreements)
    obs = observations
    start, end = ep.intervals(obs, at)
    clock = ep.instants(obs, at)
    clauses = [(a, c) for a in chosen for c in a.clauses]
    actors = encode(obs.actor)
    units = unit_codes(encode(obs.unit), pack)
    reasons = [_reasons(obs, a, c, start, end, actors, units, clock) for a, c in clauses]
    periods = ep.epochs(pack, chosen)
    columns, rows = clause_rows(reasons, every_pair, len(periods))
    run = _Run(obs, pack, clauses, rows, columns.offset)
    # per clause, the reports only partly in its period (empty: none is)
    run.partly = [_some(ep.partly_in_force(a, c, start, end, clock)) for a, c in clauses]
    if grids is not None:  # 1: every clause and epoch with a point report; never: none
        run.grids.use_min = run.grids.build_min = 1 if grids else np.iinfo(np.int64).max
    total = len(periods) * len(clauses)
    span = ep.spans(start, end)
    for e, epoch in enumerate(periods):
        idx = ep.overlapping(start, end, epoch.start, epoch.end, span)
        every = len(idx) == len(obs)  # then idx is every position, and need not be gathered
        bound = [(r if every else r[idx]) == 0 for r in reasons]
        run.epoch(e, epoch, idx, bound,
                  on_progress and (lambda k, e=e: on_progress(e * len(clauses) + k + 1, total)))
    for k, (_, clause) in enumerate(clauses):
        rows[k].finish(clause, run.epoch_labels[k], run.names, obs, start, units, windows)
    result = CheckResult(
        observations=obs, pack=pack, pack_id=pack.id, agreements=[a.id for a in chosen],
        labels=run.names.names, clauses=[(a.id, c) for a, c in clauses],
        **cast(dict[str, Any], columns.data), clause_offsets=columns.offset, margin_exact=run.exact,
    )
    result.limits = limit_results(result, units) if windows else []
    return result


def check_together(sets: list[ObservationSet], pack: Pack, *,
                   agreements: list[str] | None = None) -> list[CheckResult]:
    """Each set's result as `check(set, pack, agreements=...)` gives it, from one joint check.

    A check's cost is mostly per call (each clause in each epoch), so small batches checked
    together cost little more than one. A report's verdicts do not depend on the other reports,
    except through limit windows: the joint check leaves them out and each set's windows are
    counted over its own reports. A set large enough for cell grids (`cells.USE_MIN`) is checked
    alone; the joint check of the others uses none (as each would alone).
    """
    from standoff.engine import cells

    small = [k for k, s in enumerate(sets) if len(s) < cells.USE_MIN]
    out: list[CheckResult | None] = [None] * len(sets)
    for k in sorted(set(range(len(sets))) - set(small)):
        out[k] = check(sets[k], pack, agreements=agreements)
    if len(small) == 1:
        out[small[0]] = check(sets[small[0]], pack, agreements=agreements)
    elif small:
        joint = check(_joined([sets[k] for k in small]), pack, agreements=agreements,
                      windows=False, grids=False)
        first = np.cumsum([0] + [len(sets[k]) for k in small])
        parts = [_part(joint, sets[k], int(first[j]), pack) for j, k in enumerate(small)]
        for part, rows in parts:  # each part's windows back into the joint, then all sentences at once
            for name in ("status", "lower", "upper", "window_end"):
                getattr(joint, name)[rows] = getattr(part, name)
        text = joint.sentences()
        for k, (part, rows) in zip(small, parts, strict=True):
            part.sentence_override = text.take(pa.array(rows))
            out[k] = part
    return [r for r in out if r is not None]


def _joined(sets: list[ObservationSet]) -> ObservationSet:
    """The reports the engine reads, of several sets, as one set (for checking only)."""
    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(s, name) for s in sets])

    instants = [s.instants() for s in sets]
    areas = [a for s in sets for a in (s.area or [None] * len(s))] if any(s.area for s in sets) else []
    columns: dict[str, Any] = {f: cat(f) for f in (
        "id", "actor", "lon", "lat", "radius_m", "time", "time_end", "count", "unit", "source", "quote",
        "attribution", "confidence")}
    return ObservationSet(
        **columns, area=areas, activity=np.concatenate([s.activities() for s in sets]),
        time_s=np.concatenate([i[0] for i in instants]), time_end_s=np.concatenate([i[1] for i in instants]))


def _part(joint: CheckResult, obs: ObservationSet, first: int, pack: Pack) -> tuple[CheckResult, np.ndarray]:
    """The rows of reports first .. first + len(obs) of a joint check, with their own windows
    (and which rows of the joint check they are)."""
    index = joint.obs_index
    rows = np.flatnonzero((index >= first) & (index < first + len(obs)))
    columns = {name: getattr(joint, name)[rows].copy() for name in (
        "clause_index", "status", "reason", "margin_m", "tolerance_m", "foot_lon", "foot_lat",
        "distance_m", "versions", "decider", "lower", "upper", "window_end")}
    counts = np.bincount(columns["clause_index"], minlength=len(joint.clauses))
    result = CheckResult(
        observations=obs, pack=pack, pack_id=joint.pack_id, agreements=joint.agreements,
        labels=joint.labels, clauses=joint.clauses, obs_index=index[rows] - first, **columns,
        clause_offsets=np.concatenate([[0], np.cumsum(counts)]),
        margin_exact=None if joint.margin_exact is None else joint.margin_exact[rows])
    units = unit_codes(encode(obs.unit), pack)
    start = ep.intervals(obs)[0]
    for k, (_, clause) in enumerate(result.clauses):
        if clause.kind != "limit":
            continue
        at = result.clause_rows(k)
        i = result.obs_index[at]
        for _, maximum, sel in limit_keys(clause, result.reason[at], (units[0][i], units[1])):
            r, where = i[sel], at[sel]
            result.status[where], w = windowed(result.status[where], start[r], obs.count[r], maximum,
                                               clause.window_days)
            result.lower[where], result.upper[where], result.window_end[where] = (
                w.lower, w.upper, w.window_end)
    result.limits = limit_results(result, units)
    return result, rows


#: Packs whose compiled shapes are kept between checks (the most recent last; a kept cache
#: holds its pack, so these stay in memory).
RECENT_PACKS = 4
_Kept = tuple[str, list[tuple[str, Feature]], ShapeCache]
_SHAPES: dict[int, _Kept] = {}
_SHAPES_LOCK = threading.Lock()


def shape_cache(pack: Pack) -> ShapeCache:
    """The compiled shapes of `pack`, kept between checks of the same pack.

    A kept cache serves only the same Pack object with the same theatre and the very same
    Feature objects under the same ids (features and their versions are frozen models, so the
    same object means the same geometry): a pack loaded again, or a feature added, replaced or
    removed, gets a new cache. The cache holds the pack and the features it was built from, so
    their ids cannot be reused while it lives.
    """
    features = list(pack.features.items())
    with _SHAPES_LOCK:
        kept = _SHAPES.pop(id(pack), None)
        if kept is None or not _same(kept, pack, features):
            kept = (pack.theatre, features, ShapeCache(pack))
        _SHAPES[id(pack)] = kept  # most recent last
        while len(_SHAPES) > RECENT_PACKS:
            del _SHAPES[next(iter(_SHAPES))]
    return kept[2]


def _same(kept: _Kept, pack: Pack, features: list[tuple[str, Feature]]) -> bool:
    theatre, was, cache = kept
    return cache.pack is pack and theatre == pack.theatre and len(was) == len(features) and all(
        a == b and f is g for (a, f), (b, g) in zip(was, features, strict=True))


class _Run:
    """The state of one check across epochs: feature shapes, grids, labels, exact-margin flags."""

    def __init__(self, obs: ObservationSet, pack: Pack, clauses: list[tuple[Agreement, Clause]],
                 rows: list[ClauseRows], offsets: np.ndarray) -> None:
        self.obs, self.pack, self.clauses, self.rows, self.offsets = obs, pack, clauses, rows, offsets
        self.shapes = shape_cache(pack)
        self.grids = Grids(pack, self.shapes)
        self.names = Labels()
        self.with_area = has_area(obs.area, len(obs))
        self.any_area = bool(self.with_area.any())
        self.features_of = [zone_features(c.zone, a, pack.theatre) for a, c in clauses]
        self.epoch_labels: list[list[str]] = [[] for _ in clauses]
        self.exact = np.ones(int(offsets[-1]), bool)
        self.partly: list[np.ndarray] = []  # per clause: the report's time is only partly in force
        self.far_planar = far_enabled()  # reports far from every threshold take planar margins

    def epoch(self, e: int, epoch: ep.Epoch, idx: np.ndarray, bound: list[np.ndarray],
              done: Callable[[int], None] | None) -> None:
        """Every clause in one epoch, for the epoch's reports `idx` (`bound[k]`: clause k binds them)."""
        obs = self.obs
        samples = sample_areas(obs.area, idx, self.with_area)
        by_cell = [self._by_cell(k, e, epoch, idx, bound[k]) for k in range(len(self.clauses))]
        todo = [None if b is None else rest[b] for rest, b, _, _ in by_cell]
        far = decide_far(self.shapes, obs, epoch.day, idx, [(a, c, _kind(c)) for a, c in self.clauses], todo,
                         self.features_of, self.partly, self.rows, e, self.names,
                         [self._exact_part(k) for k in range(len(self.clauses))])
        exact = []  # per clause: epoch positions left to the exact kernel (points, then area reports)
        for (rest, beyond, area, _), (taken, _) in zip(by_cell, far, strict=True):
            if beyond is not None and taken.any():  # drop the reports the planar pass decided
                keep = np.ones(len(rest), bool)
                keep[np.flatnonzero(beyond)[taken]] = False
                rest = rest[keep]
            exact.append(np.union1d(rest, area) if len(area) else rest)
        union = _union(exact, len(idx))  # the evaluator's points, then the area samples
        at = [sorted_search(union, rest) for rest in exact]
        need: dict[str, np.ndarray] = {}
        for k in range(len(self.clauses)):
            mask = np.zeros(len(union) + len(samples.owner), bool)
            mask[at[k]] = True
            if len(samples.owner):
                mask[len(union):] = np.isin(samples.owner, exact[k])
            for fid in self.features_of[k]:
                need[fid] = need[fid] | mask if fid in need else mask
        sel = idx if len(union) == len(idx) else idx[union]
        evaluator = EpochEvaluator(self.shapes, np.concatenate([obs.lon[sel], samples.lon]),
                                   np.concatenate([obs.lat[sel], samples.lat]), epoch.day, need)
        for k, (agreement, clause) in enumerate(self.clauses):
            labels = self.epoch_labels[k]
            used = list(by_cell[k][3]) + far[k][1]  # the grid's and planar labels, if they decided any
            at_rows = exact[k]
            if len(at_rows):
                zm, status, margin, tolerance = _exact(evaluator, agreement, clause, obs, idx, at_rows, at[k],
                                                       len(union), samples, _kind(clause))
                if self.partly and len(self.partly[k]):  # certain only if in force all the report's time
                    status[(status == VIOLATION) & self.partly[k][idx[at_rows]]] = POSSIBLE
                self.rows[k].add(idx[at_rows], e, zm, status, margin, tolerance, self.names)
                used += zm.labels
                located = status != NOT_APPLICABLE  # the rows whose margin this epoch wrote
                part = self._exact_part(k)
                part[_positions(self.rows[k].obs, idx[at_rows[located]])] = True
            labels.append(", ".join(sorted(set(used))))
            if done:
                done(k)

    def _exact_part(self, k: int) -> np.ndarray:
        """Clause k's margin_exact flags (a view)."""
        return self.exact[self.offsets[k]:self.offsets[k + 1]]

    def _by_cell(self, k: int, e: int, epoch: ep.Epoch, idx: np.ndarray, bound: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, list[str]]:
        """Clause k's point reports in epoch e decided by cell where a grid can be had, their rows
        written; returns the epoch positions of the point reports left, those of the area reports,
        which of those lie in cells wholly beyond a threshold (None: no grid, or no planar margins
        wanted), those of the area reports and the grid's labels (none when it decided nothing)."""
        at_rows = positions(bound)
        area = self.with_area[idx[at_rows]] if self.any_area else None
        points = at_rows if area is None else at_rows[~area]
        agreement, clause = self.clauses[k]
        grid = self.grids.get(agreement, clause, epoch.day, len(points))
        if grid is None:
            return at_rows, None, np.zeros(0, np.int64), []
        every = len(points) == len(self.obs)  # then every position is its report (idx is all)
        rest, decided = decide_rows(
            grid, self.obs.lon, self.obs.lat, self.obs.radius_m, None if every else points,
            None if every else idx[points], self.rows[k], e, self.names.codes(grid.labels),
            _kind(clause) == "must_stay_in", self.partly[k] if self.partly else np.zeros(0, bool),
            self._exact_part(k))
        with_area = at_rows[area] if area is not None else np.zeros(0, np.int64)
        beyond = None
        if self.far_planar:  # the reports left whose cell lies wholly beyond a threshold
            reports = idx[rest]
            beyond = grid.beyond(self.obs.lon[reports], self.obs.lat[reports], self.obs.radius_m[reports])
        return rest, beyond, with_area, list(grid.labels) if decided else []


def _some(mask: np.ndarray) -> np.ndarray:
    """`mask`, or an empty array when no value is True (compiled passes then skip it)."""
    return mask if mask.any() else np.zeros(0, bool)


def _union(positions: list[np.ndarray], n: int) -> np.ndarray:
    """The ascending positions (below n) in any of `positions` (each ascending)."""
    if len(positions) == 1:
        return positions[0]
    if sum(len(p) for p in positions) * 8 < n:  # few: sort them
        return np.unique(np.concatenate(positions))
    mask = np.zeros(n, bool)
    for p in positions:
        mask[p] = True
    return np.flatnonzero(mask)


def _positions(rows: np.ndarray, reports: np.ndarray) -> np.ndarray | slice:
    """Where the ascending `reports` sit in the ascending `rows` that hold them (a slice when all)."""
    if len(reports) == len(rows) and np.array_equal(reports, rows):
        return slice(0, len(rows))
    return sorted_search(rows, reports)


def _kind(clause: Clause) -> str:
    """The zone rule a clause applies: limits and no-equipment/activity clauses forbid entering."""
    return "must_not_enter" if clause.kind in ("limit", "no_equipment", "no_activity") else clause.kind


def _exact(evaluator: EpochEvaluator, agreement: Agreement, clause: Clause, obs: ObservationSet,
           idx: np.ndarray, at_rows: np.ndarray, at_points: np.ndarray, n_points: int,
           samples: AreaSamples, kind: str) -> tuple[ZoneMargin, np.ndarray, np.ndarray, np.ndarray]:
    """The exact kernel's margins and the judged status, margin and tolerance at `at_rows` (epoch
    positions; `at_points`: the same reports among the evaluator's first `n_points` points)."""
    picked = np.flatnonzero(np.isin(samples.owner, at_rows)) if len(samples.owner) else samples.owner
    everywhere = evaluator.zone(clause.zone, agreement, np.concatenate([at_points, n_points + picked]))
    zm = everywhere.take(slice(0, len(at_rows)))
    lowest = highest = zm.margin_m
    if len(picked):
        lowest, highest = margin_range(zm.margin_m, np.searchsorted(at_rows, samples.owner[picked]),
                                       everywhere.margin_m[len(at_rows):])
    status, margin, tolerance = judge(kind, lowest, highest, zm.margin_m, zm.accuracy_m,
                                      samples.slack_m[at_rows], obs.radius_m[idx[at_rows]])
    return zm, status, margin, tolerance


def unit_codes(units: Encoded, pack: Pack) -> Encoded:
    """Unit words as the pack's unit codes where it defines them ('Gvozdika' -> ARTY.100MM_PLUS.2S1)."""
    if not pack.units:
        return units
    names = unit_names(pack.units)
    return units[0], [names.get(v.casefold(), v) for v in units[1]]


def _reasons(obs: ObservationSet, agreement: Agreement, clause: Clause, start: np.ndarray,
             end: np.ndarray, actors: Encoded, units: Encoded,
             clock: ep.Clock | None = None) -> np.ndarray:
    """Reason.APPLIES where the clause applies; else why not: ACTOR, TIME, UNIT (type or activity)."""
    codes, names = actors
    bound = np.array([matches_any(clause.actor, a) for a in names] + [False], dtype=bool)
    reason = np.where(bound[codes], Reason.APPLIES, Reason.ACTOR).astype(np.int8)
    applies = Reason.APPLIES
    reason[(reason == applies) & ~ep.period(agreement, clause).meets(start, end, clock)] = Reason.TIME
    if clause.kind == "no_equipment":
        reason[(reason == applies) & ~is_in(units, clause.equipment or [])] = Reason.UNIT
    elif clause.kind == "no_activity":
        codes, names = encode(obs.activities())
        wanted = {a.lower() for a in clause.activity or []}
        unlisted = ~is_in((codes, [n.strip().lower() for n in names]), list(wanted))
        reason[(reason == applies) & unlisted] = Reason.UNIT
    elif clause.kind == "limit":
        counted = is_in(units, list(clause.max or {})) & ~np.isnan(obs.count)
        reason[(reason == applies) & ~counted] = Reason.UNIT
    return reason
