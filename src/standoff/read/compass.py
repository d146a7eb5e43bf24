"""Compass words used as places: 'the North' (Korea), 'the South's president', 'the south' of Lebanon.

A bare compass word names a place only through the article: the sister of a country it names
('North Korea' makes 'the South' South Korea), or a first-level region of a country it names
whose name is that direction ('South Governorate', 'Northern Province', 'North Lebanon'). Never a namesake
region of a country the article does not name (Cameroon's 'South' region in a Korea story).
"""

from __future__ import annotations

import re
from collections import Counter

from standoff.read.gazetteer import Entry, fold_name, geonames

__all__ = ["LOWER_COMPASS", "compass_base", "compass_candidates"]

_BASES = ("north", "south", "east", "west")
_REGION_KINDS = ("state", "province", "region")
_SUFFIXES = ("", " governorate", " province", " region", " district")
#: 'in the south', 'across the north of': a lower-case compass word used as a region.
LOWER_COMPASS = re.compile(r"\b(?:in|into|to|from|across|throughout|of|through|toward|towards)"
                           r" the (?P<word>north|south|east|west)\b(?![-\w])")


def compass_base(name: str) -> str | None:
    """'north' for 'North', 'the North', 'Northern'; None for any other name."""
    key = fold_name(name).removeprefix("the ")
    base = key.removesuffix("ern")
    return base if base in _BASES else None


def compass_candidates(base: str, countries: Counter[str], *, only: str = "") -> list[Entry]:
    """What a compass word names in an article that names `countries` (ISO codes, with counts).

    A sister country first ('North Korea' named: 'south' -> South Korea), then the first-level
    regions of those countries named by the direction, most-named country first; `only`
    restricts to one country ('the south of Lebanon')."""
    gaz = geonames()
    named = [cc for cc, n in countries.most_common() if n > 0 and (not only or cc == only)]
    sisters: dict[int, Entry] = {}
    for cc in named:
        country = gaz.country(cc)
        if country is None:
            continue
        words = fold_name(country.name).split(" ", 1)
        rest = words[1] if len(words) == 2 and words[0] in _BASES else fold_name(country.name)
        for c in gaz.lookup(f"{base} {rest}"):
            if c.kind == "country":
                sisters[c.geonames_id] = c
    if sisters:
        return list(sisters.values())
    regions: dict[int, Entry] = {}
    for cc in named:  # 'South Lebanon', 'North Lebanon'
        country = gaz.country(cc)
        for c in gaz.lookup(f"{base} {country.name}") if country is not None else []:
            if c.kind in _REGION_KINDS and c.country == cc:
                regions[c.geonames_id] = c
    for form in (base, base + "ern"):
        for suffix in _SUFFIXES:
            for c in gaz.lookup(form + suffix):
                if c.kind in _REGION_KINDS and c.country in named:
                    regions[c.geonames_id] = c
    rank = {cc: i for i, cc in enumerate(named)}
    return sorted(regions.values(), key=lambda c: (rank[c.country], -c.prior()))
