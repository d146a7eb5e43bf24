"""Observation tables: CSV, GeoJSON and GeoParquet into an ObservationSet, with row-level errors."""

from __future__ import annotations

import json
import re
import warnings
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from standoff.errors import InputWarning, ObservationError, SwappedCoordinatesWarning, message
from standoff.escape import csv_unescape_cell
from standoff.geo.ellipsoid import GEOD
from standoff.geo.limits import geometry_problem
from standoff.ingest import strict
from standoff.ingest.codes import warn_unknown_codes
from standoff.model import COLUMNS, ObservationSet, Pack
from standoff.model.days import utc_seconds_of

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")
TEXT_COLUMNS = ("unit", "source", "quote", "attribution", "activity")
_SYNONYMS = {"latitude": "lat", "longitude": "lon", "long": "lon", "lng": "lon", "date": "time",
             "radius": "radius_m"}


class _Table:
    """Columns of strings plus, for each row, how to name it in an error."""

    def __init__(self, path: Path, rows: list[dict[str, Any]], where: list[tuple[int | None, int]]):
        self.path, self.rows, self.where = path, rows, where
        self.extra: list[str] = []  # columns kept as they are, beside ours

    def fail(self, i: int, field: str, msg: str, code: str | None = None) -> ObservationError:
        line, row = self.where[i]
        return ObservationError(f"field '{field}': {msg}", file=str(self.path), line=line,
                                row=None if line else row, field=field, code=code)

    def text(self, name: str) -> list[str]:
        out = ["" if r.get(name) is None else str(r.get(name)).strip() for r in self.rows]
        if self.path.suffix.lower() == ".csv":  # a CSV cell escaped against formulas: '=...
            out = [csv_unescape_cell(v) if v.startswith("'") else v for v in out]
        return out

    def extra_values(self) -> dict[str, np.ndarray]:
        """The columns that are not ours: text as read from CSV, JSON or Parquet values otherwise."""
        if self.path.suffix.lower() == ".csv":
            return {name: np.array(self.text(name), dtype=object) for name in self.extra}
        out = {}
        for name in self.extra:
            values = np.empty(len(self.rows), dtype=object)
            values[:] = [r.get(name) for r in self.rows]
            out[name] = values
        return out

    def numbers(self, name: str, default: float, lo: float, hi: float) -> np.ndarray:
        values = self.text(name)
        out = np.full(len(values), default, dtype=np.float64)
        filled = np.array([v != "" for v in values], dtype=bool)
        try:
            out[filled] = np.array(values, dtype=object)[filled].astype(np.float64)
        except ValueError:
            for i in np.flatnonzero(filled):
                try:
                    float(values[i])
                except ValueError:
                    raise self.fail(int(i), name, f"'{values[i]}' is not a number") from None
        bad = np.flatnonzero(filled & ~((out >= lo) & (out <= hi)))
        if len(bad):
            raise self.fail(int(bad[0]), name, f"{out[bad[0]]:g} is outside [{lo:g}, {hi:g}]")
        return out

    def days(self, name: str) -> np.ndarray:
        values = self.text(name)
        out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
        text = np.array(values, dtype=str)
        filled = text != ""
        if len(text) < 50_000:  # pyarrow's conversion imports pandas (~0.6 s): not worth it here
            ok = np.array([_DATE.match(v) is not None for v in text], dtype=bool)
        else:
            import pyarrow as pa
            import pyarrow.compute as pc

            ok = pc.match_substring_regex(pa.array(text), _DATE.pattern).to_numpy(zero_copy_only=False)
        bad = np.flatnonzero(filled & ~ok)
        if len(bad):
            v = values[int(bad[0])]
            raise self.fail(int(bad[0]), name, f"'{v}' is not an ISO date such as 2018-07-23")
        try:
            out[filled] = text[filled].astype("U10").astype("datetime64[D]")
        except ValueError:
            for i in np.flatnonzero(filled):  # find the row to name (error path only)
                try:
                    np.datetime64(values[i][:10], "D")
                except ValueError:
                    raise self.fail(int(i), name, f"'{values[i]}' is not a valid date") from None
        early = np.flatnonzero(out < np.datetime64("0001-01-01", "D"))  # NaT compares False
        if len(early):
            raise self.fail(int(early[0]), name, message("year-out-of-range", value=values[int(early[0])]),
                            "year-out-of-range")
        return out


def _read_csv(path: Path) -> _Table:
    return _read_csv_rows(path, *strict.csv_records(path, strict.read_text(path, "CSV")))


