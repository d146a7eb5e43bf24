"""Sentences of the clean text, and their segments (clauses) for the claim reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from standoff.read.cues import has_predicate, predicates

__all__ = ["Segment", "Sentence", "segments", "split_sentences"]

_SPLIT = re.compile(r";\s+|,?\s+(?:while|whereas|whilst)\s+|,\s+but\s+|\s+but\s+(?=the\b)", re.I)
_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "st", "no", "u.s", "u.n", "vs",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "maj", "capt", "brig", "adm", "gov", "sen", "rep", "prof", "inc", "co", "e.g", "i.e"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the clean text (clean offsets)."""

    start: int
    end: int
    text: str


_TAIL_WORD = re.compile(r"[\w.]+$")
_CLOSERS = ".!?\"')]"
_WINDOW = 80  # characters before a boundary that hold the word before it, but for a freak run


def _last_word(line: str, end: int) -> str:
    """The word ([\\w.]+) that ends `line[:end]` once closing marks are stripped ('' if none).

    Looked for in the last characters only (a search over the whole line before each boundary
    made splitting quadratic in the paragraph's length); the whole prefix when the word or the
    closing marks may reach further back.
    """
    start = max(0, end - _WINDOW)
    head = line[start:end].rstrip(_CLOSERS)
    m = _TAIL_WORD.search(head)
    if start > 0 and (not head or (m is not None and m.start() == 0)):
        head = line[:end].rstrip(_CLOSERS)
        m = _TAIL_WORD.search(head)
    return m.group(0) if m else ""


def split_sentences(clean: str) -> list[Sentence]:
    """Sentences of the clean text: lines are paragraphs; no sentence spans two lines."""
    out: list[Sentence] = []
    pos = 0
    for line in clean.split("\n"):
        cut = 0
        for m in _BOUNDARY.finditer(line):
            last = _last_word(line, m.start()).lower().rstrip(".")
            if last in _ABBREV or (len(last) == 1 and last.isalpha()):
                continue
            out.append(Sentence(pos + cut, pos + m.start(), line[cut: m.start()]))
            cut = m.end()
        if line[cut:].strip():
            out.append(Sentence(pos + cut, pos + len(line), line[cut:]))
        pos += len(line) + 1
    return out



@dataclass(frozen=True)
class Segment:
    """A clause of a sentence (clean offsets)."""

    start: int
    end: int
    text: str


_AND = re.compile(r",\s+and\s+")
_WHILE = ("while", "whereas", "whilst")
#: The comma that closes a fronted "while" clause: "while peacekeepers were in shelters, ...".
_FRONTED_END = re.compile(r",\s+(?!and\b|or\b)")
#: "X mobilized in A, with a tank advancing toward B": a second event of the same subject.
_WITH = re.compile(r",\s+(?=with\s+(?:an?\s+|the\s+|\d+\s+|two\s+|three\s+|several\s+|some\s+)?"
                   r"(?:[\w-]+\s+){0,3}?[a-z]+ing\b)")


#: "..., and the village of B ... after X withdrew": the list goes on; the verb is subordinate.
_NOT_A_CLAUSE = re.compile(r"^(?:the\s+)?(?:villages?|towns?|cit(?:y|ies)|areas?|regions?|districts?"
                           r"|provinces?|settlements?)\s+of\b|\b(?:after|before|when|since|until|once"
                           r"|because|as)\b", re.I)


def _main_clause(text: str) -> bool:
    """Whether `text` (after ", and") is a clause of its own: a predicate not inside a
    subordinate clause, and not the next item of a list of places."""
    found = [at for name, at in predicates(text) if name != "must_stay"]
    return bool(found) and not _NOT_A_CLAUSE.search(text[:found[0]])


def segments(sent: Sentence) -> list[Segment]:
    """Clauses of a sentence: cut at 'while', 'but', ';', at ', and' between two predicates and
    before ', with' opening a second event ("..., with a tank advancing toward B")."""
    cuts: list[tuple[int, int]] = [(m.start(), m.end()) for m in _SPLIT.finditer(sent.text)]
    for m in _AND.finditer(sent.text):
        left = max((e for s, e in cuts if e <= m.start()), default=0)
        right = min((s for s, e in cuts if s >= m.end()), default=len(sent.text))
        if has_predicate(sent.text[left:m.start()]) and _main_clause(sent.text[m.end():right]):
            cuts.append((m.start(), m.end()))
    for m in _SPLIT.finditer(sent.text):  # "At dawn, while A slept, B entered X": A's clause ends
        left = max((e for s, e in cuts if e <= m.start()), default=0)
        right = min((s for s, e in cuts if s >= m.end()), default=len(sent.text))
        close = _FRONTED_END.search(sent.text, m.end(), right)
        if m.group(0).strip(" ,").lower() in _WHILE and not has_predicate(sent.text[left:m.start()]) \
                and close and has_predicate(sent.text[close.end():right]):
            cuts.append((close.start(), close.end()))
    for m in _WITH.finditer(sent.text):
        right = min((s for s, e in cuts if s >= m.end()), default=len(sent.text))
        if has_predicate(sent.text[:m.start()]) and has_predicate(sent.text[m.end():right]):
            cuts.append((m.start(), m.end()))
    out: list[Segment] = []
    cut = 0
    for a, b in sorted(cuts):
        out.append(Segment(sent.start + cut, sent.start + a, sent.text[cut:a]))
        cut = b
    out.append(Segment(sent.start + cut, sent.end, sent.text[cut:]))
    return [s for s in out if s.text.strip()]

