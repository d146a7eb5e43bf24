"""Zone expressions evaluated as signed geodesic margins (metres, positive inside).

Primitive zones are exact to the kernel's precision. Compound zones combine margins:
`all_of` takes the minimum, `any_of` the maximum, `not` the negation. The sign is always
exact; the magnitude is exact inside an intersection and outside a union, and a lower
bound on the true distance otherwise (conservative: it can only turn compliant into possible).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from standoff.errors import PackError
from standoff.geo.features import ShapeCache, VersionShape, right_side_faces
from standoff.model import Agreement, Zone


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

    def head(self, n: int) -> ZoneMargin:
        """The first n points only."""
        return ZoneMargin(self.margin_m[:n], self.accuracy_m[:n], self.foot_lon[:n], self.foot_lat[:n],
                          self.distance_m[:n], self.feature[:n], self.labels)

    def negated(self) -> ZoneMargin:
        return ZoneMargin(-self.margin_m, self.accuracy_m, self.foot_lon, self.foot_lat,
                          self.distance_m, self.feature, self.labels)


def _pick(parts: list[ZoneMargin], take_min: bool) -> ZoneMargin:
    stack = np.vstack([p.margin_m for p in parts])
    filled = np.where(np.isnan(stack), np.inf if take_min else -np.inf, stack)
    which = np.argmin(filled, axis=0) if take_min else np.argmax(filled, axis=0)
    cols = np.arange(stack.shape[1])
    labels: list[str] = []
    offsets = []
    for p in parts:
        offsets.append(p.feature + len(labels))
        labels += p.labels
    feature = np.vstack(offsets)

    def take(name: str) -> np.ndarray:
        return np.vstack([getattr(p, name) for p in parts])[which, cols]

    margin = stack[which, cols]
    margin[np.isnan(stack).any(axis=0)] = np.nan  # unknown if any part is unknown
    return ZoneMargin(margin, take("accuracy_m"), take("foot_lon"), take("foot_lat"),
                      take("distance_m"), feature[which, cols], labels)


class EpochEvaluator:
    """Evaluates zones for one set of points on one day, sharing feature distances."""

    def __init__(self, shapes: ShapeCache, lon: np.ndarray, lat: np.ndarray, day: date | None) -> None:
        self.shapes, self.lon, self.lat, self.day = shapes, lon, lat, day
        self._memo: dict[tuple[str, str], tuple[np.ndarray, ...]] = {}

    def _shape(self, feature_id: str) -> VersionShape | None:
        return self.shapes.get(feature_id, self.day)

    def _unknown(self, feature_id: str) -> ZoneMargin:
        nan = np.full(len(self.lon), np.nan)
        return ZoneMargin(nan, nan, nan, nan, nan, np.zeros(len(self.lon), np.int32),
                          [f"{feature_id}@none"])

    def _memo_get(self, shape: VersionShape, mode: str) -> tuple[np.ndarray, ...]:
        key = (shape.label, mode)
        if key not in self._memo:
            if mode == "distance":
                self._memo[key] = shape.distance_m(self.lon, self.lat)
            elif mode == "signed":
                self._memo[key] = shape.signed_distance_m(self.lon, self.lat)
            else:  # side of the extended line: distance and right-hand flag
                theatre = self._shape(self.shapes.pack.theatre)
                assert theatre is not None
                d, right, flon, flat = shape.extended(theatre.geometry, theatre.label).distance(
                    self.lon, self.lat)
                self._memo[key] = (d, right, flon, flat)
        return self._memo[key]

    def _leaf(self, shape: VersionShape, margin: np.ndarray, flon: np.ndarray, flat: np.ndarray,
              dist: np.ndarray | None = None) -> ZoneMargin:
        n = len(self.lon)
        return ZoneMargin(margin, np.full(n, shape.feature.accuracy_m), flon, flat,
                          np.full(n, np.nan) if dist is None else dist,
                          np.zeros(n, np.int32), [shape.label])

    def zone(self, zone: Zone, agreement: Agreement) -> ZoneMargin:
        """Signed margin of every point to `zone` (named zones resolved in `agreement`)."""
        match zone.op:
            case "ref":
                return self.zone(agreement.zones[zone.ref], agreement)  # type: ignore[index]
            case "within" | "beyond" | "band":
                spec = getattr(zone, zone.op)
                shape = self._shape(spec.of)
                if shape is None:
                    return self._unknown(spec.of)
                d, flon, flat = self._memo_get(shape, "distance")
                if shape.feature.kind == "area":  # depth inside the area counts as negative distance
                    sd = self._memo_get(shape, "signed")[0]
                    d = np.where(sd > 0, -sd, d)
                if zone.op == "within":
                    margin = spec.km * 1000.0 - d
                elif zone.op == "beyond":
                    margin = d - spec.km * 1000.0
                else:
                    margin = np.minimum(d - spec.from_km * 1000.0, spec.to_km * 1000.0 - d)
                return self._leaf(shape, margin, flon, flat, np.maximum(d, 0.0))
            case "area":
                shape = self._shape(zone.area)  # type: ignore[arg-type]
                if shape is None:
                    return self._unknown(zone.area)  # type: ignore[arg-type]
                sd, flon, flat = self._memo_get(shape, "signed")
                return self._leaf(shape, sd, flon, flat)
            case "side":
                return self._side(zone)
            case "all_of" | "any_of":
                parts = [self.zone(z, agreement) for z in getattr(zone, zone.op)]
                return _pick(parts, take_min=zone.op == "all_of")
            case "not":
                return self.zone(zone.not_, agreement).negated()  # type: ignore[arg-type]
        raise AssertionError(zone.op)  # pragma: no cover

    def _side(self, zone: Zone) -> ZoneMargin:
        spec = zone.side
        assert spec is not None
        shape = self._shape(spec.of)
        theatre = self._shape(self.shapes.pack.theatre)
        if shape is None or theatre is None:
            return self._unknown(spec.of if shape is None else self.shapes.pack.theatre)
        d, right, flon, flat = self._memo_get(shape, "side")
        if spec.facing is not None:
            want_right = right_side_faces(shape, spec.facing)
        else:
            target = self._shape(spec.toward)  # type: ignore[arg-type]
            if target is None:
                return self._unknown(spec.toward)  # type: ignore[arg-type]
            tlon, tlat = target.representative_point()
            td, tright, _, _ = shape.extended(theatre.geometry, theatre.label).distance(
                np.array([tlon]), np.array([tlat]))
            if td[0] < 1.0:
                raise PackError(f"side of {spec.of}: {spec.toward} lies on the line; "
                                "choose a feature clearly on one side")
            want_right = bool(tright[0])
        side = self._leaf(shape, np.where(right == want_right, d, -d), flon, flat)
        sd, tflon, tflat = self._memo_get(theatre, "signed")
        return _pick([side, self._leaf(theatre, sd, tflon, tflat)], take_min=True)
