"""The data a map page draws: one JSON-ready dict built from a check result and its pack.

This module only gathers and shapes data; `map.py` turns it into HTML. Geometries of zones
and reference features come from the engine (`zones_geojson`, `features_geojson`), never
from its internals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Literal, TypeAlias

import numpy as np

from standoff.engine.geojson import features_geojson, zones_geojson
from standoff.engine.result import CheckResult
from standoff.errors import StandoffError
from standoff.model import STATUSES, ObservationSet, Pack, Verdict
from standoff.model.actor import describe_selectors
from standoff.model.codes import StatusCode
from standoff.report.basemap import BBox, countries_geojson, map_bbox

__all__ = ["COLORS", "RANK", "ColourBy", "Result", "agreement_colors", "clause_colours", "map_data",
           "select_agreements", "worst_status"]

#: Verdict colours, colour-blind-safe enough and distinct in greyscale print.
COLORS: dict[str, str] = {
    "violation": "#d7191c",
    "possible": "#f28e2b",
    "compliant": "#1a9641",
    "not_applicable": "#8c8c8c",
}
#: Severity of each status, 3 for a violation down to 0 (see `StatusCode.severity`).
RANK: dict[str, int] = {s.label: s.severity for s in StatusCode}
_PALETTE = ("#6a3d9a", "#1f78b4", "#b15928", "#e31a1c", "#33a02c", "#ff7f00", "#cab2d6",
            "#a6cee3", "#17becf", "#fb9a99", "#b2df8a", "#fdbf6f")


#: What `standoff.check` and `standoff.load_result` return.
Result: TypeAlias = CheckResult


def select_agreements(result: Result, pack: Pack, agreements: Sequence[str] | None) -> list[str]:
    """The agreement ids to show: those asked for, else the result's, else the pack's."""
    chosen = list(agreements) if agreements else list(result.agreements)
    if not chosen:
        chosen = list(pack.agreements)
    unknown = [a for a in chosen if a not in pack.agreements]
    if unknown:
        known = ", ".join(pack.agreements) or "none"
        raise StandoffError(f"unknown agreement '{unknown[0]}' in pack '{pack.id}' "
                            f"(known: {known})")
    return chosen


def agreement_colors(ids: Iterable[str]) -> dict[str, str]:
    """A stable colour per agreement, in the order given."""
    return {aid: _PALETTE[i % len(_PALETTE)] for i, aid in enumerate(ids)}


def worst_status(statuses: Iterable[str]) -> str:
    """The most serious status in `statuses` ('not_applicable' when empty)."""
    return StatusCode.worst(statuses)


def _iso(day: Any) -> str | None:
    if day is None:
        return None
    if isinstance(day, np.datetime64):
        return None if np.isnat(day) else str(day.astype("datetime64[D]"))
    if isinstance(day, date):
        return day.isoformat()
    return str(day)[:10] or None


def _num(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _rounded(value: Any, ndigits: int = 5) -> Any:
    """Coordinates rounded for drawing (1e-5 degrees is about 1 m), the rest unchanged."""
    if isinstance(value, float):
        return round(value, ndigits)
    if isinstance(value, list | tuple):
        return [_rounded(v, ndigits) for v in value]
    return value


def rounded_geojson(fc: dict[str, Any], ndigits: int = 5) -> dict[str, Any]:
    """A FeatureCollection with its coordinates rounded to `ndigits` decimals (a copy)."""
    def geometry(g: dict[str, Any] | None) -> dict[str, Any] | None:
        if not g:
            return g
        if g.get("type") == "GeometryCollection":
            return {**g, "geometries": [geometry(x) for x in g.get("geometries", [])]}
        return {**g, "coordinates": _rounded(g.get("coordinates"), ndigits)}

    return {**fc, "features": [{**f, "geometry": geometry(f.get("geometry"))}
                               for f in fc.get("features", [])]}


def _observations(obs: ObservationSet, pack: Pack, verdicts: list[Verdict],
                  shown: set[str]) -> list[dict[str, Any]]:
    by_obs: dict[str, list[Verdict]] = {}
    for v in verdicts:
        if v.agreement_id in shown:
            by_obs.setdefault(v.observation_id, []).append(v)
    out = []
    for i in range(len(obs)):
        oid = str(obs.id[i])
        if not (math.isfinite(obs.lon[i]) and math.isfinite(obs.lat[i])):
            continue
        mine = by_obs.get(oid, [])
        actor = str(obs.actor[i])
        count = obs.count[i]
        out.append({
            "id": oid,
            "actor": actor,
            "actor_name": pack.actors[actor].name if actor in pack.actors else "",
            "time": _iso(obs.time[i]),
            "time_end": _iso(obs.time_end[i]),
            "lon": float(obs.lon[i]),
            "lat": float(obs.lat[i]),
            "radius_m": _num(float(obs.radius_m[i])) or 0.0,
            "area": obs.area[i] if obs.area and i < len(obs.area) else None,
            "count": None if not math.isfinite(count) else int(count),
            "unit": str(obs.unit[i]),
            "source": str(obs.source[i]),
            "quote": str(obs.quote[i]),
            "attribution": str(obs.attribution[i]),
            "confidence": _num(float(obs.confidence[i])),
            "status": worst_status(v.status for v in mine),
            "verdicts": [
                {"agreement_id": v.agreement_id, "clause_id": v.clause_id, "status": v.status,
                 "margin_m": v.margin_m, "tolerance_m": v.tolerance_m, "sentence": v.sentence,
                 "feature_versions": v.feature_versions}
                for v in sorted(mine, key=lambda v: -RANK[v.status])
            ],
        })
    return out


def _date_range(observations: list[dict[str, Any]], layers: list[dict[str, Any]]) -> list[str]:
    """[first, last] day for the slider: the reports' days, widened by validity changes nearby."""
    days = sorted(date.fromisoformat(o["time"]) for o in observations if o["time"])
    changes = sorted({date.fromisoformat(str(f["properties"][k])[:10])
                      for fc in layers for f in fc.get("features", [])
                      for k in ("valid_from", "valid_to") if (f.get("properties") or {}).get(k)})
    if days:
        lo, hi = days[0] - timedelta(days=1), days[-1]
        near = [d for d in changes if lo - timedelta(days=366) <= d <= hi + timedelta(days=366)]
        lo, hi = min([lo, *near]), max([hi, *near])
    elif changes:
        lo, hi = changes[0] - timedelta(days=1), changes[-1] + timedelta(days=1)
    else:
        lo = hi = date.today()
    return [lo.isoformat(), hi.isoformat()]


