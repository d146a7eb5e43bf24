"""Clause claims: demands, proposals, obligations and agreed terms, with their status and km.

A demand or proposal binds the actors named after its cue ("Israel demanded that Iranian forces
stay ..."); an obligation with no actor after it binds its subject ("Iranian forces must stay
...", "Hezbollah was to pull back ..."). One claim per zone the term names; a term that names no
zone keeps its bare distance ("relocate 5 km to the north") or width ("a 10 km-wide strip").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from standoff.read import cues
from standoff.read.actors import ActorMention
from standoff.read.claimdoc import DocContext, new_claim
from standoff.read.distances import PAIR, bare_distances, to_km
from standoff.read.modifiers import Mod
from standoff.read.records import Claim, Modifier
from standoff.read.sentences import Segment, Sentence
from standoff.read.terms import CONDITIONAL, OBLIGATION, OFFER_FATE, OFFER_NAMED, PACT

__all__ = ["clause_claims"]

_ZONES = ("distance", "beyond", "within", "band")
#: ", which runs some 30 km north of the border": words that describe a place named before,
#: not a term of their own.
_IN_RELATIVE = re.compile(r"(?:,|\(|--|\u2013|\u2014)\s*(?:which|where)\s+[^,;()]*$", re.I)
#: Who asks without being a party: "local councils asked the army to ...".
_NON_PARTY = re.compile(
    r"\b(?:councils?|municipalit(?:y|ies)|mayors?|residents|villagers|locals|families|activists"
    r"|protesters|demonstrators|(?:rights|civil society|aid|humanitarian)\s+groups?|NGOs?|charit(?:y|ies)"
    r"|clerics|elders|notables|farmers|displaced|petition)\b", re.I)
#: Who gives an opinion: "analysts say X should ...", "X believes Y ought to ...".
_OPINION = re.compile(
    r"\b(?:analysts?|experts?|observers|commentators?|critics|scholars?|researchers?|pundits?"
    r"|editorials?|columnists?|op-ed|in (?:my|his|her|their|our) (?:view|opinion)"
    r"|(?:think|thinks|thought|believes?|believed|feels?|felt|argues?|argued)\s+(?:that\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,4}?(?:should|ought))\b", re.I)
#: "Should Israel keep to this, ...", "Were the army to leave, ...": a condition, inverted.
_INVERTED_IF = re.compile(r"\s*(?:(?:but|and|yet)\s+)?(?:should|were|had)\s+(?!to\b)[\w'-]+", re.I)
#: A cue denied: "would not commit to", "has never agreed to", "refused to sign".
_NOT_CUE = re.compile(r"\b(?:not|n't|never|no longer|refus\w*\s+to|declin\w*\s+to)\s+(?:\w+\s+)?$", re.I)
#: "2 km from the Galwan valley" with a place no gazetteer knows: the distance of the term.
_FROM_UNKNOWN = re.compile(rf"(?:\b(?P<q>within|up to|no more than)\s+)?\b{PAIR}"
                           r"(?:\s*[\(\[][^)\]]*[\)\]])?\s+(?:away\s+)?(?:from|of)\b", re.I)


def _bound(ctx: DocContext, seg: Segment, seg_actors: list[ActorMention], mods: list[Mod],
           cue_end: int) -> list[ActorMention]:
    """The actors a term binds: those after its cue (before the first place), else the subject
    of an obligation ("X must stay"); a possessor only of a force ("Lebanon's army")."""
    text = ctx.cleaned.clean

    def free(a: ActorMention) -> bool:
        return text[a.end: a.end + 2] != "'s" or _OWNS_FORCE.match(text, a.end) is not None

    must = cues.OBLIGATION.search(seg.text)
    if must is not None and must.end() >= cue_end:  # the obligation is the term's cue: its subject
        subject = [a for a in seg_actors if a.start < seg.start + must.start() and free(a)]
        if subject:
            return subject
        if not _THERE.search(seg.text, 0, must.start()):  # "drivers must put on new plates"
            return _parties_before(ctx, seg, free, 2 if _BOTH.search(seg.text, 0, must.start()) else 1) \
                if _GENERIC.search(seg.text, 0, must.start()) else []
    first_mod = min((x.start for x in mods if x.start >= seg.start + cue_end), default=seg.end)
    bound = [a for a in seg_actors if seg.start + cue_end <= a.start < first_mod and free(a)
             and not _EXCEPT.search(text, max(0, a.start - 20), a.start)]
    if bound and _WITH_PARTY.fullmatch(text, seg.start + cue_end, bound[0].start):
        party = [bound[0]]  # "a deal with Israel (and Jordan) to keep Iranian forces ..."
        for a in bound[1:]:
            if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[party[-1].end:a.start]):
                break
            party.append(a)
        bound = [a for a in bound if a not in party] or bound  # else the party is the one bound
    agreed = cues.AGREED.search(seg.text)
    if not bound and agreed is not None:  # "Russia and Turkey agreed on ...": the parties
        bound = [a for a in seg_actors if a.start < seg.start + agreed.start() and free(a)]
    fate = OFFER_FATE.search(seg.text)
    if fate is not None and fate.end() <= cue_end:  # "X rejected demands that it/its fighters ...": X
        subject = [a for a in seg_actors if a.start < seg.start + fate.start() and free(a)]
        refers = [a for a in bound if a.how == "anaphora" or _PRONOUN.match(a.text)]
        if subject and (refers or (not bound and _PRONOUN_TERM.match(seg.text, cue_end))):
            bound = [a for a in bound if a not in refers] + subject
    if not bound and _BOTH.search(seg.text):  # "both sides agreed to pull back": the two named before
        bound = _parties_before(ctx, seg, free, 2)
    return bound


def _parties_before(ctx: DocContext, seg: Segment, free: Callable[[ActorMention], bool],
                    least: int) -> list[ActorMention]:
    """The (up to two) actors named last before a segment, when at least `least` are: who "both
    sides", "heavy weapons" or "armed forces" of a term with no actor named belong to."""
    before = [a for a in ctx.actors if seg.start - _BOTH_REACH_CHARS <= a.start < seg.start and free(a)]
    codes = list(dict.fromkeys(a.code for a in reversed(before)))[:2]
    if len(codes) < least:
        return []
    return [next(a for a in reversed(before) if a.code == c) for c in codes]


