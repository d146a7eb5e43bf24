"""Monitors' sightings and control wording: who owns what the monitors saw.

"In government-held A the monitors saw a T-64 tank": the monitors are the source of the claim,
not its actor; the tank's owner is, and a report often names the owner only by who holds the
place: "government-held", "(held by the 'LPR', ...)", "in areas not controlled by the
government", "rebel-held", "under the control of X". The pack declares which actor holds
'government' places and which the other side's (`Pack.control`, by region where the other side
is several); a named holder is looked up among the actors. Without a declaration the side stays
text (`UNKNOWN:government-held`). A sighting of nothing ownable (explosions, a crater) keeps the
monitors' own position, as does a patrol's own movement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from standoff.model import Pack, matches_any
from standoff.read.actors import ActorMention, alias_actors
from standoff.read.counts import find_equipment
from standoff.read.geoparse import Located

__all__ = ["Sighting", "describes_holder", "holders", "is_monitor", "sighting"]

#: Monitors when the pack declares none: the UN's missions, the OSCE's, the EU's and the MFO.
DEFAULT_MONITORS = ["UN*", "OSCE*", "EU*", "MFO*"]
#: Verbs of a sighting: "saw", "observed", "spotted", "recorded", "aerial imagery showed".
_SIGHT = re.compile(r"\b(?:saw|seen|sees|see|observed|observes|observing|spotted|spots|sighted|recorded"
                    r"|records|noted|notes|documented|counted|found|finds|find|filmed|photographed|showed|shows"
                    r"|revealed|detected|came upon|come upon|came across|encountered|encounters|ran into"
                    r"|met|stumbled upon)\b", re.I)
#: Sightings that put the seer where the seen are: "the patrol came upon a convoy near X".
_ENCOUNTER = re.compile(r"(?:came|come|ran|stumbled)\s|encounter|met\b", re.I)
#: Monitors moving on the ground, where they see: "a UNIFIL patrol", "an OSCE team" ("peacekeepers"
#: may watch from a post far off).
_ON_GROUND = re.compile(r"[\w\s-]{0,20}?\b(?:patrols?|teams?|convoys?)\b", re.I)
#: Presence said of equipment with no actor and no verb of seeing, in a report's sentence.
_THERE = re.compile(r"\b(?:(?:was|were)\s+(?:on|in|at|parked|stationed|positioned|deployed|moving|heading"
                    r"|travelling|traveling|driving)|heading|moving|parked|stationed)\b", re.I)
#: What has an owner: weapons, vehicles of war, troops.
_OWNABLE = re.compile(r"\b(?:(?:BMP|BTR|BMD|BRDM|MT-LB|T|ZU|2S|9K|9P)-?\d+\w*|infantry fighting vehicles?"
                      r"|armou?red (?:personnel carriers?|vehicles?|trucks?|combat vehicles?)|APCs?|IFVs?"
                      r"|anti-(?:tank|aircraft) (?:guns?|(?:guided )?missile(?:s|\s+systems?)?|systems?)|MLRS"
                      r"|multiple[- ]launch rocket systems?|Grads?|military trucks?|troops|soldiers"
                      r"|servicemen|armed men|fighters|militants|personnel|combatants|military vehicles?"
                      r"|bulldozers?|excavators?|diggers?|tanks?|howitzers?|mortars?|convoys?"
                      r"|(?:armou?red|military)\s+columns?|patrols?)\b",
                      re.I)
#: "artillery fire", "tank shelling": an event heard or seen, not equipment.
_EVENT_AFTER = re.compile(r"\s+(?:fire|shelling|strikes?|rounds?|shells?|attacks?|explosions?|impacts?)\b",
                          re.I)
_GOV = r"(?:government|govt|regime)"
_OTHER = r"(?:rebels?|opposition|separatists?|insurgents?|militants?|armed groups?)"
_HOLD = r"(?:held|controlled|occupied|run)"
_Q = "[\"'\u2018\u2019\u201c\u201d]"
#: Who holds a place, as written: "government-held", "'DPR'-controlled", "held by the 'LPR'",
#: "under the control of X", "in areas not controlled by the government", "outside government
#: control", "non-government-controlled".
_WORDING = re.compile(
    rf"(?i:(?P<neg>\bnon-{_GOV}(?:-{_HOLD})?"
    rf"|\b(?:not|no\s+longer)\s+{_HOLD}\s+by\s+(?:the\s+)?{_GOV}"
    rf"|\b(?:outside|beyond)\s+(?:of\s+)?(?:the\s+)?{_GOV}(?:['\u2019]s)?\s+control)"
    rf"|(?P<gov>\b{_GOV}-{_HOLD}|\b{_HOLD}\s+by\s+(?:the\s+)?{_GOV}\b|\bunder\s+{_GOV}\s+control))"
    rf"|(?P<named>{_Q}?\b[\w.]+{_Q}?-{_HOLD}"
    rf"|\b{_HOLD}\s+by\s+(?:the\s+)?{_Q}?[\w.]+(?:\s+[A-Z][\w.]*)*{_Q}?"
    rf"|\bunder\s+(?:the\s+)?control\s+of\s+(?:the\s+)?{_Q}?[\w.]+(?:\s+[A-Z][\w.]*)*{_Q}?"
    rf"|\bunder\s+{_Q}?[\w.]+(?:\s+[\w.]+)?{_Q}?\s+control)")
_HOLDER_NAME = re.compile(rf"{_Q}?(?P<who>[\w.]+(?:\s+[A-Z][\w.]*)*){_Q}?(?:-{_HOLD}|\s+control)?$"
                          rf"|^{_Q}?(?P<pre>[\w.]+){_Q}?-{_HOLD}")


#: "an Israeli bulldozer", "two Syrian army tanks": the owner as an adjective of what was seen.
_OWNER_ADJ = re.compile(r"\b(?P<d>[A-Z][a-z]+(?:ian|ish|i|ese|an))\s+(?:[\w-]+\s+){0,2}?"
                        + _OWNABLE.pattern.removeprefix(r"\b"))


_DESCRIBES = re.compile(r"[\"\u201d')]*\s*-\s*(?:controlled|held|run|occupied)\b", re.I)
_UNDER = re.compile(r"\bunder\s+[^,.;]{0,40}$", re.I)
_CONTROL = re.compile(r"[^,.;]{0,30}?\b(?:control|rule|occupation)\b", re.I)


def describes_holder(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] says who holds a place ("DPR-controlled Telmanove",
    "a town under "DPR" control") rather than naming an actor of the sentence."""
    return bool(_DESCRIBES.match(text, end)
                or (_UNDER.search(text[max(0, start - 50):start]) and _CONTROL.match(text, end)))


