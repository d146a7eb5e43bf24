"""Zone expressions evaluated as signed geodesic margins (metres, positive inside).

A distance zone's margin is km minus the distance to the feature: exact where the nearest
point of the zone's edge lies straight out from the feature, a lower bound near bends.
Compound zones combine margins:
`all_of` takes the minimum, `any_of` the maximum, `not` the negation. The sign is always
exact; the magnitude is exact inside an intersection and outside a union, and a lower
bound on the true distance otherwise (conservative: it can only turn a certain verdict into
possible).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from standoff.errors import PackError
from standoff.geo.ellipsoid import GEOD
from standoff.geo.features import ShapeCache, VersionShape, right_side_faces
from standoff.geo.polyline import Polylines
from standoff.model import Agreement, Zone
from standoff.model import zone as zm


@dataclass
class ZoneMargin:
    """Per-point margin to a zone's boundary and what decided it."""

    margin_m: np.ndarray
    accuracy_m: np.ndarray
    foot_lon: np.ndarray
    foot_lat: np.ndarray
    distance_m: np.ndarray  # distance to the deciding feature for within/beyond/band, else NaN
    feature: np.ndarray  # index into `labels` of the deciding feature version
    labels: list[str]

    def take(self, rows: np.ndarray | slice) -> ZoneMargin:
        """The points selected by `rows` (indices, a mask or a slice)."""
        return ZoneMargin(self.margin_m[rows], self.accuracy_m[rows], self.foot_lon[rows],
                          self.foot_lat[rows], self.distance_m[rows], self.feature[rows], self.labels)

    def negated(self) -> ZoneMargin:
        return ZoneMargin(-self.margin_m, self.accuracy_m, self.foot_lon, self.foot_lat,
                          self.distance_m, self.feature, self.labels)


def _pick(parts: list[ZoneMargin], take_min: bool) -> ZoneMargin:
    """Per point, the part with the lowest (all_of) or highest (any_of) margin; NaN if any is NaN.

    Labels are kept once each, so a zone named many times does not multiply them.
    """
    index: dict[str, int] = {}

    def remap(labels: list[str]) -> np.ndarray:
        return np.array([index.setdefault(label, len(index)) for label in labels], np.int32)

    best = parts[0]
    best = ZoneMargin(best.margin_m, best.accuracy_m, best.foot_lon, best.foot_lat, best.distance_m,
                      remap(best.labels)[best.feature], best.labels)
    for part in parts[1:]:
        better = part.margin_m < best.margin_m if take_min else part.margin_m > best.margin_m
        unknown = np.isnan(best.margin_m) | np.isnan(part.margin_m)
        feature = np.where(better, remap(part.labels)[part.feature], best.feature)
        margin = np.where(better, part.margin_m, best.margin_m)
        margin[unknown] = np.nan
        accuracy, foot_lon, foot_lat, distance = (
            np.where(better, getattr(part, f), getattr(best, f))
            for f in ("accuracy_m", "foot_lon", "foot_lat", "distance_m"))
        best = ZoneMargin(margin, accuracy, foot_lon, foot_lat, distance, feature, best.labels)
    return ZoneMargin(best.margin_m, best.accuracy_m, best.foot_lon, best.foot_lat, best.distance_m,
                      best.feature, list(index))


def zone_features(zone: Zone, agreement: Agreement, theatre: str) -> set[str]:
    """Every feature whose distances evaluating `zone` needs (refs followed, sides add the theatre)."""
    found: set[str] = set()
    seen: set[int] = set()
    todo = [zone]
    while todo:  # each zone of the DAG once, however many times it is named
        z = todo.pop()
        if id(z) in seen:
            continue
        seen.add(id(z))
        if isinstance(z, zm.SideZone):
            found |= z.own_features() | {theatre}
        elif isinstance(z, zm.WithinZone | zm.BeyondZone | zm.BandZone | zm.AreaZone):
            found |= z.feature_ids()
        todo += z.parts()
    return found


