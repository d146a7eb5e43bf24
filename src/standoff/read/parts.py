"""Parts of an area named by a direction: 'southern Syria', 'across northern Syria', 'South Lebanon'.

Headlines and summaries place forces in a part of a country ('Israeli forces in southern
Syria'): a region-scale place, too vague for a town's point, too precise for the country's
centre. A country's part is made of its first-level regions that lie in the far third of the
country in that direction ('central': the middle third), from GeoNames' own regions: its point
is their mean, its radius reaches the farthest of them plus their mean radius. A part of a
smaller area (a province) is the area moved half its radius that way, half as wide.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re

import numpy as np
from pyproj import Geod

from standoff.read.clean import Cleaned
from standoff.read.containers import relation
from standoff.read.gazetteer import Entry, fold_name, geonames, name_keys
from standoff.read.records import PlaceMention
from standoff.read.resolve import Hit

__all__ = ["PART_BEFORE", "area_part", "claim_parts", "compass_vector", "name_parts"]

Located = tuple[int, int, PlaceMention]

GEOD = Geod(ellps="WGS84")
_REGION_KINDS = ("state", "province", "region")
_AREA_KINDS = {"country", "state", "province", "region"}
#: A direction word right before an area's name: 'southern ', 'North-Eastern ', 'central '.
PART_BEFORE = re.compile(r"(?<![\w-])(?P<word>(?:(?:north|south)(?:[ -]?(?:east|west))?|east|west)(?:ern)?"
                         r"|central)\s$", re.IGNORECASE)


def compass_vector(word: str) -> tuple[float, float] | None:
    """(east, north) unit vector of a direction word ('south-eastern' -> (0.71, -0.71));
    (0, 0) for 'central'; None for any other word."""
    w = fold_name(word).replace(" ", "").removesuffix("ern")
    if w == "central":
        return (0.0, 0.0)
    north = 1.0 if w.startswith("north") else -1.0 if w.startswith("south") else 0.0
    rest = w.removeprefix("north").removeprefix("south")
    east = 1.0 if rest == "east" else -1.0 if rest == "west" else 0.0
    if rest not in ("", "east", "west") or (north == 0 and east == 0):
        return None
    norm = math.hypot(east, north)
    return east / norm, north / norm


@functools.lru_cache(maxsize=512)
def _regions(country: str) -> tuple[Entry, ...]:
    g = geonames()
    a = g.arrays
    kinds = [g._kinds.index(k) for k in _REGION_KINDS]
    rows = np.flatnonzero((a["country"] == country.encode()) & np.isin(a["kind"], kinds)
                          & (a["admin1"] == a["ids"]))
    return tuple(g.entry(int(r)) for r in rows.tolist())


def _country_part(vec: tuple[float, float], country: Entry) -> Entry | None:
    regions = _regions(country.country)
    if len(regions) < 3:
        return None
    lon = np.array([r.lon for r in regions])
    lat = np.array([r.lat for r in regions])
    dx = (lon - lon.mean()) * math.cos(math.radians(float(lat.mean())))
    dy = lat - lat.mean()
    if vec == (0.0, 0.0):
        score = -np.hypot(dx, dy)
    else:
        score = vec[0] * dx + vec[1] * dy
    keep = score >= score.max() - (score.max() - score.min()) / 3
    lon0, lat0 = float(lon[keep].mean()), float(lat[keep].mean())
    n = int(keep.sum())
    reach_m = GEOD.inv(np.full(n, lon0), np.full(n, lat0), lon[keep], lat[keep])[2]
    radii = np.array([r.radius_m for r in regions])[keep]
    radius = float(reach_m.max() + radii.mean())
    return dataclasses.replace(country, geonames_id=0, lon=lon0, lat=lat0, kind="region",
                               radius_m=radius, cover_m=0.0, admin1=0, population=0)


def area_part(word: str, area: Entry) -> Entry | None:
    """The part of a country or first-level region that a direction word names, named
    '<word> <area>' ('southern Syria'); None when the word is no direction or the entry no area."""
    vec = compass_vector(word)
    if vec is None or area.kind not in _AREA_KINDS:
        return None
    name = f"{word.lower()} {area.name}"
    if area.kind == "country":
        part = _country_part(vec, area)
        return dataclasses.replace(part, name=name) if part is not None else None
    half_m = area.uncertainty_m / 2
    lon, lat = area.lon, area.lat
    if vec != (0.0, 0.0):
        lon, lat, _ = GEOD.fwd(lon, lat, math.degrees(math.atan2(*vec)), half_m)
    return dataclasses.replace(area, name=name, geonames_id=0, lon=float(lon), lat=float(lat),
                               kind="region", radius_m=half_m, cover_m=0.0, population=0)


def name_parts(hits: list[Hit], focus: frozenset[str]) -> None:
    """'South Lebanon' written as one name that only a namesake village has: the part of the
    country (when the article is about it, or not about the village's country)."""
    for h in hits:
        c = h.chosen
        word, _, rest = h.text.partition(" ")
        if h.source != "geonames" or c is None or c.kind in _AREA_KINDS or not rest \
                or compass_vector(word) in (None, (0.0, 0.0)):
            continue
        countries = [e for e in geonames().lookup(rest)
                     if e.kind == "country" and name_keys(e.name) & name_keys(rest)]
        if len(countries) == 1 and (countries[0].country in focus or c.country not in focus):
            h.chosen = area_part(word, countries[0]) or c


def claim_parts(cleaned: Cleaned, located: list[Located]) -> list[Located]:
    """The places as claims see them: a country or region after a direction word ('Israeli
    forces in southern Syria') is that part of it, its span widened to the word, unless it only
    says where the place before lies ('Nawa, in southern Syria'). (The place list keeps the
    name's own place: the toponym 'Syria' is Syria.)"""
    text = cleaned.clean
    out: list[Located] = []
    for s, e, m in located:
        w = PART_BEFORE.search(text, max(0, s - 20), s)
        part = None
        if w is not None and m.resolved and m.kind in _AREA_KINDS and m.lon is not None \
                and m.lat is not None and (m.country or m.kind != "country"):
            area = Entry(m.geonames_id or 0, m.name or m.text, m.lon, m.lat, 0, m.country, m.kind,
                         m.uncertainty_m or 0.0)
            part = area_part(w.group("word"), area)
        if part is None or any(a < s and w.start() < b for a, b, _ in out) or any(  # type: ignore[union-attr]
                relation(text, b, w.start()) for _, b, _ in out if b <= w.start()):  # type: ignore[union-attr]
            # 'Nawa, in southern Syria': the country only says where Nawa lies
            out.append((s, e, m))
            continue
        s = w.start()  # type: ignore[union-attr]
        a, b = cleaned.span_to_raw(s, e)
        out.append((s, e, m.model_copy(update={
            "span": (a, b), "text": cleaned.raw[a:b], "name": part.name, "lon": part.lon,
            "lat": part.lat, "kind": "region", "uncertainty_m": part.radius_m,
            "gazetteer_id": None, "geonames_id": None})))
    return out
