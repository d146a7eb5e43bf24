"""Every problem of a pack folder at once, each with file:line: what `standoff validate` prints.

The loader stops at the first error; the validator carries on, so an author fixes a pack in
one pass. Both share the checks below: what the validator calls an error, the loader refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import shapely

from standoff.errors import StandoffError
from standoff.geo.ellipsoid import GEOD
from standoff.model import Actor, Feature, Place, Unit
from standoff.packs.yamlio import Marks, load_yaml, locate, validate

__all__ = ["Problem", "alias_problems", "duplicate_ids", "feature_problems", "place_problems",
           "theatre_shape", "validate_pack"]

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: an error the loader refuses, or a warning worth a look."""

    level: Level
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"


def duplicate_ids(items: Iterable[Any], key: str, marks: Marks, path: Path,
                  what: str, at: Callable[[int], tuple[Any, ...]] | None = None) -> list[Problem]:
    """An error for each item whose `key` (id or code; "" for the item itself) an earlier one used.

    `at(i)` gives the YAML path of item i's value (default `(i, key)`)."""
    seen: dict[str, int | None] = {}
    out = []
    for i, item in enumerate(items):
        value = item if not key else item.get(key) if isinstance(item, dict) else getattr(item, key, None)
        if value is None or isinstance(value, dict | list):
            continue
        line = locate(marks, at(i) if at else (i, key))[0]
        if value in seen:
            label = f"{what} '{value}'" if what.endswith("version") else f"{what} id '{value}'"
            out.append(Problem("error", str(path), line,
                               f"{label} is used twice (first on line {seen[value]})"))
        else:
            seen[value] = line
    return out


def _vertex_line(marks: Marks, loc: tuple[Any, ...]) -> int | None:
    return locate(marks, loc)[0]


def theatre_shape(features: Iterable[Feature], theatre_id: str) -> Any:
    """The theatre's polygon (its latest version), or None when it has no rings."""
    theatre = next((f for f in features if f.id == theatre_id), None)
    rings = theatre.versions[-1].rings if theatre is not None else None
    return shapely.make_valid(shapely.Polygon(rings[0], rings[1:])) if rings else None


def _crosses_antimeridian(f: Feature, is_theatre: bool, marks: Marks, path: Path,
                          loc: tuple[Any, ...], vertices: list[list[tuple[float, float]]]) -> list[Problem]:
    lons = [[p[0] for p in part] for part in vertices]
    if not any(abs(b - a) > 180 for part in lons for a, b in zip(part, part[1:], strict=False)):
        return []
    what = "the theatre crosses" if is_theatre else "a segment crosses"
    return [Problem("error", str(path), _vertex_line(marks, loc),
                    f"feature {f.id}: {what} the antimeridian (±180°), which standoff does not support: "
                    "give it in longitudes of one side, e.g. 170..190 as 170..180 plus a second pack")]


def _version_at(i: int) -> Callable[[int], tuple[Any, ...]]:
    return lambda k: (i, "versions", k, "version")


def feature_problems(features: list[Feature], theatre_id: str, marks: Marks,
                     path: Path) -> list[Problem]:
    """Geometry that cannot be right: swapped or outside vertices, bow-ties, lines without sides,
    the antimeridian, and a version label given twice in one feature."""
    out: list[Problem] = []
    index = {f.id: i for i, f in enumerate(features)}
    theatre = theatre_shape(features, theatre_id)
    for f in features:
        i = index[f.id]
        out += duplicate_ids([v.version for v in f.versions], "", marks, path, f"feature {f.id}: version",
                             at=_version_at(i))
        for j, v in enumerate(f.versions):
            loc = (i, "versions", j)
            is_theatre = f.id == theatre_id
            crossing = _crosses_antimeridian(f, is_theatre, marks, path, loc, v.rings or [v.coords or []])
            out += crossing
            if v.rings is not None:
                out += _ring_problems(f, v.rings, marks, path, loc)
                if not is_theatre and not crossing:
                    out += _outside_problems(f, v.rings[0], theatre, marks, path, (*loc, "rings", 0))
            if v.coords is not None and not crossing:
                out += _coord_problems(f, v.coords, theatre, is_theatre, marks, path, loc)
    return out


