"""A columnar fast path for GeoParquet observation tables of points.

Well-formed tables (point geometries in WGS84 or lon/lat columns, dated with Parquet dates or
timestamps) are read column by column with no object per row. Anything else, or any value the
checks refuse, returns None so that the row-by-row reader reads the file and names the row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from standoff.model import COLUMNS, ObservationSet
from standoff.model.days import NO_TIME

TEXT = ("unit", "source", "quote", "attribution", "activity")


def _trimmed(table: Any, name: str) -> Any:
    """A text column as Arrow strings, trimmed, nulls as ''; None when it is not text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    col = table.column(name)
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type) or pa.types.is_null(col.type)):
        return None
    return pc.utf8_trim_whitespace(pc.fill_null(col.cast(pa.string()), ""))


def _objects(col: Any, repeated: bool = True) -> np.ndarray:
    """Arrow strings as a numpy object array; `repeated`: a column with few distinct values is
    converted through its dictionary, so its rows share one str per value (less memory, faster)."""
    import pyarrow.compute as pc

    if repeated:
        coded = pc.dictionary_encode(col).combine_chunks()
        if len(coded.dictionary) <= len(coded) // 4:
            values = np.asarray(coded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
            return np.asarray(values[coded.indices.to_numpy(zero_copy_only=False)], dtype=object)
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)


def _text(table: Any, name: str) -> np.ndarray | None:
    if name not in table.column_names:
        return np.full(table.num_rows, "", dtype=object)
    col = _trimmed(table, name)
    return None if col is None else _objects(col)


def _numbers(table: Any, name: str, default: float, lo: float, hi: float) -> np.ndarray | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if name not in table.column_names:
        return np.full(table.num_rows, default)
    col = table.column(name)
    if not (pa.types.is_floating(col.type) or pa.types.is_integer(col.type) or pa.types.is_null(col.type)):
        return None
    values = pc.fill_null(col.cast(pa.float64()), np.nan).to_numpy()
    values = np.where(np.isnan(values), default, values)
    given = ~np.isnan(values)
    return values if ((values[given] >= lo) & (values[given] <= hi)).all() else None


def _days(table: Any, name: str) -> np.ndarray | None:
    import pyarrow as pa

    n = table.num_rows
    if name not in table.column_names:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    col = table.column(name)
    if pa.types.is_null(col.type):
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if pa.types.is_timestamp(col.type):
        col = col.cast(pa.timestamp(col.type.unit)).cast(pa.date32())
    if not pa.types.is_date(col.type):
        return None
    days: np.ndarray = col.cast(pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    return days


def _seconds(table: Any, name: str) -> np.ndarray:
    """UTC seconds of a timestamp column with a time zone (an instant); NO_TIME elsewhere."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.full(table.num_rows, NO_TIME, np.int64)
    col = table.column(name) if name in table.column_names else None
    if col is None or not pa.types.is_timestamp(col.type) or not col.type.tz:
        return out
    per_s = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[col.type.unit]
    values = pc.fill_null(col.cast(pa.int64()), NO_TIME).to_numpy(zero_copy_only=False)
    return np.where(values == NO_TIME, NO_TIME, values // per_s)


def _points(table: Any, column: str) -> tuple[np.ndarray, np.ndarray] | None:
    """lon, lat of little-endian WKB points, straight from the column's buffer."""
    import pyarrow as pa

    col = table.column(column).combine_chunks()
    if col.null_count or not (pa.types.is_binary(col.type) or pa.types.is_large_binary(col.type)):
        return None
    width = np.int64 if pa.types.is_large_binary(col.type) else np.int32
    offsets = np.frombuffer(col.buffers()[1], width)[col.offset:col.offset + len(col) + 1]
    if len(col) and not (np.diff(offsets) == 21).all():
        return None
    raw = np.frombuffer(col.buffers()[2], np.uint8)[offsets[0]:offsets[-1]].reshape(-1, 21) if len(col) \
        else np.zeros((0, 21), np.uint8)
    if not ((raw[:, 0] == 1).all() and (raw[:, 1:5].copy().view("<u4").ravel() == 1).all()):
        return None
    return raw[:, 5:13].copy().view("<f8").ravel(), raw[:, 13:21].copy().view("<f8").ravel()


def read_points_parquet(path: Path, table: Any, meta: dict[str, Any] | None) -> ObservationSet | None:
    """The observations of a GeoParquet table of points, or None for the row-by-row reader."""
    import pyarrow.compute as pc

    n = table.num_rows
    if meta is not None:
        if meta.get("crs") is not None:
            return None
        points = _points(table, meta["column"])
        if points is None:
            return None
        lon, lat = points
    else:
        lon_, lat_ = _numbers(table, "lon", np.nan, -180, 180), _numbers(table, "lat", np.nan, -90, 90)
        if lon_ is None or lat_ is None:
            return None
        lon, lat = lon_, lat_
    if np.isnan(lon).any() or np.isnan(lat).any() or (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        return None
    if "id" not in table.column_names or "actor" not in table.column_names:
        return None
    id_text, actors = _trimmed(table, "id"), _text(table, "actor")
    if id_text is None or actors is None:
        return None
    # every id given, none blank, all distinct (counted by Arrow's hash, not a sort of objects)
    if not (pc.all(pc.not_equal(table.column("id").cast("string"), "")).as_py()
            and pc.all(pc.not_equal(id_text, "")).as_py() and (actors != "").all()
            and pc.count_distinct(id_text).as_py() == n):
        return None
    ids = _objects(id_text, repeated=False)
    text = {name: _text(table, name) for name in TEXT}
    numbers = {"radius_m": _numbers(table, "radius_m", 0.0, 0.0, 20_000_000.0),
               "count": _numbers(table, "count", np.nan, 0.0, 1e9),
               "confidence": _numbers(table, "confidence", 1.0, 0.0, 1.0)}
    time, time_end = _days(table, "time"), _days(table, "time_end")
    if time is None or time_end is None or any(v is None for v in (*text.values(), *numbers.values())):
        return None
    if (time_end < time).any():  # NaT compares False
        return None
    skip = {*COLUMNS, meta["column"] if meta is not None else "geometry"}
    extra = {name: table.column(name).combine_chunks() for name in table.column_names if name not in skip}
    return ObservationSet(id=ids, actor=actors, lon=lon, lat=lat, time=time, time_end=time_end,
                          time_s=_seconds(table, "time"), time_end_s=_seconds(table, "time_end"),
                          area=[], origin=str(path), extra=extra, **numbers, **text)  # type: ignore[arg-type]
