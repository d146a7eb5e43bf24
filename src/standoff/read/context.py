"""Claims across sentences: an actor or a time carried over from an earlier sentence.

"Turkish soldiers crossed the line. A unit of 30 men then set up a post at X": the unit is
Turkish. A segment that names a place and an event but no actor, and whose subject is a
pronoun ("they", "it") or a force named only by its kind ("a unit", "some 40 men", "the
convoy"), takes the actor it refers to: the actor of the last claim in the same paragraph,
else the nearest compatible actor named before it in the paragraph (refused when that
sentence names two sides), else, for a force named by its kind at the opening of a
paragraph with no actor, the one actor of the headline. Such a claim takes the time of the
claim it continues when it states none of its own. Both are marked in the claim's `carried`.
"""

from __future__ import annotations

import re

from standoff.read.actors import ActorMention
from standoff.read.claimdoc import DocContext
from standoff.read.modifiers import Mod
from standoff.read.sentences import Segment, Sentence

__all__ = ["carried_actor", "carried_time", "paragraph_start", "remember", "whole_places"]

_NUM = r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens?\s+of|hundreds\s+of)"
#: A subject that names no side: "they", "it", "a unit", "some 30 to 40 men", "the convoy".
_SUBJECT = re.compile(
    r"(?P<pron>they|it)\b"
    rf"|(?:(?:an?|one|another|the|this|that|these|those|several|some|about|around|at\s+least)\s+)?"
    rf"(?:{_NUM}\s+(?:(?:to|or|-)\s+{_NUM}\s+)?)?(?:(?:small|large|larger|military|armou?red|army|mechanised"
    r"|mechanized|infantry|engineering|reconnaissance|special|new|second|third|further|more)\s+){0,2}"
    r"(?P<noun>units?|platoons?|compan(?:y|ies)|battalions?|squads?|patrols?|convoys?|columns?|detachments?"
    r"|teams?|men|personnel|reinforcements|tanks|bulldozers|engineers)\b", re.I)
#: What may stand before the subject: a time or a linking word ("On Monday", "Later,", "Then").
_FRONT = re.compile(
    r"\W*(?:(?:then|later|afterwards|meanwhile|overnight|also|now|subsequently|shortly\s+after(?:wards)?"
    r"|(?:early|late)\s+on\s+\w+|on\s+\w+(?:\s+\d{1,2})?"
    r"|(?:on|by|at|during|after|before|over|within|in)\s+[^,]{1,40}?,"
    r"|(?:the\s+)?(?:next|following)\s+(?:day|morning|night),?|(?:later\s+)?that\s+(?:same\s+)?(?:day|night|morning),?"
    r"|the\s+same\s+(?:day|night),?|(?:hours|minutes|moments|an?\s+\w+|\w+\s+(?:days|weeks))\s+later,?)\s*,?\s*)*",
    re.I)
#: "The army said on Monday that": the words of speech before a reported subject.
_SAYS = re.compile(r"[^.;:\"\u201c]{0,100}?\b(?:says|said|say|reported|reports|added|stated|confirmed|claimed"
                   r"|announced)(?:\s+on\s+\w+)?\s*,?\s+(?:that\s+)?", re.I)
#: "The post was built near X": a facility set up by the side named before.
_FACILITY = re.compile(r"(?:the|this|that|its|their)\s+(?:new\s+|[\w-]+\s+){0,2}?(?P<fac>observation\s+post"
                       r"|observation\s+point|outpost|post|base|checkpoint|camp)\b(?!-)", re.I)
#: People who are not an armed side, as the subject a "they" may refer to instead.
_PEOPLE = re.compile(r"\b(?:residents|villagers|people|civilians|officials|sources|witnesses|activists|locals"
                     r"|families|farmers|shepherds|journalists|reporters|protesters|demonstrators|settlers"
                     r"|children|women|workers|diplomats|mediators|leaders|ministers|lawmakers|MPs)\b", re.I)
