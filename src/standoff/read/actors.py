"""Actor mentions: the pack's aliases first, then demonyms with a force noun, then spaCy NER."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from standoff.model import Actor, Pack
from standoff.read.clean import fold_chars, lower_same_length
from standoff.read.glosses import glossed
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
    extra = {"TUR": ("Türkiye", "Turkiye", "Ankara's forces"), "USA": ("U.S.", "US forces"),
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
    for m in idx.affiliated.finditer(text) if idx.affiliated is not None else ():
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
        for w in _world_actors(text):  # a longer name wins over a demonym inside it
            inside = [m for m in found if w.start <= m.start and m.end <= w.end and m.how == "demonym"]
            if not any(m.start < w.end and w.start < m.end for m in found if m not in inside):
                found = [m for m in found if m not in inside] + [w]
    found = _forces_of(text, found, idx.military)
    found += [ActorMention(s, e, text[s:e], code, "gloss")
              for s, e, code in glossed(text, sorted(found, key=lambda m: m.start))]
    return sorted(found, key=lambda m: m.start)


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
    from standoff.read.worldactors import iso3, scan_world

    out = [ActorMention(s, e, text[s:e], code, "world") for s, e, code in scan_world(text)]
    waiting: list[ActorMention] = []  # "Armenian and ...": a demonym that may share the force
    for s, e, cc in demonym_spans(text):
        code = iso3(cc) if cc else None
        if code is None or any(m.start < e and s < m.end for m in out):
            continue
        waiting = [w for w in waiting if _AND.fullmatch(text, w.end, s)]
        if force := _WORLD_FORCE.match(text, e):
            out += waiting + [ActorMention(s, force.end(), text[s:force.end()], code, "world")]
            waiting = []
        elif re.match(rf"\s+(?:[a-z][\w-]*\s+)?{_EVENT_NOUN}", text[e:e + 40]):
            out.append(ActorMention(s, e, text[s:e], code, "event"))
        else:
            waiting = [*waiting, ActorMention(s, e, text[s:e], code, "world")]
    return out


_AND = re.compile(r"\s*(?:,|and|or|/|-|,\s*and)\s*")


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
    for m in _NAMED_GROUP.finditer(text):  # "the Rijal al-Karamah factions": a group the pack lacks
        s = m.start() + (4 if m.group(0).startswith("The ") else 0)
        if not any(a.start < m.end() and s < a.end for a in found) and s < m.start("kind"):
            found.append(ActorMention(s, m.end(), text[s:m.end()], f"UNKNOWN:{text[s:m.end()]}", "ner"))
    found.sort(key=lambda m: m.start)
    return _anaphora(text, found)


_CAP = r"(?:(?:al|el|as|ad|ar)-)?[A-Z][\w'\u2019-]*"
#: A name followed by the word for an armed body: "the Rijal al-Karamah factions".
_NAMED_GROUP = re.compile(rf"(?<![\w-]){_CAP}(?:\s+{_CAP}|\s+(?:al|el)-[\w'-]+){{0,3}}\s+(?P<kind>factions?"
                          r"|brigades?|battalions?|militias?|movement|regiment)\b")


_HEADS = re.compile(r"(?<![\w'-])(?:(?P<own>its|their)\s+(?:own\s+)?(?:\w+\s+)?)?(?P<h>militias|militiamen"
                    r"|militia|fighters|troops|forces|soldiers|gunmen|rebels|advisers|officers"
                    r"|army\s+units|army|military|units|government|regime|contingent|detachments"
                    r"|peacekeepers)(?![\w-])", re.IGNORECASE)
#: Heads that name the same kind of body: "Israeli forces ... the troops", "the Lebanese army
#: ... army units".
_FORCE_HEADS = {"troops", "forces", "soldiers", "units", "army units", "army", "military",
                "contingent", "detachments", "peacekeepers"}
_NEAR_CHARS = 600  # how far back a bare "the troops" looks for the force it means


_OWNED = re.compile(r"['\u2019]s?\s+(?:[\w.-]+\s+){0,3}")


def _anaphora(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """A bare head noun ('militias') takes the code of the latest mention that ended with it."""
    out = list(found)
    for m in _HEADS.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in found) or (
                m.start() > 0 and text[m.start() - 1] == "-"):
            continue
        owner = [a for a in found if a.end <= m.start() and _OWNED.fullmatch(text[a.end:m.start()])]
        if owner:  # "UNDOF's 978 troops", "India's troops": the owner's, not the last ones named
            out.append(ActorMention(m.start(), m.end(), m.group(0), owner[-1].code, "anaphora"))
            continue
        if _NAMED.search(text, max(0, m.start() - 60), m.start()):
            continue  # "the Syrian army", "Iranian-backed militias": named, not anaphora
        if any(a.end <= m.start() and not text[a.end:m.start()].strip() for a in found):
            continue  # "Syrian army forces": the last word of the name before, not anaphora
        before = [a for a in found if a.end <= m.start() and a.how != "anaphora"]
        if m.group("own") and before:  # "the IDF said its troops": the last actor's own
            out.append(ActorMention(m.start(), m.end(), m.group(0), before[-1].code, "anaphora"))
            continue
        head = re.sub(r"\s+", " ", m.group("h").lower())
        if head in ("army", "military") and _THE.search(text, 0, m.start()):
            code = _bare_army(text, m.start(), head, before)
            if code is not None:  # "the army": which of the article's armies
                out.append(ActorMention(m.start(), m.end(), m.group(0), code, "anaphora"))
            continue
        earlier = [a for a in before if a.text.lower().split()[-1] == head and len(a.text.split()) > 1]
        if not earlier and head in _FORCE_HEADS:  # "Israeli forces ... the troops"
            earlier = [a for a in before if m.start() - a.end < _NEAR_CHARS
                       and _force_head(a.text) and not a.code.startswith("UNKNOWN:")]
            # "the Israeli army's withdrawal": an owner of an event is not what "troops" means
            earlier = [a for a in earlier if not _OWNED.match(text, a.end)] or earlier
        if earlier:
            out.append(ActorMention(m.start(), m.end(), m.group(0), earlier[-1].code, "anaphora"))
    return sorted(out, key=lambda a: a.start)


_THE = re.compile(r"(?<![\w-])the\s+$", re.IGNORECASE)
#: A side leaving: "the Israeli withdrawal", "Russian troops pulled out".
_LEAVING = re.compile(r"\W{0,3}(?:[\w'-]+\s+){0,2}?(?:withdr[ae]w\w*|pull(?:ed|ing|s)?[\s-]*(?:out|back)"
                      r"|pullback|retreat\w*|evacuat\w*|left|leav(?:e|es|ing))\b", re.IGNORECASE)


def _bare_army(text: str, at: int, head: str, before: list[ActorMention]) -> str | None:
    """The army a bare "the army" at `at` means, from the article's earlier mentions.

    The nearest named with the same head ("the Lebanese army"), else the nearest force, at
    any distance, except a side said to be leaving in the same sentence ("after the Israeli
    withdrawal, the army deployed in X" is the other army).
    """
    start = max(text.rfind("\n", 0, at), *(text.rfind(p, 0, at) for p in (". ", "? ", "! ")))
    leaving = [a.code for a in before if a.start > start and _LEAVING.match(text, a.end)]
    armies = [a for a in before if a.how != "event" and not a.code.startswith("UNKNOWN:")
              and _force_head(a.text)]
    armies.sort(key=lambda a: a.text.lower().split()[-1] == head)  # stable: recency within
    for a in reversed(armies):
        if not any(_related(a.code, c) for c in leaving):
            return a.code
    return armies[-1].code if armies else None


def _related(a: str, b: str) -> bool:
    """Whether two actor codes are the same or one is under the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


#: A capitalised word (not a sentence's opening "The") or a demonym right before the head: the
#: name of another body.
_NAMED = re.compile(r"(?:\b(?!(?:The|A|An|Its|Their|His|Her|This|That|These|Those)\s)[A-Z][\w'.-]*"
                    r"|\b[a-z]+-(?:backed|led|linked|allied|run))\s+$")


def _force_head(name: str) -> bool:
    """Whether an actor's name ends with a force noun or is an army ("Lebanese army")."""
    words = name.lower().split()
    return bool(words) and (words[-1] in _FORCE_HEADS or " ".join(words[-2:]) in _FORCE_HEADS
                            or words[-1] in ("idf", "command", "mission") and "peacekeeping" in words
                            or bool({"army", "forces", "military"} & set(words)))


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
