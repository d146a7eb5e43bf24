"""Word cues of the claim reader: predicates, modality, hedges, negation and attribution."""

from __future__ import annotations

import re

__all__ = ["AGREED", "DEMAND", "HEDGE", "NEGATION", "PREDICATES", "PROPOSAL", "attribution",
           "has_predicate", "is_candidate", "modality", "predicate"]

PREDICATES: list[tuple[str, re.Pattern[str]]] = [
    ("struck", re.compile(
        r"\b(?:air ?strikes?|strikes?|struck|striking|bomb(?:ed|ing|ings)?|shell(?:ed|ing)"
        r"|hit|raids?|raided|attack(?:ed|s)?|destroyed|targeted|fired (?:at|on))\b", re.I)),
    ("entered", re.compile(
        r"\b(?:enter(?:ed|ing|s)?|crossed|crossing|infiltrat(?:ed|ing)|advanced|pushed into"
        r"|moved into|incursions?)\b", re.I)),
    ("withdrew", re.compile(
        r"\b(?:withdr(?:ew|awn|aw|aws|awal|awing)|pull(?:ed|ing|s)? (?:back|out)|pullback"
        r"|retreat(?:ed|ing|s)?|evacuat(?:ed|ing|ion)|remov(?:e|ed|al|ing)|distancing"
        r"|relocat(?:e|ed|ing|ion))\b", re.I)),
    ("deployed", re.compile(
        r"\b(?:deploy(?:ed|ing|ment|s)?|redeploy(?:ed|ing|ment)?|positioned|stationed|based(?! on)"
        r"|moved|move|sent|dispatched|reinforc(?:ed|ing|ements)|set up|established|massed"
        r"|massing|brought in|build-?up|entrenched|dug in)\b", re.I)),
    ("seen", re.compile(
        r"\b(?:seen|see|saw|spotted|observed|sighted|photographed|filmed|present|presence|operating"
        r"|active|patroll(?:ed|ing)|located"
        r"|(?:is|are|was|were|be|been|being)\s+(?:still\s+|now\s+)?(?:in|near|at|inside|around))\b",
        re.I)),
    ("must_stay", re.compile(r"\b(?:remain(?:s|ed|ing)?|stay(?:s|ed|ing)?|keep(?:s|ing)?|kept)\b",
                             re.I)),
]
DEMAND = re.compile(
    r"\b(?:sought|seeks?|demand(?:ed|s|ing)?|insist(?:ed|s)?|ask(?:ed|s)?|call(?:ed|s)? for"
    r"|requir(?:e|es|ed)|wants?|wanted|must|should|urg(?:ed|es)|press(?:ed|es) for)\b", re.I)
PROPOSAL = re.compile(
    r"\b(?:propos(?:e|ed|es|al)|offer(?:ed|s)?|willing(?:ness)?|(?:may|might|would|will) agree"
    r"|agree to|consider(?:s|ing)?|plan(?:s|ned)? to|suggest(?:ed|s)?)\b", re.I)
AGREED = re.compile(
    r"\b(?:stipulat(?:ed|es|ing)|(?:deal|agreement|accord|memorandum) (?:provides|requires"
    r"|says|calls)|under the (?:deal|agreement|accord)|agreed that)\b", re.I)
NEGATION = re.compile(r"\b(?:not|n't|never|no longer|denied|den(?:y|ies))\b", re.I)
HEDGE = re.compile(
    r"\b(?:(?-i:may)|might|could|reportedly|allegedly|believed|believes?|appears?|apparently"
    r"|possibly|likely|unconfirmed|suspected|said to|thought to|estimated|unverified)\b", re.I)
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:()]+)", re.I)
_SAID_VERB = re.compile(
    r"\b(?:said|says|reported|reports|claimed|claims|announced|stated|told|believes?|estimated"
    r"|confirmed|alleged|fears?|thinks?|hopes?|worries|warned|accused|denied|insists?)\b")
_NOT_WHO = re.compile(r"^(?:another|other|some|various|one|several|many|the same)\b", re.I)

_CANDIDATE = re.compile("|".join(f"(?:{p.pattern})" for p in [
    *(p for _, p in PREDICATES), DEMAND, PROPOSAL, AGREED]) + r"|\d")  # on lower case


def is_candidate(text: str) -> bool:
    """Whether a sentence may hold a claim (a predicate, a demand or a number): worth NER."""
    return _CANDIDATE.search(text.lower()) is not None


def attribution(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Who says so, and the spans (sentence offsets) of the attribution phrases."""
    spans: list[tuple[int, int]] = []
    who = ""
    if "ccording" not in text and _SAID_VERB.search(text) is None:
        return who, spans
    m = _ACCORDING.search(text)
    if m:
        spans.append((m.start(), m.end()))
        if not _NOT_WHO.search(m.group("who").strip()):
            who = m.group("who").strip()
    for v in _SAID_VERB.finditer(text):
        before = text[: v.start()]
        if not before.endswith((" ", "\t")):
            continue
        # the words after the last clause break, without leading lower-case filler
        tail = re.split(r"[,;:]", before)[-1].strip()
        tail = re.sub(r"^(?:and|but|on \w+|that|the|then|also)\s+", "", tail, flags=re.I)
        words = tail.split()
        if not words or len(words) > 7 or not any(w[:1].isupper() for w in words[-6:]):
            continue
        if not who:
            who = tail
        spans.append((v.start() - 1 - len(tail), v.end()))
    return who, spans


_MODALITY = re.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in (
    ("agreed", AGREED), ("demand", DEMAND), ("proposal", PROPOSAL))), re.I)
_PREDICATE = re.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in PREDICATES), re.I)


def modality(text: str) -> tuple[str, int]:
    """The modality of a segment (its earliest cue) and where that cue ends (0 if asserted)."""
    m = _MODALITY.search(text)
    return (str(m.lastgroup), m.end()) if m else ("asserted", 0)


def predicate(text: str) -> tuple[str | None, int]:
    """The earliest predicate word of a segment and where it starts (None, -1 when none)."""
    m = _PREDICATE.search(text)
    return (str(m.lastgroup), m.start()) if m else (None, -1)



def has_predicate(text: str) -> bool:
    """Whether `text` holds a predicate other than 'must stay'."""
    return any(p.search(text) for name, p in PREDICATES if name != "must_stay")