#: What a map's zones are coloured by: their agreement (the default) or each clause.
ColourBy = Literal["agreement", "clause"]


def clause_colours(pack: Pack, agreements: Sequence[str]) -> list[dict[str, str]]:
    """A stable colour per clause of the agreements, in order, with the legend's label."""
    pairs = [(aid, c) for aid in agreements for c in pack.agreements[aid].clauses]
    return [{"agreement_id": aid, "clause_id": c.id, "color": _PALETTE[i % len(_PALETTE)],
             "label": f"{c.id} ({c.kind.replace('_', ' ')}, {describe_selectors(c.actor)})"
                      + (f" · {pack.agreements[aid].title}" if len(agreements) > 1 else "")}
            for i, (aid, c) in enumerate(pairs)]


def _layers(pack: Pack, shown: list[str], colour_by: ColourBy
            ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """One layer per agreement (its zones as GeoJSON) and, by clause, the clauses' colours."""
    if colour_by not in ("agreement", "clause"):
        raise StandoffError(f"colour by '{colour_by}': choose agreement or clause")
    colors = agreement_colors(shown)
    by_clause = clause_colours(pack, shown) if colour_by == "clause" else []
    colour_of = {(c["agreement_id"], c["clause_id"]): c["color"] for c in by_clause}
    layers: list[dict[str, Any]] = []
    for aid in shown:
        agreement = pack.agreements[aid]
        zones = rounded_geojson(zones_geojson(pack, aid, at=None))
        for f in zones["features"]:
            f["properties"]["color"] = colour_of.get((aid, f["properties"]["clause_id"]), colors[aid])
        layers.append({"id": aid, "title": agreement.title, "status": agreement.status,
                       "summary": agreement.summary, "color": colors[aid], "zones": zones})
    return layers, by_clause


def map_data(result: Result, pack: Pack, *, agreements: Sequence[str] | None = None,
             title: str | None = None, bbox: BBox | None = None,
             colour_by: ColourBy = "agreement") -> dict[str, Any]:
    """Everything the page needs, as plain JSON-ready data (lon/lat degrees, ISO dates).

    `colour_by="clause"` gives each clause's zones their own colour and a legend of clauses.
    """
    shown = select_agreements(result, pack, agreements)
    layers, by_clause = _layers(pack, shown, colour_by)
    features = rounded_geojson(features_geojson(pack, at=None))
    obs = result.observations
    view = bbox or map_bbox(pack)
    extent = map_bbox(pack, obs)
    extent = (min(view[0], extent[0]), min(view[1], extent[1]), max(view[2], extent[2]),
              max(view[3], extent[3]))
    observations = _observations(obs, pack, list(result.verdicts), set(shown))
    counts = {s: sum(o["status"] == s for o in observations) for s in STATUSES}
    return {
        "title": title or f"standoff: {pack.title}",
        "pack": {"id": pack.id, "title": pack.title, "theatre": pack.theatre},
        "bbox": list(view),
        "colors": COLORS,
        "basemap": countries_geojson(extent),
        "features": features,
        "places": [{"name": p.name, "kind": p.kind, "lon": p.lon, "lat": p.lat}
                   for p in pack.places],
        "agreements": layers,
        "colour_by": colour_by,
        "clause_colours": by_clause,
        "observations": observations,
        "counts": counts,
        "dates": _date_range(observations, [a["zones"] for a in layers] + [features]),
    }
