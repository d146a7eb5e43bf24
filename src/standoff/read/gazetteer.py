"""The offline world gazetteer: GeoNames names, built once from PyPI data, cached as plain arrays.

Cities (population ≥ 500, with alternate names), countries, continents, first- and
second-level regions and common abbreviations (see `gazdata`) are folded into one name index.
It is built on first use and cached in `$STANDOFF_CACHE/standoff` (or `$XDG_CACHE_HOME`,
`~/.cache`) as a NumPy `.npz` of plain arrays, loaded with `allow_pickle=False` and checked
against a format version, the data packages' versions, a digest of the code that builds it
and a SHA-256 of its content: a file
that fails any check is ignored and rebuilt, and nothing in the cache can run code.
Transliterations are matched by `fuzzy`: same consonant skeleton, bounded edit distance.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np

from standoff.read.gazcache import cached_arrays

__all__ = ["Entry", "GeoNames", "RADIUS_M", "fold_name", "geonames", "name_keys", "radius_m",
           "skeleton", "translit"]

#: Location uncertainty by kind of place, metres (regions from GeoNames carry their own).
RADIUS_M: dict[str, float] = {
    "base": 2_000, "airport": 3_000, "site": 2_000, "crossing": 2_000, "village": 2_000,
    "mountain": 5_000, "town": 5_000, "city": 10_000, "capital": 15_000, "district": 25_000,
    "region": 50_000, "province": 50_000, "state": 100_000, "country": 300_000,
    "continent": 2_000_000, "feature": 500_000,
}
CACHE_VERSION = 5
_CACHED = 65536  # entries and looked-up names kept in memory
_ARTICLE = re.compile(r"^(?:al|el|as|ad|an|ar|at|az|ash|ath|adh|ed|es|er|et|ez|the) ")
#: An article inside a name, as assimilated or not ('Maarat al-Numan', "Ma'arrat an-Nu'man").
_INNER_ARTICLE = re.compile(r" (?:al|el|an|ar|as|ad|at|az|ash|ath|adh|ed|es|er|et|ez|ul|un|ur)(?= )")
_DROP = re.compile(r"[\u2018\u2019'`\u02bf\u02be\u02bb\u02bc\u00b4\u2032]")


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Lower case, accents and apostrophes removed, dashes as spaces: 'Ţafas' -> 'tafas'."""
    text = unicodedata.normalize("NFKD", _DROP.sub("", name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-\u2010-\u2015_.,]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_keys(name: str) -> set[str]:
    """Index keys of a name: folded, and folded without a leading article ('al-', 'the')."""
    return set(_name_keys(name))


@functools.lru_cache(maxsize=65536)
def _name_keys(name: str) -> frozenset[str]:
    key = fold_name(name)
    keys = {key}
    stripped = _ARTICLE.sub("", key)
    if stripped and stripped != key:
        keys.add(stripped)
    if " of the " in key:  # 'Democratic Republic of the Congo' is also written without 'the'
        keys.add(key.replace(" of the ", " of "))
    return frozenset(keys)


def radius_m(kind: str) -> float:
    """Uncertainty radius in metres for a kind of place (5 km when the kind is unknown)."""
    return RADIUS_M.get(kind, 5_000)


_TRANSLIT = [(re.compile(a), b) for a, b in [
    (r"ou|oo|u", "u"), (r"ei|ey|ay(?=[^aeiou]|$)", "ai"), (r"ee|ie|i|y(?=[^aeiou]|$)", "i"),
    (r"(?<=[aeiou])y(?=[aeiou])", "i"),
    (r"q|c(?=[aou]|$)|ck", "k"), (r"dh|th(?=[aeiou])", "z"), (r"kh", "k"), (r"gh", "g"),
    (r"ph", "f"), (r"(?<=[^aeiou\s])w", "u"), (r"(.)\1+", r"\1"), (r"(?<=[aeiou])h$", ""),
]]


@functools.lru_cache(maxsize=65536)
def translit(key: str) -> str:
    """A folded key in a loose Arabic-style transliteration: 'as suwayda' -> 'suwaida';
    an article inside the name is dropped ('maarrat an numan' -> 'maratnuman')."""
    text = _INNER_ARTICLE.sub(" ", _ARTICLE.sub("", key)).replace(" ", "")
    for pattern, repl in _TRANSLIT:
        text = pattern.sub(repl, text)
    return text


def skeleton(key: str) -> str:
    """The consonant skeleton of a folded key: 'kanakir' -> 'knkr', 'idlib' and 'edlib' -> 'adlb'."""
    t = translit(key)
    if not t:
        return ""
    head = "a" if t[0] in "aeiou" else t[0]
    return re.sub(r"(.)\1+", r"\1", head + re.sub(r"[aeiouwyh]", "", t[1:]))


def _within(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of a and b when it is at most `limit`, else None."""
    if abs(len(a) - len(b)) > limit:
        return None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None


@dataclass(frozen=True)
class Entry:
    """One GeoNames record."""

    geonames_id: int
    name: str
    lon: float
    lat: float
    population: int
    country: str
    kind: str
    radius_m: float = 5_000.0
    admin1: int = 0  # GeoNames id of the first-level region it lies in (0: unknown or none)
    cover_m: float = 0.0  # a region's radius over its whole area (0: its radius)

    @property
    def uncertainty_m(self) -> float:
        """How far from its point a mention of it may lie: a region's whole area."""
        return max(self.radius_m, self.cover_m)

    def prior(self) -> float:
        """How likely a bare mention of the name means this entry: size, then rank of kind."""
        bonus = {"country": 3.0, "continent": 2.0, "capital": 2.0, "state": 0.5, "province": 0.5,
                 "region": 0.5, "district": -1.0, "feature": 6.0}.get(self.kind, 0.0)
        return math.log10(self.population + 10) + bonus


def _split_blob(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n") if blob.size else []


class GeoNames:
    """Name index over GeoNames entries: `lookup`, `abbreviation` and `fuzzy` give candidates."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        from standoff.read.gazdata import KINDS

        self.arrays = arrays
        self.keys = _split_blob(arrays["keys"])
        self.skeletons = _split_blob(arrays["skeletons"])
        self.names = _split_blob(arrays["names"])
        self.abbreviations = dict(zip(_split_blob(arrays["abbrev"]),
                                      arrays["abbrev_row"].tolist(), strict=True))
        self._kinds = KINDS
        self.demonyms = dict(zip(_split_blob(arrays["demonyms"]),
                                 (c.decode() for c in arrays["demonym_cc"].tolist()), strict=True))
        # A name is looked up again in every article that names it, and most capitalised runs
        # are looked up in pieces that name nothing: both cached (entries are frozen).
        self._entry = functools.lru_cache(maxsize=_CACHED)(self._make_entry)
        self._lookup_rows = functools.lru_cache(maxsize=_CACHED)(self._find_rows)

    def __len__(self) -> int:
        return len(self.names)

    def entry(self, row: int) -> Entry:
        """The entry of one row of the index."""
        return self._entry(row)

    def _make_entry(self, row: int) -> Entry:
        a = self.arrays
        return Entry(int(a["ids"][row]), self.names[row], float(a["lon"][row]), float(a["lat"][row]),
                     int(a["pop"][row]), a["country"][row].decode(), self._kinds[a["kind"][row]],
                     float(a["radius_m"][row]), int(a["admin1"][row]), float(a["cover_m"][row]))

    def region_names(self) -> list[tuple[str, str]]:
        """Display names and country codes of the countries and first-level regions."""
        kinds, cc = self.arrays["kind"], self.arrays["country"]
        wanted = [self._kinds.index(k) for k in ("country", "state", "province", "region")]
        return [(self.names[r], cc[r].decode())
                for r in np.flatnonzero(np.isin(kinds, wanted)).tolist()]

    def country(self, code: str) -> Entry | None:
        """The entry of a country by its ISO code ('SY' -> Syria)."""
        if not hasattr(self, "_countries"):
            kinds, cc = self.arrays["kind"], self.arrays["country"]
            rows = np.flatnonzero(kinds == self._kinds.index("country")).tolist()
            self._countries = {cc[r].decode(): r for r in rows}
        row = self._countries.get(code)
        return None if row is None else self.entry(row)

    def _key_index(self, key: str) -> int:
        i = bisect.bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def _rows(self, k: int) -> list[int]:
        off = self.arrays["post_off"]
        rows: list[int] = self.arrays["post"][off[k]:off[k + 1]].tolist()
        return rows

    def has(self, key: str) -> bool:
        """Whether a folded key names any entry."""
        return self._key_index(key) >= 0

    def lookup(self, text: str) -> list[Entry]:
        """Entries whose name or alternate name folds to the same key as `text`."""
        return [self._entry(r) for r in self._lookup_rows(text)]

    def _find_rows(self, text: str) -> tuple[int, ...]:
        rows: dict[int, None] = {}
        for key in name_keys(text):
            k = self._key_index(key)
            if k >= 0:
                rows.update(dict.fromkeys(self._rows(k)))
        return tuple(rows)

    def abbreviation(self, text: str, after_comma: bool = False) -> Entry | None:
        """The entry an abbreviation stands for, case-sensitively ('US', 'U.K.'); US states in
        AP style ('Calif.') only after a comma ('Fresno, Calif.')."""
        row = self.abbreviations.get(text)
        if row is None and after_comma:
            row = self.abbreviations.get(", " + text)
        return None if row is None else self.entry(row)

    def fuzzy(self, text: str) -> list[Entry]:
        """Entries of the nearest own names sharing `text`'s consonant skeleton ('Kanakir' -> Kanaker).

        Alternate names are never matched loosely (they are many, and noisy).
        Only for names of 5 letters or more, within 1 edit (2 from 9 letters on) of the loose
        transliteration; empty when nothing is that close.
        """
        key = fold_name(text)
        t = translit(key)
        if len(t) < 5:
            return []
        sk = skeleton(key)
        i = bisect.bisect_left(self.skeletons, sk)
        if i >= len(self.skeletons) or self.skeletons[i] != sk:
            return []
        off, post = self.arrays["skel_off"], self.arrays["skel_post"]
        limit = 1 if len(t) < 9 else 2
        best: dict[int, list[int]] = {}
        for k in post[off[i]:off[i + 1]].tolist():
            d = _within(t, translit(self.keys[k]), limit)
            if d is not None:
                best.setdefault(d, []).append(k)
        if not best:
            return []
        found = {r: self.keys[k] for k in best[min(best)] for r in self._rows(k)}
        return [e for r, k in found.items() if k in name_keys((e := self.entry(r)).name)]


def _latin(alt: str) -> bool:
    letters = fold_name(alt).replace(" ", "")
    return (len(letters) >= 3 and letters.isascii() and letters.isalpha()
            and not (alt.replace(" ", "").isupper() and len(alt) <= 6))


def _blob(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8).copy()


def build_arrays() -> dict[str, np.ndarray]:
    """Read the data packages into the index's arrays (about half a minute)."""
    from standoff.read.gazdata import build_raw

    raw = build_raw(RADIUS_M)
    postings: dict[str, list[int]] = {}
    own: set[str] = set()  # keys of entries' own names: the only targets of fuzzy matching
    for row, names in enumerate(raw.names):
        row_keys: set[str] = set()
        for name in names:
            if _latin(name):
                row_keys |= name_keys(name)
        own |= name_keys(names[0])
        for key in row_keys:
            postings.setdefault(key, []).append(row)
    keys = sorted(postings)
    lengths = np.array([len(postings[k]) for k in keys], dtype=np.int64)
    post = np.fromiter((r for k in keys for r in postings[k]), dtype=np.int32, count=int(lengths.sum()))
    skels: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        if key in own:
            skels.setdefault(skeleton(key), []).append(k)
    skel_keys = sorted(skels)
    skel_len = np.array([len(skels[s]) for s in skel_keys], dtype=np.int64)
    abbrev = sorted(raw.abbrev)
    return {
        "ids": np.array(raw.ids, dtype=np.int64), "lon": np.array(raw.lon, dtype=np.float64),
        "lat": np.array(raw.lat, dtype=np.float64), "pop": np.array(raw.pop, dtype=np.int64),
        "kind": np.array(raw.kind, dtype=np.int8),
        "country": np.array([c.encode() for c in raw.country], dtype="S2"),
        "radius_m": np.array(raw.radius_m, dtype=np.float32),
        "admin1": np.array(raw.admin1, dtype=np.int64),
        "cover_m": np.array(raw.cover_m, dtype=np.float32),
        "names": _blob([n[0] for n in raw.names]),
        "keys": _blob(keys), "post_off": np.concatenate([[0], np.cumsum(lengths)]), "post": post,
        "skeletons": _blob(skel_keys), "skel_off": np.concatenate([[0], np.cumsum(skel_len)]),
        "skel_post": np.fromiter((k for s in skel_keys for k in skels[s]), dtype=np.int32,
                                 count=int(skel_len.sum())),
        "abbrev": _blob([a for a, _ in abbrev]),
        "demonyms": _blob(list(raw.demonyms)),
        "demonym_cc": np.array([c.encode() for c in raw.demonyms.values()], dtype="S2"),
        "abbrev_row": np.array([r for _, r in abbrev], dtype=np.int32),
    }


@functools.cache
def geonames() -> GeoNames:
    """The world index, loaded once per process (built on first use, then cached on disk)."""
    from standoff.read import gazdata, gazfeatures, gazshapes, gazzones
    from standoff.read.gazdata import source_versions

    modules = (gazdata, gazfeatures, gazshapes, gazzones, sys.modules[__name__])
    code = hashlib.sha256(b"".join(Path(cast(str, m.__file__)).read_bytes() for m in modules))
    identity = {"format": CACHE_VERSION, "sources": source_versions(), "code": code.hexdigest()[:16]}
    return GeoNames(cached_arrays("gazetteer", identity, build_arrays))
