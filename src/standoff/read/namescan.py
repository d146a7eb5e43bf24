"""Finding names before deciding: pack names, abbreviations and capitalised runs in the world index.

`scan` lists every candidate a text holds; `geoparse` then decides which are places. Runs are
cut into words and hyphenated words into their capitalised parts ('EU-Israel', 'Sligo-based'),
and the longest name in the index wins from each word on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from standoff.model import Pack
from standoff.read.clean import Cleaned
from standoff.read.gazetteer import fold_name, geonames
from standoff.read.packnames import pack_gazetteer, scan_pack, world_pack
from standoff.read.resolve import Hit
from standoff.read.toponyms import STOP

__all__ = ["PARTY", "Scan", "scan"]

_CAP_RUN = re.compile(
    r"(?<![\w-])(?:(?:St|Ste|Mt|Ft|ST|STE|MT|FT)\. )?(?:(?:al|el|ad|as|ar|an|ash|at|az)-)?"
    r"[A-Z][\w']*(?:-(?:[A-Za-z][\w']*))*"
    r"(?:[ ](?:(?:al|el|ad|as|ar|an|ash|at|az|de|del|da|of|bin|abu|ibn)[- ])?"
    r"[A-Z][\w']*(?:-(?:[A-Za-z][\w']*))*){0,5}")
_WORD_BEFORE = re.compile(r"(?<![\w'-])([A-Z][\w'-]*) $")
_ARTICLES = {"al", "el", "ad", "as", "ar", "an", "ash", "at", "az"}
_COUNTY_NAME = re.compile(r"(?<![\w'])[A-Z][\w'.]*(?: [A-Z][\w'.]*)?")
_COUNTY_LIST = re.compile(r"\b((?:[A-Z][\w'.]*(?: [A-Z][\w'.]*)?, )*[A-Z][\w'.]*(?: [A-Z][\w'.]*)?,? and "
                          r"[A-Z][\w'.]*(?: [A-Z][\w'.]*)?) ([Cc]ounties|[Pp]arishes)\b")
#: A lawmaker's party and home ('Rep. Lee, D-Oakland', 'DFL-Cook'): a place follows.
PARTY = re.compile(r"(?:^|[\s(,])(?:D|R|I|DFL)-$")


@functools.cache
def _abbrev_pattern() -> re.Pattern[str]:
    names = sorted(geonames().abbreviations, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")
    body = "|".join(rf"(?:(?<=, )|(?<=\b[DRI]-)){re.escape(n[2:])}" if n.startswith(", ") else
                    rf"(?<![\w.]){re.escape(n)}" for n in names)
    # The first letters up front: without them every branch's look-behind runs at every offset.
    firsts = "".join(sorted({n[2] if n.startswith(", ") else n[0] for n in names}))
    return re.compile(rf"(?=[{re.escape(firsts)}])(?:{body})(?![\w])")


def _state_slot(text: str, start: int) -> bool:
    """Whether a US state's AP abbreviation may stand here: 'Fresno, Calif.', 'Rep. X, D-Calif.'."""
    return text[start - 2:start] == ", " or bool(PARTY.search(text, max(0, start - 5), start))


