"""GeoJSON of zones and reference features, per epoch of feature versions."""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely

from standoff.engine.check import select_agreements
from standoff.engine.epochs import NEVER, SINCE_EVER, Epoch, day_number, epochs, period
from standoff.geo.features import ShapeCache
from standoff.geo.shapes import ZoneShaper, geodesic_area_km2
from standoff.model import Pack
from standoff.model.actor import describe_selectors
from standoff.model.days import Moment, day_text, moment_text


def _bound(days: int, moment: Moment | None = None) -> str | None:
    """A day as text, or the clause's own bound (an instant keeps its time and offset)."""
    if moment is not None:
        return moment_text(moment)
    return None if days in (SINCE_EVER, NEVER) else day_text(days)


def zones_geojson(pack: Pack, agreement_id: str, at: date | None = None) -> dict[str, Any]:
    """The agreement's clause zones as a FeatureCollection (lon/lat).

    With `at`, one feature per clause in force that day; without, one per clause and epoch
    while the clause is in force, with `valid_from`/`valid_to` saying when that shape holds.
    """
    agreement = select_agreements(pack, [agreement_id])[0]
    periods = [Epoch(day_number(at, 0), day_number(at, 0) + 1)] if at else epochs(pack, [agreement])
    features = []
    for epoch in periods:
        shaper = ZoneShaper(pack, at or epoch.day)
        for clause in agreement.clauses:
            when = period(agreement, clause)
            lo, hi = when.days()
            start, end = max(lo, epoch.start), min(hi, epoch.end)
            if start >= end:
                continue
            geom = shaper.zone(clause.zone, agreement)
            if geom.is_empty:  # nothing to draw (e.g. an intersection of parts that do not meet)
                continue
            features.append({
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom),
                "properties": {
                    "agreement_id": agreement.id, "clause_id": clause.id, "kind": clause.kind,
                    "actor": describe_selectors(clause.actor), "description": clause.zone.describe(),
                    "quote": clause.quote, "area_km2": round(geodesic_area_km2(geom), 1),
                    "valid_from": at.isoformat() if at else _bound(start, when.start if start == lo
                                                                   else None),
                    "valid_to": at.isoformat() if at else _bound(end, when.end if end == hi else None),
                },
            })
    return {"type": "FeatureCollection", "features": features}


def features_geojson(pack: Pack, at: date | None = None) -> dict[str, Any]:
    """The pack's reference features, every version (or the one in force `at`)."""
    shapes = ShapeCache(pack)
    out = []
    for f in pack.features.values():
        versions = [f.version_at(at)] if at else f.versions
        for v in versions:
            if v is None:
                continue
            shape = shapes.get(f.id, v.valid_from if v.valid_from else at)
            if shape is None or shape.version != v:
                shape = shapes.get(f.id, v.valid_from)
            if shape is None:
                continue
            out.append({
                "type": "Feature",
                "geometry": shapely.geometry.mapping(shape.geometry),
                "properties": {"id": f.id, "name": f.name, "kind": f.kind, "version": v.version,
                               "valid_from": v.valid_from.isoformat() if v.valid_from else None,
                               "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                               "accuracy_m": f.accuracy_m, "source": f.source, "note": v.note},
            })
    return {"type": "FeatureCollection", "features": out}
