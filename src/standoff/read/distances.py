"""Stated distances as words: numbers (digits or words), units (km, miles, metres), widths.

"5 km", "five kilometres", "500 metres" and "1.5 miles" all become kilometres. A distance with no
place after it ("relocate 5 km to the north", "pulled back by 500 metres") is a bare distance;
"a 15 km-wide strip" or "a buffer 10 kilometres deep" states a width, read as "within" that
distance of the line the strip runs along.
"""

from __future__ import annotations

import re

from standoff.read.records import Modifier

__all__ = ["NUMBER", "PAIR", "UNIT", "bare_distances", "to_km"]

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
          "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
          "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
          "half a": 0.5, "a half": 0.5}
#: A number in digits ("1,500", "2.5") or words ("five", "a hundred").
NUMBER = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
          + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True)) + ")")
#: A unit of length.
UNIT = r"(?:km|kms|kilomet(?:er|re)s?|miles?|m|met(?:er|re)s?)"
_SCALE = {"mile": 1.609344, "miles": 1.609344, "m": 0.001}


def to_km(number: str, unit: str) -> float:
    """The kilometres of a number and a unit as written ("five", "kilometres" -> 5.0)."""
    n = number.strip().lower()
    value = float(_WORDS[n]) if n in _WORDS else float(n.replace(",", ""))
    u = unit.strip().lower()
    if u.startswith("met"):
        return value * 0.001
    return value * _SCALE.get(u, 1.0)


#: A number or a range of numbers and a unit: "5 km", "1,500-1,600 metres".
PAIR = rf"(?P<a>{NUMBER})(?:\s*(?:-|to|and)\s*(?P<b>{NUMBER}))?\s*-?\s*(?P<u>{UNIT})\b"
_GLOSS = r"(?:\s*[\(\[][^)\]]*[\)\]])?"
#: "a 15 km-wide strip", "a buffer 10 kilometres deep", "one kilometer in width".
_WIDTH = re.compile(rf"\b{PAIR}{_GLOSS}\s*-?\s*(?:wide|deep|in width|in depth|of width|of depth)\b", re.I)
#: "a buffer zone of about 3 km", "a 10-kilometre demilitarised zone": the width of a zone the
#: parties keep out of, read as "beyond" that distance of the line it runs along.
_ZONE_NOUN = (r"(?:buffer|demilitari[sz]ed|security|exclusion|no-go|separation|disengagement|safe"
              r"|de-?escalation|weapons?-free|heavy-weapons-free)\s+(?:zone|area|strip|belt|corridor)s?")
_ANY_PAIR = re.sub(r"\?P<\w+>", "?:", PAIR)
_ZONE = re.compile(rf"\b{_ZONE_NOUN}\s+(?:of\s+)?(?:(?:about|some|around|roughly|approximately|up to"
                   rf"|at least|nearly)\s+)?(?={_ANY_PAIR}(?!\s+(?:from|away|of|north|south|east|west)\b))"
                   rf"|(?={_ANY_PAIR}{_GLOSS}\s*-?\s*(?:wide\s+|deep\s+)?{_ZONE_NOUN})", re.I)
_PAIR_RE = re.compile(PAIR, re.I)
#: "moved 5 km to the north", "pulled back by 500 metres", "to a distance of 1 kilometer": a
#: distance of a move, with no place it is measured from.
_BARE = re.compile(r"\b(?:by\s+|(?:to\s+)?a\s+distance\s+of\s+|(?:some|about|around|roughly|up to"
                   rf"|at least)\s+)?{PAIR}(?!{_GLOSS}\s*-?\s*(?:wide|deep|in width|in depth|long|high|tall"
                   r"|of\b|from\b"
                   r"|away\s+from\b|(?:north|south|east|west)\w*\s+of\b|inside\b|into\b|deep into\b))", re.I)


def _inside_brackets(text: str, at: int) -> bool:
    """Whether `at` is inside a gloss in brackets ("85 km (53 miles)")."""
    before = text[max(0, at - 40):at]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def bare_distances(text: str, offset: int = 0) -> list[tuple[int, Modifier]]:
    """(clean offset, modifier) of each width and bare distance in `text`, in text order."""
    out: list[tuple[int, Modifier]] = []
    for m in _WIDTH.finditer(text):
        km = to_km(m.group("b") or m.group("a"), m.group("u"))
        out.append((offset + m.start(), Modifier(kind="within", text=m.group(0), km=km)))
    for z in _ZONE.finditer(text):
        p = _PAIR_RE.match(text, z.end())
        if p is None or any(s - offset <= p.start() < s - offset + len(x.text) for s, x in out):
            continue
        km = to_km(p.group("b") or p.group("a"), p.group("u"))
        out.append((offset + z.start(), Modifier(kind="beyond", text=text[z.start():p.end()], km=km)))
    for m in _BARE.finditer(text):
        if any(s - offset <= m.start("a") < s - offset + len(x.text) for s, x in out) or _inside_brackets(
                text, m.start()):
            continue
        a = to_km(m.group("a"), m.group("u"))
        b = to_km(m.group("b"), m.group("u")) if m.group("b") else None
        if b is not None and b > a:
            out.append((offset + m.start(), Modifier(kind="band", text=m.group(0).strip(),
                                                     from_km=a, to_km=b)))
        else:
            out.append((offset + m.start(), Modifier(kind="distance", text=m.group(0).strip(), km=a)))
    return sorted(out, key=lambda p: p[0])
