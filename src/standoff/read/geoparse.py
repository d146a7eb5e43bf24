"""Geoparsing without a server: find place names, resolve them, give each an uncertainty.

The pack's places and line aliases come first (when there is a pack); the world gazetteer
(see `gazetteer`) covers the rest: abbreviations such as 'U.S.' case-sensitively, then
capitalised runs, longest match first (`namescan` lists these candidates). A world name is
taken as a place when spaCy's NER calls it one, when it is a country or state, or when a
locative word precedes it; common words, demonyms and people's names need more (see
`toponyms`). Names the gazetteer lacks are tried as transliterations (`GeoNames.fuzzy`) when
NER or a locative word says they are places.
Candidates sharing a name are ranked by `resolve.resolve`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from standoff.model import Pack
from standoff.read.clean import Cleaned
from standoff.read.compass import LOWER_COMPASS
from standoff.read.focus import article_countries
from standoff.read.gazetteer import Entry, fold_name, geonames, name_keys
from standoff.read.gazzones import gate_hits, is_zone
from standoff.read.namescan import PARTY, Scan, scan
from standoff.read.packnames import PackGazetteer, mention, pack_gazetteer, world_pack
from standoff.read.parts import name_parts
from standoff.read.peoples import find_peoples
from standoff.read.qualified import mid_sentence, qualified_area
from standoff.read.records import PlaceMention
from standoff.read.resolve import Hit, kind_words, resolve
from standoff.read.toponyms import (
    PERSON,
    STOP,
    demonym_countries,
    is_common,
    is_demonym,
    kin_prefix,
)
from standoff.read.within import place_within, said_within

__all__ = ["Ent", "Located", "PackGazetteer", "find_peoples", "find_places", "needs_ner",
           "pack_gazetteer", "scan", "world_pack"]

Ent = tuple[int, int, str]  # clean start, clean end, spaCy label
Located = tuple[int, int, PlaceMention]  # clean start, clean end, mention

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW",
                     "PRODUCT", "MONEY", "CARDINAL", "QUANTITY", "ORDINAL", "PERCENT", "LANGUAGE"}
_CUE = re.compile(
    r"(?:\b(?:in|near|at|from|into|inside|within|outside|around|towards?|across|along|over|via|through|between"
    r"|north|south|east|west|of|to|and|reached|entered|hit|struck|shelled|captured|besieged|toured|passing"
    r"|patrolled|seized|stormed|raided|visited"
    r"|patrols?|patrolling|recaptured|retook|retaken|regained|surrounded|encircled|bombed|bombarded"
    r"|pounded|attacked|targeted|controls?|controlled|occupie[ds]|occupy|secured|guard(?:ed|ing|s)?"
    r"|overran|overrun|liberated|invaded|(?:advanced|advancing|converged|converging|marched|closing in)\s+on"
    r"|(?:strikes?|attacks?|raids?)\s+on|entering|reaching|capturing|seizing|storming|raiding|shelling"
    r"|bombing|attacking|surrounding|encircling|besieging|recapturing|retaking|occupying|securing"
    r"|village|town|city|province|governorate|district|region|area)"
    r"(?:\s+(?:the|northern|southern|eastern|western|central|rural|downtown|occupied|nearby"
    r"|eastern|town of|city of|village of|outskirts of))*\s+)$", re.IGNORECASE)
#: "Kidal was retaken by ...": the subject of a passive event of taking or striking is a place.
_PASSIVE_AFTER = re.compile(r"\s+(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being)\s+(?:\w+ly\s+)?"
                            r"(?:captured|seized|retaken|recaptured|shelled|stormed|overrun|encircled|besieged"
                            r"|surrounded|bombed|bombarded|raided|invaded|liberated)\s+by\b", re.IGNORECASE)
_STRONG_CUE = re.compile(
    r"\b(?:in|near|at|into|inside|within|outside|around|towards?|village of|town of|city of|outskirts of"
    r"|province of|(?:km|kilometres|kilometers|miles)(?: (?:away )?(?:from|of)| (?:(?:north|south)"
    r"(?:-?(?:east|west))?|east|west)(?:ern)? of)|(?:(?:north|south)(?:-?(?:east|west))?|east|west) of)"
    r"\s+(?:the\s+)?(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+)?$", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(
    r" (?:man|woman|men|women|boy|girl|teen|teenager|resident|residents|native|couple|family"
    r"|police|officers?|officials?|firefighters?|council|students?|driver|motorist|voters?"
    r"|area|neighborhood|neighbourhood|suburb|community|communities)\b")
_SEP_BEFORE = re.compile(r"(?:, | and | or |, and |, or )$")
_SEP_AFTER = re.compile(r", and |, or |, | and | or ")
_CAP_WORD = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")
#: A dateline: the name in capitals opening a line, then a dash ('CROMWELL - The town...').
_DATELINE_AFTER = re.compile(r'\s*(?:-{1,2}|")\s')
_DATELINE_BEFORE = re.compile(r'(?:^|\n|[.!?"]\s{1,2})$')
_PLACE_SUFFIX = {"airport", "air", "base", "airbase", "province", "governorate", "district",
                 "heights", "crossing", "camp", "city", "river", "valley", "region", "plain",
                 "county", "parish", "state", "pass", "gorge", "ridge"}
_BIG_KINDS = {"country", "continent", "state", "feature"}
_AREA_WORDS = {"province", "region", "state"}  # 'Balkh province' is an area even where NER says a person
_CITY_PRIOR = 5.0  # a city of 100,000 people
_ALT_MIN_POP = 10_000  # a name that is only an alternate, without a locative word: towns only
_FUZZY_MIN_POP = 5_000  # loose transliteration matches: towns, not hamlets
#: Words that make a place's name the name of its public body ("Gainesville Police").
_INSTITUTION = re.compile(
    r" (?:City |County |Town |State |Regional |Area |Public |Municipal |Metropolitan )?(?:Police"
    r"|Sheriff|Fire|Department|Council|Commission|Board|School|Schools|University|College"
    r"|Hospital|Library|Chamber|Court|Airport|Port|Transit|Water|Health|Utilities|Government"
    r"|Assembly|Legislature|Senate|Parliament|Ministry|Authority|Agency|Office|Zoo|Museum"
    r"|Mayor|Administration)\b")


def _label_at(ents: Sequence[Ent], start: int, end: int) -> str | None:
    for s, e, label in ents:
        if s < end and start < e:
            return label
    return None


def _explained(hit: Hit, text: str) -> bool:
    """Whether a gazetteer candidate is a place without asking NER."""
    key = fold_name(hit.text)
    if " " not in key and (is_common(key) or is_demonym(key)):
        return False
    return (any(c.kind in _BIG_KINDS for c in hit.candidates) and hit.whole) or _cued(text, hit.start,
                                                                                       hit.end)


def _cued(text: str, start: int, end: int) -> bool:
    """Whether a locative or event word stands before `start`, or a passive event by an agent
    after `end` ("Kidal was retaken by")."""
    return bool(_CUE.search(text[max(0, start - 40):start])) or _PASSIVE_AFTER.match(text, end) is not None


def needs_ner(text: str, start: int, end: int, found: Scan,
              known: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence has a capitalised word that neither gazetteer nor actor list explains."""
    spans = [(h.start, h.end) for h in found.pack_hits if start <= h.start < end]
    spans += [(a, b) for a, b in known if start <= a < end]
    spans += [(h.start, h.end) for h in found.candidates
              if start <= h.start < end and _explained(h, text)]
    for m in PERSON.finditer(text, start, end):  # "Prime Minister X Y", "X Y said"
        group = "name" if m.group("name") else "speaker"
        spans.append((m.start(group), m.end(group)))
    for m in _CAP_WORD.finditer(text, start, end):
        a, b = m.start(), m.end()
        word = m.group(0).lower().removesuffix("'s")
        if word in STOP or is_demonym(word) or any(s <= a < e for s, e in spans):
            continue
        if a == start and text[b:b + 2].strip()[:1].islower() and not geonames().has(word):
            continue  # an ordinary word opening the sentence
        return True
    return False


