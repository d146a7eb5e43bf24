"""Evaluate observations against agreements: vectorized over observations, looped over clauses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from standoff.engine import epochs as ep
from standoff.engine.areas import AreaSamples, has_area, margin_range, sample_areas
from standoff.engine.judge import judge
from standoff.engine.result import CheckResult
from standoff.engine.rows import ClauseRows, Encoded, Labels, clause_rows, encode, is_in
from standoff.engine.summaries import limit_results
from standoff.errors import StandoffError, did_you_mean
from standoff.geo.features import ShapeCache
from standoff.geo.zones import EpochEvaluator, zone_features
from standoff.model import Agreement, Clause, ObservationSet, Pack, matches_any

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
          on_progress: Progress | None = None) -> CheckResult:
    """Verdicts for every observation under every clause of the chosen agreements.

    Rows hold the pairs a clause binds (actor, time and unit type match); `every_pair` also
    lists the others as not_applicable with their reason. `at` evaluates every observation as
    if reported on that day. Observations without a time are checked against every version.
    """
    chosen = select_agreements(pack, agreements)
    obs = observations
    n = len(obs)
    start, end = ep.intervals(obs, at)
    periods = ep.epochs(pack, chosen)
    clauses = [(a, c) for a in chosen for c in a.clauses]
    actors = encode(obs.actor)
    units = encode(obs.unit)
    reasons = [_reasons(obs, a, c, start, end, actors, units) for a, c in clauses]
    columns, rows = clause_rows(reasons, every_pair)
    shapes = ShapeCache(pack)
    epoch_labels = [[""] * len(periods) for _ in clauses]
    names = Labels()
    total = len(periods) * len(clauses)
    with_area = has_area(obs.area, n)
    features_of = [zone_features(c.zone, a, pack.theatre) for a, c in clauses]
    for e, epoch in enumerate(periods):
        idx = np.flatnonzero(ep.overlaps(start, end, epoch.start, epoch.end))
        samples = sample_areas(obs.area, idx, with_area)
        bound = [reasons[k][idx] == 0 for k in range(len(clauses))]
        need: dict[str, np.ndarray] = {}
        for k in range(len(clauses)):
            for fid in features_of[k]:
                need[fid] = need[fid] | bound[k] if fid in need else bound[k]
        need = {fid: np.concatenate([mask, mask[samples.owner]]) for fid, mask in need.items()}
        evaluator = EpochEvaluator(shapes, np.concatenate([obs.lon[idx], samples.lon]),
                                   np.concatenate([obs.lat[idx], samples.lat]), epoch.day, need)
        for k, (agreement, clause) in enumerate(clauses):
            at_rows = np.flatnonzero(bound[k])
            if len(at_rows):
                used = _evaluate(evaluator, agreement, clause, obs, idx, at_rows, samples, rows[k], e, names)
                epoch_labels[k][e] = ", ".join(sorted(set(used)))
            if on_progress:
                on_progress(e * len(clauses) + k + 1, total)
    for k, (_, clause) in enumerate(clauses):
        rows[k].finish(clause, epoch_labels[k], names, obs, start, units)
    result = CheckResult(
        observations=obs, pack=pack, pack_id=pack.id, agreements=[a.id for a in chosen],
        labels=names.names, clauses=[(a.id, c) for a, c in clauses],
        **columns.data, clause_offsets=columns.offset,
    )
    result.limits = limit_results(result, units)
    return result


def _evaluate(evaluator: EpochEvaluator, agreement: Agreement, clause: Clause, obs: ObservationSet,
              idx: np.ndarray, at_rows: np.ndarray, samples: AreaSamples, rows: ClauseRows,
              epoch: int, names: Labels) -> list[str]:
    """One clause in one epoch, for the epoch's reports at positions `at_rows` that it binds.

    Returns the labels of the feature versions the zone used."""
    picked = np.flatnonzero(np.isin(samples.owner, at_rows)) if len(samples.owner) else samples.owner
    everywhere = evaluator.zone(clause.zone, agreement, np.concatenate([at_rows, len(idx) + picked]))
    zm = everywhere.take(slice(0, len(at_rows)))
    lowest = highest = zm.margin_m
    if len(picked):
        lowest, highest = margin_range(zm.margin_m, np.searchsorted(at_rows, samples.owner[picked]),
                                       everywhere.margin_m[len(at_rows):])
    status, margin, tolerance = judge(
        "must_not_enter" if clause.kind in ("limit", "no_equipment", "no_activity") else clause.kind,
        lowest, highest, zm.margin_m, zm.accuracy_m, samples.slack_m[at_rows],
        obs.radius_m[idx[at_rows]])
    rows.add(idx[at_rows], epoch, zm, status, margin, tolerance, names)
    return zm.labels


def _reasons(obs: ObservationSet, agreement: Agreement, clause: Clause, start: np.ndarray,
             end: np.ndarray, actors: Encoded, units: Encoded) -> np.ndarray:
    """0 where the clause applies; else why not: 1 actor, 2 time, 3 unit type or activity."""
    codes, names = actors
    bound = np.array([matches_any(clause.actor, a) for a in names] + [False], dtype=bool)
    reason = np.where(bound[codes], 0, 1).astype(np.int8)
    lo, hi = ep.in_force(agreement, clause)
    reason[(reason == 0) & ~ep.overlaps(start, end, lo, hi)] = 2
    if clause.kind == "no_equipment":
        reason[(reason == 0) & ~is_in(units, clause.equipment or [])] = 3
    elif clause.kind == "no_activity":
        codes, names = encode(obs.activities())
        wanted = {a.lower() for a in clause.activity or []}
        reason[(reason == 0) & ~is_in((codes, [n.strip().lower() for n in names]), list(wanted))] = 3
    elif clause.kind == "limit":
        counted = is_in(units, list(clause.max or {})) & ~np.isnan(obs.count)
        reason[(reason == 0) & ~counted] = 3
    return reason
