"""Predicate classes as lemmas: every inflected form of a verb (or verb phrase) and its nouns.

A class is written once as lemmas ("deploy", "take up positions", "dig in") and compiled to a
regex over their forms (deploys, deployed, deploying; took up positions; dug in), so adding
a verb adds all of its forms.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CLASSES", "Matcher", "forms", "pattern"]

#: Past tense and participle of irregular verbs (the regular forms are derived).
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "strike": ("struck", "stricken"), "hit": ("hit",), "take": ("took", "taken"),
    "dig": ("dug",), "send": ("sent",), "bring": ("brought",), "see": ("saw", "seen"),
    "withdraw": ("withdrew", "withdrawn"), "set": ("set",), "build": ("built",),
    "shoot": ("shot",), "hold": ("held",), "leave": ("left",), "overrun": ("overran", "overrun"),
    "drive": ("drove", "driven"), "ride": ("rode", "ridden"), "run": ("ran", "run"),
    "go": ("went", "gone"), "come": ("came", "come"), "put": ("put",), "fly": ("flew", "flown"),
    "retake": ("retook", "retaken"), "undertake": ("undertook", "undertaken"),
    "lay": ("laid",), "foresee": ("foresaw", "foreseen"), "seek": ("sought",),
    "give": ("gave", "given"), "keep": ("kept",), "make": ("made",), "lose": ("lost",),
    "fight": ("fought",), "flee": ("fled",),
}
#: Verbs that double their last consonant (patrolled, digging).
_DOUBLE = {"patrol", "control", "dig", "plan", "drop", "ship", "run", "set", "put", "hit", "stop", "step",
           "man", "overrun", "sit", "shop", "grab", "spot", "fit", "trap", "rob",
           "commit"}
_VOWELS = "aeiou"


def forms(verb: str) -> list[str]:
    """The base, third person, past, participle and -ing forms of one English verb."""
    if verb in _DOUBLE:
        stem = verb + verb[-1]
        past, ing = stem + "ed", stem + "ing"
    elif verb.endswith("ie"):
        past, ing = verb + "d", verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith("ee"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    irregular = _IRREGULAR.get(verb)
    pasts = list(irregular) if irregular else [past]
    return list(dict.fromkeys([verb, third, *pasts, ing]))


def _phrase_forms(phrase: str) -> list[str]:
    """Forms of a verb phrase: its first word inflected ("take up positions" -> "took up ...")."""
    head, _, rest = phrase.partition(" ")
    return [f"{f} {rest}".strip() for f in forms(head)]


def phrases(verbs: list[str], words: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """Every form of `verbs` (and their phrases) and the fixed `words`, lower case."""
    return list(dict.fromkeys([f.lower() for v in verbs for f in _phrase_forms(v)]
                              + [w.lower() for w in words]))


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_GAP = re.compile(r"\s+")
#: Particles of phrasal verbs that may stand after their object ("pulled its troops back").
_PARTICLES = frozenset({"back", "out", "in", "up", "off", "away", "down"})
#: First words of an object that may stand between a verb and its particle.
_OBJECT_START = frozenset({"its", "their", "his", "her", "our", "the", "some", "all", "most",
                           "these", "those", "part", "several", "many", "about"})


class Matcher:
    """Finds phrases of named classes by looking words up in a table (much faster than one
    regex alternation of hundreds of phrases). At one position the longest phrase wins; on a
    tie, the class listed first."""

    def __init__(self, classes: list[tuple[str, list[str]]]) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, items in classes:
            for phrase in items:
                words = tuple(phrase.split())
                self._first.setdefault(words[0], []).append((words, name))
        for cands in self._first.values():
            cands.sort(key=lambda c: -len(c[0]))  # stable: class order kept among equals

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(class, start, end) of each phrase in `text`, in text order, not overlapping."""
        words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
        out: list[tuple[str, int, int]] = []
        i, n = 0, len(words)
        while i < n:
            cands = self._first.get(words[i][2])
            hit = None
            for phrase, name in cands or ():
                k = len(phrase)
                if i + k <= n and all(words[i + j][2] == phrase[j] for j in range(1, k)) and all(
                        _GAP.fullmatch(text[words[i + j - 1][1]:words[i + j][0]])
                        for j in range(1, k)):
                    hit = (name, words[i][0], words[i + k - 1][1], k)
                    break
            if hit is None:
                hit = self._separated(text, words, i)
            if hit is None:
                i += 1
                continue
            out.append(hit[:3])
            i += hit[3]
        return out

    def _separated(self, text: str, words: list[tuple[int, int, str]],
                   i: int) -> tuple[str, int, int, int] | None:
        """A two-word phrasal verb with a short object between ("pulled its troops back"):
        the object starts with a determiner, runs at most four words, and nothing but spaces
        stands between the words."""
        if i + 2 >= len(words) or words[i + 1][2] not in _OBJECT_START:
            return None
        for phrase, name in self._first.get(words[i][2]) or ():
            if len(phrase) != 2 or phrase[1] not in _PARTICLES:
                continue
            for k in range(2, 6):
                if i + k >= len(words) or not _GAP.fullmatch(text[words[i + k - 1][1]:words[i + k][0]]):
                    break
                if words[i + k][2] == phrase[1]:
                    return (name, words[i][0], words[i + k][1], k + 1)
        return None