def _ring_problems(f: Feature, rings: list[list[tuple[float, float]]], marks: Marks, path: Path,
                   loc: tuple[Any, ...]) -> list[Problem]:
    line = _vertex_line(marks, (*loc, "rings"))
    if any(len({tuple(p) for p in r}) < 3 for r in rings):
        return [Problem("error", str(path), line,
                        f"feature {f.id}: a ring needs at least three distinct vertices")]
    polygon = shapely.Polygon(rings[0], rings[1:])
    if not polygon.is_valid:
        reason = shapely.is_valid_reason(polygon)
        return [Problem("error", str(path), line,
                        f"feature {f.id}: the area is not a simple polygon ({reason}); "
                        "a ring must not cross itself")]
    return []


def _coord_problems(f: Feature, coords: list[tuple[float, float]], theatre: Any, is_theatre: bool,
                    marks: Marks, path: Path, loc: tuple[Any, ...]) -> list[Problem]:
    out: list[Problem] = []
    line = _vertex_line(marks, (*loc, "coords"))
    if f.kind == "point" and len(coords) != 1:
        return [Problem("error", str(path), line,
                        f"feature {f.id}: a point takes one [lon, lat] pair, not {len(coords)}; "
                        "give each point its own feature")]
    if f.kind == "line":
        distinct = {tuple(p) for p in coords}
        if len(distinct) < 2:
            return [Problem("error", str(path), line,
                            f"feature {f.id}: a line needs two distinct vertices to have sides")]
        lons, lats = zip(*coords, strict=True)
        length_m = GEOD.line_length(lons, lats)
        if length_m < max(f.accuracy_m, 1.0):
            out.append(Problem("warning", str(path), line,
                               f"feature {f.id}: the line is {length_m:.0f} m long, shorter than "
                               f"its stated accuracy ({f.accuracy_m:.0f} m): its sides mean little"))
    if theatre is None or is_theatre:
        return out
    return out + _outside_problems(f, coords, theatre, marks, path, (*loc, "coords"))


def _outside_problems(f: Feature, coords: list[tuple[float, float]], theatre: Any, marks: Marks,
                      path: Path, loc: tuple[Any, ...]) -> list[Problem]:
    """Vertices outside the theatre: an error when all of them fall inside with lon and lat
    exchanged, a warning when the whole feature (or a point) lies outside."""
    if theatre is None:
        return []
    outside = [k for k, (lon, lat) in enumerate(coords) if not theatre.covers(shapely.Point(lon, lat))]
    if not outside:
        return []
    swapped = [k for k in outside if theatre.covers(shapely.Point(coords[k][1], coords[k][0]))]
    if swapped and len(swapped) == len(outside):
        k = swapped[0]
        return [Problem("error", str(path), _vertex_line(marks, (*loc, k)),
                        f"feature {f.id}: vertex {k} {list(coords[k])} lies outside the theatre "
                        "but inside it with lon and lat exchanged: write [lon, lat]")]
    if f.kind == "point" or len(outside) == len(coords):
        k = outside[0]
        return [Problem("warning", str(path), _vertex_line(marks, (*loc, k)),
                        f"feature {f.id}: vertex {k} {list(coords[k])} lies outside the theatre")]
    return []


def place_problems(places: list[Place], theatre: Any, marks: Marks, path: Path) -> list[Problem]:
    """Places whose lon and lat look exchanged: outside the theatre, inside it the other way round.

    Other places outside the theatre are fine: a gazetteer may name capitals far away."""
    out: list[Problem] = []
    for i, p in enumerate(places):
        if theatre is None or theatre.covers(shapely.Point(p.lon, p.lat)):
            continue
        line = locate(marks, (i, "lon"))[0] or locate(marks, (i, "id"))[0]
        if theatre.covers(shapely.Point(p.lat, p.lon)):
            out.append(Problem("error", str(path), line,
                               f"place {p.id}: lon {p.lon}, lat {p.lat} lies outside the theatre but inside "
                               "it with lon and lat exchanged"))
    return out


