"""Actor mentions: the pack's aliases first, then demonyms with a force noun, then spaCy NER."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from standoff.model import Actor, Pack
from standoff.read.clean import fold_chars, lower_same_length
from standoff.read.glosses import glossed
from standoff.read.statepeoples import people_plural, with_states_peoples
from standoff.read.worldactors import world_military

__all__ = ["ActorMention", "alias_actors", "find_actors", "selectors"]

_FORCE = (r"(?:forces|force|troops|soldiers|officers|advisers|advisors|fighters|militiamen|"
          r"militias|militia|units|unit|personnel|army|military|commanders|operatives|"
          r"gunmen|battalions?|brigades?|divisions?|military police|patrols?|convoys?|targets|"
          r"positions|bases|facilities|sites|depots|weapons|tanks?|artillery|drones|jets|warplanes|"
          r"(?:observation\s+)?(?:out)?posts?|checkpoints?|"
          r"aircraft|helicopters|bulldozers|vehicles|missiles|rockets|air defen[cs]es|navy|"
          r"special forces|reservists|paratroopers|engineers)")
#: demonym -> country name, to find a pack actor named after the country
_DEMONYMS = {
    "iranian": "iran", "syrian": "syria", "israeli": "israel", "russian": "russia",
    "turkish": "turkey", "american": "united states", "u.s.": "united states", "us": "united states",
    "lebanese": "lebanon", "jordanian": "jordan", "iraqi": "iraq", "afghan": "afghanistan",
    "pakistani": "pakistan", "egyptian": "egypt", "saudi": "saudi arabia", "ukrainian": "ukraine",
    "chinese": "china", "french": "france", "british": "united kingdom", "german": "germany",
    "indian": "india", "yemeni": "yemen", "libyan": "libya", "sudanese": "sudan",
}
#: Nouns of military events whose demonym names the actor: "the Israeli incursion".
_EVENT_NOUN = (r"(?:incursions?|raids?|withdrawal|pull-?out|pullback|advances?|offensives?|operations?"
               r"|presence|deployments?|occupation|attacks?|assaults?|shelling|bombardments?|build-?up"
               r"|push|takeover|invasion)\b")
_FORCE_AFTER = re.compile(rf"\s+(?:[\w'-]+\s+){{0,2}}?{_FORCE}\b")
_ORG_FORCE = re.compile(r"\b(?:army|forces|brigade|division|militia|guard|corps|battalion|"
                        r"regiment|front|movement|police|hezbollah|hamas|group)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the clean text."""

    start: int
    end: int
    text: str
    code: str
    how: str  # "alias", "demonym", "event", "world", "gloss", "ner", "anaphora" or "speaker"


