"""Evaluate observations against agreements: vectorized over observations, looped over clauses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from standoff.engine import epochs as ep
from standoff.engine.areas import has_area, margin_range, sample_areas
from standoff.engine.limits import COMPLIANT, NOT_APPLICABLE, POSSIBLE, VIOLATION
from standoff.engine.result import CheckResult
from standoff.engine.rows import Columns, Encoded, Labels, encode, is_in
from standoff.engine.summaries import limit_results
from standoff.errors import StandoffError
from standoff.geo.features import ShapeCache
from standoff.geo.zones import EpochEvaluator, zone_features
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
    columns = Columns(n, len(clauses))
    rows = [columns.clause(k) for k in range(len(clauses))]
    actors = encode(obs.actor)
    units = encode(obs.unit)
    reasons = [_reasons(obs, a, c, start, end, actors, units) for a, c in clauses]
    shapes = ShapeCache(pack)
    labels: dict[tuple[int, int], str] = {}
    names = Labels()
    total = len(periods) * len(clauses)
    with_area = has_area(obs.area, n)
    features_of = [zone_features(c.zone, a, pack.theatre) for a, c in clauses]
    for e, epoch in enumerate(periods):
        idx = np.flatnonzero(ep.overlaps(start, end, epoch.start, epoch.end))
        if len(idx) == 0:
            if on_progress:
                on_progress((e + 1) * len(clauses), total)
            continue
        samples = sample_areas(obs.area, idx, with_area)
        is_area = samples.slack_m > 0
        need: dict[str, np.ndarray] = {}
        for k in range(len(clauses)):
            for fid in features_of[k]:
                need[fid] = need.get(fid, np.zeros(len(idx), bool)) | (reasons[k][idx] == 0)
        need = {fid: np.concatenate([rows, rows[samples.owner]]) for fid, rows in need.items()}
        evaluator = EpochEvaluator(shapes, np.concatenate([obs.lon[idx], samples.lon]),
                                   np.concatenate([obs.lat[idx], samples.lat]), epoch.day, need)
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
                rows[k].add(idx, e, zm, status, margin, tolerance, names)
                labels[(k, e)] = ", ".join(sorted(set(zm.labels)))
            if on_progress:
                on_progress(e * len(clauses) + k + 1, total)
    for k, (_, clause) in enumerate(clauses):
        rows[k].finish(clause, reasons[k], labels, k, names, obs, start, units)
    result = CheckResult(
        observations=obs, pack=pack, pack_id=pack.id, agreements=[a.id for a in chosen],
        labels=names.names, clauses=[(a.id, c) for a, c in clauses],
        obs_index=np.tile(np.arange(n, dtype=np.int32), len(clauses)),
        clause_index=np.repeat(np.arange(len(clauses), dtype=np.int32), n),
        **columns.fields(),
    )
    result.limits = limit_results(result)
    return result


def _reasons(obs: ObservationSet, agreement: Agreement, clause: Clause, start: np.ndarray,
             end: np.ndarray, actors: Encoded, units: Encoded) -> np.ndarray:
    """0 where the clause applies; else why not: 1 actor, 2 time, 3 unit type."""
    codes, names = actors
    bound = np.array([matches_any(clause.actor, a) for a in names] + [False], dtype=bool)
    reason = np.where(bound[codes], 0, 1).astype(np.int8)
    lo = max(ep.day_number(agreement.valid_from, ep.SINCE_EVER),
             ep.day_number(clause.valid_from, ep.SINCE_EVER))
    hi = min(ep.day_number(agreement.valid_to, ep.NEVER), ep.day_number(clause.valid_to, ep.NEVER))
    reason[(reason == 0) & ~ep.overlaps(start, end, lo, hi)] = 2
    if clause.kind == "no_equipment":
        reason[(reason == 0) & ~is_in(units, clause.equipment or [])] = 3
    elif clause.kind == "limit":
        counted = is_in(units, list(clause.max or {})) & ~np.isnan(obs.count)
        reason[(reason == 0) & ~counted] = 3
    return reason
