"""Abbreviations an article defines for itself, as aliases for the rest of the article.

Three forms: a known name with its abbreviation after it ("the Ukrainian Armed Forces (UAF)"),
an unknown force's name whose initials the abbreviation spells ("the Korean People's Army
(KPA)"), and an abbreviation glossed in brackets ("the RF AF [armed forces of the Russian
Federation]", the gloss naming a known actor). Every later use of the abbreviation, as written,
is a mention of the same actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from standoff.read.actors import ActorMention

__all__ = ["glossed"]

_ABBR = r"[A-Z][A-Za-z0-9]{0,4}[A-Z0-9](?:\s[A-Z][A-Z0-9]{1,3})?"
_AFTER = re.compile(rf"\s*[(\[]\s*['\"\u2018\u201c]?(?P<a>{_ABBR})['\"\u2019\u201d]?\s*[)\]]")
_GLOSS = re.compile(rf"(?<![\w-])(?P<a>{_ABBR})['\"\u2019\u201d]?\s*[(\[](?P<g>[^()\[\]\n]{{3,90}})[)\]]")
_NAME_ABBR = re.compile(rf"(?P<n>(?:[A-Z][\w'\u2019-]*\s+(?:(?:of|the|and|for)\s+)*){{1,7}})"
                        rf"[(\[](?P<a>{_ABBR})[)\]]")
_FORCE = re.compile(r"\b(?:Army|Forces|Force|Guard|Corps|Brigade|Division|Militia|Front|Navy|Command"
                    r"|Mission|Regiment|Battalion)\b")
_SMALL = {"of", "the", "and", "for"}


def _spelt(name: str, abbr: str) -> str | None:
    """The shortest end of `name` whose initials are the abbreviation's capitals, if any."""
    letters = "".join(c for c in abbr if c.isupper())
    words = name.split()
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower() in _SMALL:
            continue
        initials = "".join(w[0] for w in words[k:] if w.lower() not in _SMALL)
        if initials == letters and len(letters) >= 2:
            return " ".join(words[k:])
        if len(initials) >= len(letters):
            return None
    return None


def _definitions(text: str, found: Sequence[ActorMention]
                 ) -> tuple[dict[str, tuple[int, str]], list[tuple[int, int, str]]]:
    """abbreviation -> (where its definition ends, code), and the mentions the definitions add."""
    defs: dict[str, tuple[int, str]] = {}
    added: list[tuple[int, int, str]] = []
    for m in found:  # "the Ukrainian Armed Forces (UAF)"
        if (a := _AFTER.match(text, m.end)) is not None and m.how != "anaphora":
            defs.setdefault(a.group("a"), (a.end(), m.code))
    for g in _GLOSS.finditer(text):  # "the RF AF [armed forces of the Russian Federation]"
        inside = [m for m in found if g.start("g") <= m.start and m.end <= g.end("g")]
        if inside and not any(m.start <= g.start("a") < m.end for m in found):
            defs.setdefault(g.group("a"), (g.end(), inside[0].code))
            added.append((g.start("a"), g.end("a"), inside[0].code))
    for n in _NAME_ABBR.finditer(text):  # "the Korean People's Army (KPA)", the name unknown
        abbr = n.group("a")
        name = _spelt(n.group("n").strip(), abbr)
        if abbr in defs or name is None or not _FORCE.search(name):
            continue
        s = n.start("n") + n.group("n").rindex(name)
        inside = [m for m in found if m.start < s + len(name) and s < m.end]
        if inside:  # "the Bangladesh Rifles Guard (BRG)": a force of a state named in it
            defs[abbr] = (n.end(), inside[0].code)
            continue
        defs[abbr] = (n.end(), f"UNKNOWN:{name}")
        added.append((s, s + len(name), f"UNKNOWN:{name}"))
    return defs, added


_MAYBE = re.compile(r"[A-Z0-9]['\"\u2019\u201d]?\s*[(\[]|[(\[]\s*['\"\u2018\u201c]?[A-Z]")


def glossed(text: str, found: Sequence[ActorMention]) -> list[tuple[int, int, str]]:
    """(start, end, code) of the mentions an article's own abbreviations add: the definitions
    of unknown names and glossed abbreviations, and every later use as written."""
    if _MAYBE.search(text) is None:  # no bracket by a capital: nothing defined (most texts)
        return []
    defs, added = _definitions(text, found)
    taken = [(m.start, m.end) for m in found] + [(s, e) for s, e, _ in added]
    for abbr, (after, code) in defs.items():
        for u in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text[after:]):
            s, e = after + u.start(), after + u.end()
            if not any(a < e and s < b for a, b in taken):
                added.append((s, e, code))
                taken.append((s, e))
    return added