def _entity_at(ents: Sequence[Ent], start: int, end: int) -> Ent | None:
    for ent in ents:
        if ent[0] < end and start < ent[1]:
            return ent
    return None


def _accept(text: str, hit: Hit, ents: Sequence[Ent], ner_ranges: Sequence[tuple[int, int]],
            lower_words: set[str]) -> bool:
    """Whether a world-gazetteer match is a place here (see the module's docstring)."""
    s, e = hit.start, hit.end
    key = fold_name(hit.text)
    single = " " not in key
    if (single and is_demonym(key)) or (kin_prefix(text, s) and not hit.whole):
        return False
    ent = _entity_at(ents, s, e)
    label = ent[2] if ent else None
    strong = strong_cue_before(text, s) or text.startswith("-based", e)  # 'a Sligo-based group'
    if hit.whole and label != "PERSON" and any(is_zone(c.kind, c.name) for c in hit.candidates):
        return True  # 'the DMZ', 'the Line of Control': curated names, whatever NER calls them
    common = single and (is_common(key) or key in lower_words)
    own = any(name_keys(c.name) & name_keys(hit.text) for c in hit.candidates)
    cue = strong or _cued(text, s, e)
    best = max(hit.candidates, key=Entry.prior)
    big_own = any(c.kind in _BIG_KINDS and name_keys(c.name) & name_keys(hit.text) for c in hit.candidates)
    kinds = kind_words(text, s, e)
    if own and (label != "PERSON" and (_dateline(text, hit) or _county(hit)
                                       or any(c.kind in kinds for c in hit.candidates))
                or label in ("ORG", "FAC") and (big_own or _of_city(text, hit, ent))
                or label == "PERSON" and ent[0] >= s and ent[1] <= e  # type: ignore[index]
                and any(c.kind in kinds & _AREA_WORDS for c in hit.candidates)):
        return True  # 'CROMWELL - ', 'Punjab province', 'Laurel County Clerk', 'University of Pennsylvania'
    if label in _PLACE_LABELS:
        if ent[0] >= s - 4 and (ent[1] <= e + 1 or text[e:ent[1]] in ("'s", "s'")):  # type: ignore[index]
            # NER's place is this name ("the Golan"), not a larger one; a name that is only
            # some entry's alternate needs a locative word or a town behind it
            return own or cue or best.population >= _ALT_MIN_POP
        label = None  # "Orchard Street", "South Ossetia": a part of a larger name
        if common:
            return False
    if own and not common and hit.whole and _ATTRIBUTIVE.match(text, e) and (
            label != "PERSON" or (ent[0] >= s - 4 and ent[1] <= e + 1)):  # type: ignore[index]
        return True  # "an Alexandria man", "the Oxford police": where people are from
    if label in ("PERSON", "ORG", "NORP") and ent[0] >= s - 4 and ent[1] <= e + 1 and not common and (  # type: ignore[index]
            cue and own and best.prior() >= _CITY_PRIOR or strong and best.population >= _ALT_MIN_POP):
        return True  # NER's guess against a town's own name after a locative word
    if label == "PERSON":
        return False
    if not cue and not own:
        return False  # only some entry's alternate name, and no locative word: noisy

    if label in _NOT_PLACE_LABELS:
        # a place opening an organisation's name ("Gainesville Police", "Texas Senate")
        big = any(c.kind in _BIG_KINDS for c in hit.candidates)
        return strong and not common or (label == "ORG" and s - 4 <= ent[0] <= s and ent[1] > e + 1  # type: ignore[index]
                          and (big or (not common and _INSTITUTION.match(text, e) is not None)))
    if hit.whole and key not in lower_words and any(c.kind in _BIG_KINDS for c in hit.candidates):
        return True  # a country or state ('Texas' is frequent because it is famous)
    if common:
        return strong and best.prior() >= 5.0 and hit.whole
    after = text[e:e + 20].split()
    suffix = bool(after) and after[0].lower().strip(",.") in _PLACE_SUFFIX
    ner_ran = any(a <= s < b for a, b in ner_ranges)
    cue = strong or (not ner_ran and cue)
    if not hit.whole and not suffix:
        return cue and best.population >= 1_000_000
    if cue or suffix:
        return True
    if ner_ran:
        return best.prior() >= 6.0
    return best.population >= 200_000 and hit.word == 0


