"""Spatial modifiers of place mentions: "near X", "N km from X", "east of the X road", "in X".

A distance stated from a region the pack declares in `distance_from` ("85 km from the Golan")
is measured from the declared feature, not from the region's centre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyproj import Geod

from standoff.model import Pack
from standoff.read.clean import fold_chars
from standoff.read.distances import NUMBER, UNIT, to_km
from standoff.read.geoparse import Located
from standoff.read.records import Modifier, PlaceMention

__all__ = ["DIRECTION", "DISTANCES", "Mod", "coherent", "feature_of", "modifiers", "place_list"]

_KM = rf"(?P<u>{UNIT})"
_DIST = re.compile(
    r"(?P<q>at least|about|around|some|roughly|approximately|up to|nearly|more than|beyond"
    rf"|within|no closer than|no more than)?\s*(?:(?:to\s+)?a\s+distance\s+of\s+|by\s+)?\b(?P<a>{NUMBER})"
    rf"(?:\s*(?:to|-|and)\s*(?P<b>{NUMBER}))?\s*-?\s*{_KM}\b(?:\s*[\(\[][^)\]]*[\)\]])?\s+(?:away\s+)?"
    r"(?:(?:to the\s+)?(?P<dir>(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+)?"
    r"(?:from|of|on\s+(?:either|each|both)\s+sides?\s+of)\s+(?:the\s+)?$", re.I)
#: Places that have no sides to be on: east of a town or a province is near it, to the east.
_POINTLIKE = {"village", "town", "city", "capital", "district", "province", "state", "region"}
_UNNAMED = re.compile(r"\b(?:hamlets?|villages?|towns?|hills?|hilltops?|positions?|posts?|outposts?|farms?"
                      r"|fields|points|sites|bases)\s+(?:(?:just|some|further|farther)\s+)?$", re.I)
_SIDE = re.compile(r"\b(?P<dir>east|west|north|south)(?:ern)?\s+(?:side\s+)?of\s+(?:the\s+)?$",
                   re.I)
#: "northwest Syria", "the southeastern town of Khiam": a direction or kind between the
#: preposition and the name.
DIRECTION = (r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+|central\s+|upper\s+"
        r"|lower\s+|greater\s+)?")
_KIND = (r"(?:villages?|towns?|city|cities|areas?|regions?|provinces?|outskirts|countryside|hamlets?"
         r"|districts?|settlements?) of\s+")
#: "in government-controlled Hranitne", "near rebel-held Nawa": who holds the place, before its
#: name; an adjective that describes it ("of strategic Mount Hermon", "in war-torn Idlib"); and
#: "in what is called Greater Idlib".
_HELD = (r"(?:what\s+(?:is|are|was|were)\s+(?:called|known\s+as)\s+)?"
         r"(?:[\"\u201c\u201d\w'-]+-(?:controlled|held|occupied|run)\s+)?"
         r"(?:(?:strategic|key|nearby|neighbou?ring|besieged|embattled|disputed|contested|occupied"
         r"|annexed|remote|restive|flashpoint|frontline|front-line|[a-z]+-(?:torn|ravaged|stricken))\s+)?")
_NEAR = re.compile(r"\b(?:near|close to|next to|in the vicinity of|around|outside|on the outskirts"
                   rf" of|along|by|on|toward|towards)\s+(?:the\s+)?{_HELD}{DIRECTION}(?:{_KIND})?$", re.I)
#: Verbs whose object is the place: "seized Mashara", "surrounded the town of Morek".
_PLACE_VERBS = (r"seiz\w*|captur\w*|retak\w*|retook|overr[au]n\w*|storm\w*|occup\w*|surround\w*"
                r"|encircl\w*|besieg\w*|patroll\w*|patrols?|raid\w*|abandon\w*|evacuat\w*|vacat\w*"
                r"|leaves?|left|leaving|quit|quits|quitting|took|taking|held|holding|reach\w*|shell\w*"
                r"|attack\w*|bomb\w*|infiltrat\w*|invad\w*|reoccup\w*|(?:took|tak\w+) over|tour(?:s|ed|ing)?"
                r"|pass(?:es|ed|ing)|through|via|confront\w*|recaptur\w*|regain\w*|secur(?:e|es|ed|ing)"
                r"|guard(?:s|ed|ing)?|(?<!-)controls?|(?<!-)controll\w*|bombard\w*|pound\w*|target\w*|liberat\w*")
_IN = re.compile(r"\b(?:in|into|inside|at|within|enter(?:ed|ing|s)?|cross(?:ed|es|ing)?|across|over"
                 rf"|hit|struck|to|from|of|{_PLACE_VERBS})\s+(?:the\s+)?{_HELD}{DIRECTION}(?:{_KIND}(?:the\s+)?)?$",
                 re.I)
_SUFFIX = re.compile(r" (?:international )?(?:airport|air ?base|military airport|base|crossing"
                     r"|border crossing|camp|province|governorate|countryside|district)\b", re.I)
#: A place word that refers back ("there", "the area has a presence of ..."): at that place.
_ANAPHOR_TEXT = re.compile(r"there|the\s+(?:same\s+)?(?:area|town|village|villages|city|district|post"
                           r"|outpost|site|hill|base|position|crossing|region|line|zone)", re.I)
#: "Khiam was surrounded": the subject of a passive event is where it happened.
_PASSIVE = re.compile(r"(?:\s+and(?:\s+[\w-]+){1,4}?)?\s+(?:was|were|has been|have been|had been|is being"
                      r"|is|are)\s+(?:\w+ly\s+)?(?:(?:last|this)\s+\w+\s+)?"
                      r"(?:surrounded|captured|seized|taken|retaken|shelled|raided|stormed|entered|overrun"
                      r"|encircled|besieged|occupied|attacked|struck|hit|bombed|targeted|invaded)\b", re.I)
#: What may follow a place's name before the next one: "the Tyre district", "Hamames (Marjayoun)".
_GLOSS = re.compile(r"(?:\s+(?:district|province|governorate|region|area|countryside|sector|hill"
                    r"|territory))?\)?"
                    r"(?:\s*\([^)]*\))?")


def _modifier(window: str, mention: PlaceMention,
              feature: str | None) -> tuple[Modifier, int] | None:
    """The spatial modifier ending right before a place, and where its words start."""
    m = _DIST.search(window)
    if m:
        a = to_km(m.group("a"), m.group("u"))
        b = to_km(m.group("b"), m.group("u")) if m.group("b") else None
        q = (m.group("q") or "").lower()
        approx = q in ("about", "around", "some", "roughly", "approximately", "nearly")
        text = m.group(0).strip() + " " + mention.text
        if b is not None and b > a:
            return Modifier(kind="band", text=text, feature=feature, from_km=a, to_km=b,
                            approximate=approx), m.start()
        kind = {"at least": "beyond", "beyond": "beyond", "more than": "beyond",
                "no closer than": "beyond", "within": "within", "up to": "within",
                "no more than": "within"}.get(q, "distance")
        spread = 0.2 if approx else 0.1  # "N km from X": a band around N km
        band = {"from_km": a * (1 - spread), "to_km": a * (1 + spread)} if kind == "distance" \
            else {}
        facing = m.group("dir").lower().replace("-", "") if m.group("dir") else None
        return Modifier(kind=kind, text=text, feature=feature, km=a,  # type: ignore[arg-type]
                        approximate=approx, facing=facing, **band), m.start()
    m = _SIDE.search(window)
    if m and feature is None and mention.kind in _POINTLIKE and _UNNAMED.search(window, 0, m.start()):
        # 'several hamlets east of Quneitra': places not named, near it (not half a theatre)
        return Modifier(kind="near", text=m.group(0).strip() + " " + mention.text,
                        facing=m.group("dir").lower()), m.start()
    if m:
        return Modifier(kind="side", text=m.group(0).strip() + " " + mention.text,
                        feature=feature, facing=m.group("dir").lower()), m.start()
    m = _NEAR.search(window)
    if m:
        return Modifier(kind="near", text=m.group(0).strip() + " " + mention.text,
                        feature=feature), m.start()
    m = _IN.search(window)
    if m:
        kind = "area" if feature else "at"
        return Modifier(kind=kind, text=m.group(0).strip() + " " + mention.text,  # type: ignore[arg-type]
                        feature=feature), m.start()
    return None


@dataclass(frozen=True)


class Mod:
    start: int  # where the modifier's words start (clean offset)
    place_start: int
    place_end: int
    mod: Modifier
    mention: PlaceMention


DISTANCES = ("distance", "band", "beyond", "within")
_GEOD = Geod(ellps="WGS84")
_AREA_M = 10_000.0  # a place this uncertain is an area that the statement's points should lie in
_SLACK_M = 50_000.0
_SETTLEMENTS = {"village", "town", "city", "capital"}


def coherent(resolved: list[Mod]) -> list[Mod]:
    """The resolved places of one statement without the points lying far outside an area that
    another of them names ('on the Lachin Corridor, next to the Hakari bridge': not Hakkari in
    Turkey, 300 km away); all of them when that would leave none."""
    areas = [x.mention for x in resolved if (x.mention.uncertainty_m or 0) >= _AREA_M
             and x.mention.kind not in _SETTLEMENTS]
    if not areas:
        return resolved

    def far(m: PlaceMention) -> bool:
        return any(a is not m and _GEOD.inv(a.lon, a.lat, m.lon, m.lat)[2]
                   > (a.uncertainty_m or 0) + (m.uncertainty_m or 0) + _SLACK_M for a in areas)
    kept = [x for x in resolved if not far(x.mention)]
    return kept or resolved


def _fold(name: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", fold_chars(name).strip().lower()))


def _measured_from(pack: Pack, mention: PlaceMention, said: str) -> str | None:
    """The feature the pack measures a distance from this region from (`distance_from`)."""
    if not pack.distance_from:
        return None
    table = {_fold(k): v for k, v in pack.distance_from.items()}
    for name in (said, mention.text, mention.name or ""):
        if name and _fold(name) in table:
            return table[_fold(name)]
    return None


def feature_of(mention: PlaceMention, pack: Pack) -> str | None:
    gid = mention.gazetteer_id
    return gid if mention.gazetteer == "pack" and gid in pack.features else None


def modifiers(text: str, pack: Pack, seg_start: int, seg_places: list[Located]) -> list[Mod]:
    """The modifier of each place in a segment; 'in X and Y' gives Y the modifier of X."""
    mods: list[Mod] = []
    for s, e, m in seg_places:
        w0 = max(seg_start, s - 60)
        found = _modifier(text[w0:s], m, feature_of(m, pack))
        if found is None and (_ANAPHOR_TEXT.fullmatch(m.text) or _PASSIVE.match(text, e)):
            # "we are there", "Khiam was surrounded by ...": at the place meant
            found = (Modifier(kind="at", text=m.text, feature=feature_of(m, pack)), s - w0)
        if found is not None:
            mod = found[0]
            if mod.kind in DISTANCES and mod.feature is None:  # "85 km from the Golan"
                fid = _measured_from(pack, m, text[s:e])
                if fid is not None:
                    mod = mod.model_copy(update={"feature": fid})
            suffix = _SUFFIX.match(text, e)
            if suffix:  # "near the Homs airport": keep the whole phrase in the modifier's words
                mod = mod.model_copy(update={"text": mod.text + suffix.group(0)})
            mods.append(Mod(w0 + found[1], s, e, mod, m))
        elif mods and re.fullmatch(r"['\u2019]s\s+", text[mods[-1].place_end:s]):
            # "Syria's Quneitra province", "Lebanon's Naqoura": the second place, more precise,
            # takes the first one's modifier and replaces it
            prev = mods.pop()
            mod = prev.mod.model_copy(update={"text": prev.mod.text + text[prev.place_end:e],
                                              "feature": feature_of(m, pack) or prev.mod.feature})
            mods.append(Mod(prev.start, s, e, mod, m))
        elif mods and mods[-1].mod.kind in ("at", "near", "area") and re.fullmatch(
                _GLOSS.pattern + r"\s*(?:,|,?\s*and|,?\s*or)\s+", text[mods[-1].place_end:s]):
            last = mods[-1].mod
            mod = last.model_copy(update={"text": f"and {m.text}",
                                          "feature": feature_of(m, pack)})
            mods.append(Mod(mods[-1].place_end, s, e, mod, m))
    return mods


#: ", in Aalma, in the B triangle": members of a list that no gazetteer knows, between known ones.
_UNKNOWN_ITEMS = (r"(?:\s*,\s*(?:in\s+|at\s+|near\s+)?(?:(?:al|el)-)?[A-Z][\w'\u2019-]*"
                  r"(?:\s+(?:(?:al|el)-)?[A-Z][\w'\u2019-]*){0,2}(?=\s*,))*")
#: "A, B, and the village of C", "A, together with B", "A, among other places on top of B": the
#: next member of a list of places.
_LIST_GAP = re.compile(rf"{_UNKNOWN_ITEMS}\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as)\s+"
                       r"(?:in\s+|at\s+|near\s+)?"
                       rf"(?:the\s+)?{DIRECTION}(?:{_KIND}(?:the\s+)?)?"
                       r"|\s*,?\s*(?:and\s+)?(?:(?:the\s+)?(?:nearby|other|several|neighbou?ring|surrounding)"
                       r"\s+\w+\s+)?(?:including|such as|among them|notably)\s+(?:the\s+\w+\s+of\s+)?"
                       r"|(?:\s+(?:within|inside|in)\s+(?:[\w-]+\s+)?[\w-]+)?\s*,?\s*(?:and\s+)?"
                       r"(?:together with|along with|as well as|among other (?:places|areas|sites|locations"
                       r"|positions)|among them)\s*,?\s+(?:[\w-]+\s+){0,6}?(?:of|in|at|on|near|into)\s+"
                       r"(?:the\s+)?(?:[\w-]+\s+)?"
                       r"|\s*,?\s*(?:and\s+)?(?:an?|the|one)\s+(?:[\w-]+\s+){0,3}?(?:position|post|outpost|point"
                       r"|base|checkpoint|site|hill)s?\s+(?:along|at|in|near|on|by)\s+(?:the\s+)?"
                       # a route: "towards Y, passing A, B and C", "to Y via A", "through A and on to B"
                       r"|\s*,?\s*(?:and\s+)?(?:then\s+)?(?:(?:passing|passed|going|moving|driving|travell?ing"
                       r"|continuing|heading)\s+(?:through|by|via|on\s+to|towards?|into|to)?|via|through"
                       r"|on\s+to|onward\s+to)\s*(?:the\s+)?", re.I)
#: "Khiam in southeast Lebanon", "Tayr Harfa in the Tyre district": the place that contains
#: the one before it, not another place of the statement.
_CONTAINER_GAP = re.compile(rf"\s*,?\s*(?:in|of|near|outside|(?:north|south)(?:-?(?:east|west))?\s+of"
                            rf"|(?:east|west)\s+of)\s+(?:the\s+)?{DIRECTION}(?:{_KIND}(?:the\s+)?)?"
                            r"|\s*\(\s*|\s*/\s*", re.I)
#: "A, B and C": after B the list goes on, so B (even a district) is a member, not A's container.
_LIST_GOES_ON = re.compile(r"\s+(?:and|or)\s+(?:the\s+)?(?:(?:al|el)-)?[A-Z]")
_LARGE = ("country", "region", "province", "governorate", "district", "admin1", "admin2")


def place_list(mods: list[Mod], best: Mod, text: str, located: list[Located] = (),  # type: ignore[assignment]
               pack: Pack | None = None) -> list[Mod]:
    """The resolved places listed together with `best` ("in the villages of A, B and C"): one
    position each. A place that only says where the one before it lies ("A in the B
    district", "A, northern Syria", "A near B") is no member of the list. Places of
    `located` with no modifier of their own ("include A (district), B and C") join a list
    as "at"."""
    have = {x.place_start for x in mods}
    extra = [Mod(s, s, e, Modifier(kind="at", text=m.text, feature=feature_of(m, pack) if pack else None),
                 m) for s, e, m in located if s not in have]
    groups: list[list[Mod]] = []
    prev: Mod | None = None
    inner: dict[int, Mod] = {}  # container's start -> the place it contains
    for x in sorted([*mods, *extra], key=lambda x: x.place_start):
        gap = text[prev.place_end:x.place_start] if prev is not None else ""
        if prev is not None:
            gap = gap[_GLOSS.match(gap).end():]  # type: ignore[union-attr]
        if prev is not None and (_CONTAINER_GAP.fullmatch(gap) or (
                re.fullmatch(r"\s*,\s*", gap) and x.mention.kind in _LARGE
                and not _LIST_GOES_ON.match(text, x.place_end))):
            inner[x.place_start] = prev
            prev = x  # a container: the list goes on after it
            continue
        if prev is not None and groups and _LIST_GAP.fullmatch(gap):
            groups[-1].append(x)
        else:
            groups.append([x])
        prev = x
    held = inner.get(best.place_start)
    if held is not None and (not held.mention.resolved or held.mention.coarse) and held.mention.kind:
        best = held  # "the Ramia area of southern Lebanon": the unknown place inside is the more precise
    group = next((g for g in groups if best in g), [best])
    return [x for x in group if (x.mention.resolved or x.mention.kind) and x.mod.kind != "side"] or [best]
