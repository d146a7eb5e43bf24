"""Every problem of a pack folder at once, each with file:line: what `standoff validate` prints.

The loader stops at the first error; the validator carries on, so an author fixes a pack in
one pass. Both share the checks below: what the validator calls an error, the loader refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import shapely

from standoff.errors import StandoffError
from standoff.geo.ellipsoid import GEOD
from standoff.model import Actor, Feature, Place, Unit
from standoff.packs.yamlio import Marks, load_yaml, locate, validate

__all__ = ["Problem", "duplicate_ids", "feature_problems", "validate_pack"]

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
                  what: str) -> list[Problem]:
    """An error for each item whose `key` (id or code) an earlier item already used."""
    seen: dict[str, int | None] = {}
    out = []
    for i, item in enumerate(items):
        value = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
        if value is None:
            continue
        line = locate(marks, (i, key))[0]
        if value in seen:
            out.append(Problem("error", str(path), line,
                               f"{what} id '{value}' is used twice (first on line {seen[value]})"))
        else:
            seen[value] = line
    return out


def _vertex_line(marks: Marks, loc: tuple[Any, ...]) -> int | None:
    return locate(marks, loc)[0]


def feature_problems(features: list[Feature], theatre_id: str, marks: Marks,
                     path: Path) -> list[Problem]:
    """Geometry that cannot be right: swapped or outside vertices, bow-ties, lines without sides."""
    out: list[Problem] = []
    index = {f.id: i for i, f in enumerate(features)}
    theatre = next((f for f in features if f.id == theatre_id), None)
    theatre_shape = None
    if theatre is not None:
        for j, v in enumerate(theatre.versions):
            for ring in v.rings or []:
                lons = [p[0] for p in ring]
                if any(abs(b - a) > 180 for a, b in zip(lons, lons[1:], strict=False)):
                    out.append(Problem(
                        "error", str(path), _vertex_line(marks, (index[theatre_id], "versions", j)),
                        f"feature {theatre_id}: the theatre crosses the antimeridian (±180°), "
                        "which standoff does not support: give it in longitudes of one side, "
                        "e.g. 170..190 as 170..180 plus a second pack"))
        rings = theatre.versions[-1].rings
        if rings:
            theatre_shape = shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))
    for f in features:
        i = index[f.id]
        for j, v in enumerate(f.versions):
            loc = (i, "versions", j)
            if v.rings is not None:
                out += _ring_problems(f, v.rings, marks, path, loc)
            if v.coords is not None:
                out += _coord_problems(f, v.coords, theatre_shape, f.id == theatre_id,
                                       marks, path, loc)
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
    outside = [k for k, (lon, lat) in enumerate(coords) if not theatre.covers(shapely.Point(lon, lat))]
    if not outside:
        return out
    swapped = [k for k in outside if theatre.covers(shapely.Point(coords[k][1], coords[k][0]))]
    if swapped and len(swapped) == len(outside):
        k = swapped[0]
        out.append(Problem("error", str(path), _vertex_line(marks, (*loc, "coords", k)),
                           f"feature {f.id}: vertex {k} {list(coords[k])} lies outside the theatre "
                           "but inside it with lon and lat exchanged: write [lon, lat]"))
    elif f.kind == "point" or len(outside) == len(coords):
        k = outside[0]
        out.append(Problem("warning", str(path), _vertex_line(marks, (*loc, "coords", k)),
                           f"feature {f.id}: vertex {k} {list(coords[k])} lies outside the theatre"))
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
    for name, (model, key, what) in lists.items():
        good, raw, marks = _items(model, folder / name, problems)
        problems += duplicate_ids(raw, key, marks, folder / name, what)
        if model is Feature:
            problems += feature_problems(good, theatre_id, marks, folder / name)
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
        if pack is not None:
            try:
                load_agreement(path, pack)
            except StandoffError as exc:
                problems.append(Problem("error", exc.file or str(path), exc.line, exc.message))
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.level != "error", p.file, p.line or 0))
