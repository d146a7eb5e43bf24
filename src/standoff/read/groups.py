"""Armed groups no list knows, named by how news names them.

"the Rijal al-Karamah factions", "the 44th Brigade", "Brigade 444", "forces loyal to Y": an
actor even when neither the pack nor the world list knows it, under a generated code
(`UNKNOWN:<its words>`), or the code of the body it belongs to when that is named ("the IDF's
36th Division", "forces loyal to the GNA").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from standoff.read.actors import ActorMention
from standoff.read.worldactors import world_military

__all__ = ["named_groups"]

_CAP = r"(?:(?:al|el|as|ad|ar)-)?[A-Z][\w'\u2019-]*"
_KIND = r"factions?|brigades?|battalions?|militias?|movement|regiment|divisions?|corps|front"
#: A name followed by the word for an armed body: "the Rijal al-Karamah factions".
_NAMED = re.compile(rf"(?<![\w-]){_CAP}(?:\s+{_CAP}|\s+(?:al|el)-[\w'-]+|\s+(?:of|bin|ibn)\s+{_CAP}){{0,3}}"
                    rf"\s+(?P<kind>(?i:{_KIND}))\b")
#: A unit by its number: "the 44th Brigade", "166th Battalion", "Brigade 444", "the 444 Brigade".
_NUMBERED = re.compile(r"(?<![\w-])(?:\d+(?:st|nd|rd|th)?\s+(?:(?:Mechani[sz]ed|Armou?red|Infantry"
                       r"|Motori[sz]ed|Airborne|Commando|Mountain|Marine|Special Forces|Rifle|Tank"
                       r"|Artillery)\s+)?"
                       r"(?P<kind>Brigade|Battalion|Regiment|Division|Corps)"
                       r"|(?P<kind2>Brigade|Battalion|Regiment|Division)\s+\d+)\b")
#: "forces loyal to Khalifa Haftar", "fighters allied to the GNA": those of the one named.
_LOYAL = re.compile(r"(?<![\w-])(?i:forces|troops|fighters|militias?|militiamen|units|gunmen|soldiers|groups)"
                    r"\s+(?:loyal|allied|aligned)\s+(?:to|with)\s+(?:the\s+)?"
                    rf"(?P<y>{_CAP}(?:\s+(?:(?:bin|ibn|of|the)\s+)?{_CAP}){{0,4}})")
#: Words that name no particular body at the head of a capitalised run: "Army Division" in a
#: title, "Government forces", "Two Brigades".
_GENERIC = {"army", "government", "rebel", "rebels", "security", "police", "military", "the", "a", "an",
            "two", "three", "several", "some", "many", "pro-government", "opposition", "regime", "his",
            "her", "its", "their", "new", "other", "both", "all", "local", "armed", "special", "elite",
            "infantry", "mechanized", "mechanised", "armoured", "armored", "tank", "artillery"}
_OWNER = re.compile(r"['\u2019]s\s+(?:the\s+)?")
#: "the base of Battalion 74": a unit that names a place, not an actor of the sentence.
_SITE_OF = re.compile(r"\b(?:base|bases|headquarters|HQ|barracks|compound|camp|depot|airbase|airport)\s+of\s+"
                      r"(?:the\s+)?$", re.I)


def _free(found: list[ActorMention], s: int, e: int) -> bool:
    return not any(a.start < e and s < a.end for a in found)


def _owner(text: str, found: list[ActorMention], s: int) -> str | None:
    """The code of the body named right before with "'s" ("the IDF's 36th Division")."""
    owner = [m for m in found if m.end <= s and _OWNER.fullmatch(text, m.end, s)]
    return owner[-1].code if owner else None


def named_groups(text: str, found: list[ActorMention],
                 lookup: Callable[[str], str | None]) -> list[ActorMention]:
    """`found` with the groups named as above added (a name inside "forces loyal to <name>"
    gives way to the whole phrase); `lookup` gives the code of an exact name or None."""
    out: list[ActorMention] = []
    for m in _LOYAL.finditer(text):
        s, e, y = m.start(), m.end(), m.group("y")
        inner = [a for a in found if m.start("y") <= a.start < e]
        last = y.split()[-1]  # "President Bashar al-Assad": also "al-Assad" and "Assad"
        names = dict.fromkeys([y, last, re.sub(r"^(?:al|el)-", "", last)])
        code = inner[0].code if inner else next(
            (c for n in names for c in (lookup(f"{n}'s forces"), lookup(f"{n} forces")) if c), None)
        if inner and code in world_military():
            code += ".PROXY"  # "militias loyal to Iran": armed by the state, not its own forces
        if code is None and y.split()[0].lower() in _GENERIC:
            continue
        found = [a for a in found if a not in inner]
        if _free(found + out, s, e):
            out.append(ActorMention(s, e, text[s:e], code or f"UNKNOWN:{text[s:e]}", "ner"))
    for pattern in (_NAMED, _NUMBERED):
        for m in pattern.finditer(text):
            s = m.start() + (4 if m.group(0).startswith("The ") else 0)
            first = text[s:m.end()].split()[0].lower()
            if first in _GENERIC or not _free(found + out, s, m.end()) or _SITE_OF.search(
                    text, max(0, s - 30), s):
                continue
            if pattern is _NAMED and s >= m.start("kind"):
                continue
            code = _owner(text, found, s) or f"UNKNOWN:{text[s:m.end()]}"
            out.append(ActorMention(s, m.end(), text[s:m.end()], code, "ner"))
    return found + out