def _dateline(text: str, hit: Hit) -> bool:
    """A name in capitals opening a line and followed by a dash: the dateline of a story."""
    return hit.text.isupper() and len(hit.text) > 2 and _DATELINE_AFTER.match(text, hit.end) is not None \
        and _DATELINE_BEFORE.search(text[max(0, hit.start - 3):hit.start]) is not None


def _country_own(hit: Hit) -> bool:
    """Whether the name is a country's own name ('Malawi'), not an alternate of it."""
    return any(c.kind == "country" and name_keys(c.name) & name_keys(hit.text) for c in hit.candidates)


def _city_own(hit: Hit) -> bool:
    """Whether the name is the own name of a city of 100,000 people or more ('Giza')."""
    return any(c.kind in ("city", "capital") and c.prior() >= _CITY_PRIOR
               and name_keys(c.name) & name_keys(hit.text) for c in hit.candidates)


def _of_city(text: str, hit: Hit, ent: Ent | None) -> bool:
    """A city ending an organisation's name after 'of' ('Children's Hospital of Pittsburgh')."""
    return ent is not None and ent[1] <= hit.end + 1 and text[max(0, hit.start - 3):hit.start] == "of " \
        and _city_own(hit)


def _county(hit: Hit) -> bool:
    """'Laurel County', 'Rapides Parish': a county's own name is a place, in whatever organisation."""
    key = fold_name(hit.text)
    return key.endswith((" county", " parish")) and any(
        c.kind == "district" and key in name_keys(c.name) for c in hit.candidates)


