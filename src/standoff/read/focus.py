"""The countries an article is about, which pull namesakes and loose matches toward them."""

from __future__ import annotations

from collections.abc import Sequence

from standoff.read.gazetteer import name_keys
from standoff.read.packnames import PackGazetteer
from standoff.read.resolve import Hit

__all__ = ["article_countries"]


def article_countries(hits: list[Hit], gaz: PackGazetteer, peoples: Sequence[str]) -> set[str]:
    """The countries an article names: its countries and first-level regions under their own
    names (when all of one name's are in one country), the pack's places, its demonyms."""
    out = set(peoples)
    for h in hits:
        if h.source == "place":
            out.add(gaz.places[h.ref].country or "")
        elif h.source == "geonames":
            keys = name_keys(h.text)
            big = {c.country for c in h.candidates if c.kind in ("country", "state", "province", "region")
                   and name_keys(c.name) & keys}
            if len(big) == 1:
                out |= big
    return out - {""}