@dataclass(frozen=True)
class WorldActor:
    """An actor known without a pack: a state (ISO 3166 alpha-3) or an international force."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


def _states() -> list[WorldActor]:
    codes = {"iran": "IRN", "syria": "SYR", "israel": "ISR", "russia": "RUS", "turkey": "TUR",
             "united states": "USA", "lebanon": "LBN", "jordan": "JOR", "iraq": "IRQ",
             "afghanistan": "AFG", "pakistan": "PAK", "egypt": "EGY", "saudi arabia": "SAU",
             "ukraine": "UKR", "china": "CHN", "france": "FRA", "united kingdom": "GBR",
             "germany": "DEU", "india": "IND", "yemen": "YEM", "libya": "LBY", "sudan": "SDN"}
    extra = {"TUR": ("Türkiye", "Turkiye", "Ankara's forces"), "USA": ("U.S.", "US"),
             "GBR": ("Britain", "UK"), "RUS": ("Moscow's forces",)}
    return [WorldActor(code, name.title(), (name, *extra.get(code, ())))
            for name, code in codes.items()]


#: The actors `read` knows when the pack has none (reading with the world gazetteer alone).
WORLD_ACTORS: list[WorldActor] = [
    *_states(),
    WorldActor("ISR.IDF", "Israel Defense Forces", ("IDF", "Israel Defence Forces",
                                                    "Israeli army", "Israeli military")),
    WorldActor("UN", "United Nations", ("UN peacekeepers", "U.N. peacekeepers", "peacekeepers",
                                        "blue helmets")),
    WorldActor("UN.UNIFIL", "UNIFIL", ("UNIFIL", "United Nations Interim Force in Lebanon")),
    WorldActor("UN.UNDOF", "UNDOF", ("UNDOF", "UN Disengagement Observer Force")),
    WorldActor("OSCE.SMM", "OSCE Special Monitoring Mission", (
        "SMM", "OSCE SMM", "OSCE monitors", "Special Monitoring Mission", "OSCE observers")),
]


@dataclass
class _Index:
    pack: Pack
    exact: dict[str, str]
    pattern: re.Pattern[str] | None
    lower_pattern: re.Pattern[str] | None
    acronyms: re.Pattern[str] | None
    demonym: re.Pattern[str] | None
    by_country: dict[str, str]
    affiliated: re.Pattern[str] | None
    event: re.Pattern[str] | None = None
    military: dict[str, str] = field(default_factory=dict)  # state code -> its armed forces


_CACHE: dict[int, tuple[Pack, _Index]] = {}


def _index(pack: Pack) -> _Index:
    hit = _CACHE.get(id(pack))
    if hit is not None and hit[0] is pack:
        return hit[1]
    exact: dict[str, str] = {}
    acr: dict[str, str] = {}
    # without a pack: states, UN, OSCE
    actors: Sequence[Actor | WorldActor] = list(pack.actors.values()) or WORLD_ACTORS
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            alias = fold_chars(alias).strip()
            if alias.isupper() and len(alias) <= 6:
                acr.setdefault(alias, actor.code)
            else:
                exact.setdefault(alias.lower(), actor.code)
    by_country: dict[str, str] = {}
    for actor in sorted(actors, key=lambda a: a.code.count(".")):
        for alias in (actor.name, *actor.aliases):
            by_country.setdefault(fold_chars(alias).lower(), actor.code)

    def alt(names: list[str]) -> str:
        return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len,
                                                                               reverse=True))

    pattern = re.compile(rf"(?<![\w-])(?:{alt(list(exact))})(?![\w-])", re.IGNORECASE) \
        if exact else None
    # "Islamic State-affiliated militants": the name of the body they belong to, with the force
    affiliated = re.compile(rf"(?<![\w-])(?:{alt(list(exact) + list(acr))})(?=-(?:affiliated|linked|aligned"
                            rf"|allied|loyal)\s+(?:[\w'-]+\s+)?(?:{_FORCE}|militants|rebels|factions?|insurgents|jihadists"
                            rf"|groups?|cells?)\b)", re.IGNORECASE) \
        if exact or acr else None
    lower = re.compile(rf"(?<![\w-])(?:{alt(list(exact))})(?![\w-])") if exact else None
    acronyms = re.compile(rf"(?<![\w-])(?:{alt(list(acr))})(?![\w-])") if acr else None
    exact |= {k.lower(): v for k, v in acr.items()}
    dem = [d for d, country in _DEMONYMS.items() if country in by_country]
    names = alt([d.capitalize() for d in dem])
    demonym = re.compile(rf"(?<![\w-])(?:the\s+)?(?P<d>{names})(?:\s*(?:-|/|,|and|,\s*and)\s*"
                         rf"(?P<d2>{names})(?![\w]))?(?:s\b|(?:\s+[\w'-]+){{0,2}}?\s+{_FORCE}\b)") \
        if dem else None
    event = re.compile(rf"(?<![\w-])(?P<d>{names})\s+(?:[a-z][\w-]*\s+)?{_EVENT_NOUN}") if dem else None
    military = {a.code.split(".")[0]: a.code for a in actors for alias in a.aliases
                if alias == a.code.split(".")[0] + "MIL"}  # "LBNMIL": CAMEO's military role
    if not pack.actors:
        military |= world_military()
    idx = _Index(pack, exact, pattern, lower, acronyms, demonym, by_country, affiliated, event,
                 military)
    _CACHE[id(pack)] = (pack, idx)
    return idx


#: What every match of `_Index.affiliated` holds: one search of the text before the long one.
_AFFILIATED = re.compile(r"-(?:affiliated|linked|aligned|allied|loyal)\s", re.IGNORECASE)


def alias_actors(text: str, pack: Pack) -> list[ActorMention]:
    """Actor mentions from the pack's aliases and from demonyms with a force noun."""
    idx = _index(pack)
    found: list[ActorMention] = []

    def free(s: int, e: int) -> bool:
        return not any(m.start < e and s < m.end for m in found)

    low = lower_same_length(text)
    scans = [(idx.lower_pattern, low) if low is not None else (idx.pattern, text),
             (idx.acronyms, text)]
    for pattern, haystack in scans:
        if pattern is None:
            continue
        for m in pattern.finditer(haystack):
            s, e = m.span()
            key = re.sub(r"\s+", " ", text[s:e]).lower()
            if free(s, e):
                found.append(ActorMention(s, e, text[s:e], idx.exact[key], "alias"))
    for m in idx.affiliated.finditer(text) if idx.affiliated is not None and _AFFILIATED.search(text) else ():
        key = re.sub(r"\s+", " ", m.group(0))
        code = idx.exact.get(key.lower()) or idx.exact.get(key)
        if code is not None and free(m.start(), m.end()):
            found.append(ActorMention(m.start(), m.end(), m.group(0), code, "alias"))
    for m in idx.event.finditer(text) if idx.event is not None else ():
        # "the Israeli incursion into X": the demonym of a nominal event is its actor
        if free(m.start("d"), m.end("d")) and not _FORCE_AFTER.match(text, m.end("d")):
            code = idx.by_country[_DEMONYMS[m.group("d").lower()]]
            found.append(ActorMention(m.start("d"), m.end("d"), m.group("d"), code, "event"))
    if idx.demonym is not None:
        for m in idx.demonym.finditer(text):
            if not free(m.start(), m.end()):
                continue
            code = idx.by_country[_DEMONYMS[m.group("d").lower()]]
            if m.group("d2"):  # "Turkish and Russian troops", "joint Turkish-Russian patrols": both
                s2 = m.start("d2")
                code2 = idx.by_country[_DEMONYMS[m.group("d2").lower()]]
                found.append(ActorMention(m.start(), m.end("d"), text[m.start():m.end("d")], code,
                                          "demonym"))
                found.append(ActorMention(s2, m.end("d2"), text[s2:m.end("d2")], code2, "demonym"))
            else:
                found.append(ActorMention(m.start(), m.end(), m.group(0), code, "demonym"))
    if not pack.actors:  # without a pack: every state, named forces, missions
        world = _world_actors(text)
        national = not _names_un(text, found + world)  # "Russian peacekeepers" in Karabakh: Russia's
        for w in world:  # a longer name wins over a demonym inside it
            inside = [m for m in found if w.start - 4 <= m.start and m.end <= w.end and m.how == "demonym"
                      and m.end > w.start  # "the Lebanese army": the world's name of the service
                      or m.how == "alias" and w.start <= m.start and m.end <= w.end
                      and m.end - m.start < w.end - w.start  # "Sudan" in "South Sudan"
                      and (national or m.code != "UN" or m.text.lower() not in _BARE_PEACEKEEPERS)]
            if not any(m.start < w.end and w.start < m.end for m in found if m not in inside):
                found = [m for m in found if m not in inside] + [w]
    found = _forces_of(text, found, idx.military)
    found += [ActorMention(s, e, text[s:e], code, "gloss")
              for s, e, code in glossed(text, sorted(found, key=lambda m: m.start))]
    return sorted(found, key=lambda m: m.start)


