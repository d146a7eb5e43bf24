"""Choosing among namesakes: prior, the article's countries and places, 'X, Y' and the theatre.

Each candidate starts from its prior (`Entry.prior`: population and rank of kind, so 'US' is
never a hamlet in France). Names with one candidate, or one far ahead of the others, are
decided first; their countries and points become the article's context. The rest then gain
for lying in a mentioned country, near a decided place, inside the region named right after
them ('Alexandria, Louisiana'), or inside or near the pack's theatre.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from standoff.model import Place
from standoff.read.chord import SLACK_KM, chord_km, ecef_km
from standoff.read.compass import compass_base, compass_candidates
from standoff.read.containers import SETTLEMENTS, inside, lies_in, relation
from standoff.read.gazetteer import RADIUS_M, Entry, fold_name, geonames, name_keys

__all__ = ["Hit", "kind_words", "resolve"]

GEOD = Geod(ellps="WGS84")
_CLEAR_MARGIN = 4.0  # prior lead (log10 population units) that decides a name on its own
_SUPPORT = 1.5  # per other name with a candidate near this one (at most 3 count)
_SUPPORT_CANDIDATES = 15
_NEAR = 3.0  # for lying near a decided place (falling to 0 at 300 km beyond a region's spread)
_NEAR_KM = 300
_IN_REGION = 2.0  # for lying in a region the article names (GeoNames' admin-1 membership)
_FOCUS = 2.5  # for lying in the country that most of the article's names lie in
_FOCUS_SHARE = 0.75
_OWN_NAME = 1.5  # bonus of an entry whose own name is the text, over one of its alternates
_AREA_KINDS = {"country", "continent", "state", "province", "region", "feature"}
_LIST_SEPARATORS = (", ", " and ", ", and ", " or ", ", or ")
_KIND_OF = re.compile(r"\b(state|province|governorate|region|county|district|city|town|village)"
                      r" of $", re.IGNORECASE)
_KIND_WORD = 4.0  # bonus of an entry whose kind the next word names ('Washington state')
_SETTLEMENTS = {"village", "town", "city", "capital"}
#: Kinds of area a settlement can be said to lie 'in' ('Kalam in the Swat Valley').
_HOLDERS = {"country", "state", "province", "region", "district"}
#: Words after a name that say which kind of entry it is ('Hebei province', 'Lee County').
_KIND_WORDS = {"state": {"state"}, "province": {"province", "region"}, "governorate": {"province"},
               "region": {"region", "province", "state"}, "county": {"district"},
               "district": {"district"}, "parish": {"district"}, "city": {"city", "capital", "town"},
               "town": {"town", "village", "city"}, "village": {"village", "town"}}


@dataclass
class Hit:
    """A place name found in the clean text, and what it may or does refer to."""

    start: int
    end: int
    text: str
    source: str  # "place" | "feature" | "geonames" | "unresolved"
    ref: str = ""
    candidates: list[Entry] = field(default_factory=list)
    chosen: Entry | None = None
    how: str = ""  # "exact" | "abbrev" | "fuzzy" for world names
    whole: bool = False  # the name is the whole capitalised run
    word: int = 0  # index of its first word in the run
    optional: bool = False  # found by a locative word alone: dropped when it cannot be placed


def _km(c: Entry, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    n = len(lon)
    km: np.ndarray = GEOD.inv(np.full(n, c.lon), np.full(n, c.lat), lon, lat)[2] / 1000
    return km


def _reach_km(c: Entry) -> float:
    """How far an entry reaches from its point when nearness is measured: a region's radius."""
    return c.radius_m / 1000 if c.kind in _AREA_KINDS or c.kind == "district" else 0.0


def _base(c: Entry, keys: set[str]) -> float:
    """The prior, and more when the text is the entry's own name, not one of its alternates."""
    return c.prior() + (_OWN_NAME if name_keys(c.name) & keys else 0.0)


