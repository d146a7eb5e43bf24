"""Actors named by a bare head noun: "the troops", "the army", "the group", "their tanks".

A bare head takes the actor of the latest mention that ended with it, or its owner ("UNDOF's
troops"); "the army" is the nearest army named with that head, except a side said to be
leaving; "the troops" the nearest force, never one said to be leaving in the sentence; "the
group" or "the militia" the armed group (not a state, its forces or an international body)
named last.
"""

from __future__ import annotations

import re

from standoff.read.actors import _ORG_FORCE, ActorMention

__all__ = ["anaphora"]


_HEADS = re.compile(r"(?<![\w'-])(?:(?P<own>its|their)\s+(?:own\s+)?(?:\w+\s+)?)?(?P<h>militias|militiamen"
                    r"|militia|fighters|troops|forces|soldiers|gunmen|rebels|advisers|officers"
                    r"|army\s+units|army|military|units|government|regime|contingent|detachments"
                    r"|peacekeepers|group|movement|organi[sz]ation|militants|insurgents|jihadists"
                    r"|tanks|howitzers|artillery|bulldozers|armou?red\s+vehicles|heavy\s+weapons)(?![\w-])",
                    re.IGNORECASE)
#: Heads that name the same kind of body: "Israeli forces ... the troops", "the Lebanese army
#: ... army units".
_FORCE_HEADS = {"troops", "forces", "soldiers", "units", "army units", "army", "military",
                "contingent", "detachments", "peacekeepers"}
_NEAR_CHARS = 600  # how far back a bare "the troops" looks for the force it means
#: Heads that name an armed group, not a state's forces: "the group", "the militia".
_GROUP_HEADS = {"group", "movement", "organisation", "organization", "militants", "insurgents",
                "jihadists", "militia", "militias", "militiamen", "rebels", "gunmen", "fighters"}
#: International bodies: no armed group a bare "the group" refers to.
_BODIES = {"UN", "EU", "OSCE", "NATO", "AU", "CSTO", "MFO", "NNSC", "JCCC", "TCG", "ICRC", "ECOWAS"}


_OWNED = re.compile(r"['\u2019]s?\s+(?:[\w.-]+\s+){0,3}")


def anaphora(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """A bare head noun ('militias') takes the code of the latest mention that ended with it."""
    out = list(found)
    for m in _HEADS.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in found) or (
                m.start() > 0 and text[m.start() - 1] == "-"):
            continue
        owner = [a for a in found if a.end <= m.start() and _OWNED.fullmatch(text[a.end:m.start()])]
        if owner:  # "UNDOF's 978 troops", "India's troops": the owner's, not the last ones named
            out.append(ActorMention(m.start(), m.end(), m.group(0), owner[-1].code, "anaphora"))
            continue
        if _NAMED.search(text, max(0, m.start() - 60), m.start()):
            continue  # "the Syrian army", "Iranian-backed militias": named, not anaphora
        if any(a.end <= m.start() and not text[a.end:m.start()].strip() for a in found):
            continue  # "Syrian army forces": the last word of the name before, not anaphora
        before = [a for a in found if a.end <= m.start() and a.how != "anaphora"]
        if m.group("own") and before:  # "the IDF said its troops": the last actor's own
            out.append(ActorMention(m.start(), m.end(), m.group(0), before[-1].code, "anaphora"))
            continue
        head = re.sub(r"\s+", " ", m.group("h").lower())
        if head in ("army", "military") and _THE.search(text, 0, m.start()):
            code = _bare_army(text, m.start(), head, before)
            if code is not None:  # "the army": which of the article's armies
                out.append(ActorMention(m.start(), m.end(), m.group(0), code, "anaphora"))
            continue
        earlier = [a for a in before if a.text.lower().split()[-1] == head and len(a.text.split()) > 1]
        if not earlier and head in _FORCE_HEADS:  # "Israeli forces ... the troops"
            earlier = [a for a in before if m.start() - a.end < _NEAR_CHARS
                       and _force_head(a.text) and not a.code.startswith("UNKNOWN:")]
            # "the Israeli army's withdrawal": an owner of an event is not what "troops" means
            earlier = [a for a in earlier if not _OWNED.match(text, a.end)] or earlier
            # "after the Israeli military left, troops took up positions": not the leaving side
            leaving = _leaving(text, m.start(), before)
            earlier = [a for a in earlier if not any(_related(a.code, c) for c in leaving)]
        elif not earlier and head in _GROUP_HEADS and _THE.search(text, max(0, m.start() - 8), m.start()):
            earlier = [a for a in before if _is_group(a.code)  # "Hezbollah ... the group"
                       and m.start() - a.end < 2 * _NEAR_CHARS]
        if earlier:
            out.append(ActorMention(m.start(), m.end(), m.group(0), earlier[-1].code, "anaphora"))
    return sorted(out, key=lambda a: a.start)