def _demonym_code(demonym: str, pack: Pack) -> str | None:
    for noun in ("forces", "army", "troops", "military"):
        name = f"{demonym} {noun}"
        found = [a for a in alias_actors(name, pack) if a.start == 0 and a.end == len(name)]
        if found:
            return found[0].code
    return None


def is_monitor(code: str, pack: Pack) -> bool:
    """Whether an actor is a monitoring mission, whose sightings are sources."""
    return matches_any(pack.control.monitors or DEFAULT_MONITORS, code)


def _other_side(pack: Pack, admin: str | None) -> str | None:
    by = pack.control.other_side_by_admin
    return by.get(admin or "", pack.control.other_side)


def _named_code(who: str, pack: Pack) -> str | None:
    """The actor a holder's name names: an alias ('DPR', 'rebels'), its plural ('rebel')."""
    for name in (who, who + "s"):
        found = [a for a in alias_actors(name, pack) if a.start == 0 and a.end == len(name)]
        if found:
            return found[0].code
    if re.fullmatch(_OTHER, who, re.I):
        return pack.control.other_side
    return None


def _holder_code(m: re.Match[str], pack: Pack, admin: str | None) -> str:
    words = m.group(0)
    if m.group("neg"):
        return _other_side(pack, admin) or f"UNKNOWN:{words}"
    if m.group("gov"):
        return pack.control.government or f"UNKNOWN:{words}"
    inner = re.sub(rf"^(?:{_HOLD}\s+by|under(?:\s+the)?\s+control\s+of|under)\s+(?:the\s+)?", "", words)
    inner = re.sub(rf"(?:-{_HOLD}|\s+control)$", "", inner).strip("\"'\u2018\u2019\u201c\u201d ")
    if re.fullmatch(_GOV, inner, re.I):
        return pack.control.government or f"UNKNOWN:{words}"
    code = _named_code(inner, pack)
    if code is not None and re.fullmatch(_OTHER, inner, re.I) and pack.control.other_side:
        return _other_side(pack, admin) or code
    return code or f"UNKNOWN:{words}"


def holders(text: str, start: int, end: int, pack: Pack, admin: str | None = None) -> list[ActorMention]:
    """The holders the clean text [start, end) names by control wording, as actor mentions."""
    out: list[ActorMention] = []
    for m in _WORDING.finditer(text, start, end):
        if m.group("named") and re.match(rf"{_Q}?(?:war|self|state|well|long|privately|family)\b",
                                         m.group(0), re.I):
            continue  # "war-torn", "privately held": no holder
        out.append(ActorMention(m.start(), m.end(), m.group(0), _holder_code(m, pack, admin), "control"))
    return out


@dataclass(frozen=True)
class Sighting:
    """A monitors' sighting: the actors it places (owners) and who saw (the source)."""

    actors: list[ActorMention]
    source: str
    verb_at: int = 0  # where the verb of seeing starts (clean offset)


