"""Geoparsing without a server: find place names, resolve them, give each an uncertainty.

The pack's places and line aliases come first; GeoNames (see `gazetteer`) covers the rest.
A GeoNames name is taken as a place when it is a country, when spaCy's NER calls it a place,
or when a locative word precedes it ("in", "near", "outside"). Candidates sharing a name are
ranked by the theatre, the countries and places the article mentions, and population.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from shapely import Point

from standoff.geo.ellipsoid import distance_m
from standoff.geo.features import feature_geometry
from standoff.model import Pack
from standoff.read.clean import Cleaned, fold_chars, lower_same_length
from standoff.read.gazetteer import Entry, fold_name, geonames, radius_m
from standoff.read.records import PlaceMention

__all__ = ["Ent", "Located", "PackGazetteer", "find_places", "pack_gazetteer"]

Ent = tuple[int, int, str]  # clean start, clean end, spaCy label
Located = tuple[int, int, PlaceMention]  # clean start, clean end, mention

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW",
                     "PRODUCT", "MONEY", "CARDINAL", "QUANTITY", "ORDINAL", "PERCENT", "LANGUAGE"}
_CUE = re.compile(
    r"(?:\b(?:in|near|at|from|into|outside|around|towards?|across|over|via|through|between"
    r"|north|south|east|west|of|to|and|reached|entered|hit|struck|shelled|captured|besieged"
    r"|village|town|city|province|governorate|district|region|area)"
    r"(?:\s+(?:the|northern|southern|eastern|western|central|rural|downtown|occupied|nearby"
    r"|eastern|town of|city of|village of|outskirts of))*\s+)$", re.IGNORECASE)
_CAP_RUN = re.compile(
    r"(?<![\w-])(?:(?:al|el|ad|as|ar|an|ash|at|az)-)?[A-Z][\w']*(?:-(?:[A-Za-z][\w']*))*"
    r"(?:[ ](?:(?:al|el|ad|as|ar|an|ash|at|az|de|del|da|of|bin|abu|ibn)[- ])?"
    r"[A-Z][\w']*(?:-(?:[A-Za-z][\w']*))*){0,5}")
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday "
           "thursday friday saturday sunday").split()
_STOP = set(_MONTHS) | set(
    "the a an he she it they we i you his her its their our this that these those there here "
    "but and or if when while after before as on in at of to for by with from mr mrs ms dr "
    "president prime minister general gen col lt sgt king queen prince sheikh leader chief "
    "update updated analysis photo credit news press smoke members member forces army police "
    "state republic government ministry foreign defense defence council office".split())
_PLACE_SUFFIX = {"airport", "air", "base", "airbase", "province", "governorate", "district",
                 "heights", "crossing", "camp", "city", "river", "valley", "region", "plain"}


@dataclass
class PackGazetteer:
    """A pack's names: places and line/area features, with one regex to find them."""

    pack: Pack
    names: dict[str, tuple[str, str]]  # folded alias -> ("place"|"feature", id)
    pattern: re.Pattern[str] | None
    lower_pattern: re.Pattern[str] | None
    theatre_lon: float | None = None
    theatre_lat: float | None = None
    theatre: object | None = None
    places: dict[str, object] = field(default_factory=dict)
    feature_points: dict[str, tuple[float, float, float, str]] = field(default_factory=dict)


_PACKS: dict[int, tuple[Pack, PackGazetteer]] = {}


def _feature_names(pack: Pack) -> dict[str, str]:
    names: dict[str, str] = {}
    for alias, fid in pack.line_aliases.items():
        names[fold_chars(alias).lower()] = fid
    for f in pack.features.values():
        if f.id == pack.theatre or f.kind == "point":
            continue
        base = re.sub(r"\s*\(.*?\)", "", fold_chars(f.name)).strip().lower()
        for variant in {base, re.sub(r"\bhighway\b", "road", base),
                        re.sub(r"\broad\b", "highway", base)}:
            names.setdefault(variant, f.id)
            names.setdefault("the " + variant, f.id)
    return names