_THE = re.compile(r"(?<![\w-])the\s+$", re.IGNORECASE)
#: A side leaving: "the Israeli withdrawal", "Russian troops pulled out".
_LEAVING = re.compile(r"\W{0,3}(?:[\w'-]+\s+){0,2}?(?:withdr[ae]w\w*|pull(?:ed|ing|s)?[\s-]*(?:out|back)"
                      r"|pullback|retreat\w*|evacuat\w*|left|leav(?:e|es|ing)|depart\w*|gone|went\s+home"
                      r"|exit(?:ed|s|ing)?|quit)\b", re.IGNORECASE)


def _bare_army(text: str, at: int, head: str, before: list[ActorMention]) -> str | None:
    """The army a bare "the army" at `at` means, from the article's earlier mentions.

    The nearest named with the same head ("the Lebanese army"), else the nearest force, at
    any distance, except a side said to be leaving in the same sentence ("after the Israeli
    withdrawal, the army deployed in X" is the other army).
    """
    leaving = _leaving(text, at, before)
    armies = [a for a in before if a.how != "event" and not a.code.startswith("UNKNOWN:")
              and _force_head(a.text)]
    armies.sort(key=lambda a: a.text.lower().split()[-1] == head)  # stable: recency within
    for a in reversed(armies):
        if not any(_related(a.code, c) for c in leaving):
            return a.code
    return armies[-1].code if armies else None


def _leaving(text: str, at: int, before: list[ActorMention]) -> list[str]:
    """The codes of the sides said to be leaving in the sentence before `at`."""
    start = max(text.rfind("\n", 0, at), *(text.rfind(p, 0, at) for p in (". ", "? ", "! ")))
    return [a.code for a in before if a.start > start and _LEAVING.match(text, a.end)]


def _is_group(code: str) -> bool:
    """Whether an actor is an armed group (a proxy, separatists, a named unknown body, a root
    that is no state), not a state, its forces or an international body."""
    from standoff.read.worldactors import world_military

    root = code.split(".")[0]
    if code.startswith("UNKNOWN:"):
        return bool(_ORG_FORCE.search(code)) or "militia" in code.lower() or "faction" in code.lower()
    return ".PROXY" in code or ".SEP" in code or (root not in world_military() and root not in _BODIES)


def _related(a: str, b: str) -> bool:
    """Whether two actor codes are the same or one is under the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


#: A capitalised word (not a sentence's opening "The") or a demonym right before the head: the
#: name of another body.
_NAMED = re.compile(r"(?:\b(?!(?:The|A|An|Its|Their|His|Her|This|That|These|Those)\s)[A-Z][\w'.-]*"
                    r"(?<![a-z]\.)"  # not a sentence's last word: "... on Monday. Their tanks"
                    r"|\b[a-z]+-(?:backed|led|linked|allied|run))\s+$")


def _force_head(name: str) -> bool:
    """Whether an actor's name ends with a force noun or is an army ("Lebanese army")."""
    words = name.lower().split()
    return bool(words) and (words[-1] in _FORCE_HEADS or " ".join(words[-2:]) in _FORCE_HEADS
                            or words[-1] in ("idf", "command", "mission") and "peacekeeping" in words
                            or bool({"army", "forces", "military"} & set(words)))