_NONSPACE = re.compile(r"\S+")
_NOHYPHEN = re.compile(r"[^-]+")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a capitalised run, hyphenated ones cut into their capitalised parts.

    'EU-Israel' and 'Logan-Rogersville' are two names, 'Sligo-based' is 'Sligo'; the parts
    stay adjacent, so 'Winston-Salem' is still looked up whole first. Not after 'al-'.
    """
    out: list[tuple[int, int]] = []
    for w in _NONSPACE.finditer(text, start, end):
        a = w.start()
        if "-" not in w.group(0):  # most words: one part
            out.append((a, w.end()))
            continue
        parts = [(a + p.start(), a + p.end()) for p in _NOHYPHEN.finditer(w.group(0))]
        if len(parts) > 1 and not text[parts[-1][0]].isupper():
            parts.pop()  # 'Sligo-based': the suffix is not part of the name
        first = text[parts[0][0]:parts[0][1]].lower()
        if first in _ARTICLES or any(not text[s].isupper() for s, _ in parts[1:]):
            out.append((parts[0][0], parts[-1][1]))  # 'Port-au-Prince', 'al-Kiswah': one word
            continue
        out += parts
    return out


@dataclass
class Scan:
    """Gazetteer hits found before NER: pack names, abbreviations, world candidates of runs."""

    pack_hits: list[Hit]
    candidates: list[Hit]
    misses: list[tuple[int, int]]  # capitalised runs no gazetteer name explains


def _scan_capitals(text: str, taken: list[tuple[int, int]]) -> tuple[list[Hit], list[tuple[int, int]]]:
    gn = geonames()
    found_all: list[Hit] = []
    misses: list[tuple[int, int]] = []
    mask = bytearray(len(text))
    for a, b in taken:
        mask[a:b] = b"\x01" * (b - a)
    for m in _CAP_RUN.finditer(text):
        run_start = m.start()
        words = _pieces(text, run_start, m.end())
        i, hit_any = 0, False
        lead = next((k for k, (a, b) in enumerate(words) if text[a:b].lower() not in STOP), 0)
        while i < len(words):
            found = None
            if text[words[i][0]:words[i][1]].lower() in STOP:  # "An Alexandria man", "The"
                i += 1
                continue
            for j in range(min(len(words), i + 5), i, -1):
                s, e = words[i][0], words[j - 1][1]
                span = text[s:e]
                if span.endswith("'s"):
                    e -= 2
                    span = span[:-2]
                if fold_name(span) in STOP or mask.find(1, s, e) >= 0 or len(span) < 2:
                    continue
                cands = gn.lookup(span)
                if cands:
                    whole = (i == lead or text[s - 1] == "-") and (j == len(words) or text[e] == "-")
                    found = Hit(s, e, span, "geonames", candidates=cands, how="exact",
                                whole=whole, word=i - lead)
                    break
            if found is None:
                i += 1
                continue
            hit_any = True
            found_all.append(found)
            i = next(k for k in range(i, len(words) + 1) if k == len(words) or words[k][0] >= found.end)
        if not hit_any and mask.find(1, m.start(), m.end()) < 0:
            misses.append((m.start(), m.end()))
    return found_all, misses


def scan(cleaned: Cleaned, pack: Pack | None) -> Scan:
    """Pack names, abbreviations and world candidates in the clean text (no decisions yet)."""
    text = cleaned.clean
    hits = scan_pack(pack_gazetteer(pack or world_pack()), text)
    taken = [(h.start, h.end) for h in hits]
    for m in _abbrev_pattern().finditer(text):
        word = m.group(0).isalpha() and m.group(0).istitle()
        if word and (w := _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())) \
                and w.group(1).lower() not in STOP:
            continue  # a word-like one ('America') inside a longer name: 'Latin America'
        if not any(a < m.end() and m.start() < b for a, b in taken):
            entry = geonames().abbreviation(m.group(0), _state_slot(text, m.start()))
            if entry is None:
                continue
            hits.append(Hit(m.start(), m.end(), m.group(0), "geonames", candidates=[entry],
                            how="abbrev", whole=True))
    hits += _county_lists(text, [(h.start, h.end) for h in hits])
    caps, misses = _scan_capitals(text, [(h.start, h.end) for h in hits])
    return Scan(hits, caps, misses)


def _county_lists(text: str, taken: list[tuple[int, int]]) -> list[Hit]:
    """Each name of 'Jackson and Barrow counties', 'Harvey, Harper and Kingman counties' as its county."""
    out = []
    for m in _COUNTY_LIST.finditer(text):
        word = "County" if m.group(2).lower() == "counties" else "Parish"
        for n in _COUNTY_NAME.finditer(m.group(1)):
            s, e = m.start(1) + n.start(), m.start(1) + n.end()
            name = n.group(0)
            cands = [c for c in geonames().lookup(f"{name} {word}") if c.kind == "district"]
            if not cands and " " in name:  # 'Small Hitchcock and Hayes counties'
                name = name.split(" ")[1]
                s = e - len(name)
                cands = [c for c in geonames().lookup(f"{name} {word}") if c.kind == "district"]
            if cands and not any(a < e and s < b for a, b in taken):
                out.append(Hit(s, e, name, "geonames", candidates=cands, how="exact", whole=True))
    return out