_LOCATIVE = re.compile(r"\b(?:in|into|from|to|of|near|across|inside|towards?|at|on|with)\s+(?:the\s+)?$",
                       re.I)
_THEN = re.compile(r"\b(?:then|afterwards|subsequently|after\s+that)\b", re.I)
_HEADLINE_CHARS = 200


def paragraph_start(ctx: DocContext, at: int) -> int:
    """Where the paragraph (line of the clean text) holding offset `at` starts."""
    return ctx.cleaned.clean.rfind("\n", 0, at) + 1


def _plural(m: ActorMention) -> bool:
    word = m.text.lower().split()[-1] if m.text.split() else ""
    return word.endswith("s") and not word.endswith(("ss", "us"))


def _compatible(m: ActorMention, pron: str | None) -> bool:
    """Whether a mention can be what the subject refers to: "they" a plural force, "it" a
    body named in the singular, a force named by its kind any side."""
    if m.code.startswith("UNKNOWN:") or m.how == "speaker":
        return False
    if pron == "they":
        return _plural(m)
    if pron == "it":
        return not _plural(m)
    return True


def _is_place(ctx: DocContext, m: ActorMention) -> bool:
    """A country named as a place ("in Syria", "the Lebanese-Israeli border") is no antecedent."""
    text = ctx.cleaned.clean
    return any(s <= m.start < e for s, e, _ in ctx.places) and (
        bool(_LOCATIVE.search(text[max(0, m.start - 20):m.start])) or text[m.end:m.end + 1] == "-")


def _subject(seg: Segment, at: int, pattern: re.Pattern[str] = _SUBJECT) -> re.Match[str] | None:
    """The subject naming no side, before `at`: at the segment's opening (after a time) or
    right after the words of speech ("the army said on Monday that it ...")."""
    starts = [0] + [m.end() for m in [_SAYS.match(seg.text)] if m is not None]
    for start in starts:
        front = _FRONT.match(seg.text, start)
        m = pattern.match(seg.text, front.end() if front else start)
        if m is not None and m.end() <= at:
            return m
    return None


def _facility_owner(ctx: DocContext, sent: Sentence, noun: str) -> ActorMention | None:
    """Who holds "the post" a subject names: the one side named in the sentence (of this
    paragraph or the one before) that last mentioned such a facility ("Turkey set up a post")."""
    text = ctx.cleaned.clean
    lo = paragraph_start(ctx, max(paragraph_start(ctx, sent.start) - 1, 0))
    word = re.compile(rf"\b{noun.split()[-1]}s?\b", re.I)
    hits = [h for h in word.finditer(text, lo, sent.start)]
    if not hits:
        return None
    at = hits[-1].start()
    s0 = max(text.rfind(". ", lo, at) + 2, text.rfind("\n", lo, at) + 1, lo)
    named = [a for a in ctx.actors if s0 <= a.start < at + len(noun) + 1 and not _is_place(ctx, a)
             and not a.code.startswith("UNKNOWN:") and a.how != "speaker"]
    if len({a.code.split(".")[0] for a in named}) != 1:
        return None
    return named[-1]


def _headline_actor(ctx: DocContext) -> ActorMention | None:
    """The one side the headline names (the first line, when it reads as a title)."""
    text = ctx.cleaned.clean
    end = text.find("\n")
    if end <= 0 or end > _HEADLINE_CHARS or text[:end].rstrip().endswith((".", "!", "?", ":")):
        return None
    named = [a for a in ctx.actors if a.end <= end and not a.code.startswith("UNKNOWN:")
             and not _is_place(ctx, a)]
    roots = {a.code.split(".")[0] for a in named}
    return named[0] if len(roots) == 1 else None


#: A name cut short: the place matched is followed by another capitalised word of the same name.
_CUT = re.compile(r"\s+(?:(?:al|el)-)?[A-Z][a-z]")


