"""Claims: who is, was or must be where, read sentence by sentence.

A sentence is cut into segments at "while", "but" and semicolons. In each segment the reader
binds actor mentions to a predicate (seen / deployed / entered / withdrew / struck / must_stay),
a place and its spatial modifier ("near X", "N km from X", "east of the X road"), the time,
the attribution and the modality. Demands and proposals become clause claims (with their
status: an offer may be rejected or withdrawn), a force count sizes the position it belongs to
or else is a country-level strength claim, and the rest are position claims. Opinions, fears,
plans and hypotheticals are no claims; one statement gives one claim.

"X withdrew from Y" places X at Y up to the event (the position it left, predicate `withdrew`);
for other moves ("crossed from A into B") the position is where the move ends, not its "from".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from standoff.read import cues, speech
from standoff.read.actors import ActorMention
from standoff.read.attach import main_word
from standoff.read.claimdoc import (
    DocContext,
    Resolved,
    confidence,
    event_when,
    is_background,
    new_claim,
    resolve_times,
)
from standoff.read.claimplaces import claim_places, glossed, scene, stated
from standoff.read.clauses import clause_claims
from standoff.read.context import carried_actor, carried_time, remember, whole_places
from standoff.read.control import Sighting, describes_holder, sighting
from standoff.read.counts import Count, find_counts, find_equipment
from standoff.read.cues import HEDGE, is_candidate
from standoff.read.dates import find_times
from standoff.read.geoparse import Located
from standoff.read.modifiers import DIRECTION, modifiers
from standoff.read.placerefs import named_by_cue, names_no_event_place, place_anaphora
from standoff.read.records import Claim
from standoff.read.relative import place_by_distance
from standoff.read.sentences import Segment, Sentence, split_sentences
from standoff.read.sentences import segments as split_segments
from standoff.read.subjects import choose_actors, first_person

__all__ = ["DocContext", "Sentence", "extract_claims", "is_candidate", "split_sentences"]

_LOCATIVE = re.compile(r"\b(?:in|from|to|into|of|near|over|across|inside|throughout|with)\s+"
                       rf"(?:the\s+)?{DIRECTION}$", re.I)
#: "will remain at", "would stay in": presence now, said of the future.
_STAYS = re.compile(r"(?:remain|stay)(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?(?:at|in|inside|on|near|along|within"
                    r"|close to|closer to|nearer to|next to)\b", re.I)
#: "..., with a tank advancing toward B": an event of the subject of the clause before.
_WITH_EVENT = re.compile(r"with\s+(?:an?|the|\d+|two|three|several|some)?\s*(?:[\w-]+\s+){0,3}?[a-z]+ing\b")
#: "half of UNDOF's 978 troops": a name that owns a force is the actor, not a place.
_OWNS_FORCE = re.compile(r"['\u2019]s\s+(?:[\d,]+\s+)?(?:[\w-]+\s+)?(?:troops|forces|soldiers|fighters|units"
                         r"|personnel|militias?|army|peacekeepers|patrols?)\b", re.I)
#: "the M4 that runs through Idlib to Latakia": places of a route's description.
_ROUTE = re.compile(r"\b(?:that|which)\s+(?:runs|ran|stretches|links|linked|connects|leads|extends"
                    r"|goes|winds)\b[^,.;]*$", re.I)


def extract_claims(ctx: DocContext, sentences: Sequence[Sentence]) -> list[Claim]:
    """Claims of every sentence of one document, in text order."""
    claims: list[Claim] = []
    for sent in sentences:
        claims += _sentence_claims(ctx, sent)
    return [c.model_copy(update={"status": ctx.statuses[c.id]}) if c.id in ctx.statuses else c
            for c in claims]


def _sentence_claims(ctx: DocContext, sent: Sentence) -> list[Claim]:
    text = ctx.cleaned.clean
    times = resolve_times(ctx, find_times(sent.text, sent.start))
    ctx.speeches = speech.sentence_speeches(text, sent.start, sent.text, ctx.last_speaker)
    ctx.last_speaker = speech.last_speaker(ctx.speeches, ctx.last_speaker)
    attr_spans = [(s.start, s.end) for s in ctx.speeches if s.end > s.start]
    attr_abs = [(sent.start + s, sent.start + e) for s, e in attr_spans]
    speakers = [a for a in ctx.actors if any(s <= a.start < e for s, e in attr_abs)]
    ctx.speaker = speakers[0] if speakers else ctx.speaker  # "we" in what this one says
    if not is_candidate(sent.text):
        return []
    places = [(s, e, m) for s, e, m in ctx.places if sent.start <= s < sent.end
              and not any(a <= s < b for a, b in attr_abs)  # "peacekeepers in Lebanon said"
              and not names_no_event_place(text, s, e)]
    actors = [a for a in ctx.actors if sent.start <= a.start < sent.end
              and not any(s <= a.start < e for s, e in attr_abs)]
    # a country named after "in", "from", ... is a place, not an actor
    # as is one inside a longer place name ("the border between Lebanon and Israel"); and a
    # name before "-controlled" or "-backed" describes something else ("DPR-controlled Telmanove")
    actors = [a for a in actors if not (any(s <= a.start < e for s, e, _ in places)
                                        and _LOCATIVE.search(text[max(0, a.start - 30): a.start])
                                        and not _OWNS_FORCE.match(text, a.end))
              and not any(s <= a.start and a.end <= e and e - s > a.end - a.start for s, e, _ in places)
              and not describes_holder(text, a.start, a.end)]
    # and a name of an actor not after one ("UNDOF's troops") is the actor, not a place
    places = [(s, e, m) for s, e, m in places if not any(a.start <= s < a.end for a in actors) or (
        _LOCATIVE.search(text[max(0, s - 30): s]) and not _OWNS_FORCE.match(text, e))]
    cued = named_by_cue(ctx, sent, places, actors)  # an unresolved name the cue names replaces
    places = sorted([p for p in places if not any(c[0] < p[1] and p[0] < c[1] for c in cued)] + cued,
                    key=lambda p: p[0])
    places += place_anaphora(ctx, sent, places)
    ctx.refs = places  # "A (57 km west of B)": A placed by the distance from B, B no claim's place
    places, ctx.stated = place_by_distance(ctx.cleaned, ctx.doc_id, sent.start, sent.end, places)
    counts = find_counts(sent.text, sent.start)
    common: dict[str, object] = {"attribution": speech.choose(ctx.speeches, len(sent.text))}
    ctx.last_actors = []
    found: list[Claim] = []
    for seg in split_segments(sent):
        found += _segment_claims(ctx, sent, seg, actors, places, common, times)
    found = _one_per_statement(found)
    # a count with a place more precise than a country is the position's size; otherwise a
    # country-level strength claim, and the position it duplicates goes
    strength = _strength_claims(ctx, sent, counts, actors, places, common, times)
    kept: list[Claim] = []
    for c in strength:
        root = c.actor.split(".")[0]
        same = [p for p in found if p.kind == "position" and p.actor.split(".")[0] == root
                and p.span[0] <= c.span[0] < p.span[1]]
        precise = [p for p in same if p.place is not None and p.place.kind != "country"]
        if precise:
            i = found.index(precise[0])
            found[i] = found[i].model_copy(update={"count": c.count, "unit": c.unit})
        else:
            found = [p for p in found if p not in same]
            kept.append(c)
    return sorted(kept + found, key=lambda c: (c.span[0], c.kind != "strength"))


def _one_per_statement(claims: list[Claim]) -> list[Claim]:
    """One claim per statement: the same actor and place (or zone) said twice in a sentence,
    by overlapping patterns or segments, is one claim (the first, more precise kept)."""
    out: list[Claim] = []
    seen: set[tuple[object, ...]] = set()
    for c in claims:
        where = c.feature or (c.place.text if c.place.coarse else c.place.gazetteer_id or c.place.text
                              ) if c.place else None
        km = tuple((m.kind, m.km, m.from_km, m.facing) for m in c.modifiers)
        key = (c.kind, c.actor, where, km if c.kind == "clause" else c.predicate, c.status)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    # "UNIFIL peacekeepers": UN.UNIFIL and UN name one actor; the more specific stays
    return [c for c in out if not any(
        o is not c and o.kind == c.kind and o.span == c.span and o.place == c.place
        and o.actor.startswith(c.actor + ".") for o in out)]


def _main_predicate(ctx: DocContext, sent: Sentence, seg: Segment,
                    actors: Sequence[ActorMention] = ()) -> tuple[str | None, int]:
    """The main predicate word (highest in the parse) and offset; in a name ("coast guard") if no other."""
    found = cues.main_predicates(seg.text)
    found = [p for p in found if not any(a.start <= seg.start + p[1] < a.end for a in actors)] or found
    parse = ctx.parses.get(sent.start)
    if parse is None or len(found) < 2:
        return found[0] if found else (None, -1)
    shift = seg.start - sent.start
    return found[main_word(parse, [at + shift for _, at in found])]


def _count_reach(c: Count, counts: list[Count], sent: Sentence) -> int:
    later = [o.start for o in counts if o.start > c.start]
    return min(later) if later else sent.end


def _strength_claims(ctx: DocContext, sent: Sentence, counts: list[Count],
                     actors: list[ActorMention], places: list[Located],
                     common: dict[str, object], times: Resolved) -> list[Claim]:
    out: list[Claim] = []
    countries = [m for s, e, m in places if m.kind == "country"
                 and _LOCATIVE.search(ctx.cleaned.clean[max(0, s - 8): s])
                 and not ctx.cleaned.clean[max(0, s - 6): s].lower().endswith("from ")]
    for c in counts:
        reach = _count_reach(c, counts, sent)
        inside = [a for a in actors if c.start <= a.start < reach]
        if not inside:
            continue
        first = inside[0]
        related = [a for a in inside if a.code.split(".")[0] == first.code.split(".")[0]]
        best = max(related, key=lambda a: a.code.count("."))
        seg = Segment(c.start, c.end, c.text)
        common = {**common, "attribution": speech.choose(ctx.speeches, c.start - sent.start)}
        hedges = sorted({m.group(0).lower() for m in HEDGE.finditer(sent.text)})
        out.append(new_claim(
            ctx, seg, sent, kind="strength", actor=best.code, actor_text=best.text,
            predicate="deployed", place=countries[0] if countries else None, count=c.count,
            unit=c.unit, modality="reported" if common["attribution"] else "asserted",
            hedges=hedges, confidence=0.7 if common["attribution"] else 0.8, **common,
            **event_when(ctx, sent, times, c.start)))
    return out


def _event(ctx: DocContext, sent: Sentence, seg: Segment,
           seg_actors: list[ActorMention]) -> tuple[str | None, int, str, int] | None:
    """The segment's event: (predicate, its offset in the segment, modality, where the
    modality's cue ends); None when the segment states no event or clause."""
    text = ctx.cleaned.clean
    modality, cue_end = cues.modality(seg.text)
    predicate, at = _main_predicate(ctx, sent, seg, seg_actors)
    trigger_at = seg.start + at if predicate else seg.end
    staying = predicate == "must_stay" and _STAYS.match(text, trigger_at) and (
        modality == "asserted" or (at < cues.cue_start(seg.text)
                                   and any(a.start < trigger_at for a in seg_actors)))
    if staying:  # "troops will remain at five points (under the deal)": they are there now
        predicate, modality = "seen", "asserted"
    if modality != "asserted" and predicate not in (None, "must_stay") and at < cues.cue_start(
            seg.text) and any(a.start < trigger_at for a in seg_actors):
        modality = "asserted"  # "X deployed in Y as part of a plan to ...": the event happened
    if modality == "asserted" and (predicate in (None, "must_stay") or not seg_actors
                                   or (not staying and cues.not_an_event(seg.text, at) is not None)):
        return None
    return predicate, at, modality, cue_end


