"""Strict readers for untrusted tables: every malformed file ends in one ObservationError.

CSV is parsed strictly (an unclosed quote is an error, not the rest of the file in one field),
fields are capped at `LIMITS.max_field_bytes`, JSON nesting at `LIMITS.max_depth`, and
GeoParquet's `geo` metadata, geometry column, WKB and CRS are each checked with their own
message (wordings in `errors.MESSAGES`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from standoff.errors import ObservationError, decode_utf8, message
from standoff.limits import LIMITS, check_size

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def read_text(path: Path, kind: str) -> str:
    """The file as text: within the size limit, UTF-8, no NUL bytes."""
    check_size(path, LIMITS.max_input_bytes, ObservationError)
    return decode_utf8(path.read_bytes(), ObservationError, str(path), kind)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def csv_records(path: Path, text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, records and the first line of each record; strict about quotes and field size."""
    stream = csv_stream(path, io.StringIO(text, newline=""))
    header = next(stream, ([], 0))[0]
    records: list[list[str]] = []
    starts: list[int] = []
    for record, start in stream:
        records.append(record)
        starts.append(start)
    return header, records, starts


def csv_stream(path: Path, lines: Iterable[str]) -> Iterator[tuple[list[str], int]]:
    """The header, then each non-empty record, with the line it starts on; strict as `csv_records`."""
    reader = csv.reader(lines, strict=True)
    header = True
    start = 1
    with _field_limit(LIMITS.max_field_bytes):
        try:
            for record in reader:
                if header or record:
                    yield record, start
                header = False
                start = reader.line_num + 1
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                msg = message("csv-field-too-large", limit_kb=LIMITS.max_field_bytes // 1024)
                code = "csv-field-too-large"
            elif "unexpected end of data" in reason:
                msg, code = message("csv-unclosed-quote"), "csv-unclosed-quote"
            else:
                msg, code = f"not valid CSV: {reason}", None
            line = start if code else reader.line_num
            raise ObservationError(msg, file=str(path), line=line, code=code) from None


def check_json_depth(path: Path, text: str) -> None:
    """Refuse JSON nested deeper than the limit before parsing it (strings blanked, one pass)."""
    data = text.encode()
    if data.count(b"[") + data.count(b"{") <= LIMITS.max_depth:
        return
    blank = _STRING.sub(lambda m: b" " * len(m.group()), data)
    codes = np.frombuffer(blank, np.uint8)
    step = np.zeros(len(codes), np.int32)
    step[(codes == ord("[")) | (codes == ord("{"))] = 1
    step[(codes == ord("]")) | (codes == ord("}"))] = -1
    depth = np.cumsum(step)
    over = np.flatnonzero(depth > LIMITS.max_depth)
    if len(over):
        at = int(over[0])
        line = data.count(b"\n", 0, at) + 1
        col = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise ObservationError(message("json-too-deep", limit=LIMITS.max_depth), file=str(path),
                               line=line, col=col, code="json-too-deep")


def kind_of(value: Any) -> str:
    """A JSON value's kind in words: 'a list', 'a string', ..."""
    names = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number",
             type(None): "null", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def geo_metadata(path: Path, table: Any) -> dict[str, Any] | None:
    """The checked `geo` metadata of a Parquet table: (primary column, crs) guaranteed usable."""
    raw = (table.schema.metadata or {}).get(b"geo")
    if not raw:
        return None

    def bad(reason: str) -> ObservationError:
        return ObservationError(message("geo-metadata", reason=reason), file=str(path), code="geo-metadata")

    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError):
        raise bad("not JSON") from None
    if not isinstance(meta, dict):
        raise bad(f"expected an object, got {kind_of(meta)}")
    column = meta.get("primary_column", "geometry")
    columns = meta.get("columns", {})
    if not isinstance(column, str):
        raise bad(f"primary_column is {kind_of(column)}, expected a column name")
    if not isinstance(columns, dict) or not isinstance(columns.get(column, {}), dict):
        raise bad("columns must map each geometry column to an object")
    if column not in table.column_names:
        raise ObservationError(message("geo-column-missing", column=column), file=str(path),
                               code="geo-column-missing")
    import pyarrow as pa

    kind = table.schema.field(column).type
    if not (pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_null(kind)):
        raise ObservationError(message("geo-column-type", column=column, kind=kind), file=str(path),
                               code="geo-column-type")
    return {"column": column, "crs": columns.get(column, {}).get("crs")}


def from_wkb(path: Path, values: np.ndarray) -> list[Any]:
    """Geometries from WKB, or an error naming the first row that is not WKB."""
    import shapely

    try:
        return list(shapely.from_wkb(values))
    except Exception:  # shapely raises GEOSException; find the row (error path only)
        for i, value in enumerate(values):
            try:
                shapely.from_wkb(value)
            except Exception as exc:
                reason = str(exc).splitlines()[0]
                raise ObservationError("field 'geometry': " + message("bad-wkb", reason=reason),
                                       file=str(path), row=i + 1, field="geometry", code="bad-wkb") from None
        raise


def to_wgs84(path: Path, column: str, crs: Any, geoms: list[Any]) -> list[Any]:
    """Geometries in `crs` transformed to lon/lat degrees (unchanged when already EPSG:4326)."""
    import shapely
    from pyproj import CRS, Transformer

    try:
        src = CRS.from_user_input(crs)
        if src.equals(CRS.from_epsg(4326), ignore_axis_order=True):
            return geoms
        tr = Transformer.from_crs(src, "EPSG:4326", always_xy=True)
    except Exception as exc:  # pyproj raises CRSError, TypeError, ValueError
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ObservationError(message("bad-crs", column=column, reason=reason), file=str(path),
                               code="bad-crs") from None
    return list(shapely.transform(np.array(geoms, dtype=object), lambda xy: np.column_stack(
        tr.transform(xy[:, 0], xy[:, 1]))))
