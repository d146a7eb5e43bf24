"""Lines, zones, corridors, crossings, straits and disputed islands that conflict news names and
no city list has: 'the DMZ', 'the Line of Control', 'the Blue Line', 'the Philadelphi Corridor'.

Without them such a name goes unplaced, or to a namesake ('Mount Hermon', a village in
Virginia). Each is (name, other names, lon, lat, radius km, gate): an approximate centre (facts,
from general atlases, rounded) and a radius that covers the whole line or area, so that a
mention of a 250 km line is a 130 km circle, not a point. The gate lists the countries (ISO
3166 alpha-2) of which an article must name one for the entry to be a candidate at all: 'the
Green Line' is Cyprus's buffer zone only in an article about Cyprus, 'LoC' the Kashmir line only
in one about India or Pakistan. An empty gate: the name is specific enough alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.read.resolve import Hit

__all__ = ["ZONES", "allowed", "gate_hits", "is_zone"]

_KOREA = ("KR", "KP")
_KASHMIR = ("IN", "PK")
_LAC = ("IN", "CN")
_BLUE = ("LB", "IL")
_SAHARA = ("MA", "EH", "DZ", "MR")
_LEVANT = ("LB", "IL", "SY")
_GAZA = ("IL", "PS", "EG")

ZONES: tuple[tuple[str, tuple[str, ...], float, float, float, tuple[str, ...]], ...] = (
    # Korea
    ("Korean Demilitarized Zone", ("Korean Demilitarised Zone", "Korean DMZ", "Demilitarized Zone",
                                   "Demilitarised Zone", "DMZ"), 127.2, 38.3, 130, _KOREA),
    ("Panmunjom", ("Panmunjeom", "Joint Security Area", "JSA", "Truce Village"), 126.677, 37.956, 2,
     _KOREA),
    ("Northern Limit Line", ("NLL",), 125.5, 37.7, 90, _KOREA),
    ("Yeonpyeong Island", ("Yeonpyeong", "Yeonpyeongdo"), 125.70, 37.67, 5, _KOREA),
    ("Baengnyeong Island", ("Baengnyeong", "Baengnyeongdo"), 124.68, 37.96, 6, _KOREA),
    # India, Pakistan, China
    ("Line of Control", ("LoC", "LOC"), 75.0, 34.2, 300, _KASHMIR),
    ("Working Boundary", (), 74.6, 32.5, 100, _KASHMIR),
    ("Siachen Glacier", ("Siachen",), 77.1, 35.4, 40, _KASHMIR),
    ("Line of Actual Control", ("LAC",), 86.0, 31.5, 1_600, _LAC),
    ("Galwan Valley", ("Galwan", "Galwan River"), 78.2, 34.75, 15, _LAC),
    ("Pangong Tso", ("Pangong Lake", "Pangong", "Pangong Tso Lake"), 78.7, 33.75, 60, _LAC),
    ("Depsang Plains", ("Depsang", "Depsang Bulge"), 78.05, 35.3, 25, _LAC),
    ("Doklam", ("Doklam Plateau", "Donglang"), 89.0, 27.3, 10, ("IN", "CN", "BT")),
    ("Aksai Chin", (), 79.3, 35.2, 150, _LAC),
    # Lebanon, Israel, Syria, Gaza
    ("Blue Line", (), 35.45, 33.15, 60, _BLUE),
    ("Shebaa Farms", ("Sheba'a Farms", "Shebaa farms", "Chebaa Farms", "Shabaa Farms"), 35.72, 33.28, 6,
     _LEVANT),
    ("Litani River", ("Litani", "Litany River"), 35.45, 33.38, 45, _BLUE),
    ("Mount Hermon", ("Hermon", "Jabal al-Sheikh", "Jabal el-Sheikh", "Jabal al-Shaykh", "Jebel el-Sheikh"),
     35.86, 33.42, 10, _LEVANT),
    ("Yarmouk Basin", ("Yarmouk Valley", "Yarmuk Valley", "Yarmouk River", "Yarmuk River"), 35.85, 32.75,
     15, ("SY", "JO", "IL")),
    ("Philadelphi Corridor", ("Philadelphi Route", "Philadelphi axis", "Philadelphia Corridor",
                              "Salah al-Din Corridor", "Salah al-Din axis", "Philadelphi"),
     34.25, 31.27, 8, _GAZA),
    ("Netzarim Corridor", ("Netzarim",), 34.42, 31.46, 7, _GAZA),
    ("Kerem Shalom", ("Kerem Shalom crossing",), 34.28, 31.23, 2, _GAZA),
    ("Green Line", (), 35.1, 32.0, 120, ("IL", "PS")),
    # Cyprus
    ("United Nations Buffer Zone in Cyprus", ("UN buffer zone in Cyprus", "Cyprus buffer zone",
                                              "Green Line", "Attila Line"), 33.3, 35.15, 90, ("CY",)),
    ("Varosha", ("Varosia",), 33.96, 35.11, 3, ("CY",)),
    ("Pyla", (), 33.69, 35.02, 2, ("CY",)),
    # Western Sahara
    ("Berm", ("Moroccan Wall", "Moroccan Berm", "Sand Wall"), -11.0, 25.5, 750, _SAHARA),
    ("Guerguerat", ("El Guerguerat", "Guerguerat crossing", "Gargarat", "El Guerguarat", "Al-Karkarat",
                    "Elkarkarat"), -16.95, 21.37, 3, _SAHARA),
    # Caucasus, Ukraine, the Balkans
    ("Lachin corridor", ("Lachin Corridor",), 46.55, 39.6, 25, ("AZ", "AM")),
    ("Kerch Strait", ("Strait of Kerch",), 36.55, 45.3, 20, ("UA", "RU")),
    ("Sea of Azov", ("Azov Sea",), 36.8, 46.0, 180, ()),
    ("Presevo Valley", ("Preševo Valley",), 21.65, 42.35, 20, ("RS", "XK")),
    # Africa
    ("Abyei Area", (), 28.4, 9.6, 60, ("SD", "SS")),
    ("Heglig", ("Panthou",), 29.4, 10.0, 10, ("SD", "SS")),
    ("Sirte-Jufra line", ("Sirte–Jufra line", "Sirte-Jufra axis", "Sirte–Jufra axis"), 16.3, 30.2, 200,
     ()),
    ("Jufra", ("Al Jufra", "al-Jufra", "Al-Jufra"), 16.0, 29.1, 60, ("LY",)),
    # straits and disputed islands
    ("Strait of Hormuz", ("Hormuz Strait",), 56.4, 26.6, 60, ()),
    ("Bab el-Mandeb", ("Bab al-Mandab", "Bab-el-Mandeb", "Bab el-Mandab"), 43.35, 12.6, 30, ()),
    ("Gulf of Oman", (), 58.5, 24.5, 250, ()),
    ("Taiwan Strait", ("Strait of Taiwan", "Formosa Strait"), 119.5, 24.5, 200, ()),
    ("Spratly Islands", ("Spratlys", "Spratly"), 114.0, 10.0, 300, ()),
    ("Paracel Islands", ("Paracels", "Paracel"), 112.0, 16.5, 100, ()),
    ("Scarborough Shoal", (), 117.75, 15.15, 10, ()),
    ("Senkaku Islands", ("Senkakus", "Diaoyu Islands", "Diaoyutai Islands"), 123.5, 25.75, 30, ()),
    ("Kuril Islands", ("Kurils", "Kuriles", "Kurile Islands"), 150.0, 46.0, 600, ()),
)

_NAMES = frozenset(name for name, *_ in ZONES)
_GATES: dict[str, frozenset[str]] = {name: frozenset(gate) for name, *_, gate in ZONES if gate}


def is_zone(kind: str, entry_name: str) -> bool:
    """Whether an entry is one of this table's (a curated name: accepted wherever written whole)."""
    return kind == "feature" and entry_name in _NAMES


def allowed(kind: str, entry_name: str, countries: Iterable[str]) -> bool:
    """Whether an entry may be meant in an article naming `countries` (ISO codes): always,
    unless it is a zone whose gate names none of them."""
    gate = _GATES.get(entry_name) if kind == "feature" else None
    return not gate or not gate.isdisjoint(countries)


def gate_hits(hits: list[Hit], countries: Iterable[str]) -> list[Hit]:
    """The hits without the zones the article's countries do not open; a world name left with
    no candidate is dropped."""
    named = set(countries) | {h.candidates[0].country for h in hits if h.how == "abbrev" and h.candidates}
    out = []
    for h in hits:
        if h.source == "geonames" and h.candidates:
            kept = [c for c in h.candidates if allowed(c.kind, c.name, named)]
            if not kept:
                continue
            h.candidates = kept
        out.append(h)
    return out