def _read_csv_rows(path: Path, header: list[str], records: list[list[str]], starts: list[int],
                   first_row: int = 0) -> _Table:
    """The parsed CSV records as a table, its header checked (also for CSV text in memory, and
    for a batch of a streamed file: rows counted from `first_row`, near misses warned once)."""
    check_csv_header(path, header)
    for record, line in zip(records, starts, strict=True):
        if len(record) > len(header):
            raise ObservationError(message("csv-extra-fields", count=len(record), header=len(header)),
                                   file=str(path), line=line, code="csv-extra-fields")
    rows = [dict(zip(header, record, strict=False)) for record in records]
    table = _Table(path, rows, [(line, first_row + i + 1) for i, line in enumerate(starts)])
    table.extra = _extra_columns(path, header) if first_row == 0 else \
        [c for c in header if c not in COLUMNS and c != ""]
    return table


def check_csv_header(path: Path, header: list[str]) -> None:
    """Refuse a CSV header that is empty or names a column twice."""
    if not header:
        raise ObservationError("the file is empty: expected a header row", file=str(path))
    twice = [c for i, c in enumerate(header) if c in header[:i]]
    if twice:
        raise ObservationError(f"column '{twice[0]}' is given twice", file=str(path), line=1)


def _extra_columns(path: Path, names: list[str]) -> list[str]:
    """Columns that are not ours, kept as they are; a near miss of ours gets a warning."""
    extra = [c for c in names if c not in COLUMNS and c != ""]
    for name in extra:
        free = [c for c in COLUMNS if c not in names]
        close = [_SYNONYMS[name.lower()]] if _SYNONYMS.get(name.lower()) in free else \
            get_close_matches(name.lower(), free, n=1, cutoff=0.8)
        if close:
            warnings.warn(f"{path}: column '{name}' is not one standoff reads (did you mean {close[0]}?); "
                          "it is kept as it is in the verdict files", InputWarning, stacklevel=4)
    return extra


def csv_observations(path: Path, header: list[str], records: list[list[str]], starts: list[int],
                     pack: Pack | None, first_row: int = 0) -> ObservationSet:
    """Observations from some records of a CSV file (`starts`: their first lines)."""
    return _build(_read_csv_rows(path, header, records, starts, first_row), None, pack)


