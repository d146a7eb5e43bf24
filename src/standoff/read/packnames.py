"""The pack's own names for the reader: its places and line/area features, found first."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, cast

import shapely
from shapely import Point
from shapely.geometry.base import BaseGeometry

from standoff.geo.ellipsoid import GEOD
from standoff.geo.features import feature_geometry
from standoff.model import Pack, Place
from standoff.read.clean import Cleaned, fold_chars, lower_same_length
from standoff.read.gazetteer import radius_m
from standoff.read.records import PlaceMention
from standoff.read.resolve import Hit

__all__ = ["PackGazetteer", "mention", "pack_gazetteer", "scan_pack", "world_pack"]


@functools.cache
def world_pack() -> Pack:
    """An empty pack: no theatre, places, actors or agreements (the world gazetteer alone)."""
    return Pack(id="world", title="World gazetteer only", theatre="", features={}, actors={},
                agreements={})


@dataclass
class PackGazetteer:
    """A pack's names: places and line/area features, with one regex to find them."""

    pack: Pack
    names: dict[str, tuple[str, str]]  # folded alias -> ("place"|"feature", id)
    pattern: re.Pattern[str] | None
    lower_pattern: re.Pattern[str] | None
    theatre: BaseGeometry | None = None
    places: dict[str, Place] = field(default_factory=dict)
    feature_points: dict[str, tuple[float, float, float, str]] = field(default_factory=dict)


_PACKS: dict[int, tuple[Pack, PackGazetteer]] = {}


def _feature_names(pack: Pack) -> dict[str, str]:
    names: dict[str, str] = {}
    for alias, fid in pack.line_aliases.items():
        names[fold_chars(alias).lower()] = fid
    for f in pack.features.values():
        if f.id == pack.theatre or f.kind == "point":
            continue
        base = re.sub(r"\s*\(.*?\)", "", fold_chars(f.name)).strip().lower()
        for variant in {base, re.sub(r"\bhighway\b", "road", base),
                        re.sub(r"\broad\b", "highway", base)}:
            names.setdefault(variant, f.id)
            names.setdefault("the " + variant, f.id)
    return names


def pack_gazetteer(pack: Pack) -> PackGazetteer:
    """The pack's name index, built once per Pack object."""
    cached = _PACKS.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    names: dict[str, tuple[str, str]] = {}
    for fold, fid in _feature_names(pack).items():
        names[fold] = ("feature", fid)
    places = {p.id: p for p in pack.places}
    for p in pack.places:
        for alias in (p.name, *p.aliases):
            names.setdefault(fold_chars(alias).lower(), ("place", p.id))
    alts = sorted(names, key=len, reverse=True)
    pattern = lower = None
    if alts:
        body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        lower = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")  # on lower-cased text: faster
    theatre = feature_geometry(pack, pack.theatre) if pack.theatre else None
    theatre = theatre if isinstance(theatre, shapely.Polygon | shapely.MultiPolygon) else None
    gaz = PackGazetteer(pack, names, pattern, lower, theatre=theatre, places=places)
    _PACKS[id(pack)] = (pack, gaz)
    return gaz


def scan_pack(gaz: PackGazetteer, text: str) -> list[Hit]:
    if gaz.pattern is None or gaz.lower_pattern is None:
        return []
    low = lower_same_length(text)
    matches = gaz.lower_pattern.finditer(low) if low is not None else gaz.pattern.finditer(text)
    hits = []
    for m in matches:
        s, e = m.span()
        kind, ref = gaz.names[re.sub(r"\s+", " ", text[s:e].lower())]
        hits.append(Hit(s, e, text[s:e], kind, ref))
    return hits


def _feature_point(pack: Pack, fid: str) -> tuple[float, float, float, str]:
    shape = feature_geometry(pack, fid)
    feature = pack.features[fid]
    if shape is None:
        return math.nan, math.nan, 0.0, feature.kind
    p = cast(Point, shape.representative_point() if feature.kind == "area" else shape.interpolate(
        0.5, normalized=True) if feature.kind == "line" else shape)
    minx, miny, maxx, maxy = shape.bounds
    half_m = max(GEOD.inv(minx, miny, maxx, maxy)[2] / 2, feature.accuracy_m)
    return p.x, p.y, half_m, feature.kind


def mention(h: Hit, doc_id: str, cleaned: Cleaned, pack: Pack, gaz: PackGazetteer) -> PlaceMention:
    a, b = cleaned.span_to_raw(h.start, h.end)
    common: dict[str, Any] = {"document": doc_id, "span": (a, b), "text": cleaned.raw[a:b]}
    if h.source == "place":
        p = gaz.places[h.ref]
        return PlaceMention(**common, resolved=True, name=p.name, lon=p.lon, lat=p.lat,
                            gazetteer="pack", gazetteer_id=p.id, geonames_id=p.geonames_id,
                            kind=p.kind, country=p.country, uncertainty_m=radius_m(p.kind),
                            candidates=1)
    if h.source == "feature":
        if h.ref not in gaz.feature_points:
            gaz.feature_points[h.ref] = _feature_point(pack, h.ref)
        lon, lat, half_m, kind = gaz.feature_points[h.ref]
        return PlaceMention(**common, resolved=True, name=pack.features[h.ref].name, lon=lon,
                            lat=lat, gazetteer="pack", gazetteer_id=h.ref, kind=kind,
                            uncertainty_m=half_m, candidates=1)
    if h.chosen is not None:
        c = h.chosen
        listed = c.geonames_id == 0  # a region, sea or range of `gazfeatures`: no GeoNames id
        return PlaceMention(**common, resolved=True, name=c.name, lon=c.lon, lat=c.lat,
                            gazetteer="features" if listed else "geonames",
                            gazetteer_id=c.name if listed else str(c.geonames_id),
                            geonames_id=None if listed else c.geonames_id, kind=c.kind, country=c.country,
                            uncertainty_m=c.uncertainty_m, candidates=len(h.candidates),
                            coarse=h.how == "within")
    return PlaceMention(**common, resolved=False)