def whole_places(ctx: DocContext, chain: list[Mod]) -> list[Mod]:
    """The places of a claim whose actor was inferred, without names cut short ("Ayios" of
    "Ayios Dometios"): an inference needs the place read whole."""
    return [x for x in chain if not _CUT.match(ctx.cleaned.clean, x.place_end)]


def carried_actor(ctx: DocContext, sent: Sentence, seg: Segment,
                  at: int) -> tuple[list[ActorMention], str]:
    """The actor a segment naming none refers to (a mention over its subject words, how
    "context"), and a note saying where it comes from; ([], "") when none is safe."""
    text = ctx.cleaned.clean
    m = _subject(seg, at)
    if m is None:
        fac = _subject(seg, at, _FACILITY)
        owner = _facility_owner(ctx, sent, fac.group("fac")) if fac else None
        if fac is None or owner is None:
            return [], ""
        s, e = seg.start + fac.start(), seg.start + fac.end()
        note = f"actor {owner.code} from '{owner.text}'"
        return [ActorMention(s, e, fac.group(0), owner.code, "context")], note
    pron = m.group("pron").lower() if m.group("pron") else None
    if pron and _PEOPLE.search(seg.text[:m.start()]):
        return [], ""  # "Residents said they ...": the residents
    para = paragraph_start(ctx, sent.start)
    found: ActorMention | None = None
    last = ctx.last_claim
    if last is not None and last[0] == para:
        if len({a.code.split(".")[0] for a in last[1]}) > 1:
            return [], ""  # "Israeli troops clashed with Hezbollah near X. They ...": which?
        found = next((a for a in last[1] if _compatible(a, pron)), None)
    if found is None:
        before = [a for a in ctx.actors if para <= a.start and a.end <= seg.start + m.start()
                  and not _is_place(ctx, a)]
        fits = [a for a in before if _compatible(a, pron)]
        if fits:
            near = fits[-1]
            s0 = max(text.rfind(". ", para, near.start) + 2, para)
            ends = [i for i in (text.find(". ", near.end), text.find("\n", near.end)) if i >= 0]
            e0 = min(ends or [len(text)])
            same = {a.code.split(".")[0] for a in before
                    if s0 <= a.start < e0 and not a.code.startswith("UNKNOWN:")}
            if len(same) > 1:
                return [], ""  # "Israeli troops clashed with Hezbollah fighters. They ...": which?
            if pron and _PEOPLE.search(text[s0:near.start]):
                return [], ""  # "Residents said Israeli troops had left. They ...": the residents
            found = near
        elif not before and pron is None:
            found = _headline_actor(ctx)
    if found is None:
        return [], ""
    s, e = seg.start + m.start(), seg.start + m.end()
    mention = ActorMention(s, e, m.group(0), found.code, "context")
    return [mention], f"actor {found.code} from '{found.text}'"


def carried_time(ctx: DocContext, sent: Sentence, seg: Segment, at: int, when: dict[str, object],
                 carried: bool) -> tuple[dict[str, object], str]:
    """The time of the claim a segment continues, when it states none of its own and either
    its actor was carried over or it says "then" before its event; else `when` unchanged."""
    last = ctx.last_claim
    if not when.get("time_inferred") or when.get("time_text") or last is None:
        return when, ""
    if last[0] != paragraph_start(ctx, sent.start) or not last[2].get("time_text"):
        return when, ""
    if not carried and not _THEN.search(seg.text[:max(at, 0) + 12]):
        return when, ""
    got = {k: last[2][k] for k in ("time", "time_end", "time_text", "time_inferred")}
    return got, f"time from '{last[2]['time_text']}'"


def remember(ctx: DocContext, sent: Sentence, actors: list[ActorMention], when: dict[str, object]) -> None:
    """Keep the actors and time of the latest claim, for the sentences after it."""
    ctx.last_claim = (paragraph_start(ctx, sent.start), actors, when)