#: Words that name peacekeepers without saying whose: the UN's unless a state's demonym comes first
#: in a text that names no UN body.
_BARE_PEACEKEEPERS = {"peacekeepers", "peacekeeper", "blue helmets"}
_UN_WORDS = re.compile(r"\b(?:UN|U\.N\.|United Nations)\b")


def _names_un(text: str, mentions: list[ActorMention]) -> bool:
    """Whether a text names the UN or one of its missions, other than by 'peacekeepers' alone."""
    return _UN_WORDS.search(text) is not None or any(
        m.code.split(".")[0] == "UN" and m.text.lower() not in _BARE_PEACEKEEPERS for m in mentions)


_FORCES_OF = re.compile(r"(?<![\w-])(?:armed\s+forces|army|military|troops|forces"
                        r"|soldiers)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _forces_of(text: str, found: list[ActorMention], military: dict[str, str]) -> list[ActorMention]:
    """"the armed forces of the Russian Federation": the state's armed forces (its actor with
    the CAMEO code CODEMIL as an alias, else the state), spanning the whole phrase."""
    out = []
    for m in found:
        head = _FORCES_OF.search(text, max(0, m.start - 40), m.start) if "." not in m.code else None
        if head is None:
            out.append(m)
            continue
        s = head.start()
        out.append(ActorMention(s, m.end, text[s:m.end], military.get(m.code, m.code), m.how))
    return out


_WORLD_FORCE = re.compile(rf"\s+(?:(?!and\b|or\b)[a-z][\w'-]*\s+){{0,2}}?(?:{_FORCE}|peacekeepers"
                          r"|contingents?|peacekeeping\s+(?:mission|contingent|detachments?))\b")


def _world_actors(text: str) -> list[ActorMention]:
    """World actors by name (`worldactors`), and a state's demonym before a force noun or a
    military event ("Armenian forces", "the Azerbaijani offensive")."""
    from standoff.read.toponyms import demonym_spans
    from standoff.read.worldactors import branch, iso3, scan_world

    out = []
    for s, e, name_code in scan_world(text):  # "Eritrea's army": the state's service
        served = branch(text, e, name_code, True) if name_code.isalpha() else None
        e, name_code = served or (e, name_code)
        out.append(ActorMention(s, e, text[s:e], name_code, "world"))
    waiting: list[ActorMention] = []  # "Armenian and ...": a demonym that may share the force
    for s, e, cc in with_states_peoples(text, demonym_spans(text)):
        code = iso3(cc) if cc else None
        if code is None or any(m.start < e and s < m.end for m in out):
            continue
        waiting = [w for w in waiting if _AND.fullmatch(text, w.end, s)]
        word = text[s:e]
        if word.endswith("s") and not word.endswith("ss"):  # "the Moroccans", "Armenians"
            armed = any(m.code.split(".")[0] == code and ("." in m.code or _ENDS_FORCE.search(m.text))
                        for m in out)  # the state's forces named before
            if people_plural(text, s, e, armed):
                out.append(ActorMention(s, e, word, code, "world"))
            continue
        if served := branch(text, e, code, False):  # "the Yemeni coast guard": YEM.CG
            out += waiting + [ActorMention(s, served[0], text[s:served[0]], served[1], "world")]
            waiting = []
        elif force := _WORLD_FORCE.match(text, e):
            out += waiting + [ActorMention(s, force.end(), text[s:force.end()], code, "world")]
            waiting = []
        elif re.match(rf"\s+(?:[a-z][\w-]*\s+)?{_EVENT_NOUN}", text[e:e + 40]):
            out.append(ActorMention(s, e, text[s:e], code, "event"))
        else:
            waiting = [*waiting, ActorMention(s, e, text[s:e], code, "world")]
    return out


_AND = re.compile(r"\s*(?:,|and|or|/|-|,\s*and)\s*")
_ENDS_FORCE = re.compile(rf"\s{_FORCE}$")


def find_actors(text: str, pack: Pack, ents: Sequence[tuple[int, int, str]] = (),
                known: list[ActorMention] | None = None) -> list[ActorMention]:
    """Actor mentions in `text` (clean offsets), without overlaps, in text order.

    `known` are the `alias_actors` of the same text, when already found.
    """
    found = list(alias_actors(text, pack) if known is None else known)
    for s, e, label in ents:
        if label == "ORG" and _ORG_FORCE.search(text[s:e]) and not any(
                m.start < e and s < m.end for m in found):
            # "the Syrian army's 1st Division": a unit of the owner named before it
            owner = [m for m in found if m.end <= s and re.fullmatch(r"['\u2019]s\s+(?:the\s+)?",
                                                                      text[m.end:s])]
            code = owner[-1].code if owner else f"UNKNOWN:{text[s:e]}"
            found.append(ActorMention(s, e, text[s:e], code, "ner"))
    from standoff.read.groups import named_groups  # it builds on this module's mentions

    found = named_groups(text, found, functools.partial(_exact, pack))  # groups no list knows
    found.sort(key=lambda m: m.start)
    from standoff.read.anaphora import anaphora  # it builds on this module's mentions

    found = anaphora(text, found)
    return found if pack.actors else _one_mission(found)


def _one_mission(found: list[ActorMention]) -> list[ActorMention]:
    """Without a pack, "peacekeepers", "UN troops" or "EU monitors" in a text that names one
    mission of that body (UNFICYP, EUMA) are that mission's."""
    out = found
    for body in ("UN", "EU"):
        missions = {m.code for m in found if m.code.startswith(body + ".")}
        if len(missions) == 1:
            mission = missions.pop()
            out = [dataclasses.replace(m, code=mission) if m.code == body else m for m in out]
    return out


def _exact(pack: Pack, name: str) -> str | None:
    """The code of an actor named exactly `name` (the pack's, else without one the world's)."""
    from standoff.read.worldactors import world_names

    key = fold_chars(name).lower()
    return _index(pack).exact.get(key) or (None if pack.actors else world_names().names.get(
        key.replace("\u2019", "'")))


def selectors(codes: list[str], pack: Pack) -> list[str]:
    """Minimal actor selectors covering `codes`: a code with children becomes 'CODE*'."""
    known = [c for c in dict.fromkeys(codes) if c in pack.actors]
    out: list[str] = []
    for code in known:
        if any(code != other and code.startswith(other + ".") for other in known):
            continue
        has_children = any(a.startswith(code + ".") for a in pack.actors)
        out.append(code + "*" if has_children else code)
    return out