def pack_gazetteer(pack: Pack) -> PackGazetteer:
    """The pack's name index, built once per Pack object."""
    cached = _PACKS.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    names: dict[str, tuple[str, str]] = {}
    for fold, fid in _feature_names(pack).items():
        names[fold] = ("feature", fid)
    places = {p.id: p for p in pack.places}
    for p in pack.places:
        for alias in (p.name, *p.aliases):
            names.setdefault(fold_chars(alias).lower(), ("place", p.id))
    alts = sorted(names, key=len, reverse=True)
    pattern = lower = None
    if alts:
        body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        lower = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")  # on lower-cased text: faster
    theatre = feature_geometry(pack, pack.theatre)
    gaz = PackGazetteer(pack, names, pattern, lower, theatre=theatre, places=places)  # type: ignore[arg-type]
    if theatre is not None:
        c = theatre.centroid
        gaz.theatre_lon, gaz.theatre_lat = c.x, c.y
    _PACKS[id(pack)] = (pack, gaz)
    return gaz


@dataclass
class _Hit:
    start: int
    end: int
    text: str
    source: str  # "place" | "feature" | "geonames" | "unresolved"
    ref: str = ""
    candidates: list[Entry] = field(default_factory=list)
    chosen: Entry | None = None


def _label_at(ents: Sequence[Ent], start: int, end: int) -> str | None:
    for s, e, label in ents:
        if s < end and start < e:
            return label
    return None


def _scan_pack(gaz: PackGazetteer, text: str) -> list[_Hit]:
    if gaz.pattern is None or gaz.lower_pattern is None:
        return []
    low = lower_same_length(text)
    matches = gaz.lower_pattern.finditer(low) if low is not None else gaz.pattern.finditer(text)
    hits = []
    for m in matches:
        s, e = m.span()
        kind, ref = gaz.names[re.sub(r"\s+", " ", text[s:e].lower())]
        hits.append(_Hit(s, e, text[s:e], kind, ref))
    return hits


@dataclass
class Scan:
    """Gazetteer hits found before NER: pack names and GeoNames candidates of capital runs."""

    pack_hits: list[_Hit]
    candidates: list[tuple[_Hit, bool, int]]  # GeoNames hit, covers its whole run, word index


def _scan_capitals(text: str, taken: list[tuple[int, int]]) -> list[tuple[_Hit, bool, int]]:
    gn = geonames()
    found_all: list[tuple[_Hit, bool, int]] = []

    mask = bytearray(len(text))
    for a, b in taken:
        mask[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return mask.find(1, s, e) < 0

    for m in _CAP_RUN.finditer(text):
        run_start = m.start()
        words = [(w.start() + run_start, w.end() + run_start)
                 for w in re.finditer(r"\S+", m.group(0))]
        i = 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + 5), i, -1):
                s, e = words[i][0], words[j - 1][1]
                span = text[s:e]
                if span.endswith("'s"):
                    e -= 2
                    span = span[:-2]
                if fold_name(span) in _STOP or not free(s, e):
                    continue
                cands = gn.lookup(span)
                if cands:
                    found = (s, e, span, cands, i == 0 and j == len(words))
                    break
            if found is None:
                i += 1
                continue
            s, e, span, cands, whole = found
            found_all.append((_Hit(s, e, span, "geonames", candidates=cands), whole, i))
            i = next(k for k in range(i, len(words) + 1) if k == len(words) or words[k][0] >= e)
    return found_all


def scan(cleaned: Cleaned, pack: Pack) -> Scan:
    """Pack names and GeoNames candidates in the clean text (no decisions yet)."""
    gaz = pack_gazetteer(pack)
    hits = _scan_pack(gaz, cleaned.clean)
    return Scan(hits, _scan_capitals(cleaned.clean, [(h.start, h.end) for h in hits]))


_CAP_WORD = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")
_DEMONYM_WORDS = {"israeli", "iranian", "syrian", "russian", "lebanese", "jordanian", "iraqi",
                  "american", "turkish", "afghan", "pakistani", "palestinian", "arab", "shi'ite",
                  "shiite", "sunni", "kurdish", "european", "western", "un", "us", "u.s"}


_NAME = r"(?P<name>[A-Z][\w'-]+(?: (?:al-|bin |ibn |abu |de |van |von )?[A-Z][\w'-]+){0,3})"
_PERSON = re.compile(
    r"(?:\b(?:President|Minister|General|Gen\.|Colonel|Col\.|Lt\.|Major|Commander|Chief|chief"
    r"|leader|spokesman|spokeswoman|spokesperson|envoy|ambassador|Ambassador|Secretary|King"
    r"|Prince|Sheikh|Ayatollah|Mr\.|Mrs\.|Ms\.|Dr\.|Senator|Rep\.|Gov\.|Sen\.) )" + _NAME
    + r"|" + _NAME.replace("name", "speaker") + r"(?=,? (?:said|says|told|added|wrote|warned))")