#: Forces or arms as the subject of a duty, with no owner named: "heavy weapons were to be moved
#: ...", "armed forces are to be pulled back ...", "both sides must ...".
_GENERIC = re.compile(r"\b(?:weapons|weaponry|artillery|tanks|armou?r|armou?red\s+vehicles|rocket\s+launchers"
                      r"|mortars|howitzers|missiles|air\s+defen[cs]es|forces|troops|units|soldiers|fighters"
                      r"|sides|parties|armies)\b", re.I)
#: "there must be no fighters ...": the subject is after the duty.
_THERE = re.compile(r"\bthere\s+$", re.I)
#: "it", "its fighters", "they": a pronoun that refers to the one who answers an offer.
_PRONOUN = re.compile(r"\b(?:it|its|they|their|them)\b", re.I)
#: "... demands that it withdraw", "... a plan for their fighters to leave": the pronoun is the
#: subject of the term.
_PRONOUN_TERM = re.compile(r"\s*,?\s*(?:that|for)\s+(?:it|they|(?:its|their)\s+[\w-]+)\b", re.I)
#: "both sides", "the two parties", "each side": the parties named just before.
_BOTH = re.compile(r"\b(?:both|the two|each|either|all)\s+(?:sides|parties|armies|side|party|countries)\b",
                   re.I)
#: "struck a deal with government forces to quit X": the other party of the deal, not the one
#: the term binds.
_WITH_PARTY = re.compile(r"\s*,?\s*with\s+(?:the\s+)?(?:(?!(?:to|that|for|on)\b)[\w'\u2019-]+\s+){0,3}?",
                         re.I)
#: "keep all forces except UN peacekeepers out": the actor excepted is not bound.
_EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|apart\s+from|other\s+than|besides|excluding|but\s+not)"
                     r"\s+(?:the\s+)?$", re.I)
_BOTH_REACH_CHARS = 400
#: How far before a duty ("X must ...") an agreement named makes it a term of that agreement.
_PACT_REACH_CHARS = 300


#: "Lebanon's army", "the DPR's units": a possessor that names the force.
_OWNS_FORCE = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+)?(?:army|military|forces|troops|soldiers|units"
                         r"|fighters|police|militias?|navy|air force)\b", re.I)


def _zone_claims(ctx: DocContext, sent: Sentence, seg: Segment, mods: list[Mod],
                 base: dict[str, object]) -> list[Claim]:
    """One claim per zone the term names (a distance or side of a pack feature)."""
    text = ctx.cleaned.clean
    out: list[Claim] = []
    previous: Modifier | None = None
    prev_end = 0
    for x in mods:
        mod, mention = x.mod, x.mention
        if mod.kind in ("near", "at", "area") or mod.feature is None:
            previous, prev_end = mod, x.place_end
            continue
        gap = text[prev_end:x.start]
        gloss = previous is not None and (gap.strip() in ("", "(", "--", "\u2013", "\u2014")
                                          or gap.rstrip().endswith(","))
        if _IN_RELATIVE.search(text, seg.start, x.start):  # describes a place named before
            if previous is not None and previous.kind == "side" and out and mod.kind in _ZONES:
                out[-1] = out[-1].model_copy(update={"modifiers": [*out[-1].modifiers, mod]})
        elif gloss and previous is not None and previous.kind == "side" and out and mod.kind in (
                "distance", "beyond", "within"):
            last = out[-1]
            out[-1] = last.model_copy(update={"modifiers": [*last.modifiers, mod]})
        elif gloss and previous is not None and previous.kind in _ZONES and mod.kind != "side":
            pass  # a gloss on the previous distance ("..., around 5 to 20 km from the border")
        else:
            out.append(new_claim(ctx, seg, sent, place=mention, feature=mod.feature,
                                 modifiers=[mod], **base))
        previous, prev_end = mod, x.place_end
    return out


