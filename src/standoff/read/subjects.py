"""Who a claim is about: the actors of an event among those a segment names.

The grammatical subject (from the parse when there is one, else the actor nearest before the
event word and those coordinated with it), except where the construction names another:
the agent of a passive ("surrounded last year by advancing Syrian forces"), the actor of an
event noun ("a presence of Iranian-backed militias"), the seen of an active sighting
("peacekeepers saw Iranian forces"), the target of a strike, the one carried ("cars carrying
Russian military police entered"), the other side of an engagement ("clashed with ISIS") and
those present alongside ("patrolled alongside Russian military police").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from standoff.read.actors import ActorMention
from standoff.read.attach import subject_spans
from standoff.read.claimdoc import DocContext
from standoff.read.cues import has_predicate
from standoff.read.sentences import Segment, Sentence

__all__ = ["Chosen", "choose_actors", "first_person", "subject_group"]

#: An attacker on the ground is at the place it attacks (a tank, troops), unlike a jet or a missile.
_GROUND = re.compile(r"\b(?:tanks?|troops|soldiers|infantry|bulldozers?|ground forces|patrols?|forces"
                     r"|gunmen|fighters|militants)\b", re.I)
#: Events whose object is present at the place too: "surrounded a Turkish post", "clashed with
#: ISIS", "approached the monitors".
_ENGAGES = re.compile(r"(?:surround|encircl|besieg|clash|fought|fight|battl|engag|approach|met\b"
                      r"|meet|confront|encounter|(?:came|come|coming|ran|run|running|stumbled)\s+(?:upon|into)"
                      r"|fac(?:ed|ing|es)\s+off)\w*\b", re.I)
_ENGAGE_GAP = re.compile(r"\w+\s+(?:with\s+|against\s+|upon\s+|into\s+|off\s+with\s+)?"
                         r"(?:(?:the|an?|several|some|\d+)\s+)?", re.I)
#: Those present with the actor: "patrolled alongside Russian military police".
_ALONGSIDE = re.compile(r"\b(?:alongside|along with|together with|jointly with|accompanied by|escorted by"
                        r"|joint\s+(?:patrols?|operations?|deployments?|checkpoints?)\s+with"
                        r"|carrying|with\s+(?:the\s+|a\s+)?(?:head|commander|chief|leader|members?|officers?"
                        r"|delegation)\s+of)\s+(?:the\s+|some\s+|several\s+|\d+\s+)?$", re.I)
#: "cars carrying Russian military police entered": the carried are the subject.
_CARRIED = re.compile(r"(?:^\W*|\b(?:an?|the|\d+|two|three|several|some)\s+)(?:[\w-]+\s+){0,2}?"
                      r"(?:cars?|vehicles?|trucks?|buses|bus|convoys?|helicopters?|planes?|aircraft|boats?|ships?"
                      r"|armou?red\s+\w+)\s+(?:carrying|transporting|with)\s+(?:the\s+|some\s+"
                      r"|several\s+|\d+\s+)?$", re.I)
#: "a strong presence of Iranian-backed militias": the actor of an event noun.
_OF_ACTOR = re.compile(r"[\w-]+\s+of\s+(?:the\s+|some\s+|several\s+|\d[\d,]*\s+)?(?:[\w-]+\s+)?$", re.I)
#: "tents set up by Hezbollah", "surrounded last year by advancing Syrian forces": the agent
#: of a passive event, a time phrase or a participle between.
_BY_AGENT = re.compile(r"^\S+(?:\s+(?:up|in|out|back|down|off))?(?:\s+(?:last|this|earlier|later|in|on)"
                       r"\s+\w+|\s+(?:yesterday|today|overnight|again|too|also))?\s+by\s+(?:the\s+)?"
                       r"(?:[\w'-]+\s+){0,3}$", re.I)
#: An actor named as another's helper is not the subject: "forces, backed by Russian air power,".
HELPER = re.compile(r"\b(?:backed|supported|assisted|aided|helped|escorted|accompanied|joined"
                    r"|trained|armed|funded|sponsored|covered|protected)\s+by\s+(?:the\s+)?$"
                    r"|\bwith\s+the\s+(?:support|backing|help|assistance|cover)\s+of\s+(?:the\s+)?$"
                    r"|\b(?:in\s+coordination|in\s+cooperation|jointly|together)\s+with\s+(?:the\s+)?$"
                    r"|\b(?:backed|supported)\s+$", re.I)
_TARGET_OF = re.compile(r"(?:linked to|belonging to|affiliated with|run by|used by|held by)\s+(?:the\s+)?$",
                        re.I)
_TARGET_GAP = re.compile(r"\S+\s+(?:(?:the|an?|several|some|two|three|\d+)\s+)?")
_SEEING = re.compile(r"(?:see|saw|spotted|observed|sighted|watched)\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be)\s+(?:\w+ly\s+)?$", re.I)


@dataclass(frozen=True)
class Chosen:
    """The actors of an event: those placed, ground attackers placed too, and whether the
    placed ones are the targets of a strike (`hit`)."""

    actors: list[ActorMention]
    ground: list[ActorMention]
    hit: set[str]


def parsed_subject(ctx: DocContext, sent: Sentence, actors: list[ActorMention],
                   trigger_at: int) -> list[ActorMention]:
    """The actors inside the event's grammatical subject, when the sentence was parsed."""
    parse = ctx.parses.get(sent.start)
    if parse is None:
        return []
    spans = [(sent.start + a, sent.start + b) for a, b in subject_spans(parse, trigger_at - sent.start)]
    return [m for m in actors if any(a < m.end and m.start < b for a, b in spans)]


