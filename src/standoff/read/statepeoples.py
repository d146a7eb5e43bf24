"""A state's people as an actor without a pack: demonyms no table gives the state, and plurals.

"Tajik border guards", "Kyrgyz troops", "Azeri forces": demonyms that also name peoples of
other states (or that the gazetteer lacks) are the state's before a force noun. "The
Moroccans", "Armenians": a people's plural names the state only where they act as an army (a
military verb follows) or the text has named the state's forces already; "thousands of
Armenians" and "Armenians fled" stay no actor. The code is the state's (MAR), not a service
of it: hand-written gold names services in many ways (MAR.FAR, MAR.AF), all under the state.
"""

from __future__ import annotations

import re

from standoff.read.lexicon import pattern

__all__ = ["people_plural", "with_states_peoples"]

#: Demonyms the gazetteer's table leaves out, gives a region, or gives no one country (they also
#: name peoples of other states): as an actor, they are the state's ("Tajik border guards").
_STATE_PEOPLES = {"somali": "SO", "somalian": "SO", "saudi": "SA", "emirati": "AE", "kosovar": "XK",
                  "kosovan": "XK", "qatari": "QA", "bahraini": "BH", "kuwaiti": "KW", "omani": "OM",
                  "tajik": "TJ", "uzbek": "UZ", "kazakh": "KZ", "kyrgyz": "KG", "azeri": "AZ",
                  "argentine": "AR", "philippine": "PH"}
_PEOPLE_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(w.capitalize() for w in _STATE_PEOPLES)
                          + r")s?(?![\w-])")


def with_states_peoples(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`spans` (demonym spans: start, end, alpha-2) with the demonyms of `_STATE_PEOPLES` set to
    their state, in text order."""
    if _PEOPLE_WORD.search(text) is None:
        return spans
    fixed = {(m.start(), m.end()): _STATE_PEOPLES[m.group(0).lower().removesuffix("s")]
             for m in _PEOPLE_WORD.finditer(text)
             if m.group(0).lower().removesuffix("s") in _STATE_PEOPLES}
    kept = [(s, e, cc) for s, e, cc in spans if not any(a < e and s < b for a, b in fixed)]
    return sorted(kept + [(s, e, cc) for (s, e), cc in fixed.items()])


_MILITARY_VERB = pattern(
    ["shell", "bomb", "attack", "strike", "storm", "capture", "seize", "recapture", "retake", "advance",
     "deploy", "redeploy", "launch", "fire at", "fire on", "open fire", "mass", "dig in",
     "take up positions", "fortify", "occupy", "invade", "overrun", "besiege", "encircle",
     "surround", "counterattack", "ambush", "raid", "patrol", "withdraw", "pull back", "pull out",
     "retreat", "move into", "push into", "push towards", "take control of", "regain control of",
     "shoot down", "station", "shoot at"])
#: A plural people's name acting as an army: "the Moroccans moved into", "Armenians shelled".
_ACTS = re.compile(r"(?:\s+(?:have|has|had|were|was|are|is|been|then|also|later|again|reportedly"
                   r"|allegedly|quickly|finally|soon|already|now|themselves)){0,3}\s+" + _MILITARY_VERB,
                   re.I)
#: "thousands of Armenians", "many Ukrainians", "2,000 Somalis": people counted, not an army.
_COUNTED = re.compile(r"(?:\bof|\bmany|\bsome|\bfew|\bseveral|\bmost|\bmore|\bfewer|\d|\bhundreds"
                      r"|\bthousands|\bdozens|\bmillions|\btwo|\bthree|\bfour|\bfive|\bsix|\bseven"
                      r"|\beight|\bnine|\bten|\bmost)\s+(?:the\s+)?$", re.I)


def people_plural(text: str, start: int, end: int, armed: bool) -> bool:
    """Whether the plural people's name at `start:end` ("Moroccans") names the state as an
    actor: not counted people, and either a military verb follows or `armed` (the text has
    named the state's forces before)."""
    word = text[start:end]
    if not word.endswith("s") or _COUNTED.search(text, max(0, start - 20), start):
        return False
    return armed or _ACTS.match(text, end) is not None