#: "X bombed A, while raids were carried out in B": an event with no agent said, after "while".
_AGENTLESS = re.compile(r"(?:[\w-]+\s+){1,4}?(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?"
                        r"(?:carried out|conducted|launched|staged|mounted|made|reported)\b(?!\s+by\b)", re.I)


def _inherited(ctx: DocContext, sent: Sentence, seg: Segment) -> list[ActorMention]:
    """The actors of the clause before, for a second event of theirs that names none: "...,
    with a tank advancing toward B", "..., while raids were carried out in B"."""
    before = ctx.cleaned.clean[max(sent.start, seg.start - 10):seg.start].lower()
    if _WITH_EVENT.match(seg.text) or ("while" in before and _AGENTLESS.match(seg.text)):
        return ctx.last_actors
    return []


def _segment_claims(ctx: DocContext, sent: Sentence, seg: Segment,
                    actors: list[ActorMention], places: list[Located],
                    common: dict[str, object], times: Resolved) -> list[Claim]:
    text = ctx.cleaned.clean
    seg_actors = sorted([a for a in actors if seg.start <= a.start < seg.end] + first_person(ctx, seg),
                        key=lambda a: a.start) or _inherited(ctx, sent, seg)
    seg_places = [(s, e, m) for s, e, m in places if seg.start <= s < seg.end
                  and not _ROUTE.search(text[seg.start:s])]  # "a road that runs to Latakia"
    seen = sighting(text, seg.start, seg.end, sent.start, sent.end, seg_actors, seg_places, ctx.pack,
                    ctx.refs)
    if seen is not None:  # what monitors saw: its owner is the actor, the monitors the source
        seg_actors = sorted(seen.actors, key=lambda a: a.start)
    carried: list[str] = []
    if not seg_actors and seg_places:  # "A unit then set up a post at X": whose unit, said before
        seg_actors, note = carried_actor(ctx, sent, seg, _main_predicate(ctx, sent, seg)[1])
        carried = [note] if note else []
    event = _event(ctx, sent, seg, seg_actors)
    if seen is not None and (event is None or (event[2] == "asserted" and (any(
            a.start <= seg.start + event[1] < a.end for a in seen.actors if a.how == "control")
            or (event[0] == "seen" and seg.start + event[1] < seen.verb_at)))):
        # the event is the sighting: "the monitors found seven tanks in A" (no predicate of its
        # own), "in areas controlled by X, the SMM saw ..." ("controlled" is no event), "the UN
        # patrol came upon a convoy" (the verb, not the noun "patrol")
        event = ("seen", seen.verb_at - seg.start, "asserted", 0)
    if event is None:
        return []
    predicate, at, modality, cue_end = event
    trigger_at = seg.start + at if predicate else seg.end
    common = {**common, "attribution": speech.choose(ctx.speeches, trigger_at - sent.start)
              or (seen.source if seen is not None else "")}
    hedges = sorted({m.group(0).lower() for m in HEDGE.finditer(seg.text)})
    negated = cues.negated(_unheld(seg, seen), at if predicate else len(seg.text))
    if negated and predicate == "withdrew":  # "has not withdrawn from X": still there
        predicate, negated = "seen", False
    mods = modifiers(ctx.cleaned.clean, ctx.pack, seg.start, seg_places)
    if modality != "asserted":
        return clause_claims(ctx, sent, seg, seg_actors, mods, modality, cue_end, predicate,
                              hedges, {**common, **event_when(ctx, sent, times, seg.start + max(
                                  cue_end - 1, 0), seg)})
    if negated:
        modality = "negated"
    elif hedges:
        modality = "hedged"
    elif common["attribution"]:
        modality = "reported"
    who = choose_actors(ctx, sent, seg, seg_actors, predicate, trigger_at, negated)
    ctx.last_actors = who.actors
    chain = claim_places(ctx, seg, mods, seg_places, predicate) or scene(ctx, sent, seg, places, predicate)
    if seen is not None and any(x.place_start in ctx.stated for x in chain):
        # "saw A near X (N km ...), and B near Y (M km ...)": each glossed place of a sighting
        chain = chain + [x for x in mods if x.place_start in ctx.stated and x not in chain
                         and x.mod.kind in ("at", "near", "area")]
    chain = whole_places(ctx, chain) if carried else chain
    out = []
    when = event_when(ctx, sent, times, trigger_at, seg)
    when, note = carried_time(ctx, sent, seg, at, when, bool(carried))
    carried += [note] if note else []
    if is_background(ctx, when, text[trigger_at:seg.end]):  # "seized in 1967": history
        return []
    gear = find_equipment(seg.text, seg.start)  # "moved heavy weapons and air defences to X"
    unit = {"unit": gear[0][2]} if gear else {}
    score = confidence(modality, hedges, str(common["attribution"]), ctx.published_inferred)
    for a in dict((a.code, a) for a in who.actors + who.ground).values():  # a tank that fired too
        for x in chain:  # a position names a place: "X deployed" alone is none
            out.append(new_claim(
                ctx, seg, sent, kind="position", actor=a.code, actor_text=a.text,
                predicate=predicate, modality=modality, hedges=hedges, target=a.code in who.hit,
                place=glossed(x, seg_places, text) or x.mention, feature=x.mod.feature,
                modifiers=[stated(ctx, x)], confidence=score, carried=carried, **common, **when,
                **unit))
    if out:
        ctx.last_places = chain
        remember(ctx, sent, who.actors, when)
    return out


def _unheld(seg: Segment, seen: Sighting | None) -> str:
    """The segment's words with the control wording blanked: "areas not held by the
    government" negates no event."""
    words = seg.text
    for a in seen.actors if seen is not None else ():
        if a.how == "control" and seg.start <= a.start < seg.end:
            i, j = a.start - seg.start, min(a.end, seg.end) - seg.start
            words = words[:i] + " " * (j - i) + words[j:]
    return words