def _decided(h: Hit) -> Entry | None:
    if len(h.candidates) == 1 or h.how == "abbrev":
        return h.candidates[0]
    keys = name_keys(h.text)
    areas = sorted((c for c in h.candidates if c.kind in ("continent", "feature")
                    and name_keys(c.name) & keys), key=lambda c: c.kind)
    if areas:  # 'the Middle East', 'South America': a world region, not a namesake hamlet
        return areas[0]
    ranked = sorted(h.candidates, key=lambda c: _base(c, keys), reverse=True)
    lead = _base(ranked[0], keys) - _base(ranked[1], keys)
    if any(c.kind in _AREA_KINDS and c.population >= 100_000 for c in ranked[1:]):
        return None  # 'Georgia', 'Palestine': a country or a state, as the article says
    return ranked[0] if lead >= _CLEAR_MARGIN else None


def _the_feature(h: Hit, text: str) -> Entry | None:
    """'the Atlantic', 'the Mediterranean': after 'the', the one sea or range whose name
    begins with the text, not a namesake town."""
    if text[max(0, h.start - 4):h.start].lower() != "the ":
        return None
    key = fold_name(h.text)
    seas = [c for c in h.candidates if c.kind == "feature" and fold_name(c.name).startswith(key + " ")]
    return seas[0] if len(seas) == 1 else None


def _compass(h: Hit, hits: list[Hit], text: str, countries: Counter[str]) -> None:
    """Place a compass word by the countries the article names (see `compass`); unplaced, it
    is dropped unless written as 'the North' (then it stays an unresolved place)."""
    base = compass_base(h.text)
    if base is None:
        return
    after = next((o for o in hits if o.start == h.end + 4 and text[h.end:o.start] == " of "), None)
    of = after.chosen if after is not None else None
    named = {cc for cc, n in countries.items() if n > 0 and cc}
    if after is not None and (of is None or of.kind != "country"):
        h.candidates = []  # 'the south of Quneitra': part of a town or province, not a region
    elif h.how == "compass" and of is None and len(named) != 1:
        h.candidates = []  # 'in the south' of an article on two countries: whose south?
    else:
        h.candidates = compass_candidates(base, countries, only=of.country if of is not None else "")
    h.chosen = h.candidates[0] if h.candidates else None
    h.optional = h.optional or (not h.candidates and text[max(0, h.start - 4):h.start].lower() != "the ")


def _named_with_region(h: Hit, hits: list[Hit], text: str) -> bool:
    """Whether a name is said to lie in or near the next name ('London, Ontario', 'Kalam in the
    Swat Valley', 'Safi, near Karak')."""
    nxt = next((o for o in hits if o.start >= h.end), None)
    return nxt is not None and relation(text, h.end, nxt.start) is not None


def _holder(h: Hit, nxt: Hit | None, text: str) -> tuple[Entry, str] | None:
    """The place a name is said to lie in or near ('X in the Y', 'X in western Y', 'X, near Y'),
    and how ('in' or 'near'): an area, or a settlement ('in the Y countryside')."""
    if nxt is None or nxt.chosen is None:
        return None
    how = relation(text, h.end, nxt.start)
    kind = nxt.chosen.kind
    if how == "in" and (kind in _HOLDERS or kind in SETTLEMENTS) \
            or how == "near" and kind not in ("country", "continent", "feature"):
        return nxt.chosen, how
    return None


def _area_of(h: Hit, text: str) -> None:
    """'Hodeidah province', 'Gondra district': when the word after the name asks for an area and
    only a settlement of that name is known, the area is the settlement's first-level region
    (its point and radius) or, for a district, the settlement widened to a district's radius:
    never the town's own point and radius."""
    c = h.chosen
    kinds = kind_words(text, h.start, h.end)
    if c is None or c.kind not in _SETTLEMENTS or not kinds or kinds & _SETTLEMENTS:
        return
    if kinds & {"province", "state", "region"} and c.admin1:
        ids = geonames().arrays["ids"]
        rows = np.flatnonzero(ids == c.admin1)
        if len(rows):
            h.chosen = geonames().entry(int(rows[0]))
            return
    h.chosen = dataclasses.replace(c, radius_m=max(c.radius_m, RADIUS_M["district"]))


