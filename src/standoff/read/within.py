"""A name the gazetteer lacks, said to lie in a place it knows: placed at that place, as wide as it.

'Greenlane, Auckland', 'a market in Balintawak, Quezon City', 'Kalam in the Swat Valley': the
small place is not in GeoNames cities500, the place after it is. The mention takes the larger
place's point and a radius that covers it (a region's uncertainty, which covers its area, see
`gazshapes.cover_radius_m`; a city's widened to a district's), its name (so the output says
where it was placed) and no candidates of its own. Never a country or a world region: too coarse
to stand for a place inside it. Names in a list ('Aleppo, Idlib and Hama') are peers, not one
inside the next.
"""

from __future__ import annotations

import dataclasses
import re

from standoff.read.gazetteer import RADIUS_M
from standoff.read.resolve import Hit

__all__ = ["place_within"]

#: Kinds of place that hold smaller named places.
_HOLDS = {"city", "capital", "district", "province", "state", "region"}
_SETTLEMENTS = {"city", "capital"}
_COMMA = (", ", " , ")
_IN = re.compile(r" in (?:the )?")
_LIST_AFTER = re.compile(r"(?:,| and| or)\s")


def _list_before(hits: list[Hit], i: int, text: str) -> bool:
    """Whether another name of a list comes right before the name at `i`."""
    return i > 0 and text[hits[i - 1].end:hits[i].start] in (*_COMMA, " and ", ", and ", " or ")


def _list_after(hits: list[Hit], i: int, text: str) -> bool:
    """Whether another name of a list comes right after the name at `i`."""
    return i + 1 < len(hits) and bool(_LIST_AFTER.match(text, hits[i].end)) and \
        text[hits[i].end:hits[i + 1].start].strip(" ,") in ("", "and", "or")


def place_within(hits: list[Hit], text: str) -> None:
    """Set `chosen` on unplaced world names written as 'X, Y' or 'X in (the) Y' (hits sorted)."""
    for i, h in enumerate(hits[:-1]):
        if h.chosen is not None or h.source not in ("geonames", "unresolved") or h.how == "compass":
            continue
        y = hits[i + 1]
        holder = y.chosen
        if holder is None or holder.kind not in _HOLDS:
            continue
        between = text[h.end:y.start]
        if between in _COMMA:
            if _list_before(hits, i, text) or _list_after(hits, i + 1, text):
                continue
        elif not _IN.fullmatch(between):
            continue
        if holder.kind in _SETTLEMENTS:
            holder = dataclasses.replace(holder, radius_m=max(holder.radius_m, RADIUS_M["district"]))
        h.chosen = holder
        h.candidates, h.how = [], "within"