def _admin(places: list[Located], pack: Pack) -> str | None:
    by_id = {p.id: p.admin for p in pack.places}
    for _, _, m in places:
        if m.gazetteer_id in by_id and by_id[m.gazetteer_id]:
            return by_id[m.gazetteer_id]
    return None


def sighting(text: str, seg_start: int, seg_end: int, sent_start: int, sent_end: int,
             seg_actors: list[ActorMention], places: list[Located], pack: Pack,
             ref_places: list[Located] = ()) -> Sighting | None:  # type: ignore[assignment]
    """The owners of what monitors (or a sentence with no actor) saw in a segment, when it
    saw something ownable; None when the segment is no such sighting. `ref_places` are the
    places distances were stated from (their region names the other side)."""
    monitors = [a for a in seg_actors if is_monitor(a.code, pack)]
    others = [a for a in seg_actors if a not in monitors]
    if others and not monitors:
        return None
    after = monitors[0].end if monitors else seg_start
    verb = _SIGHT.search(text, after, seg_end)
    if verb is None and not seg_actors:  # "in A (government-held) two tanks were heading west"
        verb = _THERE.search(text, seg_start, seg_end)
    if verb is None:
        return None
    # what the monitors saw follows their verb; with no monitor named, a passive's subject
    # ("two tanks were seen in A") comes before it
    first = verb.end() if monitors else seg_start
    seen = text[first:seg_end]
    gear = [g for g in find_equipment(seen, first) if not _EVENT_AFTER.match(text, g[1])]
    own = next((o for o in _OWNABLE.finditer(seen) if not _EVENT_AFTER.match(seen, o.end())), None)
    if not gear and own is None:
        return None  # "the SMM saw 18 explosions": the monitors' own position
    named = [a for a in others if a.start >= verb.end()]
    if named:  # "the SMM saw Ukrainian Armed Forces tanks"
        return Sighting(named + _placed(monitors, verb, places, text), _source(monitors, pack), verb.start())
    owner = _OWNER_ADJ.search(seen)
    code = _demonym_code(owner.group("d"), pack) if owner is not None else None
    if owner is not None and code is not None:  # "an Israeli bulldozer": the demonym's forces
        at = first + owner.start("d")
        return Sighting([ActorMention(at, first + owner.end(), text[at:first + owner.end()], code,
                                      "demonym")] + _placed(monitors, verb, places, text),
                        _source(monitors, pack), verb.start())
    admin = _admin([*places, *ref_places], pack)
    found = (holders(text, seg_start, seg_end, pack, admin)
             or holders(text, sent_start, sent_end, pack, admin)
             or _paragraph_holder(text, sent_start, pack, admin))  # "In areas not held by ...: ..."
    if not found:
        if not monitors:
            return None
        # the first thing seen, in its longest wording ("anti-tank guided missile systems")
        spans = sorted([(a, b) for a, b, _ in gear] + ([(first + own.start(), first + own.end())]
                                                       if own is not None else []),
                       key=lambda p: (p[0], -p[1]))
        at = spans[0][0]
        stop = max(b for a, b in spans if a < spans[0][1])
        found = [ActorMention(at, stop, text[at:stop], f"UNKNOWN:{text[at:stop]}", "control")]
    return Sighting(found[:1] + _placed(monitors, verb, places, text), _source(monitors, pack), verb.start())


def _paragraph_holder(text: str, sent_start: int, pack: Pack, admin: str | None) -> list[ActorMention]:
    """The holder the paragraph named before the sentence ("In areas not controlled by the
    government, the SMM saw ... . Near A it saw two tanks"), when it named one side only."""
    para = text.rfind("\n", 0, sent_start) + 1
    found = holders(text, para, sent_start, pack, admin) if para < sent_start else []
    return found[-1:] if len({m.code for m in found}) == 1 else []


def _placed(monitors: list[ActorMention], verb: re.Match[str], places: list[Located],
            text: str = "") -> list[ActorMention]:
    """The monitors, when the sentence puts them where they saw: a place between them and their
    verb of seeing ("peacekeepers at a position near A saw"), an encounter ("the patrol came
    upon a convoy near A"), or monitors named as a patrol or team on the ground ("a UNIFIL patrol
    saw tanks at A"; "the SMM observed", perhaps by camera or drone, places no one)."""
    if not monitors:
        return []
    m = monitors[0]
    if any(m.end <= s < verb.start() for s, _, _ in places) or _ENCOUNTER.match(verb.group(0)):
        return monitors[:1]
    if _ON_GROUND.match(m.text) or _ON_GROUND.match(text, m.end, verb.start()):
        return monitors[:1]
    return []


def _source(monitors: list[ActorMention], pack: Pack) -> str:
    if not monitors:
        return ""
    m = monitors[0]
    actor = pack.actors.get(m.code)
    name = actor.name if actor is not None else m.code
    return m.text if name.lower() in m.text.lower() else f"{m.text} ({name})"
