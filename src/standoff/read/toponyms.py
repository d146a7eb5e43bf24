"""Which capitalised names are not places: common words, demonyms, people, months.

General rules, not a list of examples:
- a common English word (Zipf frequency ≥ `COMMON_ZIPF` in `wordfreq`'s English list, read
  straight from the data file it ships) needs evidence to be a place: spaCy calls it one, or a
  locative word precedes a big place; so does a word the same article also uses in lower case;
- demonyms are generated from the gazetteer's country and region names ('Syria' -> 'Syrian',
  'Lebanon' -> 'Lebanese'), plus the irregular ones;
- a name after a title ('President', 'Gen.'), before 'said'/'told', or after a kunya or
  patronymic ('Abu', 'Umm', 'bin', 'ibn') is a person's.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import re
from pathlib import Path

__all__ = ["COMMON_ZIPF", "MONTHS", "PERSON", "STOP", "common_words", "demonym_countries", "demonym_spans",
           "demonyms",
           "is_common", "is_demonym", "kin_prefix", "region_of_demonym"]

#: Words at least this frequent (Zipf scale: 6 is one per thousand words, 4.5 about 30 per million).
COMMON_ZIPF = 4.5
MONTHS = ("january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday "
          "thursday friday saturday sunday").split()
STOP = set(MONTHS) | set(
    "the a an he she it they we i you his her its their our this that these those there here "
    "but and or if when while after before as on in at of to for by with from mr mrs ms dr "
    "president prime minister general gen col lt sgt king queen prince sheikh leader chief "
    "update updated analysis photo credit news press smoke members member forces army police "
    "state republic government ministry foreign defense defence council office st ste mt ft".split())
_IRREGULAR = set(
    "english french dutch swiss welsh scottish scots irish greek thai arab arabs arabic kurdish "
    "kurd kurds druze alawite alawites sunni sunnis shia shiite shiites shi'ite jewish jews "
    "muslim muslims christian christians european europeans western eastern northern southern "
    "african asian latino hispanic filipino maori inuit cossack basque catalan flemish "
    "persian pashtun tajik uzbek kazakh kyrgyz azeri bedouin berber yazidi british afghan emirati saudi"
    .split())
_DEMONYM_ENDINGS = ("n", "ns", "an", "ian", "i", "ese", "ish", "ans", "ians")
_NAME = r"(?P<name>[A-Z][\w'-]+(?: (?:al-|bin |ibn |abu |de |van |von )?[A-Z][\w'-]+){0,3})"
#: A titled person ("Prime Minister X Y") or a speaker ("X Y said").
PERSON = re.compile(
    r"(?:\b(?:President|Minister|General|Gen\.|Colonel|Col\.|Lt\.|Major|Commander|Chief|chief"
    r"|leader|spokesman|spokeswoman|spokesperson|envoy|ambassador|Ambassador|Secretary|King"
    r"|Prince|Sheikh|Ayatollah|Mr\.|Mrs\.|Ms\.|Dr\.|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor"
    r"|mayor|Judge|Justice|Officer|Sgt\.|Lt|Capt\.|Det\.|Rev\.|Father|Pope|Sir|Lord|Lady) )"
    + _NAME + r"|" + _NAME.replace("name", "speaker")
    + r"(?=,? (?:said|says|told|added|wrote|warned|explained|noted))")
_CAP_RUN = re.compile(r"(?<![\w'-])[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_WORD = re.compile(r"[A-Za-z]+")
_QUALIFIERS = {"new", "north", "south", "east", "west", "northern", "southern", "eastern",
               "western", "central", "upper", "lower", "great"}
_KIN = re.compile(r"(?:\b(?:Abu|Abou|Umm|Um|Bin|bin|Ibn|ibn|Abi|Bint|bint)[ -])$")


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case English words at or above `COMMON_ZIPF` (wordfreq's small English list)."""
    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
    buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)[1:]
    last = round((9 - COMMON_ZIPF) * 100)  # bucket i holds words of Zipf 9 - i/100
    return frozenset(w for i, bucket in enumerate(buckets[:last + 1]) for w in bucket)