def alias_problems(actors: list[Actor], marks: Marks, path: Path) -> list[Problem]:
    """A warning for each alias that two actors share (the reader can give it to one only)."""
    owner: dict[str, str] = {}
    out: list[Problem] = []
    for i, a in enumerate(actors):
        for alias in a.aliases:
            key = alias.casefold().strip()
            if key in owner and owner[key] != a.code:
                out.append(Problem("warning", str(path), locate(marks, (i, "aliases"))[0],
                                   f"actor {a.code}: the alias '{alias}' is also {owner[key]}'s"))
            owner.setdefault(key, a.code)
    return out


def _parse(path: Path, problems: list[Problem]) -> tuple[Any, Marks] | None:
    try:
        return load_yaml(path, StandoffError)
    except StandoffError as exc:
        problems.append(Problem("error", exc.file or str(path), exc.line, exc.message))
        return None


def _items(model: type, path: Path, problems: list[Problem]) -> tuple[list[Any], list[Any], Marks]:
    """Valid items of a list file (the invalid ones become problems), with the raw list."""
    if not path.is_file():
        return [], [], {}
    parsed = _parse(path, problems)
    if parsed is None:
        return [], [], {}
    data, marks = parsed
    if not isinstance(data, list):
        problems.append(Problem("error", str(path), 1, "expected a list"))
        return [], [], marks
    good: list[Any] = []
    for i, item in enumerate(data):
        try:
            good.append(validate(model, item, marks, path, error=StandoffError, prefix=(i,)))
        except StandoffError as exc:
            problems.append(Problem("error", str(path), exc.line, exc.message))
    return good, data, marks


def validate_pack(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a pack folder, errors first, each with its file and line."""
    from standoff.packs.loader import find_pack, load_agreement, load_pack

    folder = find_pack(name_or_path)
    problems: list[Problem] = []
    meta = _parse(folder / "pack.yaml", problems)
    theatre_id = meta[0].get("theatre", "") if meta and isinstance(meta[0], dict) else ""
    lists = {"features.yaml": (Feature, "id", "feature"), "actors.yaml": (Actor, "code", "actor"),
             "places.yaml": (Place, "id", "place"), "units.yaml": (Unit, "code", "unit")}
    theatre = None
    for name, (model, key, what) in lists.items():
        good, raw, marks = _items(model, folder / name, problems)
        problems += duplicate_ids(raw, key, marks, folder / name, what)
        if model is Feature:
            problems += feature_problems(good, theatre_id, marks, folder / name)
            theatre = theatre_shape(good, theatre_id)
        elif model is Place:
            problems += place_problems(good, theatre, marks, folder / name)
        elif model is Actor:
            problems += alias_problems(good, marks, folder / name)
    pack = None
    if not any(p.level == "error" for p in problems):
        try:
            pack = load_pack(folder, agreements=False)
        except StandoffError as exc:
            problems.append(Problem("error", exc.file or str(folder), exc.line, exc.message))
    seen: dict[str, Path] = {}
    for path in sorted((folder / "agreements").glob("*.yaml")):
        parsed = _parse(path, problems)
        if parsed is None or not isinstance(parsed[0], dict):
            continue
        data, marks = parsed
        aid = data.get("id")
        if aid in seen:
            problems.append(Problem("error", str(path), locate(marks, ("id",))[0],
                                    f"agreement id '{aid}' is used twice (also in {seen[aid].name})"))
        elif isinstance(aid, str):
            seen[aid] = path
        clause_marks = {k[1:]: v for k, v in marks.items() if k[:1] == ("clauses",)}
        problems += duplicate_ids(data.get("clauses") or [], "id", clause_marks, path, "clause")
        source_marks = {k[1:]: v for k, v in marks.items() if k[:1] == ("sources",)}
        problems += duplicate_ids(data.get("sources") or [], "id", source_marks, path, "source")
        if pack is not None:
            try:
                load_agreement(path, pack)
            except StandoffError as exc:
                problems.append(Problem("error", exc.file or str(path), exc.line, exc.message))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.level != "error", p.file, p.line or 0))
