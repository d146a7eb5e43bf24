"""Places a sentence names without a gazetteer hit: settlements named by their kind ("the villages
of A and B"), and place words that refer back ("the area", "there")."""

from __future__ import annotations

import re

from standoff.read.actors import ActorMention
from standoff.read.claimdoc import MEDIA, DocContext
from standoff.read.containers import NEAR_WIDEN_M, SETTLEMENTS, relation
from standoff.read.control import describes_holder
from standoff.read.gazetteer import RADIUS_M
from standoff.read.geoparse import Located
from standoff.read.records import PlaceMention
from standoff.read.sentences import Sentence
from standoff.read.speech import speaks_from

_NAME = r"(?:(?:al|el|as|ad|ar|ash|at|az)-)?[A-Z][\w'\u2019-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'\u2019-]*){0,2}"
#: "the villages of A, B and C", "the Suwaisa village", "Al Asbah village": settlements named by
#: their kind, which stay unresolved when no gazetteer knows them (never a country's centre).
_CUE_LIST = re.compile(rf"\b(?P<kind>village|town|hamlet|settlement|area|triangle)s?\s+of\s+(?:of\s+)?"
                       rf"(?P<names>{_NAME}(?:\s*(?:,|,?\s+and|,?\s+or)\s+{_NAME})*)")
#: "nearby towns including A and B": settlements named as examples of their kind.
_CUE_INCLUDING = re.compile(rf"\b(?P<kind>village|town|hamlet|settlement|area)s\s+(?:including|such as"
                            rf"|among them|like)\s+(?P<names>{_NAME}"
                            rf"(?:\s*(?:,|,?\s+and|,?\s+or)\s+{_NAME})*)")
_CUE_BEFORE = re.compile(rf"(?<![\w-])(?P<names>{_NAME})\s+(?P<kind>village|town|hamlet|settlement|area)\b")
#: "the Naseeb crossing", "the Asha gate", "the A-B-C triangle": a facility or an area named with
#: its kind, the kind part of the name.
_FACILITY = re.compile(rf"(?<![\w-])(?P<names>{_NAME}\s+(?P<kind>(?:border\s+)?crossing|checkpoint"
                       r"|border post|gate|air\s?base|airport|triangle))\b")


#: "five strategic points", "three hilltop positions": places counted, not named (taken only
#: when the sentence names no place more precise than a country).
_COUNTED = re.compile(r"\b(?P<names>(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several)\s+"
                      r"[\"\u201c]?(?:strategic|key|hilltop|forward)\s+(?P<kind>points|positions|locations|hilltops|hills"
                      r"|outposts|posts|sites)[\"\u201d]?)")


def _names(m: re.Match[str], *, whole: bool) -> list[tuple[int, int, str]]:
    """The names of a cue's match (offsets in its names group): each name of a list, or the
    whole facility name ("Naseeb crossing") without a sentence's opening "The"."""
    names = m.group("names")
    if not whole:
        return [(n.start(), n.end(), n.group(0)) for n in re.finditer(_NAME, names)]
    skip = 4 if names.startswith("The ") else 0
    names = names.rstrip('"\u201d')
    return [(skip, len(names), names[skip:])]


def named_by_cue(ctx: DocContext, sent: Sentence, places: list[Located],
                  actors: list[ActorMention]) -> list[Located]:
    """Unresolved place mentions for settlements named by their kind that the geoparser missed;
    a list said to lie in or near a known place is placed there, coarse (see `_container`)."""
    taken = [(s, e) for s, e, m in places if m.resolved or m.kind] + [(a.start, a.end) for a in actors]
    out: list[Located] = []
    named = any(m.resolved and m.kind != "country" for _, _, m in places)
    for pat in (_CUE_LIST, _CUE_INCLUDING, _CUE_BEFORE, _FACILITY) + (() if named else (_COUNTED,)):
        for m in pat.finditer(sent.text):
            kind = m.group("kind").lower()
            base = sent.start + m.start("names")
            names = _names(m, whole=pat in (_FACILITY, _COUNTED))
            if pat is _CUE_LIST and not sent.text.startswith("s", m.end("kind")):
                names = names[:1]  # "the area of A, B news agency said": one place, not a list
            held = _container(ctx.cleaned.clean, sent.start + m.end(), places) \
                if pat in (_CUE_LIST, _CUE_INCLUDING) else None
            for a0, b0, name in names:
                s, e = base + a0, base + b0
                if name.lower() in ("the", "a") or any(a < e and s < b for a, b in taken) or MEDIA.match(
                        ctx.cleaned.clean, e):
                    continue
                taken.append((s, e))
                if held is None:
                    out.append((s, e, PlaceMention(document=ctx.doc_id, span=ctx.cleaned.span_to_raw(s, e),
                                                   text=name, resolved=False, kind=kind)))
                else:  # each name at the place it is said to lie in, coarse
                    span = ctx.cleaned.span_to_raw(s, e)
                    out.append((s, e, held.model_copy(update={"span": span, "text": name, "kind": kind})))
    return out