def _peer(h: Hit, region: Entry | None) -> bool:
    """Whether 'X, Y' is a list of regions of one level ('Kansas, Kentucky'), not X inside Y."""
    return region is not None and region.kind not in ("country", "continent") and any(
        c.kind == region.kind and name_keys(c.name) & name_keys(h.text) for c in h.candidates)


def kind_words(text: str, start: int, end: int) -> set[str]:
    """Kinds of entry that the word after a name, or 'the X of' before it, asks for
    ('Washington state', 'the state of Washington' -> state)."""
    after = text[end:end + 14].split(maxsplit=1)
    kinds = _KIND_WORDS.get(after[0].lower().strip(",.;:)"), set()) if after else set()
    before = _KIND_OF.search(text, max(0, start - 20), start)
    return kinds | _KIND_WORDS.get(before.group(1).lower(), set()) if before else kinds


def _listed_kinds(world: list[Hit], i: int, text: str) -> Counter[str]:
    """Area kinds of the names listed right next to this one, with how many of the two
    neighbours are of each ('Michigan, Ohio and Wyoming': state 2)."""
    out: Counter[str] = Counter()
    for j in (i - 1, i + 1):
        a, b = min(i, j), max(i, j)
        if 0 <= j < len(world) and (c := world[j].chosen) is not None and c.kind in _AREA_KINDS \
                and text[world[a].end:world[b].start] in _LIST_SEPARATORS:
            out[c.kind] += 1
    return out


@dataclass
class _Context:
    """What the article says around its names: countries, points, regions, the theatre."""

    countries: Counter[str]
    anchors: list[tuple[float, float]]
    regions: list[Entry]
    theatre: BaseGeometry | None

    def add(self, e: Entry) -> None:
        if e.country:
            self.countries[e.country] += 1
        if e.kind not in _AREA_KINDS:
            self.anchors.append((e.lon, e.lat))
        elif e.kind not in ("country", "continent"):
            self.regions.append(e)

    def nearest_km(self, cands: Sequence[Entry]) -> dict[int, float]:
        """id of each candidate -> kilometres to the nearest anchor, the number `_km` gives, or
        inf when no anchor lies within `_NEAR_KM` of the candidate's reach (the score is the
        same: nearness counts nothing there); empty without anchors. The chord leaves out the
        far pairs; one pyproj call for the rest."""
        if not self.anchors or not cands:
            return {}
        alon, alat = np.array(self.anchors).T
        clon, clat = np.array([c.lon for c in cands]), np.array([c.lat for c in cands])
        reach = np.array([_reach_km(c) for c in cands])
        ci, ai = np.repeat(np.arange(len(cands)), len(alon)), np.tile(np.arange(len(alon)), len(cands))
        maybe = chord_km(ecef_km(clon, clat)[ci], ecef_km(alon, alat)[ai]) <= reach[ci] + _NEAR_KM + SLACK_KM
        ci, ai = ci[maybe], ai[maybe]
        best = np.full(len(cands), np.inf)
        if len(ci):
            np.minimum.at(best, ci, GEOD.inv(clon[ci], clat[ci], alon[ai], alat[ai])[2] / 1000)
        return dict(zip(map(id, cands), best.tolist(), strict=True))

    def score(self, c: Entry, keys: set[str], region: Entry | None, near_km: float | None = None) -> float:
        s = _base(c, keys)
        if c.country and self.countries[c.country] > 0:  # features have no country
            s += 2.0 + min(self.countries[c.country], 4) * 0.25
            n = self.countries[c.country]
            if n >= 2 and n >= _FOCUS_SHARE * sum(self.countries.values()):
                s += _FOCUS  # the country the article is about ('Kabul' in a story on Israel)
        if c.kind == "country" and self.countries[c.country] > 0:
            s += _NEAR  # a country is near every place inside it ('Mexico' and its towns)
        elif self.anchors:
            if near_km is None:
                lon, lat = np.array(self.anchors).T
                near_km = float(_km(c, lon, lat).min())
            s += _NEAR * max(0.0, 1 - max(0.0, near_km - _reach_km(c)) / _NEAR_KM)
        if region is not None and inside(c, region):
            s += 5.0
        if c.kind not in _AREA_KINDS and any(inside(c, r) for r in self.regions):
            s += _IN_REGION
        if self.theatre is not None:
            if self.theatre.contains(shapely.Point(c.lon, c.lat)):
                s += 4.0
            else:
                centre = self.theatre.centroid
                d_km = GEOD.inv(c.lon, c.lat, centre.x, centre.y)[2] / 1000
                s += 2.0 * max(0.0, 1 - d_km / 600)
        return s