def _same_name(accepted: list[Hit], rejected: list[Hit], ents: Sequence[Ent]) -> list[Hit]:
    """Other mentions of a name the article uses as a place (one sense per article).

    Not within a person's longer name ('Jordan Peterson') as NER marks it."""
    names = {fold_name(h.text) for h in accepted if h.source == "geonames" and h.how != "fuzzy"}
    out = []
    for h in rejected:
        if fold_name(h.text) not in names or h in accepted:
            continue
        ent = _entity_at(ents, h.start, h.end)
        if ent is not None and ent[2] == "PERSON" and (ent[0] < h.start - 4 or ent[1] > h.end + 2):
            continue
        out.append(h)
    return out


def _coordinated(text: str, accepted: list[Hit], rejected: list[Hit], ents: Sequence[Ent]) -> list[Hit]:
    """Names listed with an accepted place ('Lyon and Marseille', 'Homs, Hama or Aleppo')."""
    added: list[Hit] = []
    ends = {h.end for h in accepted}
    starts = {h.start for h in accepted}
    for _ in range(3):
        more = []
        for h in rejected:
            if h in added or not h.whole or (_label_at(ents, h.start, h.end) == "PERSON"
                                             and not _country_own(h) and not _city_own(h)):
                continue  # NER's person, unless a country or city listed with places ('Niger, Mali')
            key = fold_name(h.text)
            if " " not in key and (is_common(key) or is_demonym(key)):
                continue
            if not any(name_keys(c.name) & name_keys(h.text) for c in h.candidates):
                continue
            before = _SEP_BEFORE.search(text[max(0, h.start - 7):h.start])
            after = _SEP_AFTER.match(text, h.end)
            if (before and h.start - len(before.group(0)) in ends) or (
                    after and after.end() in starts):
                more.append(h)
        if not more:
            break
        added += more
        ends |= {h.end for h in more}
        starts |= {h.start for h in more}
    return added


def _in_focus(text: str, accepted: list[Hit], rejected: list[Hit], ents: Sequence[Ent],
              focus: set[str]) -> list[Hit]:
    """Names after a locative word that NER took for an organisation, or left alone, whose
    likeliest namesake lies in a country the article names ('shelled Kafr Nabl' in a story
    about Idlib province): the article's focus decides."""
    out = []
    for h in rejected:
        if h in accepted or not h.whole or not focus:
            continue
        key = fold_name(h.text)
        if (" " not in key and (is_common(key) or is_demonym(key))) or key in STOP:
            continue
        ent = _entity_at(ents, h.start, h.end)
        if ent is not None and (ent[2] not in ("ORG", "GPE", "LOC", "FAC") or ent[0] < h.start - 4
                                or ent[1] > h.end + 1):
            continue  # a person's name, or a longer name ('Saraqib Local Council')
        if not _CUE.search(text[max(0, h.start - 40):h.start]) or _INSTITUTION.match(text, h.end):
            continue
        best = max(h.candidates, key=Entry.prior)
        if best.country in focus and best.kind not in _BIG_KINDS:
            out.append(h)
    return out


def _try_fuzzy(text: str, s: int, e: int, optional: bool = False, focus: frozenset[str] = frozenset()
               ) -> Hit | None:
    """A name NER or a locative word calls a place that the scan did not place: an AP state
    abbreviation ('Mass. legislators'), a qualified area, a name, or a transliteration (of a
    town, or of a village in a country the article names: `focus`)."""
    span = re.sub(r"^(?:the|The)\s+", "", text[s:e].strip())
    s = text.index(span, s)
    span = re.sub(r"'s?$", "", span)
    state = geonames().abbreviation(span, after_comma=True) if "." in span else None
    if state is not None and (span.count(".") > 1 or mid_sentence(text, s, s + len(span))):
        return Hit(s, s + len(span), span, "geonames", candidates=[state], how="abbrev", whole=True,
                   optional=optional)
    key = fold_name(span)
    cands = qualified_area(span)
    if not span or key in STOP or is_demonym(key) or (not cands and is_demonym(key.split(" ")[0])):
        return None
    cands = cands or geonames().lookup(span)
    how = "exact"
    if not cands:
        cands = [c for c in geonames().fuzzy(span) if c.population >= _FUZZY_MIN_POP or c.country in focus]
        how = "fuzzy"
    if not cands:
        return None
    return Hit(s, s + len(span), span, "geonames", candidates=cands, how=how, whole=True,
               optional=optional)