def needs_ner(text: str, start: int, end: int, found: Scan,
              known: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence has a capitalised word that neither gazetteer nor actor list explains."""
    spans = [(h.start, h.end) for h in found.pack_hits if start <= h.start < end]
    spans += [(a, b) for a, b in known if start <= a < end]
    for hit, _whole, _i in found.candidates:
        if start <= hit.start < end and (
                any(c.kind == "country" for c in hit.candidates)
                or _CUE.search(text[max(0, hit.start - 40):hit.start])):
            spans.append((hit.start, hit.end))
    for m in _PERSON.finditer(text, start, end):  # "Prime Minister X Y", "X Y said"
        group = "name" if m.group("name") else "speaker"
        spans.append((m.start(group), m.end(group)))
    for m in _CAP_WORD.finditer(text, start, end):
        a, b = m.start(), m.end()
        word = m.group(0).lower().removesuffix("'s")
        if word in _STOP or word in _DEMONYM_WORDS or any(s <= a < e for s, e in spans):
            continue
        if a == start and text[b:b + 2].strip()[:1].islower() and not geonames().index.get(word):
            continue  # an ordinary word opening the sentence
        return True
    return False


def _accept(text: str, s: int, e: int, cands: list[Entry], whole: bool, ents: Sequence[Ent],
            ner_ranges: Sequence[tuple[int, int]], i: int) -> bool:
    """Whether a GeoNames match is a place here: a country, NER says so, or a locative cue."""
    if any(c.kind == "country" and fold_name(c.name) == fold_name(text[s:e]) for c in cands):
        return True
    label = _label_at(ents, s, e)
    in_ner = any(a <= s < b for a, b in ner_ranges)
    cue = bool(_CUE.search(text[max(0, s - 40):s]))
    if label in _PLACE_LABELS:
        return True
    if label == "PERSON" or (in_ner and label in _NOT_PLACE_LABELS and not cue):
        return False
    after = text[e:e + 20].split()
    suffix = bool(after) and after[0].lower().strip(",.") in _PLACE_SUFFIX
    if not whole and not suffix:
        big = max(cands, key=lambda c: c.population)
        return cue and big.population >= 1_000_000
    if cue or suffix:
        return True
    if in_ner:
        return False
    return max(c.population for c in cands) >= 200_000 and i == 0


def _score(c: Entry, gaz: PackGazetteer, countries: set[str],
           anchors: list[tuple[float, float]], exact: bool) -> float:
    score = math.log10(c.population + 10)
    if gaz.theatre is not None:
        if gaz.theatre.contains(Point(c.lon, c.lat)):  # type: ignore[attr-defined]
            score += 4
        elif gaz.theatre_lon is not None:
            d_km = distance_m(c.lon, c.lat, gaz.theatre_lon, gaz.theatre_lat) / 1000  # type: ignore[arg-type]
            score += 2 * max(0.0, 1 - d_km / 600)
    if c.country in countries:
        score += 3
    if anchors:
        near_km = min(distance_m(c.lon, c.lat, lon, lat) for lon, lat in anchors) / 1000
        score += 3 * max(0.0, 1 - near_km / 300)
    if exact:
        score += 1
    if c.kind == "country":
        score += 2
    return score


def _resolve(hits: list[_Hit], gaz: PackGazetteer) -> None:
    countries: set[str] = set()
    anchors: list[tuple[float, float]] = []
    for h in hits:
        if h.source == "place":
            p = gaz.places[h.ref]
            anchors.append((p.lon, p.lat))  # type: ignore[attr-defined]
            if p.country:  # type: ignore[attr-defined]
                countries.add(p.country)  # type: ignore[attr-defined]
        elif h.source == "geonames":
            if len(h.candidates) == 1 or any(c.kind == "country" for c in h.candidates):
                best = max(h.candidates, key=lambda c: (c.kind == "country", c.population))
                h.chosen = best
                countries.add(best.country)
                if best.kind != "country":
                    anchors.append((best.lon, best.lat))
    for h in hits:
        if h.source == "geonames" and h.chosen is None:
            key = fold_name(h.text)
            h.chosen = max(h.candidates, key=lambda c: _score(
                c, gaz, countries, anchors, fold_name(c.name) == key))


def _feature_point(pack: Pack, fid: str) -> tuple[float, float, float, str]:
    shape = feature_geometry(pack, fid)
    feature = pack.features[fid]
    if shape is None:
        return math.nan, math.nan, 0.0, feature.kind
    p = shape.representative_point() if feature.kind == "area" else shape.interpolate(
        0.5, normalized=True) if feature.kind == "line" else shape
    minx, miny, maxx, maxy = shape.bounds
    half_m = max(distance_m(minx, miny, maxx, maxy) / 2, feature.accuracy_m)
    return p.x, p.y, half_m, feature.kind


def _mention(h: _Hit, doc_id: str, cleaned: Cleaned, pack: Pack,
             gaz: PackGazetteer) -> PlaceMention:
    a, b = cleaned.span_to_raw(h.start, h.end)
    raw_text = cleaned.raw[a:b]
    common = {"document": doc_id, "span": (a, b), "text": raw_text}
    if h.source == "place":
        p = gaz.places[h.ref]
        return PlaceMention(**common, resolved=True, name=p.name, lon=p.lon, lat=p.lat,  # type: ignore[attr-defined]
                            gazetteer="pack", gazetteer_id=p.id, geonames_id=p.geonames_id,  # type: ignore[attr-defined]
                            kind=p.kind, country=p.country, uncertainty_m=radius_m(p.kind),  # type: ignore[attr-defined]
                            candidates=1)
    if h.source == "feature":
        if h.ref not in gaz.feature_points:
            gaz.feature_points[h.ref] = _feature_point(pack, h.ref)
        lon, lat, half_m, kind = gaz.feature_points[h.ref]
        return PlaceMention(**common, resolved=True, name=pack.features[h.ref].name, lon=lon,
                            lat=lat, gazetteer="pack", gazetteer_id=h.ref, kind=kind,
                            uncertainty_m=half_m, candidates=1)
    if h.chosen is not None:
        c = h.chosen
        return PlaceMention(**common, resolved=True, name=c.name, lon=c.lon, lat=c.lat,
                            gazetteer="geonames", gazetteer_id=str(c.geonames_id),
                            geonames_id=c.geonames_id, kind=c.kind, country=c.country,
                            uncertainty_m=radius_m(c.kind), candidates=len(h.candidates))
    return PlaceMention(**common, resolved=False)


def find_places(cleaned: Cleaned, pack: Pack, doc_id: str, *, ents: Sequence[Ent] = (),
                ner_ranges: Sequence[tuple[int, int]] = (), found: Scan | None = None
                ) -> list[Located]:
    """Every place mention in the cleaned text (with clean offsets), resolved or not.

    `ents` are spaCy entities (clean offsets) for the sentences in `ner_ranges`; `found` is
    the `scan` of the same text, when already made.
    """
    text = cleaned.clean
    gaz = pack_gazetteer(pack)
    found = found or scan(cleaned, pack)
    hits = list(found.pack_hits)
    people = [(m.start(g), m.end(g)) for m in _PERSON.finditer(text)
              for g in ("name", "speaker") if m.group(g)]
    for hit, whole, i in found.candidates:
        if any(a <= hit.start < b for a, b in people) and _label_at(
                ents, hit.start, hit.end) not in _PLACE_LABELS:
            continue  # part of a person's name ("Naftali Bennett said")
        if _accept(text, hit.start, hit.end, hit.candidates, whole, ents, ner_ranges, i):
            hits.append(_Hit(hit.start, hit.end, hit.text, "geonames",
                             candidates=hit.candidates))
    taken = [(h.start, h.end) for h in hits]
    for s, e, label in ents:  # places NER found that no gazetteer knows
        if label in _PLACE_LABELS and not any(a < e and s < b for a, b in taken):
            span = text[s:e].strip()
            if span and fold_name(span) not in _STOP:
                hits.append(_Hit(s, s + len(span), span, "unresolved"))
    hits.sort(key=lambda h: h.start)
    _resolve(hits, gaz)
    return [(h.start, h.end, _mention(h, doc_id, cleaned, pack, gaz)) for h in hits]
