"""A name the gazetteer lacks, said to lie in a place it knows: placed at that place, as wide as it.

'Greenlane, Auckland', 'a market in Balintawak, Quezon City', 'Kalam in the Swat Valley',
'a farm in western Y', 'X, near Y' (see `containers.relation`): the
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

from standoff.read.containers import NEAR_WIDEN_M, lies_in, relation
from standoff.read.gazetteer import RADIUS_M, Entry
from standoff.read.resolve import Hit

__all__ = ["place_within", "said_within"]

#: Kinds of place that hold smaller named places.
_HOLDS = {"city", "capital", "district", "province", "state", "region"}
_SETTLEMENTS = {"city", "capital"}
_COMMA = (", ", " , ")
_MIN_HOLDER_POP = 1_000  # a hamlet namesake of the holder confirms nothing
_LIST_AFTER = re.compile(r"(?:,| and| or)\s")


def _list_before(hits: list[Hit], i: int, text: str) -> bool:
    """Whether another name of a list comes right before the name at `i`."""
    return i > 0 and text[hits[i - 1].end:hits[i].start] in (*_COMMA, " and ", ", and ", " or ")


def _list_after(hits: list[Hit], i: int, text: str) -> bool:
    """Whether another name of a list comes right after the name at `i`."""
    return i + 1 < len(hits) and bool(_LIST_AFTER.match(text, hits[i].end)) and \
        text[hits[i].end:hits[i + 1].start].strip(" ,") in ("", "and", "or")


def place_within(hits: list[Hit], text: str) -> None:
    """Set `chosen` on unplaced world names written as 'X, Y', 'X in (the) Y' or 'X, near Y'
    (hits sorted)."""
    for i, h in enumerate(hits[:-1]):
        if h.chosen is not None or h.source not in ("geonames", "unresolved") or h.how == "compass":
            continue
        y = hits[i + 1]
        holder = y.chosen
        how = relation(text, h.end, y.start)
        if holder is None or how is None or holder.kind not in _HOLDS and not (
                how == "near" and holder.kind in ("town", "village")):  # 'X, near a village'
            continue
        if how == "comma" and (_list_before(hits, i, text) or _list_after(hits, i + 1, text)):
            continue
        if holder.kind in _SETTLEMENTS:
            holder = dataclasses.replace(holder, radius_m=max(holder.radius_m, RADIUS_M["district"]))
        if how == "near":  # 'X, near Y': somewhere around Y
            holder = dataclasses.replace(holder, radius_m=holder.uncertainty_m + NEAR_WIDEN_M, cover_m=0.0)
        h.chosen = holder
        h.candidates, h.how = [], "within"


def said_within(text: str, accepted: list[Hit], rejected: list[Hit],
                persons: list[tuple[int, int]]) -> list[Hit]:
    """Names that no cue made places but that are said to lie in or near an accepted place
    ('Safi in western Jordan', 'Safi, near Karak') and have a candidate there; never part of a
    person's name (`persons`: NER's spans)."""
    out = []
    starts = sorted(accepted, key=lambda o: o.start)
    for h in rejected:
        if not h.whole or any(a < h.end and h.start < b for a, b in persons) or any(
                o.start < h.end and h.start < o.end for o in accepted):
            continue
        y = next((o for o in starts if o.start >= h.end), None)
        how = relation(text, h.end, y.start) if y is not None else None
        if y is None or how not in ("in", "near"):
            continue
        holders = sorted(y.candidates, key=Entry.prior, reverse=True)[:10]
        if any(lies_in(c, holder, how) for c in h.candidates for holder in holders
               if holder.population >= _MIN_HOLDER_POP or holder.kind not in ("village", "town")):
            out.append(h)
    return out
