"""Verdict files read back: any format `write_result` writes, as a `CheckResult`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine.result import CheckResult
from standoff.engine.table import (
    OBSERVATION_KEYS,
    ROW_SCHEMA,
    extra_array,
    from_table,
    observations_from_table,
)
from standoff.errors import StandoffError
from standoff.model import Pack
from standoff.report.rowtext import csv_unescaped
from standoff.report.writers import SUFFIXES

#: The columns that make a table a verdict table.
REQUIRED = ("observation_id", "agreement_id", "clause_id", "status")
_TEXT_SCHEMA = pa.schema([pa.field(f.name, pa.string()) if pa.types.is_date(f.type) else f
                          for f in ROW_SCHEMA])
_CSV_SCHEMA = pa.schema([pa.field(f.name, pa.string()) if pa.types.is_list(f.type) else f
                         for f in _TEXT_SCHEMA])


class NotVerdicts(ValueError):
    """The file is readable but holds no verdicts."""


def _typed(table: pa.Table) -> pa.Table:
    """Dates given as text cast to dates; the verdict columns checked."""
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise NotVerdicts(f"no column '{missing[0]}'")
    for f in ROW_SCHEMA:
        if f.name in table.column_names and table.schema.field(f.name).type != f.type:
            col = table.column(f.name)
            if pa.types.is_null(col.type):
                col = col.cast(pa.string())
            if pa.types.is_list(f.type) and pa.types.is_string(col.type):  # CSV: '[12,40]'
                col = pa.array([None if v is None else json.loads(v) for v in col.to_pylist()], f.type)
            table = table.set_column(table.column_names.index(f.name), f.name, col.cast(f.type))
    return table


def _from_records(records: list[dict[str, Any]], schema: pa.Schema = _TEXT_SCHEMA, *,
                  every: bool = False) -> pa.Table:
    """Records as a table: the columns of `schema` (`every`: all of them, else those the first
    record has) with their types, then the input's own columns, their types inferred."""
    names = list(dict.fromkeys(k for r in records[:1] for k in r)) or list(schema.names)
    known = list(schema.names) if every else [n for n in names if n in schema.names]
    table = pa.Table.from_pylist(records, schema=pa.schema([schema.field(n) for n in known]))
    for n in names:
        if n not in schema.names:
            table = table.append_column(n, extra_array([r.get(n) for r in records]))
    return table


def _areas_wkb(column: pa.ChunkedArray) -> list[Any]:
    """Rings of the polygons among WKB geometries (points, 21 bytes, are skipped)."""
    import shapely

    lengths = pc.binary_length(column).to_numpy(zero_copy_only=False)
    areas: list[Any] = [None] * len(lengths)
    for i in np.flatnonzero(lengths != 21):
        g = shapely.from_wkb(column[int(i)].as_py())
        if g.geom_type == "Polygon":
            areas[i] = [tuple(p) for p in np.asarray(g.exterior.coords)]
    return areas


def _read(path: Path, fmt: str, pack: Pack | None) -> CheckResult:
    origin = str(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        meta = json.loads((table.schema.metadata or {}).get(b"standoff", b"{}"))
        areas = _areas_wkb(table.column("geometry")) if "geometry" in table.column_names else None
        return from_table(_typed(table), pack, meta, origin, areas=areas)
    if fmt == "csv":
        import pyarrow.csv as pcsv

        with path.open(newline="", encoding="utf-8") as f:  # the input's own columns are text
            header = next(csv.reader(f), [])
        types = {**{n: pa.string() for n in header}, **{f.name: f.type for f in _CSV_SCHEMA}}
        table = pcsv.read_csv(path, parse_options=pcsv.ParseOptions(newlines_in_values=True),
                              convert_options=pcsv.ConvertOptions(
            column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=False))
        for j, f in enumerate(table.schema):
            if pa.types.is_string(f.type):
                table = table.set_column(j, f.name, csv_unescaped(table.column(j)))
        return from_table(_typed(table), pack, {}, origin)
    if fmt == "jsonl":
        import pyarrow.json as pjson

        table = pjson.read_json(path, parse_options=pjson.ParseOptions(
            explicit_schema=_TEXT_SCHEMA, unexpected_field_behavior="infer"))
        return from_table(_typed(table), pack, {}, origin)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise NotVerdicts("not a JSON object")
    if fmt == "geojson" or data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        table = _typed(_from_records([f.get("properties") or {} for f in features]))
        areas = [[tuple(p) for p in f["geometry"]["coordinates"][0]]
                 if (f.get("geometry") or {}).get("type") == "Polygon" else None for f in features]
        return from_table(table, pack, data.get("standoff") or {}, origin, areas=areas)
    if "verdicts" not in data:
        raise NotVerdicts("no 'verdicts' key")
    records = data.get("observations") or []
    schema = pa.schema([(key, _TEXT_SCHEMA.field(name).type) for name, key in OBSERVATION_KEYS.items()])
    obs_table = _from_records([{k: v for k, v in r.items() if k != "area"} for r in records], schema,
                              every=True)
    observations = observations_from_table(
        obs_table, [[tuple(p) for p in r["area"]] if r.get("area") else None for r in records], origin)
    return from_table(_typed(_from_records(data["verdicts"])), pack, data, origin, observations=observations)


def load_result(path: str | Path, pack: Pack | None = None) -> CheckResult:
    """Read back verdicts written by `standoff check -o` (.json, .jsonl, .geojson, .csv, .parquet).

    The clauses come from `pack` where it has them, else from the definitions the file holds
    (JSON document, GeoJSON, GeoParquet); CSV and JSON Lines need the pack they were checked with.
    """
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if not path.is_file():
        raise StandoffError("no such file", file=str(path))
    if fmt is None:
        raise StandoffError(f"not a verdicts file written by standoff check: unknown suffix "
                            f"'{path.suffix}'", file=str(path))
    try:
        return _read(path, fmt, pack)
    except StandoffError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, pa.ArrowException) as exc:
        raise StandoffError(f"not a verdicts file written by standoff check: {exc}",
                            file=str(path)) from None


def looks_like_verdicts(path: str | Path) -> bool:
    """Whether a .parquet, .csv, .jsonl or .geojson file holds verdict rows (by its columns)."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            names = pq.read_schema(path).names
        elif fmt in ("csv", "jsonl", "geojson"):
            with path.open("rb") as f:
                head = f.read(65536).decode("utf-8", "replace")
            if fmt == "geojson":
                return '"FeatureCollection","standoff":' in head
            first = head.splitlines()[0] if head else ""
            names = [n.strip('"') for n in first.split(",")] if fmt == "csv" else list(json.loads(first))
        else:
            return False
    except (OSError, ValueError, IndexError, pa.ArrowException):
        return False
    return all(c in names for c in REQUIRED)