def _stated(seg: Segment, mods: list[Mod], after: int) -> list[Modifier]:
    """A width or bare distance of the term, after its cue: with the feature of the place the
    strip runs along ("a 10 km-wide strip along the border")."""
    found = [m for at, m in bare_distances(seg.text, seg.start) if at >= after
             and not _IN_RELATIVE.search(seg.text, 0, at - seg.start)]
    if not found and not any(x.mod.kind in _ZONES for x in mods):
        # "pull back 2 km from the Galwan valley", a valley no gazetteer knows
        found = [Modifier(kind="within" if m.group("q") else "distance", text=m.group(0),
                          km=to_km(m.group("a"), m.group("u")))
                 for m in _FROM_UNKNOWN.finditer(seg.text, max(0, after - seg.start))
                 if not _IN_RELATIVE.search(seg.text, 0, m.start())][:1]
    if not found:
        return []
    mod = found[0]
    if mod.kind in ("within", "beyond"):
        along = next((x for x in mods if x.start > after and x.mod.feature is not None), None)
        if along is not None:
            mod = mod.model_copy(update={"feature": along.mod.feature,
                                         "text": f"{mod.text} {along.mod.text}"})
    return [mod]


def _a_term(ctx: DocContext, sent: Sentence, seg: Segment, modality: str) -> bool:
    """Whether the cue of a segment states a term: not a hypothetical ("if X were to leave"),
    an opinion ("analysts say X should ...") or a request of a non-party ("local councils
    asked the army to ..."), nor a title (the lead restates it)."""
    text = ctx.cleaned.clean
    if sent.start == 0 and "\n" in text[sent.end:sent.end + 3] and text[sent.end:].strip() \
            and not sent.text.rstrip().endswith((".", "!", "?", '"')):
        return False
    at = seg.start + max(cues.cue_start(seg.text), 0)
    before = ctx.cleaned.clean[sent.start:at]
    if _NOT_CUE.search(ctx.cleaned.clean, seg.start, at):  # "would not commit to ..."
        return False
    if _INVERTED_IF.match(seg.text) or CONDITIONAL.search(ctx.cleaned.clean, seg.start, at) \
            or _OPINION.search(ctx.cleaned.clean, sent.start, at + 40):
        return False
    return not (modality == "demand" and _NON_PARTY.search(before))


def clause_claims(ctx: DocContext, sent: Sentence, seg: Segment,
                  seg_actors: list[ActorMention], mods: list[Mod],
                  modality: str, cue_end: int, predicate: str | None, hedges: list[str],
                  common: dict[str, object]) -> list[Claim]:
    """A demand, proposal or agreed term: one clause claim per zone it names."""
    if not _a_term(ctx, sent, seg, modality):
        return []
    status = cues.clause_status(seg.text, modality)
    if status == "demand" and OBLIGATION.match(seg.text, max(cues.cue_start(seg.text), 0)) and PACT.search(
            ctx.cleaned.clean, max(0, sent.start - _PACT_REACH_CHARS), sent.end):
        modality = status = "agreed"  # "... signed the deal. Under it, both sides must pull back"
    bound = _bound(ctx, seg, seg_actors, mods, cue_end)
    if not bound:
        earlier = ctx.clauses[-1] if ctx.clauses else None
        if earlier is None or status == modality or not OFFER_NAMED.search(seg.text):
            return []
        # "Israel rejected the offer": the offer named before takes its new status
        ctx.statuses[earlier.id] = status
        return []
    after, _ = cues.main_predicate(seg.text[cue_end:])  # "withdrew its offer to keep ...": keep
    cue_at = max(cues.cue_start(seg.text), 0)
    if modality in ("demand", "proposal") and not OBLIGATION.match(seg.text, cue_at):
        # what is asked or offered comes after the asking (a duty, "X has to ...", binds before)
        mods = [x for x in mods if x.start >= seg.start + cue_at]
        if not mods and after is None:  # "..., after X demanded that Y stop what it was doing"
            return []
    codes = list(dict.fromkeys(a.code for a in bound))
    pred = "withdrew" if after == "withdrew" else "must_stay"
    base = {"kind": "clause", "actor": codes[0], "actor_text": ", ".join(
        dict.fromkeys(a.text for a in bound)), "actors": codes, "predicate": pred,
        "modality": modality, "status": status, "hedges": hedges, "confidence": 0.6, **common}
    out = _zone_claims(ctx, sent, seg, mods, base)
    text = ctx.cleaned.clean
    mods = [x for x in mods if not _IN_RELATIVE.search(text, seg.start, x.start)]
    if not out and (predicate is not None or mods):
        stated = [] if any(x.mod.kind in _ZONES for x in mods) else _stated(seg, mods, seg.start + cue_end)
        first = next((x for x in mods if x.start >= seg.start + cue_at), mods[0]) if mods else None
        out.append(new_claim(ctx, seg, sent, place=first.mention if first else None,
                             feature=(stated[0].feature if stated else None) or (
                                 first.mod.feature if first else None),
                             modifiers=stated or ([first.mod] if first else []), **base))
    ctx.clauses += out
    return out