def subject_group(actors: list[ActorMention], trigger_at: int, text: str) -> list[ActorMention]:
    """The actor nearest before the predicate and those coordinated with it; else those after."""
    before = [a for a in actors if a.end <= trigger_at]
    if not before:
        return [a for a in actors if a.start >= trigger_at][:1]
    group = [before[-1]]
    for a in reversed(before[:-1]):
        gap = text[a.end: group[0].start]
        if not re.fullmatch(r"(?:'s)?\s*(?:,|and|or|-|/|as well as|together with|,\s*and)?\s*"
                            r"(?:the\s+|allied\s+|other\s+)*", gap):
            break
        group.insert(0, a)
    return group


def _first(actors: list[ActorMention], text: str) -> list[ActorMention]:
    return subject_group(actors, actors[-1].end, text)[:1] or actors[:1]


def _subject(ctx: DocContext, sent: Sentence, seg: Segment, seg_actors: list[ActorMention],
             trigger_at: int) -> list[ActorMention]:
    """The subject: a passive's agent, the carried, the parsed subject, else the nearest group."""
    text = ctx.cleaned.clean
    agent = [a for a in seg_actors if a.start > trigger_at and _BY_AGENT.match(text[trigger_at:a.start])]
    if agent:  # "tents set up by Hezbollah", "surrounded by Syrian forces"
        return agent[:1]
    carried = [a for a in seg_actors if a.end <= trigger_at
               and _CARRIED.search(text[max(seg.start, a.start - 60):a.start])]
    if carried:  # "cars carrying Russian military police entered the crossing"
        return carried[:1]
    subjects = [a for a in seg_actors if not HELPER.search(text[max(seg.start, a.start - 45):a.start])]
    parsed = parsed_subject(ctx, sent, seg_actors, trigger_at)
    if parsed:
        return parsed
    main = _main_clause_actors(text, seg, subjects or seg_actors, trigger_at)
    return subject_group(main, trigger_at, text) if main is not None else subject_group(
        subjects or seg_actors, trigger_at, text)


#: A fronted adverbial clause: "After the Israeli military left, ...", "Once X withdrew, ...".
_FRONTED = re.compile(r"\W*(?:after|when|once|as|since|before|following|until|although|though|because"
                      r"|as soon as|now that)\b[^,;]{3,160}?,\s+", re.I)
#: A main-clause subject that refers back to the fronted clause's actor: "..., they moved in".
_BACK = re.compile(r"(?:they|it|he|she|its|their|the\s+same)\b", re.I)


def _main_clause_actors(text: str, seg: Segment, actors: list[ActorMention],
                        trigger_at: int) -> list[ActorMention] | None:
    """The actors outside a fronted clause of the segment, when the event is in the main clause
    after it and its subject is no pronoun: "after the Israeli military left, troops took up
    positions" is not the Israeli military's. None when there is no such clause."""
    front = _FRONTED.match(text, seg.start, seg.end)
    if front is None or front.end() > trigger_at or _BACK.match(text, front.end()):
        return None
    inside = [a for a in actors if a.start < front.end()]
    return [a for a in actors if a not in inside] if inside else None