def _container(text: str, end: int, places: list[Located]) -> PlaceMention | None:
    """Where a list of names no gazetteer knows is said to lie ('the villages of A and B in the
    Y countryside', '... in Y province', '... near Y'): Y's place, as wide as Y (a city's widened
    to a district's, 'near' a further `NEAR_WIDEN_M`), marked coarse; None for a country. Each
    name keeps its own claim (claims of coarse places are told apart by their text)."""
    after = [(s, m) for s, _, m in places if s >= end and m.resolved and m.lon is not None]
    if not after:
        return None
    s, y = min(after, key=lambda x: x[0])
    how = relation(text, end, s)
    if how not in ("in", "near") or y.kind in ("country", "continent", "feature", "people") or y.coarse:
        return None
    radius_m = y.uncertainty_m or 0.0
    if y.kind in SETTLEMENTS:
        radius_m = max(radius_m, RADIUS_M["district"])
    if how == "near":
        radius_m += NEAR_WIDEN_M
    return y.model_copy(update={"uncertainty_m": radius_m, "candidates": 0, "coarse": True})


#: "the area", "the town", "there": the place named last, when the sentence names none.
_PLACE_ANAPHOR = re.compile(
    r"\b(?:the\s+(?:same\s+)?(?P<kind>area|town|village|villages|city|district|post|outpost|site"
    r"|hill|base|position|crossing|region|line|zone)\b(?!\s+(?:of|where|that|which)\b)(?!['\u2019-])"
    r"|the\s+(?:(?:last|remaining|besieged|rebel|opposition|former|main|key)\s+){1,3}(?P<held>enclave|bastion"
    r"|stronghold|pocket)s?\b"
    r"|(?<!\bover )(?P<there>there)\b(?!\s+(?:is|are|was|were|has|have|had|be|will|would|seems?|may"
    r"|might|could|remains?|appears?)\b))", re.I)
_ANAPHOR_REACH = 500  # characters: about the two sentences before
_SHAPES = {"line": "line", "zone": "area"}
_SETTLEMENTS = ("town", "village", "city", "hamlet", "site", "crossing", "base")


def place_anaphora(ctx: DocContext, sent: Sentence, places: list[Located]) -> list[Located]:
    """A place word that refers back ("patrols of the area", "we are there") as the place
    named last before it (not a country), when the sentence names no place of its own."""
    if any(m.kind != "country" for _, _, m in places):
        return []
    out: list[Located] = []
    for a in _PLACE_ANAPHOR.finditer(sent.text):
        s, e = sent.start + a.start(), sent.start + a.end()
        near = [(ps, m) for ps, pe, m in ctx.places if s - _ANAPHOR_REACH < ps < s and m.resolved
                and m.kind != "country" and not MEDIA.match(ctx.cleaned.clean, pe)]
        # the place of the last event said, before any name merely mentioned since
        claimed = {x.place_start for x in ctx.last_places}
        earlier = [m for ps, m in near if ps in claimed] or [m for _, m in near]
        if a.group("kind") and a.group("kind").lower() in ("town", "village", "villages", "city"):
            earlier = [m for m in earlier if m.kind in _SETTLEMENTS] or earlier
        if a.group("kind") and a.group("kind").lower() in _SHAPES:  # "the line": the line named before
            earlier = [m for m in earlier if m.kind == _SHAPES[a.group("kind").lower()]]
        if earlier:
            span = ctx.cleaned.span_to_raw(s, e)
            out.append((s, e, earlier[-1].model_copy(update={"text": a.group(0), "span": span})))
    return out


#: "the Minsk agreements", "the Astana format": a place that names an agreement or talks.
_NAMES_A_TEXT = re.compile(r"\s+(?:agreements?|accords?|protocols?|memorand(?:um|a)|deals?|format|talks"
                           r"|process|peace\s+(?:plan|process|talks|deal))\b", re.I)


def names_no_event_place(text: str, start: int, end: int) -> bool:
    """Whether a place name at text[start:end] is no place of an event: a medium ("TASS news agency"),
    an agreement ("the Minsk agreements"), a holder ("M23-held A") or where a speaker spoke from."""
    return bool(MEDIA.match(text, end) or _NAMES_A_TEXT.match(text, end)
                or describes_holder(text, start, end) or speaks_from(text, start))