def is_common(word: str) -> bool:
    """Whether a (folded, one-word) name is also a common English word."""
    return word in common_words()


@functools.cache
def demonyms() -> dict[str, str]:
    """Folded words naming a people -> country code ('' when not one country's).

    countryinfo's demonyms, forms generated from the gazetteer's country and region names
    ('syria' -> 'syrian', 'lebanon' -> 'lebanese'), and the irregular ones.
    """
    return {w: cc for w, (cc, _) in _demonym_sources().items()}


def region_of_demonym(word: str) -> str | None:
    """The first-level region a folded demonym was made from ('ohioans' -> 'Ohio'), if any."""
    return _demonym_sources().get(word, ("", None))[1]


@functools.cache
def _demonym_sources() -> dict[str, tuple[str, str | None]]:
    """Folded demonym -> (country code, name of the first-level region it was made from)."""
    from standoff.read.gazetteer import fold_name, geonames

    gn = geonames()
    out: dict[str, tuple[str, str | None]] = dict.fromkeys(_IRREGULAR, ("", None))
    places = set()
    for name, cc in gn.region_names():
        n = fold_name(name)
        places.add(n)
        if " " in n or len(n) < 4:
            continue
        country = gn.country(cc)
        region = None if country is not None and fold_name(country.name) == n else name
        stems = ({n, n[:-1], n[:-2]} if n[-1] in "aeiouy" or n.endswith(("on", "an"))
                 else {n, n[:-1]} if n.endswith("as") else {n})  # 'texas' -> 'texan'
        for stem in stems:
            for e in _DEMONYM_ENDINGS:
                out.setdefault(stem + e, (cc, region))
    out = {w: v for w, v in out.items() if w not in places and not gn.has(w)}  # not a place's name
    for word, cc in gn.demonyms.items():
        out[fold_name(word)] = (cc, None)
        out[fold_name(word) + "s"] = (cc, None)
    return {w: v for w, v in out.items() if w not in places}


def is_demonym(word: str) -> bool:
    """Whether a folded word or phrase names a people ('syrian', 'sri lankan', 'arabs')."""
    return word in demonyms() or word.removesuffix("s") in _IRREGULAR


def demonym_spans(text: str) -> list[tuple[int, int, str]]:
    """Start, end and country code of each demonym of one country ('Sri Lankan troops')."""
    return list(_demonym_spans(text))


@functools.lru_cache(maxsize=1024)
def _demonym_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """`demonym_spans`, kept per text: the geoparser and the actor finders each ask (read_docs
    finds actors in every document before it geoparses the first, hence room for many)."""
    table = demonyms()
    out = []
    for m in _CAP_RUN.finditer(text):  # 'The Sri Lankan army': any one or two words of a run
        words = [(w.start(), w.end(), w.group(0).lower()) for w in _WORD.finditer(m.group(0))]
        i = 0
        while i < len(words):
            for n in (2, 1):
                phrase = " ".join(w for _, _, w in words[i:i + n])
                if i + n <= len(words) and (cc := table.get(phrase)) and not (
                        n == 1 and i and words[i - 1][2] in _QUALIFIERS):  # not 'New Mexican'
                    out.append((m.start() + words[i][0], m.start() + words[i + n - 1][1], cc))
                    i += n
                    break
            else:
                i += 1
    return tuple(out)


def demonym_countries(text: str) -> list[str]:
    """Country codes of the demonyms in a text ('Georgian troops' -> ['GE'])."""
    return [cc for _, _, cc in demonym_spans(text)]


def kin_prefix(text: str, start: int) -> bool:
    """Whether a kunya or patronymic word ('Abu', 'bin') comes right before `start`."""
    return bool(_KIN.search(text[max(0, start - 6):start]))
