"""Stated versus measured: does "60 km from the border" match the zone a clause draws?

A clause may carry `stated_km`, the distance its source gives. The zone it encodes has a
boundary of its own: a buffer (`within: {km}`) is exactly that many km from its feature, but a
road (`side: {of: M5}`) lies at whatever distance the road runs. This module measures that
distance range on the ellipsoid and flags a stated figure that falls outside it.

Rule: the boundary line is sampled along its geodesics every ~500 m (inside the theatre); each
sample's geodesic distance to the nearer reference line is taken with the engine's kernel; the
tolerance is the boundary feature's accuracy + the worst reference accuracy + 10 % of the
stated distance; the stated distance is a discrepancy when it lies outside
[min - tolerance, max + tolerance].
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import shapely

from standoff.geo.ellipsoid import GEOD, densify
from standoff.geo.features import ShapeCache, VersionShape
from standoff.model import Agreement, Clause, Pack, Zone
from standoff.model.zone import (
    Band,
    BandZone,
    BeyondZone,
    Distance,
    Side,
    SideZone,
    WithinZone,
    follow_refs,
)

__all__ = ["RULE", "StatedCheck", "check_clause", "densify_m", "reference_lines", "stated_checks"]

#: Share of the stated distance allowed on top of the features' accuracies ("about 70 km").
STATED_SHARE = 0.10
STEP_M = 500.0
RULE = ("tolerance = accuracy of the boundary feature + worst accuracy of the reference lines "
        f"+ {STATED_SHARE:.0%} of the stated distance; a discrepancy when the stated distance lies "
        "outside [measured min - tolerance, measured max + tolerance]")


@dataclass
class StatedCheck:
    """One clause's stated distance against the distance its zone's boundary really lies at."""

    agreement_id: str
    clause_id: str
    stated_km: float
    zone: str
    status: str  # "discrepancy", "consistent" or "not_measured"
    boundary: str = ""  # the feature version whose distance is measured, e.g. 'M5@2017'
    reference: list[str] = field(default_factory=list)  # feature versions measured from
    method: str = ""
    min_km: float | None = None
    max_km: float | None = None
    tolerance_km: float | None = None
    samples: int = 0
    share_closer: float | None = None  # share of the boundary's length closer than min allowed
    share_farther: float | None = None  # ... farther than the max allowed
    per_reference: dict[str, list[float]] = field(default_factory=dict)  # label -> [min, max] km
    note: str = ""

    @property
    def flagged(self) -> bool:
        return self.status == "discrepancy"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("min_km", "max_km", "tolerance_km"):
            if out[key] is not None:
                out[key] = round(out[key], 2)
        for key in ("share_closer", "share_farther"):
            if out[key] is not None:
                out[key] = round(out[key], 3)
        out["per_reference"] = {k: [round(x, 2) for x in v] for k, v in self.per_reference.items()}
        out["flagged"] = self.flagged
        return out


def densify_m(coords: np.ndarray, step_m: float = STEP_M) -> tuple[np.ndarray, np.ndarray]:
    """Vertices plus geodesic points at most `step_m` metres apart; also each point's length share (m).

    The weight of a point is half the length of the segments on either side, so weights sum to
    the line's geodesic length.
    """
    xy = densify(coords, step_m)
    if len(xy) < 2:
        return xy, np.zeros(len(xy))
    seg = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2]
    weight = np.zeros(len(xy))
    weight[:-1] += seg / 2
    weight[1:] += seg / 2
    return xy, weight


def _leaves(zone: Zone, agreement: Agreement) -> list[Zone]:
    """The primitive zones of an expression, through refs and `not`, each once."""
    leaves: dict[int, Zone] = {}
    seen: set[int] = set()

    def walk(z: Zone) -> None:
        if id(z) in seen:
            return
        seen.add(id(z))
        parts = z.parts()
        if not parts:
            leaves[id(z)] = z
        for part in parts:
            walk(part)

    walk(zone)
    return list(leaves.values())


def _border(pack: Pack) -> str | None:
    lowered = {k.lower(): v for k, v in pack.line_aliases.items()}
    return lowered.get("the border")


def reference_lines(pack: Pack, agreement: Agreement, boundary_id: str) -> list[str]:
    """What a stated distance is measured from: "the border" and the lines that bound an area with it.

    The pack's `line_aliases["the border"]` (e.g. LINE_A), together with every line that
    shares an area built `between` two lines with it (LINE_B, across the Area of Separation):
    "from the lines" means from the nearer of the two. Without that alias, the line features the
    agreement names other than the boundary itself.
    """
    border = _border(pack)
    if border is not None and border != boundary_id and border in pack.features:
        found = [border]
        for f in pack.features.values():
            for v in f.versions:
                if v.between and border in v.between:
                    found += [x for x in v.between if x not in found and x != boundary_id]
        return found
    named: set[str] = set()
    for z in [*agreement.zones.values(), *(c.zone for c in agreement.clauses)]:
        named |= z.feature_ids()
    return sorted(f for f in named if f != boundary_id and f in pack.features
                  and pack.features[f].kind == "line")


def _distance_leaf(spec: Distance | Band, shapes: ShapeCache, day: date | None,
                   out: StatedCheck) -> StatedCheck:
    """within / beyond / band: the boundary lies at the zone's own distance by construction."""
    shape = shapes.get(spec.of, day)
    lo, hi = (spec.from_km, spec.to_km) if isinstance(spec, Band) else (spec.km, spec.km)
    accuracy = shape.feature.accuracy_m if shape else 0.0
    tol = accuracy / 1000 + STATED_SHARE * out.stated_km
    reach = f"{lo:g}–{hi:g}" if isinstance(spec, Band) else f"{lo:g}"
    out.boundary = f"{reach} km from {shape.label if shape else spec.of}"
    out.reference = [shape.label if shape else spec.of]
    out.method = "the zone's own distance (a buffer lies exactly that far from its feature)"
    out.min_km, out.max_km, out.tolerance_km = float(lo), float(hi), tol
    out.status = "discrepancy" if not (lo - tol <= out.stated_km <= hi + tol) else "consistent"
    return out


