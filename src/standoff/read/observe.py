"""From position claims to `standoff.model.Observation` records the engine evaluates."""

from __future__ import annotations

from typing import cast

import numpy as np
from shapely import LineString, Point, Polygon
from shapely.ops import polylabel

from standoff.geo.ellipsoid import GEOD
from standoff.geo.features import feature_geometry
from standoff.geo.shapes import buffer_m
from standoff.model import Observation, Pack
from standoff.read.offset import offset_point, offset_radius_m
from standoff.read.records import Claim

__all__ = ["NEAR_KM", "observations"]

#: How far "near X" reaches beyond X's own uncertainty, by kind of place, kilometres.
NEAR_KM: dict[str, float] = {"village": 3, "town": 5, "base": 3, "airport": 5, "city": 10,
                             "capital": 10, "line": 10, "area": 5, "region": 10, "province": 10}
#: Places too coarse to be a position (a country): such claims stay claims.
MAX_RADIUS_M = 100_000


def _area(shape: Polygon, pack: Pack) -> dict[str, object]:
    """An area observation: its ring, and the centre and enclosing radius a table reader derives.

    The centre is the ring's centroid and the radius the farthest vertex from it (geodesic), as
    `standoff.ingest` computes them from a `geometry` column, so a CSV written with the ring as
    WKT reads back as the same observation.
    """
    theatre = feature_geometry(pack, pack.theatre)
    if theatre is not None:
        clipped = shape.intersection(theatre)
        if isinstance(clipped, Polygon) and not clipped.is_empty:
            shape = clipped
    shape = cast(Polygon, shape.simplify(0.002))  # ~200 m, plenty below the stated accuracies
    ring = [(round(x, 5), round(y, 5)) for x, y in shape.exterior.coords]
    centre = Polygon(ring).centroid
    xy = np.asarray(ring)
    n = len(xy)
    _, _, d = GEOD.inv(np.full(n, centre.x), np.full(n, centre.y), xy[:, 0], xy[:, 1])
    return {"lon": centre.x, "lat": centre.y, "radius_m": float(np.max(d)), "area": ring}


def _feature_geometry(claim: Claim, pack: Pack) -> dict[str, object] | None:
    fid = claim.feature
    shape = feature_geometry(pack, fid, claim.time) if fid else None
    if shape is None:
        return None
    kind = claim.modifiers[0].kind if claim.modifiers else "at"
    near_km = NEAR_KM["line"] if isinstance(shape, LineString) else NEAR_KM["area"]
    if isinstance(shape, Polygon):
        centre = polylabel(shape, tolerance=0.001)
        if kind == "near":
            return _area(cast(Polygon, buffer_m(shape, near_km * 1000)), pack)
        # "in the zone" says the force is inside it: a point well inside, not the whole area,
        # which the engine would judge up to its edges
        return {"lon": centre.x, "lat": centre.y, "radius_m": 0.0}
    if isinstance(shape, LineString):
        reach_km = near_km
        mod = claim.modifiers[0] if claim.modifiers else None
        if mod is not None and mod.kind in ("distance", "within", "band"):
            reach_km = mod.to_km or (mod.km or near_km) * 1.2
        return _area(cast(Polygon, buffer_m(shape, reach_km * 1000)), pack)
    point = cast(Point, shape)  # a point feature
    return {"lon": point.x, "lat": point.y, "radius_m": near_km * 1000}


def _place_geometry(claim: Claim) -> dict[str, object] | None:
    place = claim.place
    if place is None or not place.resolved or place.lon is None or place.lat is None:
        return None
    radius = float(place.uncertainty_m or 0)
    mod = claim.modifiers[0] if claim.modifiers else None
    if mod is not None and mod.kind == "distance" and mod.facing and mod.km:  # "N km east of X"
        lon, lat = offset_point(place.lon, place.lat, mod.km, mod.facing)
        radius = offset_radius_m(radius, mod.km, mod.approximate)
        return None if radius > MAX_RADIUS_M else {"lon": lon, "lat": lat, "radius_m": radius}
    if mod is not None and mod.kind == "near":
        radius += NEAR_KM.get(place.kind or "", 5) * 1000
    elif mod is not None and mod.kind in ("distance", "within", "beyond", "band"):
        radius += (mod.to_km or (mod.km or 0) * 1.2) * 1000
    if radius > MAX_RADIUS_M:
        return None
    return {"lon": place.lon, "lat": place.lat, "radius_m": radius}


def observations(claims: list[Claim], pack: Pack) -> list[Observation]:
    """One Observation per located, non-negated position claim."""
    out: list[Observation] = []
    for claim in claims:
        if claim.kind != "position" or claim.modality == "negated" or claim.predicate == "withdrew":
            continue  # a withdrawal says where they no longer are
        if claim.predicate == "struck" and not claim.target:
            continue  # the striker was not at the place it hit
        if claim.modifiers and claim.modifiers[0].kind == "side":
            continue  # half a theatre is not a position
        geo = _feature_geometry(claim, pack) if claim.feature else _place_geometry(claim)
        if geo is None:
            continue
        out.append(Observation(
            id=claim.id, time=claim.time, time_end=claim.time_end, actor=claim.actor,
            source=claim.source, quote=claim.quote, attribution=claim.attribution,
            confidence=claim.confidence, span=claim.span, context=claim.sentence,
            count=claim.count, unit=claim.unit,
            **geo))  # type: ignore[arg-type]
    return out