def _support(world: list[Hit], todo: list[int], names: dict[int, str]) -> dict[int, dict[int, int]]:
    """For each candidate of each undecided name: how many other names have a candidate near it.

    'Paris and Henry County': the Paris inside one of the Henry Counties is supported by it.
    Near means within 30 km plus the radius of either when it is a region; countries,
    continents and world regions ('Americas') are left out (they are near too much), and so is
    the same entry under another name; a country is supported by the names whose likeliest
    place lies in it. At most `_SUPPORT_CANDIDATES` candidates of a name, by prior, take part;
    one pyproj.Geod call for all pairs.
    """
    rows: list[tuple[int, Entry]] = []
    for i in todo:
        ranked = sorted(world[i].candidates, key=Entry.prior, reverse=True)[:_SUPPORT_CANDIDATES]
        rows += [(i, c) for c in ranked if c.kind not in ("country", "continent", "feature")]
    if len({names[i] for i, _ in rows}) < 2:
        return {}
    n = len(rows)
    lon = np.array([c.lon for _, c in rows])
    lat = np.array([c.lat for _, c in rows])
    reach_km = np.array([_reach_km(c) for _, c in rows])
    a, b = np.triu_indices(n, 1)
    limit_km = 30 + np.maximum(reach_km[a], reach_km[b])
    points = ecef_km(lon, lat)
    maybe = np.flatnonzero(chord_km(points[a], points[b]) <= limit_km + SLACK_KM)  # the rest are far
    close = np.zeros(len(a), dtype=bool)
    if len(maybe):
        d_km = GEOD.inv(lon[a[maybe]], lat[a[maybe]], lon[b[maybe]], lat[b[maybe]])[2] / 1000
        close[maybe] = d_km <= limit_km[maybe]
    key = [names[i] for i, _ in rows]
    ids = [c.geonames_id for _, c in rows]
    seen: dict[int, set[str]] = {}
    for x, y in zip(a[close].tolist(), b[close].tolist(), strict=True):
        if key[x] != key[y] and ids[x] != ids[y]:  # 'Mexico City' does not support 'Mexico' = it
            seen.setdefault(x, set()).add(key[y])
            seen.setdefault(y, set()).add(key[x])
    out: dict[int, dict[int, int]] = {}
    for x, others in seen.items():
        i, c = rows[x]
        out.setdefault(i, {})[id(c)] = min(len(others), 3)
    # a country is supported by the names whose likeliest place lies in it ('Mexico', 'Acapulco')
    likeliest = {names[j]: max(world[j].candidates, key=Entry.prior).country for j in todo}
    for i in todo:
        for c in world[i].candidates:
            if c.kind == "country":
                n = sum(cc == c.country for k, cc in likeliest.items() if k != names[i])
                if n:
                    out.setdefault(i, {})[id(c)] = min(n, 3)
    return out


