"""Actor names of event data (ACLED names, GDELT CAMEO codes) mapped to a pack's actor codes.

A name is compared with the pack's actor codes, names and aliases after folding case, accents
and punctuation ("Hay'at Tahrir al-Sham" = "Hayat Tahrir al Sham"). ACLED's qualifiers are
tried away one by one, most specific first:

- a period such as "(2000-2024)": "Military Forces of Syria (2000-2024)" is first looked up
  whole (an alias may name one period), then as "Military Forces of Syria";
- a unit after the period: "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"
  tries the whole name, then the unit ("Islamic Revolutionary Guard Corps"), then the force;
- an acronym before a colon: "UNDOF: United Nations Disengagement Observer Force";
- a country in brackets: "Islamic State (Syria)".

A CAMEO actor code is 3-letter blocks (country, then roles: "SYRMIL", "ISRMILSPY"): when the
whole code is no alias, a trailing block that names a part of the state (GOV, MIL, COP, SPY,
JUD, LEG) is dropped until one is ("ISRMILSPY" -> "ISRMIL" -> "ISR"). Other roles are not
dropped: rebels in Syria ("SYRREB") are not the Syrian state, so they need their own alias.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import numpy as np

from standoff.model import Pack

__all__ = ["ActorNames", "fold_name"]

_PERIOD = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_BRACKETS = re.compile(r"\([^()]*\)")
_CAMEO = re.compile(r"^(?:[A-Z0-9]{3})+$")
_STATE_ROLES = ("GOV", "MIL", "COP", "SPY", "JUD", "LEG")
_APOSTROPHES = str.maketrans("", "", "'’‘`´ʼ")


def fold_name(name: str) -> str:
    """A name folded for comparison: lower case, no accents, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_APOSTROPHES)
    text = re.sub(r"[^\w()]+", " ", text.casefold())
    return " ".join(text.replace("_", " ").split())


def _spaced(text: str) -> str:
    return " ".join(re.sub(r"\s*([()])\s*", r" \1 ", text).split())


def _candidates(name: str) -> Iterator[str]:
    """Folded forms of `name` to look up, most specific first."""
    raw = name.strip()
    folded = _spaced(fold_name(raw))
    yield folded
    period = _PERIOD.search(raw)
    if period:
        head, tail = raw[:period.start()], raw[period.end():]
        yield _spaced(fold_name(head + " " + tail))
        if tail.strip():
            yield from _candidates(tail)
        yield from _candidates(head)
    if ":" in raw:
        short, _, long = raw.partition(":")
        yield from _candidates(long)
        yield from _candidates(short)
    if _BRACKETS.search(raw) and not period:
        yield _spaced(fold_name(_BRACKETS.sub(" ", raw)))
    if _CAMEO.match(raw) and len(raw) > 3 and raw[-3:] in _STATE_ROLES:
        yield from _candidates(raw[:-3])


class ActorNames:
    """A pack's actors by folded code, name and alias; `codes` maps a column of names at once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.index: dict[str, str] = {}
        by_depth = sorted(pack.actors.values(), key=lambda a: (a.code.count("."), a.code))
        for actor in by_depth:  # the least specific actor wins a name two of them share
            for alias in (actor.code, actor.name, *actor.aliases):
                self.index.setdefault(_spaced(fold_name(alias)), actor.code)

    def code(self, name: str) -> str | None:
        """The pack's actor code for one name, or None."""
        if name in self.pack.actors:
            return name
        for key in _candidates(name):
            if key and key in self.index:
                return self.index[key]
        return None

    def codes(self, names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(codes, known) for a column of names: the name itself where no actor matches."""
        values, inverse = np.unique(names.astype(str), return_inverse=True)
        found = [self.code(str(v)) for v in values]
        codes = np.array([c if c is not None else str(v) for c, v in zip(found, values, strict=True)],
                         dtype=object)
        known = np.array([c is not None for c in found], dtype=bool)
        return codes[inverse.ravel()], known[inverse.ravel()]
