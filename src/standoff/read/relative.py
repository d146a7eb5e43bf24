"""Places glossed by a stated distance and direction: "Zarichne (48 km north-west of Donetsk)",
"near Lozove, 30 km south-east of Luhansk,".

Monitoring reports place a village by its distance and compass direction from a city. The
stated point is the geodesic forward problem from the city (pyproj.Geod); its radius reflects
the rounding: half a unit of the number's last stated digit along the direction (a fifth of
the distance when hedged with "about"), and the compass sector across it (±22.5° for "west"
or "south-west", ±11.25° for "north-north-west"), plus the city centre's own ~1 km. A
gazetteer entry of the same name inside that radius places the village more precisely; one
outside it is a namesake elsewhere, and the stated point is used instead. Either way the claim
keeps the stated distance and direction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pyproj import Geod

from standoff.read.clean import Cleaned
from standoff.read.distances import NUMBER, UNIT, to_km
from standoff.read.gazetteer import geonames
from standoff.read.geoparse import Located
from standoff.read.records import PlaceMention

__all__ = ["Stated", "compass_deg", "place_by_distance", "stated_point", "stated_radius_m"]

_GEOD = Geod(ellps="WGS84")
_BASE_DEG = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}
#: How far the reference city's stated centre may be from the gazetteer's point, metres.
CENTRE_M = 1_000.0
_COMPASS = r"(?:north|south|east|west)(?:-?(?:north|south|east|west)){0,2}"
_NAME = r"(?:(?:al|el)-)?[A-Z][\w'\u2019-]*(?:[ -](?:(?:al|el)-)?[A-Z][\w'\u2019-]*){0,2}"
_DIST = (rf"(?i:(?P<q>(?:about|around|some|approximately|roughly|nearly|almost)\s+)?(?P<n>{NUMBER})\s*-?\s*"
         rf"(?P<u>{UNIT})\s+(?:to\s+the\s+)?(?P<dir>{_COMPASS})(?:ern)?\s+of\s+(?:the\s+)?)")
#: "A (government-held, 57 km west of B" and "A, 57 km west of B": the name, then the gloss up
#: to where B's name starts.
_GLOSSED = re.compile(rf"(?<![\w-])(?P<a>{_NAME})\s*(?:\(\s*(?:[^()]{{0,60}}?,\s*)?|,\s+){_DIST}")
#: Capitalised words that start a sentence before a name: "In A (...)", "Near A, ...".
_LEAD = re.compile(r"(?:(?:In|Near|At|On|From|Around|Outside|Close|By|The)\s+)+")


def compass_deg(word: str) -> tuple[float, float] | None:
    """(azimuth, half the sector) in degrees of a compass word ('south-west' -> (225, 22.5),
    'north-north-west' -> (337.5, 11.25)); None for what is no compass word."""
    parts = re.findall(r"north|south|east|west", word.lower())
    if not parts or "".join(parts) != re.sub(r"[^a-z]", "", word.lower()).removesuffix("ern"):
        return None
    if len(parts) == 1:
        return _BASE_DEG[parts[0]], 22.5
    a, b = _BASE_DEG[parts[-2]], _BASE_DEG[parts[-1]]
    if abs(a - b) in (0.0, 180.0) or parts[-2] in ("east", "west"):
        return None  # "north-south", "east-north": no direction
    pair = (a + b) / 2 if abs(a - b) <= 180 else ((a + b + 360) / 2) % 360  # north-west: 315
    if len(parts) == 2:
        return pair, 22.5
    if len(parts) > 3:
        return None
    first = _BASE_DEG[parts[0]]
    if parts[0] not in parts[1:]:
        return None
    mid = (first + pair) / 2 if abs(first - pair) <= 180 else ((first + pair + 360) / 2) % 360
    return mid, 11.25


def _rounding_km(number: str, km: float) -> float:
    """Half a unit of the last digit stated: '57' -> 0.5, '60' -> 5, '2.5' -> 0.05 (in km)."""
    digits = number.replace(",", "")
    if not digits[:1].isdigit():
        return 0.05 * km  # a number in words ("five"): about 5 %
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        zeros = len(digits) - len(digits.rstrip("0"))
        step = 10.0 ** zeros if zeros < len(digits) else 1.0
    return 0.5 * step * (km / float(digits))


def stated_radius_m(km: float, half_sector_deg: float, rounding_km: float, *,
                    approximate: bool = False) -> float:
    """Radius (m) of 'km toward a compass direction': the number's rounding (or a fifth when
    hedged) along it, the compass sector across it, and the reference centre's own error."""
    along_m = 1000.0 * (0.2 * km if approximate else rounding_km)
    across_m = 1000.0 * km * math.sin(math.radians(half_sector_deg))
    return math.hypot(along_m, across_m) + CENTRE_M


