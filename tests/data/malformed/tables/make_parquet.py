"""Writes the malformed GeoParquet files of this folder (run once; the files are committed).

    PYTHONPATH=src .venv/bin/python tests/data/malformed/tables/make_parquet.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import shapely

HERE = Path(__file__).parent
PROPS = {"id": ["o1", "o2"], "time": ["2018-05-01", "2018-05-02"], "actor": ["IRN", "SYR.SAA"]}
POINTS = [shapely.Point(36.1, 33.0).wkb, shapely.Point(36.6, 33.0).wkb]


def geo(column: str = "geometry", crs: object = None) -> dict[str, object]:
    spec: dict[str, object] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if crs is not None:
        spec["crs"] = crs
    return {"version": "1.0.0", "primary_column": column, "columns": {column: spec}}


def write(name: str, columns: dict[str, object], meta: bytes | None) -> None:
    table = pa.table(columns)
    if meta is not None:
        table = table.replace_schema_metadata({b"geo": meta})
    pq.write_table(table, HERE / name)


write("bad-crs.parquet", {**PROPS, "geometry": POINTS}, json.dumps(geo(crs="EPSG:999999")).encode())
write("geo-not-json.parquet", {**PROPS, "geometry": POINTS}, b"{primary_column: geometry")
write("geo-not-an-object.parquet", {**PROPS, "geometry": POINTS}, b"[1, 2]")
write("geo-columns-a-list.parquet", {**PROPS, "geometry": POINTS},
      json.dumps({"primary_column": "geometry", "columns": ["geometry"]}).encode())
write("bad-wkb.parquet", {**PROPS, "geometry": [POINTS[0], b"\x01\x01\x00\x00\x00garbage"]},
      json.dumps(geo()).encode())
write("missing-geometry-column.parquet", {**PROPS, "geometry": POINTS}, json.dumps(geo("geom")).encode())
GEO = json.dumps(geo()).encode()
write("list-geometry.parquet", {**PROPS, "geometry": [[36.1, 33.0], [36.6, 33.0]]}, GEO)
write("collection.parquet", {**PROPS, "geometry": [POINTS[0], shapely.GeometryCollection(
    [shapely.Point(36.1, 33.0), shapely.LineString([(36, 33), (36.2, 33.1)])]).wkb]}, GEO)

write("not-utf8-string.parquet", {**PROPS, "geometry": POINTS}, GEO)
raw = bytearray((HERE / "not-utf8-string.parquet").read_bytes())
raw[raw.find(b"SYR.SAA")] = 0x86  # a string that is not UTF-8 (pyarrow does not check on reading)
(HERE / "not-utf8-string.parquet").write_bytes(bytes(raw))