@dataclass(frozen=True)
class _Values:
    """A feature's per-point columns, held only for the evaluator points that need them."""

    where: np.ndarray | None  # evaluator point -> row of the columns (None: row = point)
    points: np.ndarray | None  # the evaluator points held, in row order (None: all)
    columns: tuple[np.ndarray, ...]

    def at(self, rows: np.ndarray | None) -> tuple[np.ndarray, ...]:
        """The columns at evaluator points `rows` (all points when None)."""
        at = self.where if rows is None else (rows if self.where is None else self.where[rows])
        return self.columns if at is None else tuple(c[at] for c in self.columns)

    def with_columns(self, columns: tuple[np.ndarray, ...]) -> _Values:
        return _Values(self.where, self.points, columns)


class EpochEvaluator:
    """Evaluates zones for one set of points on one day, sharing feature distances."""

    def __init__(self, shapes: ShapeCache, lon: np.ndarray, lat: np.ndarray, day: date | None,
                 need: dict[str, np.ndarray] | None = None) -> None:
        """`need` limits each feature's distances to the points some clause needs (NaN elsewhere)."""
        self.shapes, self.lon, self.lat, self.day = shapes, lon, lat, day
        self.need = need or {}
        self._memo: dict[tuple[str, str], _Values] = {}
        self._partial: dict[tuple[str, str], tuple[np.ndarray, ...]] = {}  # `_exact_signed`: done, columns
        self.evaluations = 0  # zone nodes computed (a zone named twice in one expression counts once)

    def _at_needed(self, feature_id: str, compute: Callable[..., tuple[np.ndarray, ...]]) -> _Values:
        mask = self.need.get(feature_id)
        if mask is None or mask.all():
            return _Values(None, None, compute(self.lon, self.lat))
        points = np.flatnonzero(mask)
        where = np.full(len(self.lon), len(points), np.int32)  # unneeded points read the last row
        where[points] = np.arange(len(points), dtype=np.int32)
        columns = tuple(np.append(c, np.nan if c.dtype.kind == "f" else 0).astype(c.dtype, copy=False)
                        for c in compute(self.lon[points], self.lat[points]))
        return _Values(where, points, columns)

    def _shape(self, feature_id: str) -> VersionShape | None:
        return self.shapes.get(feature_id, self.day)

    def _unknown(self, feature_id: str, rows: np.ndarray) -> ZoneMargin:
        nan = np.full(len(rows), np.nan)
        return ZoneMargin(nan, nan, nan, nan, nan, np.zeros(len(rows), np.int32),
                          [f"{feature_id}@none"])

    def _memo_get(self, shape: VersionShape, mode: str,
                  rows: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """A feature's per-point arrays (all points, or those at `rows`)."""
        return self._values(shape, mode).at(rows)

    def _values(self, shape: VersionShape, mode: str) -> _Values:
        """Compute a feature's per-point columns once per mode (see `_memo_get`)."""
        key = (shape.label, mode)
        if key in self._memo:
            return self._memo[key]
        if mode == "distance" and shape.feature.kind == "area":  # one kernel call for both
            signed = self._values(shape, "signed")
            sd, flon, flat = signed.columns
            found = signed.with_columns((np.maximum(-sd, 0.0), flon, flat))
        elif mode == "distance":
            path = self._values(shape, "path")
            d, _, flon, flat = path.columns
            found = path.with_columns((d, flon, flat))
        elif mode == "signed":
            found = self._at_needed(shape.feature.id, shape.signed_distance_m)
        elif mode == "signed-bound":  # a cheap lower bound of "signed"
            found = self._at_needed(shape.feature.id, lambda lon, lat: (shape.signed_lower_bound(lon, lat),))
        elif mode == "path":  # the feature's own path: distance, right-hand flag, nearest point
            found = self._at_needed(shape.feature.id, shape.polylines.distance)
        else:
            found = self._extended_side(shape)
        self._memo[key] = found
        return found

    def _extended_side(self, shape: VersionShape) -> _Values:
        """Distance, right-hand flag and nearest point of the line extended to the theatre's edge.

        The extended line is the line plus two tails, so its nearest point is the line's own
        wherever the tails are provably farther; only the other points are computed again.
        """
        theatre = self._shape(self.shapes.pack.theatre)
        assert theatre is not None
        path = self._values(shape, "path")
        d, right, flon, flat = (a.copy() for a in path.columns)
        known = np.flatnonzero(~np.isnan(d))
        held = known if path.points is None else path.points[known]  # their evaluator points
        lon, lat = self.lon[held], self.lat[held]
        near = shape.tails_lower_bound(theatre, lon, lat) <= d[known]
        if near.any():
            found = shape.extended(theatre.geometry, theatre.label).distance(lon[near], lat[near])
            for column, part in zip((d, right, flon, flat), found, strict=True):
                column[known[near]] = part
        return path.with_columns((d, right, flon, flat))

    def _leaf(self, shape: VersionShape, margin: np.ndarray, flon: np.ndarray, flat: np.ndarray,
              dist: np.ndarray | None = None) -> ZoneMargin:
        n = len(margin)
        return ZoneMargin(margin, np.full(n, shape.feature.accuracy_m), flon, flat,
                          np.full(n, np.nan) if dist is None else dist,
                          np.zeros(n, np.int32), [shape.label])

    def zone(self, zone: Zone, agreement: Agreement | None = None,
             rows: np.ndarray | None = None) -> ZoneMargin:
        """Signed margin to `zone` of the points at `rows` (all when None).

        The zone's refs are linked by its agreement; a zone the expression names more than once
        is computed once (memoized by identity for this call), so nesting cannot blow up.
        """
        return self._node(zone, np.arange(len(self.lon)) if rows is None else rows, {})

    def _node(self, zone: Zone, rows: np.ndarray, memo: dict[int, ZoneMargin]) -> ZoneMargin:
        found = memo.get(id(zone))
        if found is None:
            self.evaluations += 1
            found = memo[id(zone)] = self._compute(zone, rows, memo)
        return found

    def _compute(self, zone: Zone, rows: np.ndarray, memo: dict[int, ZoneMargin]) -> ZoneMargin:
        match zone:
            case zm.RefZone():
                return self._node(zone.target, rows, memo)
            case zm.WithinZone(within=spec) | zm.BeyondZone(beyond=spec) | zm.BandZone(band=spec):
                shape = self._shape(spec.of)
                if shape is None:
                    return self._unknown(spec.of, rows)
                d, flon, flat = self._memo_get(shape, "distance", rows)
                if shape.feature.kind == "area":  # depth inside the area counts as negative distance
                    sd = self._memo_get(shape, "signed", rows)[0]
                    d = np.where(sd > 0, -sd, d)
                if isinstance(zone, zm.WithinZone):
                    w = zone.within
                    margin = w.km * 1000.0 - d
                    if w.ends == "flat" and shape.feature.kind == "line":
                        margin = np.minimum(margin, flat_end_margin_m(shape, w.km, self.lon[rows],
                                                                      self.lat[rows], flon, flat))
                elif isinstance(zone, zm.BeyondZone):
                    margin = d - zone.beyond.km * 1000.0
                elif zone.band.from_km == 0 and shape.feature.kind != "area":
                    margin = zone.band.to_km * 1000.0 - d  # a line or point is inside its own 0-x band
                else:
                    margin = np.minimum(d - zone.band.from_km * 1000.0, zone.band.to_km * 1000.0 - d)
                return self._leaf(shape, margin, flon, flat, np.maximum(d, 0.0))
            case zm.AreaZone(area=area):
                shape = self._shape(area)
                if shape is None:
                    return self._unknown(area, rows)
                sd, flon, flat = self._memo_get(shape, "signed", rows)
                return self._leaf(shape, sd, flon, flat)
            case zm.SideZone(side=side):
                return self._side(side, rows)
            case zm.AllOfZone() | zm.AnyOfZone():
                parts = [self._node(z, rows, memo) for z in zone.members()]
                return _pick(parts, take_min=isinstance(zone, zm.AllOfZone))
            case zm.NotZone(not_=inner):
                return self._node(inner, rows, memo).negated()
        raise AssertionError(zone.op)  # pragma: no cover

    def _side(self, spec: zm.Side, rows: np.ndarray) -> ZoneMargin:
        shape = self._shape(spec.of)
        theatre = self._shape(self.shapes.pack.theatre)
        if shape is None or theatre is None:
            return self._unknown(spec.of if shape is None else self.shapes.pack.theatre, rows)
        d, right, flon, flat = self._memo_get(shape, "side", rows)
        if spec.facing is not None:
            want_right = right_side_faces(shape, spec.facing)
        else:
            assert spec.toward is not None  # a Side has toward or facing
            target = self._shape(spec.toward)
            if target is None:
                return self._unknown(spec.toward, rows)
            tlon, tlat = target.representative_point()
            td, tright, _, _ = shape.extended(theatre.geometry, theatre.label).distance(
                np.array([tlon]), np.array([tlat]))
            if td[0] < 1.0:
                raise PackError(f"side of {spec.of}: {spec.toward} lies on the line; "
                                "choose a feature clearly on one side")
            want_right = bool(tright[0])
        side = self._leaf(shape, np.where(right == want_right, d, -d), flon, flat)
        # the theatre's edge decides only where it may come closer than the line: elsewhere
        # a cheap lower bound of its distance proves the line's margin is the smaller one
        sd, tflon, tflat = (np.full(len(rows), np.inf) for _ in range(3))
        close = self._memo_get(theatre, "signed-bound", rows)[0] <= side.margin_m
        if close.any():
            sd[close], tflon[close], tflat[close] = self._exact_signed(theatre, rows[close])
        return _pick([side, self._leaf(theatre, sd, tflon, tflat)], take_min=True)

    def _exact_signed(self, shape: VersionShape, rows: np.ndarray) -> tuple[np.ndarray, ...]:
        """Signed distance to an area's edge at `rows`, computed once per point."""
        key = (shape.label, "signed-partial")
        if key not in self._partial:
            self._partial[key] = (np.zeros(len(self.lon), bool), *(np.full(len(self.lon), np.nan)
                                                                   for _ in range(3)))
        done, *values = self._partial[key]
        todo = rows[~done[rows]]
        if len(todo):
            found = shape.signed_distance_m(self.lon[todo], self.lat[todo])
            for column, part in zip(values, found, strict=True):
                column[todo] = part
            done[todo] = True
        return tuple(column[rows] for column in values)


def flat_end_margin_m(shape: VersionShape, km: float, lon: np.ndarray, lat: np.ndarray,
                      foot_lon: np.ndarray, foot_lat: np.ndarray) -> np.ndarray:
    """How far inside the two flat ends of a corridor along a line each point is, metres.

    Each end is cut by the geodesic through the line's end vertex, square to the line, `km` to
    each side. A point whose nearest point on the line is an end vertex lies beyond that cut
    (negative: minus its distance to the cut); any other point lies within (plus that distance).
    The distance is exact (the kernel), so the corridor's margin, the minimum of this and
    `km` minus the distance to the line, keeps the sign exact and its size a lower bound.
    """
    coords = np.asarray(shape.geometry.coords)
    out = np.full(len(lon), np.inf)
    for end, inward in ((coords[0], coords[1:]), (coords[-1], coords[-2::-1])):
        step = next((p for p in inward if GEOD.inv(*end, *p)[2] > 0), None)
        if step is None:
            continue
        az = GEOD.inv(*end, *step)[0]
        left = GEOD.fwd(end[0], end[1], az - 90.0, km * 1000.0)[:2]
        right = GEOD.fwd(end[0], end[1], az + 90.0, km * 1000.0)[:2]
        cut = Polylines.from_parts([np.array([left, end, right])])
        d_cut = cut.distance(lon, lat)[0]
        n = len(lon)
        at_end = GEOD.inv(foot_lon, foot_lat, np.full(n, end[0]), np.full(n, end[1]))[2] < 1e-3
        out = np.minimum(out, np.where(at_end, -d_cut, d_cut))
    return out