#: "X retreated 500 m, and Y's units by 1,500 m": a second subject whose verb is left out.
_GAP_BEFORE = re.compile(r",?\s+and\s+(?:the\s+)?[\"'\u201c]?$", re.I)
_GAP_AFTER = re.compile(r"^(?:[^,;]*?\b(?:by|to|about|some)\s+\d|[^,;]*?\b(?:too|as well|likewise)\b)")


def _gapped(text: str, seg: Segment, seg_actors: list[ActorMention],
            trigger_at: int) -> list[ActorMention]:
    """Actors of a gapped conjunct after the event ("..., and the militia's detachments by
    1,500 metres"): the same event, with no verb of their own."""
    out = []
    for a in seg_actors:
        if a.start <= trigger_at or not _GAP_BEFORE.search(text[max(seg.start, a.start - 12):a.start]):
            continue
        rest = text[a.end:seg.end]
        if _GAP_AFTER.match(rest) and not has_predicate(rest):
            out.append(a)
    return out


def choose_actors(ctx: DocContext, sent: Sentence, seg: Segment, seg_actors: list[ActorMention],
                  predicate: str | None, trigger_at: int, negated: bool) -> Chosen:
    """The actors a position claim of the event at `trigger_at` places (see the module doc)."""
    text = ctx.cleaned.clean
    chosen = _subject(ctx, sent, seg, seg_actors, trigger_at)
    active_seeing = predicate == "seen" and _SEEING.match(text, trigger_at) \
        and not _PASSIVE_BEFORE.search(text[max(seg.start, trigger_at - 30):trigger_at])
    seen_after = [a for a in seg_actors if a.start > trigger_at]
    nominal = [a for a in seen_after if _OF_ACTOR.fullmatch(text, trigger_at, a.start)]
    if nominal and not HELPER.search(text[max(seg.start, nominal[0].start - 45):nominal[0].start]):
        chosen = _first(nominal, text)  # "presence of X"
    if active_seeing and seen_after:  # "peacekeepers saw Iranian forces": the seen are the actor,
        # and the observers, within sight of them, are there too
        chosen = _first(seen_after, text) + [a for a in chosen if a.end <= trigger_at and not negated]
    ground: list[ActorMention] = []
    target = False
    if predicate == "struck":  # the actor at the struck place is the one hit, when named
        targets = [a for a in seg_actors if _TARGET_OF.search(text[max(seg.start, a.start - 25): a.start])
                   or (a.start > trigger_at and _TARGET_GAP.fullmatch(text, trigger_at, a.start))]
        ground = [a for a in chosen if _GROUND.search(a.text) and a not in targets]
        chosen, target = (targets, True) if targets else (chosen, False)
    if _ENGAGES.match(text, trigger_at):  # "surrounded a Turkish post", "clashed with ISIS"
        chosen = chosen + [a for a in seg_actors if a.start > trigger_at and a not in chosen
                           and _ENGAGE_GAP.fullmatch(text, trigger_at, a.start)][:1]
    chosen = chosen + [a for a in _gapped(text, seg, seg_actors, trigger_at) if a not in chosen]
    if predicate != "struck" and not target:  # "patrolling alongside Russian military police"
        chosen = chosen + [a for a in seg_actors if a not in chosen and _ALONGSIDE.search(
            text[max(seg.start, a.start - 30):a.start])]
    return Chosen(chosen, ground, {a.code for a in chosen} if target else set())


#: "we", "our troops": the speaker's side, inside a quotation.
_WE = re.compile(r"\b(?:we|our(?:\s+[\w-]+){1,2}?)\b", re.I)
_SPEAKER_REACH = 600  # characters from the speaker's name to the quoted words


def _inside_quote(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return text.count('"') % 2 == 1 or text.count("\u201c") > text.count("\u201d")


def first_person(ctx: DocContext, seg: Segment) -> list[ActorMention]:
    """The quoted speaker's actor as the subject "we" ("our forces") of a segment inside the
    quotation: 'Turkey's minister said: "We are there ..."' places Turkey. Empty when the
    segment is no quotation of a speaker the text names as an actor."""
    who = ctx.speaker
    if who is None or not 0 < seg.start - who.end < _SPEAKER_REACH:
        return []
    m = _WE.search(seg.text)
    if m is None or not _inside_quote(ctx.cleaned.clean[who.end:seg.start + m.start()]):
        return []
    return [ActorMention(seg.start + m.start(), seg.start + m.end(), m.group(0), who.code, "speaker")]
