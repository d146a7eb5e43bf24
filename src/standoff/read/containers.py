"""Where a name is said to lie: 'X, Y', 'X in (western) Y', 'X in the Y countryside', 'X, near Y'.

The words between two names say how the first relates to the second: `relation` reads them
('comma', 'in' or 'near'), and `lies_in` says whether a candidate of the first name fits
that relation to the place chosen for the second (GeoNames' admin-1 membership for a
first-level region, the same country for a country, a geodesic distance otherwise). A village
called like a foreign city, said to lie in or near a place, is the village there.
"""

from __future__ import annotations

import re

from pyproj import Geod

from standoff.read.gazetteer import Entry

__all__ = ["NEAR_REACH_KM", "NEAR_WIDEN_M", "SETTLEMENTS", "inside", "lies_in", "relation"]

GEOD = Geod(ellps="WGS84")
#: How far from a place a name said to be 'near' it or 'in' a city (its countryside) may lie.
NEAR_REACH_KM = 50.0
#: 'X, near Y' of a name no gazetteer knows: how far beyond Y's own extent X may lie.
NEAR_WIDEN_M = 15_000.0
SETTLEMENTS = {"village", "town", "city", "capital"}
_QUALIFIER = (r"(?:(?:north|south)(?:[ -]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central"
              r"|rural|outer|inner|greater|upper|lower|occupied|nearby)")
_COMPASS = r"(?:(?:north|south)(?:[ -]?(?:east|west))?|east|west)"
#: ' in ', ', in the ', ' in western ', ' in the northern ': the first name lies in the second.
_IN = re.compile(rf"(?:,\s)?\s?in\s(?:the\s)?(?:{_QUALIFIER}\s)?", re.IGNORECASE)
#: ', near ', ' outside ', ' on the outskirts of ', ', east of ': the first lies close to the second.
_NEAR = re.compile(rf"(?:,\s|\s)(?:(?:just|right)\s)?(?:near|outside|close\sto|next\sto"
                   rf"|on\sthe\soutskirts\sof|in\sthe\svicinity\sof|(?:just\s|some\s)?{_COMPASS}\sof)"
                   rf"\s(?:the\s)?", re.IGNORECASE)
_COMMA = (", ", " , ")


def relation(text: str, end: int, start: int) -> str | None:
    """How the name ending at `end` relates to the one starting at `start`: 'comma' ('X, Y'),
    'in' ('X in Y', 'X in the Y countryside', 'X in western Y'), 'near' ('X, near Y') or None."""
    between = text[end:start]
    if between in _COMMA:
        return "comma"
    if _IN.fullmatch(between):
        return "in"
    if _NEAR.fullmatch(between):
        return "near"
    return None


def inside(c: Entry, region: Entry) -> bool:
    """Whether a candidate lies in a region named next to it (same country, within its spread)."""
    if region.kind in ("country",):
        return c.country == region.country
    if region.kind == "continent":
        return True
    if region.admin1 and region.admin1 == region.geonames_id and c.admin1:
        return c.admin1 == region.geonames_id  # a first-level region: GeoNames says what it holds
    d_km = GEOD.inv(c.lon, c.lat, region.lon, region.lat)[2] / 1000
    return c.country == region.country and d_km <= 2.5 * region.radius_m / 1000 + 30


def lies_in(c: Entry, holder: Entry, how: str) -> bool:
    """Whether a candidate fits 'in' or 'near' the place chosen for the next name: inside an
    area, or within `NEAR_REACH_KM` of a settlement (or of an area's edge, for 'near')."""
    if how == "in" and holder.kind not in SETTLEMENTS and inside(c, holder):
        return True
    if holder.kind in ("country", "continent", "feature"):
        return False
    reach_km = NEAR_REACH_KM + (holder.uncertainty_m / 1000 if holder.kind not in SETTLEMENTS else 0.0)
    return bool(GEOD.inv(c.lon, c.lat, holder.lon, holder.lat)[2] / 1000 <= reach_km)
