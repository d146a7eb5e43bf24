"""Zone margins from the certified planar distance (`geo.planar`), as intervals that hold the exact.

`PlanarEvaluator.zone` mirrors `zones.EpochEvaluator.zone` with each feature distance taken
from the planar pass: every margin comes with [lo, hi], an interval that holds the margin the
exact kernel gives (the planar error bound plus `SLACK_M` for the kernel's own error). Margins
are built by subtraction from constants, min, max and negation, which map intervals to
intervals. A side's sign is certain only where the distance exceeds its error. Where no bound
is claimed (high latitudes, beyond `planar.MAX_DISTANCE_M`, corridors with flat ends, an
undefined side) the interval is unbounded. `sure` says the deciding feature is the exact
kernel's too: at each min or max the chosen part's interval lies strictly beyond the others'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from standoff.geo import planar
from standoff.geo.features import ShapeCache, VersionShape, right_side_faces
from standoff.geo.grid import SLACK_M
from standoff.geo.polyline import Polylines
from standoff.geo.zones import ZoneMargin
from standoff.model import Zone
from standoff.model import zone as zm


@dataclass
class PlanarMargin:
    """Per point: the planar margin (m, positive inside), an interval holding the exact one, and
    what decided it (as `ZoneMargin`); `sure`: the exact kernel picks the same feature."""

    value: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    sure: np.ndarray
    accuracy_m: np.ndarray
    distance_m: np.ndarray
    feature: np.ndarray
    labels: list[str]

    def negated(self) -> PlanarMargin:
        return PlanarMargin(-self.value, -self.hi, -self.lo, self.sure, self.accuracy_m, self.distance_m,
                            self.feature, self.labels)

    def as_zone_margin(self, rows: np.ndarray) -> ZoneMargin:
        """The points at `rows` as a `ZoneMargin` (no nearest point: NaN)."""
        nan = np.full(len(rows), np.nan)
        return ZoneMargin(self.value[rows], self.accuracy_m[rows], nan, nan, self.distance_m[rows],
                          self.feature[rows], self.labels)


def _pick(parts: list[PlanarMargin], take_min: bool) -> PlanarMargin:
    """Per point, the part with the lowest (all_of) or highest (any_of) margin, as `zones._pick`."""
    index: dict[str, int] = {}

    def remap(labels: list[str]) -> np.ndarray:
        return np.array([index.setdefault(label, len(index)) for label in labels], np.int32)

    first = parts[0]
    best = PlanarMargin(first.value, first.lo, first.hi, first.sure, first.accuracy_m, first.distance_m,
                        remap(first.labels)[first.feature], first.labels)
    for part in parts[1:]:
        better = part.value < best.value if take_min else part.value > best.value
        # the exact kernel picks the same part only if the chosen interval is strictly beyond
        apart = (part.hi < best.lo) if take_min else (part.lo > best.hi)
        kept = (best.hi < part.lo) if take_min else (best.lo > part.hi)
        sure = np.where(better, part.sure & apart, best.sure & kept)
        pick = np.minimum if take_min else np.maximum
        unknown = np.isnan(best.value) | np.isnan(part.value)
        value = np.where(better, part.value, best.value)
        value[unknown] = np.nan
        feature = np.where(better, remap(part.labels)[part.feature], best.feature)
        accuracy, distance = (np.where(better, getattr(part, f), getattr(best, f))
                              for f in ("accuracy_m", "distance_m"))
        best = PlanarMargin(value, pick(best.lo, part.lo), pick(best.hi, part.hi), sure, accuracy, distance,
                            feature, best.labels)
    return PlanarMargin(best.value, best.lo, best.hi, best.sure, best.accuracy_m, best.distance_m,
                        best.feature, list(index))


class PlanarEvaluator:
    """Planar zone margins for one set of points on one day, sharing feature distances."""

    def __init__(self, shapes: ShapeCache, lon: np.ndarray, lat: np.ndarray, day: date | None,
                 need: dict[str, np.ndarray] | None = None) -> None:
        """`need` limits each feature's distances to the points some clause needs (NaN elsewhere)."""
        self.shapes, self.lon, self.lat, self.day = shapes, lon, lat, day
        self.need = need or {}
        self._memo: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._partial: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        self.rows = np.arange(len(lon))

    def _shape(self, feature_id: str) -> VersionShape | None:
        return self.shapes.get(feature_id, self.day)

    def _distance(self, shape: VersionShape,
                  extended: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Planar distance, its error bound (inf where none is claimed) and side (1, -1, 0)."""
        key = (shape.label, "side" if extended else "path")
        if key not in self._memo:
            lines = shape.polylines
            if extended:
                theatre = self._shape(self.shapes.pack.theatre)
                assert theatre is not None
                lines = shape.extended(theatre.geometry, theatre.label)
            mask = self.need.get(shape.feature.id)
            at = slice(None) if mask is None or mask.all() else np.flatnonzero(mask)
            d, side = np.full(len(self.lon), np.nan), np.zeros(len(self.lon), np.int8)
            d[at], side[at] = planar.distance(lines, self.lon[at], self.lat[at])
            ok = planar.claimed(lines, self.lat) & (d <= planar.MAX_DISTANCE_M)
            err = np.where(ok, planar.error_m(d) + SLACK_M, np.inf)
            self._memo[key] = (d, err, side)
        d, err, side = self._memo[key]
        return d[self.rows], err[self.rows], side[self.rows]

    def _at(self, key: str, lines: Polylines, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """As `_distance`, to `lines` at evaluator points `rows` only, each computed once."""
        if key not in self._partial:
            n = len(self.lon)
            self._partial[key] = (np.zeros(n, bool), np.full(n, np.nan), np.full(n, np.inf),
                                  np.zeros(n, np.int8))
        done, d, err, side = self._partial[key]
        todo = rows[~done[rows]]
        if len(todo):
            d[todo], side[todo] = planar.distance(lines, self.lon[todo], self.lat[todo])
            ok = planar.claimed(lines, self.lat[todo]) & (d[todo] <= planar.MAX_DISTANCE_M)
            err[todo] = np.where(ok, planar.error_m(d[todo]) + SLACK_M, np.inf)
            done[todo] = True
        return d[rows], err[rows], side[rows]

    def _signed(self, shape: VersionShape, d: np.ndarray, err: np.ndarray, side: np.ndarray,
                right: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Signed distance (positive on the `right` side) with its interval; either sign near the line."""
        sign = np.where(side == 0, 0, np.where((side > 0) == right, 1.0, -1.0))
        value = sign * d
        certain = (d > err) & (sign != 0)
        return value, np.where(certain, value - err, -d - err), np.where(certain, value + err, d + err)

    def _leaf(self, shape: VersionShape, value: np.ndarray, lo: np.ndarray, hi: np.ndarray,
              distance: np.ndarray | None = None) -> PlanarMargin:
        n = len(value)
        return PlanarMargin(value, lo, hi, np.ones(n, bool), np.full(n, shape.feature.accuracy_m),
                            np.full(n, np.nan) if distance is None else distance, np.zeros(n, np.int32),
                            [shape.label])

    def _unknown(self, feature_id: str) -> PlanarMargin:
        nan = np.full(len(self.rows), np.nan)
        return PlanarMargin(nan, nan, nan, np.zeros(len(nan), bool), nan, nan, np.zeros(len(nan), np.int32),
                            [f"{feature_id}@none"])

    def zone(self, zone: Zone, rows: np.ndarray | None = None) -> PlanarMargin:
        """Planar margin to `zone` of the points at `rows` (all when None); refs are linked by
        the agreement already, and a zone named twice is computed once."""
        self.rows = np.arange(len(self.lon)) if rows is None else rows
        return self._node(zone, {})

    def _node(self, zone: Zone, memo: dict[int, PlanarMargin]) -> PlanarMargin:
        if id(zone) not in memo:
            memo[id(zone)] = self._compute(zone, memo)
        return memo[id(zone)]

    def _compute(self, zone: Zone, memo: dict[int, PlanarMargin]) -> PlanarMargin:
        match zone:
            case zm.RefZone():
                return self._node(zone.target, memo)
            case zm.WithinZone(within=spec) | zm.BeyondZone(beyond=spec) | zm.BandZone(band=spec):
                shape = self._shape(spec.of)
                return self._unknown(spec.of) if shape is None else self._distance_zone(zone, shape)
            case zm.AreaZone(area=area):
                shape = self._shape(area)
                if shape is None:
                    return self._unknown(area)
                return self._leaf(shape, *self._signed(shape, *self._distance(shape)))
            case zm.SideZone(side=side):
                return self._side(side)
            case zm.AllOfZone() | zm.AnyOfZone():
                parts = [self._node(z, memo) for z in zone.members()]
                return _pick(parts, take_min=isinstance(zone, zm.AllOfZone))
            case zm.NotZone(not_=inner):
                return self._node(inner, memo).negated()
        raise AssertionError(zone.op)  # pragma: no cover

    def _distance_zone(self, zone: zm.WithinZone | zm.BeyondZone | zm.BandZone,
                       shape: VersionShape) -> PlanarMargin:
        """within / beyond / band: km minus the distance, or the distance minus km, or both."""
        d, err, side = self._distance(shape)
        lo, hi = np.maximum(d - err, 0.0), d + err
        if shape.feature.kind == "area":  # depth inside counts as negative distance
            sd, sd_lo, sd_hi = self._signed(shape, d, err, side)
            d, lo, hi = -sd, -sd_hi, -sd_lo
        if isinstance(zone, zm.WithinZone):
            km = zone.within.km * 1000.0
            margin, m_lo, m_hi = km - d, km - hi, km - lo
            if zone.within.ends == "flat" and shape.feature.kind == "line":  # not modelled: no claim
                m_lo, m_hi = np.full(len(d), -np.inf), np.full(len(d), np.inf)
        elif isinstance(zone, zm.BeyondZone):
            km = zone.beyond.km * 1000.0
            margin, m_lo, m_hi = d - km, lo - km, hi - km
        elif zone.band.from_km == 0 and shape.feature.kind != "area":
            km = zone.band.to_km * 1000.0
            margin, m_lo, m_hi = km - d, km - hi, km - lo
        else:
            near, far = zone.band.from_km * 1000.0, zone.band.to_km * 1000.0
            margin = np.minimum(d - near, far - d)
            m_lo, m_hi = np.minimum(lo - near, far - hi), np.minimum(hi - near, far - lo)
        return self._leaf(shape, margin, m_lo, m_hi, np.maximum(d, 0.0))

    def _side(self, spec: zm.Side) -> PlanarMargin:
        """The line's side (extended across the theatre), capped by the theatre's edge."""
        shape = self._shape(spec.of)
        theatre = self._shape(self.shapes.pack.theatre)
        if shape is None or theatre is None:
            return self._unknown(spec.of if shape is None else self.shapes.pack.theatre)
        if spec.facing is not None:
            want_right = right_side_faces(shape, spec.facing)
        else:
            target = self._shape(spec.toward or "")
            if target is None:
                return self._unknown(spec.toward or "")
            tlon, tlat = target.representative_point()
            td, tright, _, _ = shape.extended(theatre.geometry, theatre.label).distance(
                np.array([tlon]), np.array([tlat]))
            if td[0] < 1.0:  # no side: the exact evaluator says why
                return self._unknown(spec.of)
            want_right = bool(tright[0])
        rows = self.rows
        lon, lat = self.lon[rows], self.lat[rows]
        # the line's own distance, and the extended line's where its tails may be nearer (the
        # planar distance to the tails is at least their lower bound minus its error) or the
        # nearest point is the line's end (no side)
        d, err, side = self._distance(shape)
        tails = shape.tails_lower_bound(theatre, lon, lat)
        ext = np.flatnonzero(~(tails - planar.error_m(tails) - SLACK_M > d + err) | (side == 0))
        if len(ext):
            d, err, side = d.copy(), err.copy(), side.copy()
            lines = shape.extended(theatre.geometry, theatre.label)
            d[ext], err[ext], side[ext] = self._at(f"{shape.label} extended", lines, rows[ext])
        line = self._leaf(shape, *self._signed(shape, d, err, side, right=want_right))
        # the theatre's edge only where it may come nearer than the line's side could be
        n = len(rows)
        value, lo, hi = np.full(n, np.inf), np.full(n, np.inf), np.full(n, np.inf)
        close = np.flatnonzero(~(theatre.signed_lower_bound(lon, lat) > line.hi))
        if len(close):
            value[close], lo[close], hi[close] = self._signed(
                theatre, *self._at(theatre.label, theatre.polylines, rows[close]))
        return _pick([line, self._leaf(theatre, value, lo, hi)], take_min=True)
