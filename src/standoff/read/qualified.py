"""Names a gazetteer lacks as written but knows inside: 'Western Massachusetts', 'Mass. legislators'.

A direction word before an area's own name ('Western', 'South West', 'Central') names part of
that area; an AP state abbreviation ending in a full stop is a state when its sentence goes on.
"""

from __future__ import annotations

import dataclasses
import math
import re

from pyproj import Geod

from standoff.read.gazetteer import Entry, geonames, name_keys

__all__ = ["mid_sentence", "qualified_area"]

_GEOD = Geod(ellps="WGS84")
_AREA_KINDS = {"country", "continent", "state", "province", "region", "district", "feature"}
#: Direction words before an area's name: 'Western', 'South West', 'North-Eastern', 'Central'.
_QUALIFIER = re.compile(r"(?:(?:(?:North|South)(?:[ -]?(?:East|West))?|East|West)(?:ern)?[ -]+"
                        r"|(?:Central|Greater|Upper|Lower) )+")


def qualified_area(span: str) -> list[Entry]:
    """The area a direction word qualifies ('Western Massachusetts', 'South West England',
    'Central Java'): candidates of the rest of the name that are areas under their own name,
    moved half their radius that way (on the ellipsoid), with half the radius."""
    m = _QUALIFIER.match(span)
    if m is None or m.end() >= len(span):
        return []
    rest = span[m.end():]
    words = m.group(0).lower()
    north = ("north" in words) - ("south" in words)
    east = ("east" in words) - ("west" in words)
    out = []
    for c in geonames().lookup(rest):
        if c.kind not in _AREA_KINDS or not name_keys(c.name) & name_keys(rest):
            continue
        if north or east:
            azimuth = math.degrees(math.atan2(east, north))
            lon, lat, _ = _GEOD.fwd(c.lon, c.lat, azimuth, c.radius_m / 2)
            c = dataclasses.replace(c, lon=float(lon), lat=float(lat), radius_m=c.radius_m / 2,
                                    cover_m=c.cover_m / 2)
        out.append(c)
    return out


def mid_sentence(text: str, s: int, e: int) -> bool:
    """Whether a word ending in a full stop does not end its sentence: a lower-case word follows
    ('Mass. legislators'), or the words around are capitalised as in a headline."""
    after = re.match(r"\s+(\S)", text[e:e + 3])
    before = re.search(r"(\S)\S*\s+$", text[max(0, s - 30):s])
    return after is not None and (after.group(1).islower() or (
        before is not None and before.group(1).isupper()))
