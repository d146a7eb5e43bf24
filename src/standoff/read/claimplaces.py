"""The places a position claim names: the most precise place of the segment and the places
listed with it (one claim each), where a move ends rather than starts, and the place a
distance glosses ("seized Mashara, about 11 km from the frontier")."""

from __future__ import annotations

import re

from standoff.read.claimdoc import DocContext
from standoff.read.geoparse import Located
from standoff.read.modifiers import DISTANCES, Mod, coherent, modifiers, place_list
from standoff.read.records import Modifier, PlaceMention
from standoff.read.sentences import Segment, Sentence

__all__ = ["claim_places", "glossed", "scene", "stated"]

#: "the LNR's formations have pulled out too": the same event as the one before, at its place.
_TOO = re.compile(r"\b(?:too|as well|likewise|also did|did the same)\s*[.,;]?\s*$", re.I)


def glossed(x: Mod, seg_places: list[Located], text: str) -> PlaceMention | None:
    """The place a distance glosses: in "seized Mashara, about 11 km from the frontier" (or
    "Mashara (11 km from the frontier)") the position is Mashara, located by its distance."""
    if x.mod.kind not in DISTANCES:
        return None
    return next((m for s, e, m in seg_places if e <= x.start and re.fullmatch(r",\s*|\s*\(\s*",
                                                                              text[e:x.start])), None)


def stated(ctx: DocContext, x: Mod) -> Modifier:
    """The modifier of a claim's place, with the distance and direction its gloss states."""
    got = ctx.stated.get(x.place_start)
    if got is None:
        return x.mod
    return x.mod.model_copy(update={"km": got.km, "facing": got.facing, "approximate": got.approximate,
                                    "text": f"{x.mod.text} ({got.text})" if got.text not in x.mod.text
                                    else x.mod.text})


#: The last preposition before a place: "from the Israeli side of the Golan" (of skipped) is
#: where a move started.
_LAST_PREP = re.compile(r".*\b(from|to|into|toward|towards|in|at|near|inside|through|via|across|onto"
                        r"|on|within)\s", re.I | re.S)


#: "residents of Nawa", "people from Daraa": where people come from.
_ORIGIN = re.compile(r"\b(?:residents?|people|natives?|mayor|governor|villagers|inhabitants|families"
                     r"|civilians|refugees|displaced|elders|notables|delegations?)\s+(?:from|of)\s+(?:the\s+)?$",
                     re.I)


def scene(ctx: DocContext, sent: Sentence, seg: Segment, places: list[Located],
           predicate: str | None) -> list[Mod]:
    """The place of the main clause for a presence in a fronted "while" clause that names none:
    "while peacekeepers were in shelters, tanks entered the position in X" (both at X)."""
    text = ctx.cleaned.clean
    if predicate != "seen" or not re.search(r"\bwhile\s+$", text[max(sent.start, seg.start - 8):seg.start],
                                            re.I) or not text.startswith(",", seg.end):
        return []
    rest = Segment(seg.end, sent.end, text[seg.end:sent.end])
    later = [(s, e, m) for s, e, m in places if rest.start <= s < rest.end]
    return claim_places(ctx, rest, modifiers(text, ctx.pack, rest.start, later), later, "seen")


def _from(window: str) -> bool:
    m = _LAST_PREP.match(window)
    return m is not None and m.group(1).lower() == "from"


def claim_places(ctx: DocContext, seg: Segment, mods: list[Mod], seg_places: list[Located],
                  predicate: str | None) -> list[Mod]:
    """The places a position claim of the segment names (one claim each)."""
    text = ctx.cleaned.clean
    # "crossed from the Golan through Al Asha gate into Al Asbah": where a move ends, not where
    # it started (except for a withdrawal, whose "from" is the position it left)
    if predicate in ("entered", "deployed"):
        source = [x for x in mods if x.mod.kind not in DISTANCES and (x.mod.text.lower().startswith(
            "from ") or _from(text[max(seg.start, x.place_start - 60):x.place_start]))]
        if any(x not in source and x.mention.kind != "country" for x in mods):
            mods = [x for x in mods if x not in source]
    # "residents of Nawa approached the patrol in Quneitra": where people come from is not the place
    mods = [x for x in mods if not _ORIGIN.search(text[max(seg.start, x.place_start - 40):x.place_start])]
    # a country is too coarse to be a position ("a claim at a country centroid is worse than
    # none"): it names no place of the claim, though a place inside it may
    resolved = coherent([x for x in mods if x.mention.resolved and x.mod.kind != "side"
                         and x.mention.kind != "country"])
    if resolved:  # inside a named area, else the most precise place ("crossed ... near X")
        inside = [x for x in resolved if x.mod.kind == "area" and x.mention.kind == "area"]
        best = inside[0] if inside else min(resolved, key=lambda x: x.mention.uncertainty_m or 0)
        chain = [x for x in place_list(mods, best, text, seg_places, ctx.pack)
                 if x.mention.kind != "country"] or [best]
    else:  # name the unresolved place (or list of them), if any
        chain = [x for x in mods[:1] if not x.mention.resolved]
        if chain and chain[0].mention.kind:
            chain = [x for x in place_list(mods, chain[0], text, seg_places, ctx.pack)
                     if not x.mention.resolved]
    if not mods and _TOO.search(seg.text):  # "the LNR's formations have pulled out too": there
        chain = ctx.last_places
    return chain