def resolve(hits: list[Hit], text: str, *, places: dict[str, Place],
            theatre: BaseGeometry | None = None, peoples: Sequence[str] = ()) -> None:
    """Set `chosen` on every world-gazetteer hit (hits sorted by start).

    `peoples` are the country codes of the demonyms in the text ('Georgian' -> 'GE'): context,
    not places. Names not decided by their prior are chosen twice: once in the context of the
    decided names, then again with the other first choices added. A transliteration matched
    loosely (`how == "fuzzy"`) is kept only in a country the article names.
    """
    ctx = _Context(Counter(peoples), [], [], theatre)
    compass = [h for h in hits if h.source == "geonames" and compass_base(h.text) is not None]
    for h in hits:
        if h in compass:
            continue
        if h.source == "place":
            p = places[h.ref]
            ctx.anchors.append((p.lon, p.lat))
            if p.country:
                ctx.countries[p.country] += 1
        elif h.source == "geonames" and (sea := _the_feature(h, text)) is not None:
            h.chosen = sea
            ctx.add(sea)
        elif h.source == "geonames" and h.how != "fuzzy" and not _named_with_region(h, hits, text) \
                and not kind_words(text, h.start, h.end) and (best := _decided(h)) is not None:
            h.chosen = best
            ctx.add(best)
    world = [h for h in hits if h.source == "geonames" and h not in compass]
    todo = [i for i, h in enumerate(world) if h.chosen is None]
    # "X, Y", "X in Y", "X near Y": Y first, so that X is looked for inside or near it
    todo.sort(key=lambda i: not (i > 0 and relation(text, world[i - 1].end, world[i].start) is not None))
    first: dict[int, Entry] = {}
    names = {i: fold_name(world[i].text) for i in todo}
    support = _support(world, todo, names)
    for rounds in range(2):
        for i in todo:
            h = world[i]
            here = ctx
            if rounds:  # the other names' first choices, not those of this name's repeats
                here = _Context(Counter(ctx.countries), list(ctx.anchors), list(ctx.regions), theatre)
                for j, e in first.items():
                    if names[j] != names[i]:
                        here.add(e)
            cands = h.candidates
            if h.how == "fuzzy":
                cands = [c for c in cands if here.countries[c.country] > 0]
                if not cands:
                    continue
            nxt = world[i + 1] if i + 1 < len(world) else None
            region = nxt.chosen if nxt is not None and text[h.end:nxt.start] in (", ", " , ") else None
            region = None if _peer(h, region) else region
            held = _holder(h, nxt, text)
            if held is not None:  # 'Kalam in the Swat Valley', 'Kabul in Israel': not a namesake elsewhere
                there = [c for c in cands if lies_in(c, *held)]
                if not there and held[1] == "in" and held[0].kind in _HOLDERS \
                        and all(c.kind in _SETTLEMENTS for c in cands):
                    h.chosen = None  # placed at the area it lies in (`within`)
                    first.pop(i, None)
                    continue
                cands = there or cands
            keys = name_keys(h.text)
            near = support.get(i, {})
            kinds = _listed_kinds(world, i, text) + Counter(kind_words(text, h.start, h.end))
            if region is None and not kinds and any(
                    c.kind in ("state", "country") and c.population >= 1_000_000
                    and name_keys(c.name) & keys for c in cands):
                cands = [c for c in cands if c.kind not in ("village", "town")]  # 'Florida'
            if region is not None and not any(c.kind == region.kind for c in cands):
                cands = [c for c in cands if inside(c, region)] or cands  # 'Nashville, Tennessee'
            d = here.nearest_km(cands)
            h.chosen = max(cands, key=lambda c, k=keys, r=region, x=here, n=near, w=kinds, d=d:  # type: ignore[misc]
                           x.score(c, k, r, d.get(id(c))) + _SUPPORT * n.get(id(c), 0)
                           + _KIND_WORD * w[c.kind])
            first[i] = h.chosen
    for h in world:
        _area_of(h, text)
    for h in compass:  # last: the countries of every other name are known
        _compass(h, hits, text, Counter(ctx.countries) + Counter(
            e.country for e in first.values() if e.country))
