"""Force counts: "around 2,000 Iranian officers", "7,000 Hezbollah fighters"."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EQUIPMENT", "Count", "find_counts", "find_equipment"]

_UNITS = {
    "officers": "soldier", "advisers": "soldier", "advisors": "soldier", "fighters": "soldier",
    "troops": "soldier", "soldiers": "soldier", "militiamen": "soldier", "militants": "soldier",
    "personnel": "soldier", "men": "soldier", "members": "soldier", "gunmen": "soldier",
    "tanks": "tank", "artillery pieces": "artillery", "guns": "artillery",
    "howitzers": "artillery", "rockets": "rocket", "missiles": "missile",
    "launchers": "launcher", "drones": "drone", "vehicles": "vehicle", "aircraft": "aircraft",
    "jets": "aircraft", "batteries": "battery", "heavy weapons": "heavy_weapon",
    "air defence systems": "sam", "air defense systems": "sam", "air defences": "sam",
    "air defenses": "sam", "bulldozers": "vehicle", "armoured vehicles": "vehicle",
    "armored vehicles": "vehicle", "helicopters": "aircraft", "warplanes": "aircraft",
}
#: Equipment words, singular and plural, and the unit type each names (model: Observation.unit).
EQUIPMENT: dict[str, str] = {
    "tank": "tank", "tanks": "tank", "artillery": "artillery", "artillery pieces": "artillery",
    "howitzer": "artillery", "howitzers": "artillery", "heavy weapons": "heavy_weapon",
    "heavy weaponry": "heavy_weapon", "heavy arms": "heavy_weapon", "heavy equipment":
    "heavy_weapon", "air defences": "sam", "air defenses": "sam", "air defence": "sam",
    "air defense": "sam", "air-defence": "sam", "air-defense": "sam", "anti-aircraft": "sam",
    "surface-to-air": "sam", "sams": "sam", "drone": "drone", "drones": "drone", "uavs": "drone",
    "missile": "missile", "missiles": "missile", "rocket": "rocket", "rockets": "rocket",
    "rocket launchers": "rocket", "launchers": "launcher", "armoured vehicles": "vehicle",
    "armored vehicles": "vehicle", "apcs": "vehicle", "bulldozers": "vehicle",
    "mortars": "artillery", "mortar": "artillery", "multiple rocket launchers": "rocket",
}
_EQUIPMENT = re.compile(r"(?<![\w-])(?:" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(EQUIPMENT, key=len, reverse=True))
    + r")(?![\w-])", re.IGNORECASE)
_PATTERN = re.compile(
    r"(?P<q>\b(?:around|about|some|nearly|almost|approximately|roughly|up to|more than|over"
    r"|at least|fewer than|less than|an estimated|as many as)\s+)?"
    r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<mult>thousand|million|hundred))?"
    r"\s+(?P<words>(?:[A-Za-z'-]+\s+){0,3}?)"
    rf"(?P<unit>{'|'.join(sorted(_UNITS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+$")
_VERB_BETWEEN = re.compile(r"\b(?:said|says|told|reported|added|noted|and|or|of|from|to|by)\b",
                           re.IGNORECASE)
_MULT = {"thousand": 1_000, "million": 1_000_000, "hundred": 100}
_NOT_FORCES = re.compile(r"\b(?:km|kilomet|miles|years?|days?|percent|%)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    """A stated number of units, with its qualifier ('around', 'at least')."""

    start: int
    end: int
    text: str
    count: int
    unit: str
    qualifier: str


def find_counts(text: str, offset: int = 0) -> list[Count]:
    """Counts of troops or equipment in `text`; offsets shifted by `offset`."""
    out: list[Count] = []
    for m in _PATTERN.finditer(text):
        if _NOT_FORCES.search(m.group("words") or ""):
            continue
        n = float(m.group("n").replace(",", "")) * _MULT.get((m.group("mult") or "").lower(), 1)
        if n < 2 or (1900 <= n <= 2100 and "," not in m.group("n")):
            continue  # a year or a lone item, not a force count
        if _DATE_BEFORE.search(text, 0, m.start("n")) or _VERB_BETWEEN.search(m.group("words")):
            continue  # "on July 6 said government troops": a day of a date, not a count
        out.append(Count(m.start() + offset, m.end() + offset, m.group(0), int(n),
                         _UNITS[m.group("unit").lower()], (m.group("q") or "").strip().lower()))
    return out


def find_equipment(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Equipment words in `text` ('heavy weapons', 'air defences', 'tanks') and their unit."""
    return [(m.start() + offset, m.end() + offset,
             EQUIPMENT[re.sub(r"\s+", " ", m.group(0).lower())]) for m in _EQUIPMENT.finditer(text)]