def pattern(verbs: list[str], words: list[str] = ()) -> str:  # type: ignore[assignment]
    """A regex alternation (no groups) of every form of `verbs` and the fixed `words`.

    Longer forms are tried first. Lower-case ASCII forms are written as a tree of their common
    beginnings ('withdr(?:aw(?:ing|s|n)?|ew)'): it matches exactly what the flat alternation
    does, trying the forms in the same order, but does not try every form at every word.
    """
    alts = {f for v in verbs for f in _phrase_forms(v)} | set(words)
    body = _tree(sorted(alts)) if all(a.isascii() and a == a.lower() for a in alts) else _flat(alts)
    return rf"\b(?:{body})\b"


def _flat(alts: set[str]) -> str:
    """The phrases as one alternation, longest first (a space is any run of white space)."""
    return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(alts, key=len, reverse=True))


def _tree(alts: list[str]) -> str:
    """One regex for non-empty lower-case phrases, their common beginnings shared (a space is
    any run of white space).

    Two phrases that match at one place are one the beginning of the other (their first
    different characters cannot both match), and the tree tries the longer one first: the
    same first match, and the same order on backtracking, as the flat alternation sorted
    longest first.
    """
    root: dict[str, Any] = {}
    for a in alts:
        node = root
        for ch in a:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branch(root)