def find_places(cleaned: Cleaned, pack: Pack | None, doc_id: str, *, ents: Sequence[Ent] = (),
                ner_ranges: Sequence[tuple[int, int]] = (), found: Scan | None = None
                ) -> list[Located]:
    """Every place mention in the cleaned text (with clean offsets), resolved or not.

    `ents` are spaCy entities (clean offsets) for the sentences in `ner_ranges`; `found` is
    the `scan` of the same text, when already made.
    """
    text = cleaned.clean
    pack = pack or world_pack()
    gaz = pack_gazetteer(pack)
    found = found or scan(cleaned, pack)
    people = [(m.start(g), m.end(g), g) for m in PERSON.finditer(text)
              for g in ("name", "speaker") if m.group(g)]

    def personal(h: Hit) -> bool:
        """Part of a titled name ('President X'), or of a speaker's unless NER says otherwise."""
        label = _label_at(ents, h.start, h.end)
        return label not in _PLACE_LABELS and any(
            a <= h.start < b and (g == "name" or label in (None, "PERSON")) for a, b, g in people)

    hits = [h for h in found.pack_hits if h.how != "abbrev" or not personal(h)]
    lower_words = set(re.findall(r"(?<![\w'-])[a-z][a-z'-]+", text))
    rejected: list[Hit] = []
    for hit in found.candidates:
        if personal(hit):
            continue
        (hits if _accept(text, hit, ents, ner_ranges, lower_words) else rejected).append(hit)
    hits += _coordinated(text, hits, rejected, ents)
    hits += _same_name(hits, rejected, ents)
    hits += said_within(text, hits, rejected, [(s, e) for s, e, label in ents if label == "PERSON"])
    peoples = demonym_countries(text)
    focus = frozenset(article_countries(hits, gaz, peoples))
    hits += _in_focus(text, hits, rejected, ents, set(focus))
    hits = gate_hits(hits, focus)
    taken = [(h.start, h.end) for h in hits]
    for s, e, label in ents:  # places NER found that the gazetteer lacks: transliterations?
        if label in ("GPE", "LOC") and not any(a < e and s < b for a, b in taken):
            fuzzy = _try_fuzzy(text, s, e, focus=focus)
            span = text[s:e].strip()
            if fuzzy is not None:
                hits.append(fuzzy)
            elif span and fold_name(span) not in STOP and not is_demonym(fold_name(span)):
                hits.append(Hit(s, s + len(span), span, "unresolved"))  # a demonym is a people's
    for s, e in found.misses:  # "near Kanakir" where NER did not run or said nothing
        if strong_cue_before(text, s) and _label_at(ents, s, e) is None and not any(
                a < e and s < b for a, b in taken + [(h.start, h.end) for h in hits]):
            fuzzy = _try_fuzzy(text, s, e, optional=True, focus=focus)
            if fuzzy is not None and not personal(fuzzy):
                hits.append(fuzzy)
    for m in LOWER_COMPASS.finditer(text):  # 'in the south': placed only by the article's countries
        s, e = m.start("word"), m.end("word")
        if not any(a < e and s < b for a, b in taken + [(h.start, h.end) for h in hits]):
            hits.append(Hit(s, e, m.group("word"), "geonames", how="compass", whole=True, optional=True))
    hits.sort(key=lambda h: h.start)
    resolve(hits, text, places=gaz.places, theatre=gaz.theatre, peoples=peoples)
    name_parts(hits, focus)  # 'South Lebanon': the south of the country, not a village in Ohio
    place_within(hits, text)  # 'Greenlane, Auckland': at the place it is said to lie in
    return [(h.start, h.end, mention(h, doc_id, cleaned, pack, gaz)) for h in hits
            if not (h.optional and h.chosen is None)]


def strong_cue_before(text: str, start: int) -> bool:
    """Whether a strongly locative word ('in', 'near', 'village of') precedes `start`."""
    return bool(_STRONG_CUE.search(text[max(0, start - 30):start])) or bool(
        PARTY.search(text, max(0, start - 5), start))