def _side_leaf(pack: Pack, agreement: Agreement, spec: Side, shapes: ShapeCache, day: date | None,
               out: StatedCheck, step_m: float) -> StatedCheck:
    """side of a line: sample the line and measure each sample's distance to the reference lines."""
    shape = shapes.get(spec.of, day)
    refs = [s for s in (shapes.get(f, day) for f in reference_lines(pack, agreement, spec.of)) if s]
    theatre = shapes.get(pack.theatre, day)
    if shape is None or not refs or shape.feature.kind != "line":
        out.note = (f"{spec.of} has no line version on this day" if shape is None or
                    shape.feature.kind != "line" else "no reference line: the pack has no 'the border' "
                    "alias and the agreement names no other line")
        return out
    xy, weight = densify_m(np.asarray(shape.geometry.coords), step_m)
    if theatre is not None:
        inside = shapely.contains_xy(theatre.geometry, xy[:, 0], xy[:, 1])
        if not inside.all():
            out.note = f"{int((~inside).sum())} of {len(xy)} samples lie outside the theatre, left out. "
        xy, weight = xy[inside], weight[inside]
    if len(xy) == 0:
        out.note += "no part of the boundary lies in the theatre"
        return out
    per_ref = {s.label: _distance_km(s, xy) for s in refs}
    nearest = np.min(np.vstack(list(per_ref.values())), axis=0)
    accuracy = shape.feature.accuracy_m + max(s.feature.accuracy_m for s in refs)
    tol = accuracy / 1000 + STATED_SHARE * out.stated_km
    lo, hi = float(nearest.min()), float(nearest.max())
    total = float(weight.sum()) or 1.0
    out.boundary, out.reference = shape.label, [s.label for s in refs]
    out.method = (f"{len(xy)} points along {spec.of}'s geodesics every <= {step_m:g} m, geodesic distance "
                  f"to the nearer of {', '.join(s.feature.id for s in refs)}")
    out.min_km, out.max_km, out.tolerance_km, out.samples = lo, hi, tol, len(xy)
    out.share_closer = float(weight[nearest < out.stated_km - tol].sum() / total)
    out.share_farther = float(weight[nearest > out.stated_km + tol].sum() / total)
    out.per_reference = {k: [float(v.min()), float(v.max())] for k, v in per_ref.items()}
    out.status = "discrepancy" if not (lo - tol <= out.stated_km <= hi + tol) else "consistent"
    if out.status == "consistent" and out.share_closer > 0.25:
        out.note += (f"consistent only in part: {out.share_closer:.0%} of {spec.of} lies closer than "
                     f"{out.stated_km - tol:.1f} km (stated minus tolerance)")
    elif out.status == "discrepancy":
        where = "closer" if out.stated_km > hi else "farther"
        out.note += (f"{spec.of} runs {lo:.1f}-{hi:.1f} km from the lines: all of it {where} than the "
                     f"stated {out.stated_km:g} km allows")
    out.note = out.note.strip()
    return out


def _distance_km(shape: VersionShape, xy: np.ndarray) -> np.ndarray:
    return shape.distance_m(xy[:, 0], xy[:, 1])[0] / 1000.0


def check_clause(pack: Pack, agreement: Agreement, clause: Clause, *, day: date | None = None,
                 shapes: ShapeCache | None = None, step_m: float = STEP_M) -> StatedCheck:
    """The stated-versus-measured check of one clause that has `stated_km`."""
    assert clause.stated_km is not None
    shapes = shapes or ShapeCache(pack)
    out = StatedCheck(agreement.id, clause.id, float(clause.stated_km),
                      follow_refs(clause.zone).describe(), status="not_measured")
    measurable = [z for z in _leaves(clause.zone, agreement)
                  if isinstance(z, WithinZone | BeyondZone | BandZone | SideZone)]
    if len(measurable) != 1:
        out.note = (f"not measured: the zone combines {len(measurable)} distance or side parts"
                    if measurable else "not measured: the zone has no distance or side of a line")
        return out
    match measurable[0]:
        case SideZone(side=side):
            return _side_leaf(pack, agreement, side, shapes, day, out, step_m)
        case WithinZone(within=spec) | BeyondZone(beyond=spec) | BandZone(band=spec):
            return _distance_leaf(spec, shapes, day, out)
    raise AssertionError(measurable[0])  # pragma: no cover


def stated_checks(pack: Pack, agreements: list[Agreement], *, day: date | None = None,
                  step_m: float = STEP_M) -> list[StatedCheck]:
    """Every clause with `stated_km` of the given agreements, checked (feature versions of `day`)."""
    shapes = ShapeCache(pack)
    return [check_clause(pack, a, c, day=day, shapes=shapes, step_m=step_m)
            for a in agreements for c in a.clauses if c.stated_km is not None]