def _branch(node: dict[str, Any]) -> str:
    parts = [(r"\s+" if ch == " " else re.escape(ch)) + _branch(child)
             for ch, child in node.items() if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:  # a phrase ends here: the longer ones first (greedy), then this one
        return f"(?:{body})?"
    return body


#: Predicate classes: (verb lemmas, fixed words such as nouns, adjectives and the verb forms
#: kept of lemmas whose other forms are common nouns: "stationed", not "station").
CLASSES: dict[str, tuple[list[str], list[str]]] = {
    "struck": (["strike", "bomb", "shell", "hit", "raid", "attack", "destroy", "pound",
                "fire at", "fire on", "shoot at", "shoot down", "blow up",
                "open fire", "fire shots", "fire warning shots", "fire into", "bombard",
                "fire artillery at", "fire rockets at", "fire missiles at", "fire shells at",
                "fire mortars at", "fire drones at", "launch strikes on", "launch strikes against",
                "launch airstrikes on", "launch air strikes on", "launch drone strikes on",
                "launch attacks on", "launch an attack on", "launch a strike on", "launch drones at"],
               ["air strike", "air strikes", "airstrike", "airstrikes", "bombing", "bombings",
                "offensive", "assault",
                "bombardment", "targeted", "targeting"]),
    "entered": (["enter", "infiltrate", "advance", "push into", "move into", "walk into",
                 "drive into", "roll into", "storm", "seize", "capture", "take over", "overrun",
                 "invade", "penetrate", "retake", "take control of", "regain control of", "take",
                 "cross into", "go into", "go over", "go across", "step across", "step into",
                 "cross over", "come across", "march into", "recapture", "regain", "secure",
                 "advance on", "push towards", "push toward", "head towards", "head toward",
                 "move towards", "move toward", "converge on", "close in on", "march on",
                 "march towards", "march toward", "liberate"],
                ["cross", "crossed", "crosses", "crossing into", "crossing the", "incursion",
                 "incursions"]),
    "withdrew": (["withdraw", "pull back", "pull out", "retreat", "evacuate", "remove", "relocate",
                  "vacate", "abandon", "leave", "disengage", "force out", "drive out", "push out",
                  "scale back", "draw down", "thin out", "reduce its troops", "reduce its forces",
                  "reduce its presence", "reduce their troops", "reduce their forces",
                  "reduce their presence", "reduce the number of troops", "reduce the number of soldiers",
                  "flee", "lose control of", "lose their positions", "lose its positions"],
                 ["withdrawal", "pullback", "pull-back", "pullout", "pull-out", "evacuation", "disengagement",
                  "removal", "relocation", "distancing"]),
    "deployed": (["deploy", "redeploy", "move", "send", "dispatch", "reinforce", "set up",
                  "establish", "mass", "bring in", "build up", "entrench", "dig in",
                  "take up positions", "take up position", "arrive", "install", "embed",
                  "head to", "rush", "return to", "redeploy to", "deploy to",
                  "move back to", "build", "construct", "fortify", "bulldoze", "pitch", "erect",
                  "carry out earthworks", "dig trenches", "mobilize", "mobilise", "reoccupy",
                  "return their positions", "return their former positions", "amass", "reach",
                  "airlift", "fly in", "fly into", "land in", "land at",
                  "return to their positions", "return to their former positions"],
                 ["deployment", "deployments", "redeployment", "build-up", "buildup",
                  "reinforcements", "arrival", "entrenchment", "positioned", "reached the", "positioning",
                  "stationed", "stationing", "placed", "placing", "posted in", "posted at",
                  "posted near", "posted along", "posted on the", "based in", "based at", "based near",
                  "based on the", "garrisoned", "concentrated in", "concentrated near",
                  "concentrated along", "concentrated at", "concentrated on the", "flown to"]),
    "seen": (["see", "spot", "observe", "sight", "photograph", "film", "operate", "patrol",
              "locate", "arrest", "detain", "control", "occupy", "camp", "surround", "encircle",
              "besiege", "clash", "hold positions", "man checkpoints", "guard", "hoist",
              "raise flags", "raise the flag", "walk along", "walk through", "search homes",
              "carry out searches", "approach",
              "conduct patrols", "carry out patrols", "carry out a patrol",
              "tour", "confront", "encounter", "come upon", "run into", "stumble upon", "face off with",
              "pass through", "pass by", "pass near", "stop at", "stop near", "halt at", "halt near",
              "come under fire", "come under attack", "come under shelling", "suffer losses",
              "suffer casualties", "fight", "battle", "skirmish", "exchange fire", "trade fire"],
             ["hear", "hears", "heard", "present", "presence", "active", "patrol", "patrols", "joint patrols",
              "is in", "are in", "was in", "were in", "be in", "been in", "being in",
              "is near", "are near", "was near", "were near", "be near", "been near",
              "is at", "are at", "was at", "were at", "be at", "been at",
              "is inside", "are inside", "was inside", "were inside", "be inside",
              "is still in", "are still in", "are now in", "is now in", "remain in",
              "remains in", "remained in", "are there", "is there", "were there",
              "are still there", "is still there", "was still there", "were still there",
              "remain there", "remains there", "remained there", "stayed there"]),
}