def _read_geojson(path: Path) -> tuple[_Table, list[Any]]:
    text = strict.read_text(path, "GeoJSON")
    strict.check_json_depth(path, text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ObservationError(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ObservationError("expected a GeoJSON FeatureCollection", file=str(path))
    geoms, rows = [], []
    for i, f in enumerate(features):
        if not isinstance(f, dict):
            raise ObservationError(message("not-an-object", kind=strict.kind_of(f)), file=str(path),
                                   row=i + 1, code="not-an-object")
        props = f.get("properties")
        if props is not None and not isinstance(props, dict):
            raise ObservationError("field 'properties': " + message("not-an-object", kind=strict.kind_of(
                props)), file=str(path), row=i + 1, field="properties", code="not-an-object")
        rows.append(props or {})
        try:
            geoms.append(shapely.from_geojson(json.dumps(f.get("geometry"))))
        except Exception:  # shapely raises GEOSException for bad geometry
            raise ObservationError("field 'geometry': not a valid GeoJSON geometry", file=str(path),
                                   row=i + 1, field="geometry") from None
    table = _Table(path, rows, [(None, i + 1) for i in range(len(rows))])
    table.extra = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in COLUMNS]
    return table, geoms


def _read_parquet(path: Path) -> tuple[_Table | ObservationSet, list[Any] | None]:
    import pyarrow.parquet as pq

    from standoff.limits import LIMITS, check_size

    check_size(path, LIMITS.max_input_bytes, ObservationError)
    try:
        table = pq.read_table(path)
        table.validate(full=True)  # e.g. strings that are not UTF-8, before anything reads them
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends
        reason = " ".join(str(exc).split())  # pyarrow's message can span lines: one line
        raise ObservationError(f"not a readable Parquet file: {reason}", file=str(path)) from None
    out = _parquet_table(path, table, strict.geo_metadata(path, table))
    del table
    import pyarrow as pa

    pa.default_memory_pool().release_unused()  # the pages the file's table held, back to the system
    return out


def _parquet_table(path: Path, table: Any, meta: dict[str, Any] | None,
                   first_row: int = 0) -> tuple[_Table | ObservationSet, list[Any] | None]:
    from standoff.ingest.columnar import read_points_parquet

    fast = read_points_parquet(path, table, meta)  # points in WGS84, every value in range
    if fast is not None:
        return fast, None
    geoms = None
    if meta is not None:
        geoms = strict.from_wkb(path, table.column(meta["column"]).to_numpy(zero_copy_only=False))
        if meta["crs"] is not None:
            geoms = strict.to_wgs84(path, meta["column"], meta["crs"], geoms)
        table = table.drop_columns([meta["column"]])
    rows = table.to_pylist()
    out = _Table(path, rows, [(None, first_row + i + 1) for i in range(len(rows))])
    out.extra = [c for c in table.column_names if c not in COLUMNS]
    return out, geoms


def parquet_observations(path: Path, table: Any, meta: dict[str, Any] | None, pack: Pack | None,
                         first_row: int = 0) -> ObservationSet:
    """Observations from an Arrow table read from a (Geo)Parquet file (`meta`: its checked `geo`
    metadata); errors name rows counted from `first_row`."""
    table, geoms = _parquet_table(path, table, meta, first_row)
    if not isinstance(table, ObservationSet):
        return _build(table, geoms, pack)
    if pack is not None:
        _warn_if_swapped(table.lon, table.lat, pack, path)
        warn_unknown_codes(table.actor, table.unit, pack, path)
    return table


def _discs(table: _Table, geoms: list[Any], theatre_m2: float | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Any]]:
    """Points as (lon, lat, 0); areas as their centroid and the radius of an enclosing disc (m).

    Rows without a geometry get NaN, to be filled from their lon/lat columns. Geometries too
    costly to check (`engine.areas.geometry_problem`) are refused with their row.
    """
    n = len(geoms)
    lon, lat, radius = np.full(n, np.nan), np.full(n, np.nan), np.zeros(n)
    areas: list[Any] = [None] * n
    for i, g in enumerate(geoms):
        if g is None:
            continue
        if g.is_empty:
            raise table.fail(i, "geometry", "empty geometry")
        if g.geom_type == "GeometryCollection":
            raise table.fail(i, "geometry", message("geometry-kind", kind=g.geom_type), "geometry-kind")
        xy = shapely.get_coordinates(g)
        if not ((np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()):
            raise table.fail(i, "geometry", "coordinates outside lon [-180, 180], lat [-90, 90]")
        problem = geometry_problem(g, theatre_m2) if len(xy) > 1 else None
        if problem:
            raise table.fail(i, "geometry", problem)
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_valid:
            raise table.fail(i, "geometry", *_invalid_polygon(g))
        c = g.centroid
        lon[i], lat[i] = c.x, c.y
        if g.geom_type != "Point":
            _, _, d = GEOD.inv(np.full(len(xy), c.x), np.full(len(xy), c.y), xy[:, 0], xy[:, 1])
            radius[i] = float(np.max(d))
            if g.geom_type == "Polygon":
                areas[i] = [tuple(p) for p in np.asarray(g.exterior.coords)]
    return lon, lat, radius, areas


def _invalid_polygon(g: Any) -> tuple[str, str | None]:
    """Why shapely finds a polygon invalid, in words (a bow-tie names where it crosses itself)."""
    reason = shapely.is_valid_reason(g)
    found = re.search(r"\[(-?[0-9.e+-]+) (-?[0-9.e+-]+)", reason)
    if reason.startswith("Self-intersection") and found:
        return message("self-intersecting", lon=float(found.group(1)), lat=float(found.group(2))), \
            "self-intersecting"
    return f"not a valid polygon: {reason}", None


def read_observations(path: str | Path, pack: Pack | None = None) -> ObservationSet:
    """Read a CSV, GeoJSON or GeoParquet table of observations (columns: see COLUMNS).

    ACLED exports (CSV) and GDELT 2.0 event files (tab-separated) are recognised by their
    columns and read with `standoff.ingest.events`.
    """
    path = Path(path)
    if not path.is_file():
        raise ObservationError("no such file", file=str(path))
    suffix = path.suffix.lower()
    geoms = None
    from standoff.ingest.events import read_events

    events = read_events(path, pack)  # ACLED or GDELT, known by their columns
    if events is not None:
        return events
    if suffix == ".csv":
        table = _read_csv(path)
    elif suffix in (".geojson", ".json"):
        table, geoms = _read_geojson(path)
    elif suffix in (".parquet", ".geoparquet"):
        parsed, geoms = _read_parquet(path)
        if isinstance(parsed, ObservationSet):
            if pack is not None:
                _warn_if_swapped(parsed.lon, parsed.lat, pack, path)
                warn_unknown_codes(parsed.actor, parsed.unit, pack, path)
            return parsed
        table = parsed
    else:
        raise ObservationError(f"unknown format '{suffix}': use .csv, .geojson or .parquet",
                               file=str(path))
    return _build(table, geoms, pack)


def _wkt(table: _Table, i: int, text: str) -> Any:
    if not text:
        return None
    try:
        return shapely.from_wkt(text)
    except Exception:  # shapely raises GEOSException
        raise table.fail(i, "geometry", "not valid WKT") from None


def _build(table: _Table, geoms: list[Any] | None, pack: Pack | None) -> ObservationSet:
    ids = table.text("id")
    for i, v in enumerate(ids):
        if not v:
            raise table.fail(i, "id", "every row needs an id")
    seen: dict[str, int] = {}
    for i, v in enumerate(ids):
        if v in seen:
            raise table.fail(i, "id", f"'{v}' repeats the id of row {seen[v] + 1}")
        seen[v] = i
    actors = table.text("actor")
    for i, a in enumerate(actors):
        if not a:
            raise table.fail(i, "actor", "every row needs an actor code")
    radius = table.numbers("radius_m", 0.0, 0.0, 20_000_000.0)
    if geoms is None:
        geoms = [_wkt(table, i, w) for i, w in enumerate(table.text("geometry"))]
    lon, lat, extra, areas = _discs(table, geoms, _theatre_m2(pack, geoms))
    radius = radius + extra
    no_geometry = np.isnan(lon)
    for name in ("lon", "lat"):
        missing = [i for i, v in enumerate(table.text(name)) if not v and no_geometry[i]]
        if missing:
            raise table.fail(missing[0], name, "missing: give lon and lat (degrees) or a geometry")
    lon = np.where(no_geometry, table.numbers("lon", np.nan, -180.0, 180.0), lon)
    lat = np.where(no_geometry, table.numbers("lat", np.nan, -90.0, 90.0), lat)
    text = {name: np.array(table.text(name), dtype=object) for name in TEXT_COLUMNS}
    time, time_end = table.days("time"), table.days("time_end")
    time_s, time_end_s = utc_seconds_of(table.text("time")), utc_seconds_of(table.text("time_end"))
    backwards = np.flatnonzero(time_end < time)  # NaT compares False
    if len(backwards):
        i = int(backwards[0])
        raise table.fail(i, "time_end", message("time-end-before-time", end=table.text("time_end")[i],
                                                start=table.text("time")[i]), "time-end-before-time")
    count, confidence = table.numbers("count", np.nan, 0.0, 1e9), table.numbers("confidence", 1.0, 0, 1)
    if pack is not None:  # warnings only once every error had its chance
        _warn_if_swapped(lon, lat, pack, table.path)
        warn_unknown_codes(np.array(actors, dtype=object), text["unit"], pack, table.path)
    return ObservationSet(
        id=np.array(ids, dtype=object), actor=np.array(actors, dtype=object), lon=lon, lat=lat,
        radius_m=radius, time=time, time_end=time_end, time_s=time_s, time_end_s=time_end_s,
        count=count, confidence=confidence, area=areas, origin=str(table.path), extra=table.extra_values(),
        unit=text["unit"], source=text["source"], quote=text["quote"], attribution=text["attribution"],
        activity=text["activity"],
    )


def _theatre_m2(pack: Pack | None, geoms: list[Any]) -> float | None:
    """The theatre's geodesic area, when the pack has one and some row is an area."""
    if pack is None or not any(g is not None and g.geom_type in ("Polygon", "MultiPolygon")
                               for g in geoms):
        return None
    from standoff.geo.features import ShapeCache

    theatre = ShapeCache(pack).get(pack.theatre, None)
    return abs(GEOD.geometry_area_perimeter(theatre.geometry)[0]) if theatre is not None else None


def _warn_if_swapped(lon: np.ndarray, lat: np.ndarray, pack: Pack, path: Path) -> None:
    """Warn when no point falls in the theatre but most would with lat and lon exchanged."""
    from standoff.geo.features import ShapeCache

    theatre = ShapeCache(pack).get(pack.theatre, None)
    if theatre is None or len(lon) == 0:
        return
    geom = theatre.geometry
    inside = shapely.contains_xy(geom, lon, lat)
    swapped = shapely.contains_xy(geom, lat, lon)
    if not inside.any() and swapped.mean() > 0.5:
        warnings.warn(f"{path}: no observation lies in the {pack.id} theatre, but "
                      f"{int(swapped.sum())} of {len(lon)} would with lat and lon exchanged: "
                      "are the lon and lat columns swapped?", SwappedCoordinatesWarning, stacklevel=3)
