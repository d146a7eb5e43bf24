"""GeoJSON of zones and reference features, per epoch of feature versions."""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely

from standoff.engine.epochs import NEVER, SINCE_EVER, epochs
from standoff.engine.sentences import day_text
from standoff.geo.features import ShapeCache
from standoff.geo.shapes import ZoneShaper, geodesic_area_km2
from standoff.model import Pack


def _bound(days: int) -> str | None:
    return None if days in (SINCE_EVER, NEVER) else day_text(days)


def zones_geojson(pack: Pack, agreement_id: str, at: date | None = None) -> dict[str, Any]:
    """The agreement's clause zones as a FeatureCollection (lon/lat).

    With `at`, one feature per clause for that day; without, one per clause and epoch, with
    `valid_from`/`valid_to` saying when that shape holds.
    """
    from standoff.engine.check import select_agreements

    agreement = select_agreements(pack, [agreement_id])[0]
    periods = epochs(pack, [agreement])
    todo = [(at, None, None)] if at else [(e.day, _bound(e.start), _bound(e.end)) for e in periods]
    features = []
    for day, valid_from, valid_to in todo:
        shaper = ZoneShaper(pack, day)
        for clause in agreement.clauses:
            geom = shaper.zone(clause.zone, agreement)
            features.append({
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom) if not geom.is_empty else None,
                "properties": {
                    "agreement_id": agreement.id, "clause_id": clause.id, "kind": clause.kind,
                    "actor": ", ".join(clause.actor), "description": clause.zone.describe(),
                    "quote": clause.quote, "area_km2": round(geodesic_area_km2(geom), 1),
                    "valid_from": valid_from if not at else at.isoformat(),
                    "valid_to": valid_to if not at else at.isoformat(),
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