def stated_point(lon: float, lat: float, km: float, azimuth_deg: float) -> tuple[float, float]:
    """The point `km` from (lon, lat) along `azimuth_deg` on the WGS84 ellipsoid."""
    lon2, lat2, _ = _GEOD.fwd(lon, lat, azimuth_deg, km * 1000.0)
    return float(lon2), float(lat2)


@dataclass(frozen=True)
class Stated:
    """A place located by a stated distance from another: the words, km and direction."""

    text: str
    km: float
    facing: str
    approximate: bool


def _nearest_namesake(name: str, lon: float, lat: float, radius_m: float,
                      own: PlaceMention | None) -> tuple[float, float, float] | None:
    """(lon, lat, uncertainty) of the gazetteer entry named `name` nearest the stated point,
    if one lies within the stated radius (its own extent added)."""
    if own is not None and own.resolved and own.lon is not None and own.lat is not None:
        _, _, d = _GEOD.inv(lon, lat, own.lon, own.lat)
        if d <= radius_m + float(own.uncertainty_m or 0):  # the gazetteer's choice agrees
            return own.lon, own.lat, float(own.uncertainty_m or 0)
    found: list[tuple[float, float, float, float]] = []
    for e in geonames().lookup(name):
        if e.kind in ("country", "continent", "state", "province", "region"):
            continue
        found.append((e.lon, e.lat, e.radius_m, 0.0))
    best: tuple[float, float, float] | None = None
    best_d = math.inf
    for x, y, r, _ in found:
        _, _, d = _GEOD.inv(lon, lat, x, y)
        if d <= radius_m + r and d < best_d:
            best, best_d = (x, y, r), d
    return best


def place_by_distance(cleaned: Cleaned, doc_id: str, start: int, end: int,
                      places: list[Located]) -> tuple[list[Located], dict[int, Stated]]:
    """The places of the clean text [start, end) with every "A (N km DIR of B)" made one place
    A, located by the gazetteer when consistent with the stated distance, else by it; B, the
    reference, is dropped. Also the stated distance of each such A, by A's start."""
    text = cleaned.clean
    by_start = {s: (s, e, m) for s, e, m in places}
    stated: dict[int, Stated] = {}
    drop: set[int] = set()
    added: list[Located] = []
    for m in _GLOSSED.finditer(text, start, end):
        ref = by_start.get(m.end())
        turn = compass_deg(m.group("dir"))
        if ref is None or turn is None or not ref[2].resolved or ref[2].lon is None or ref[2].lat is None:
            continue
        a0, a1 = m.start("a"), m.end("a")
        lead = _LEAD.match(text, a0, a1)
        if lead is not None and lead.end() < a1:
            a0 = lead.end()
        if a0 == ref[0]:
            continue
        own = next(((s, e, p) for s, e, p in places if s <= a0 < e or a0 <= s < a1), None)
        if own is not None and own[2].kind == "country":
            continue
        km = to_km(m.group("n"), m.group("u"))
        approximate = bool(m.group("q"))
        radius = stated_radius_m(km, turn[1], _rounding_km(m.group("n"), km), approximate=approximate)
        lon, lat = stated_point(ref[2].lon, ref[2].lat, km, turn[0])
        name = own[2].text if own is not None else text[a0:a1]
        s0, e0 = (own[0], own[1]) if own is not None else (a0, a1)
        near = _nearest_namesake(name, lon, lat, radius, own[2] if own is not None else None)
        x, y, r = near if near is not None else (lon, lat, radius)
        base = own[2] if own is not None else PlaceMention(
            document=doc_id, span=cleaned.span_to_raw(s0, e0), text=name, resolved=False)
        place = base.model_copy(update={
            "resolved": True, "lon": x, "lat": y, "uncertainty_m": r, "name": base.name or name,
            "kind": base.kind or "village",
            "gazetteer": base.gazetteer if base.resolved and base.lon == x else "stated",
            "gazetteer_id": base.gazetteer_id if base.resolved and base.lon == x else None})
        drop |= {ref[0], s0}
        added.append((s0, e0, place))
        words = text[m.start("q") if m.group("q") else m.start("n"):ref[1]]
        stated[s0] = Stated(words, km, m.group("dir").lower().replace("-", ""), approximate)
    if not added:
        return places, {}
    kept = [p for p in places if p[0] not in drop]
    return sorted(kept + added, key=lambda p: p[0]), stated
