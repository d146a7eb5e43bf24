"""Demonyms as mentions of their country or region ('Georgian', 'Ohioans'), kind 'people'."""

from __future__ import annotations

from collections.abc import Sequence

from standoff.read.clean import Cleaned
from standoff.read.gazetteer import Entry, fold_name, geonames
from standoff.read.records import PlaceMention
from standoff.read.toponyms import demonym_spans, region_of_demonym

__all__ = ["find_peoples"]

Located = tuple[int, int, PlaceMention]  # clean start, clean end, mention


def find_peoples(cleaned: Cleaned, doc_id: str, located: Sequence[Located]) -> list[PlaceMention]:
    """Demonyms of one country ('Georgian', 'Sri Lankans') as mentions of that country, kind 'people'.

    Not places, and never positions (claims do not see them): a people's name says which
    country the text is about, as geoparsing corpora that mark demonyms count it.
    """
    out = []
    for s, e, cc in demonym_spans(cleaned.clean):
        country = _people_place(cleaned.clean[s:e], cc)
        if country is None or any(a < e and s < b for a, b, _ in located):
            continue
        a, b = cleaned.span_to_raw(s, e)
        out.append(PlaceMention(document=doc_id, span=(a, b), text=cleaned.raw[a:b], resolved=True,
                                name=country.name, lon=country.lon, lat=country.lat,
                                gazetteer="geonames", gazetteer_id=str(country.geonames_id),
                                geonames_id=country.geonames_id, kind="people", country=cc,
                                uncertainty_m=country.radius_m, candidates=1))
    return out


def _people_place(word: str, cc: str) -> Entry | None:
    """Where a people's name points: the state or province it is made from ('Ohioans' -> Ohio,
    'Texan' -> Texas), else its country."""
    region = region_of_demonym(fold_name(word))
    if region is not None:
        found = [e for e in geonames().lookup(region) if e.country == cc and e.name == region
                 and e.kind in ("state", "province", "region")]
        if found:
            return found[0]
    return geonames().country(cc)
