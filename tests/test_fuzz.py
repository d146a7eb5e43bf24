"""Fuzzing the CLI with mutated agreements and observation tables (Hypothesis).

Each example starts from a valid file (the golan pack's agreements, and its example observations
as CSV, GeoJSON and GeoParquet), mutates it (keys deleted, duplicated or retyped; scalars swapped;
cells, geometries and metadata replaced; random bytes inserted), and runs `standoff check` in
process. The property: exit 0, 1 or 2; no traceback and no internal error; on exit 2 no new
output file, and an output file that was there is untouched.

`make test` runs a few derandomized examples per format (about 20 s in all); `STANDOFF_FUZZ=N`
runs N random examples per format:

    STANDOFF_FUZZ=10000 PYTHONPATH=src .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

Recorded runs are listed in tests/README.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from standoff.cli import app

GOLAN = Path(__file__).resolve().parents[1] / "src" / "standoff" / "packs" / "golan"
OBS = GOLAN / "examples" / "observations.csv"
AGREEMENTS = sorted((GOLAN / "agreements").glob("*.yaml"))
EXAMPLES = int(os.environ.get("STANDOFF_FUZZ", "0"))

FUZZ = settings(
    max_examples=EXAMPLES or 12,
    derandomize=not EXAMPLES,  # `make test` always runs the same examples
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found: shrinking takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- values and generic mutations -------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["", "*", "IRN*", "LINE_A", "2018-13-01", "0000-01-01", "-1",
                                           "1e999", "nan", "POINT (36 33)", "[", "{", "'", '"']),
    st.dates(min_value=date(1, 1, 1)),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=6), SCALARS,
                                                                              max_size=3))


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into nested dicts and lists (the root is `()`)."""
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*here, i))
    return out


def _parent(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        value = value[part]
    return value


def mutate_data(data: st.DataObject, value: Any) -> Any:
    """One structural change: delete, retype or swap (in place on a copy)."""
    value = json.loads(json.dumps(value, default=str))
    inner = [p for p in paths(value) if p]
    if not inner:
        return data.draw(VALUES)
    path = data.draw(st.sampled_from(inner))
    op = data.draw(st.sampled_from(["delete", "retype", "swap", "wrap"]))
    parent = _parent(value, path)
    if op == "delete":
        del parent[path[-1]]
    elif op == "retype":
        parent[path[-1]] = data.draw(VALUES)
    elif op == "wrap":
        parent[path[-1]] = data.draw(st.sampled_from([[parent[path[-1]]], {"x": parent[path[-1]]}]))
    else:
        other = data.draw(st.sampled_from(inner))
        if other[: len(path)] != path and path[: len(other)] != other:
            op_parent = _parent(value, other)
            parent[path[-1]], op_parent[other[-1]] = op_parent[other[-1]], parent[path[-1]]
    return value


def mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    """One change of the file's bytes: a line deleted or duplicated, bytes inserted or cut."""
    op = data.draw(st.sampled_from(["delete-line", "duplicate-line", "insert", "truncate", "flip"]))
    lines = raw.split(b"\n")
    i = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    if op == "delete-line":
        del lines[i]
        return b"\n".join(lines)
    if op == "duplicate-line":
        lines.insert(i, lines[i])
        return b"\n".join(lines)
    at = data.draw(st.integers(0, len(raw)))
    if op == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=16)) + raw[at:]
    if op == "truncate":
        return raw[:at]
    if at == len(raw):
        return raw
    return raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1:]


# --- running the CLI --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check_property(data: st.DataObject, work: Path, args: list[str]) -> int:
    """Run `standoff check ARGS -o OUT` and assert the property; return the exit code."""
    existed = data.draw(st.booleans(), label="output exists")
    out = work / ("verdicts.json" if data.draw(st.booleans()) else "verdicts.csv")
    out.unlink(missing_ok=True)
    if existed:
        out.write_bytes(b"earlier verdicts")
    result = CliRunner().invoke(app, [*args, "--fail-on", "violation", "-q", "-o", str(out)])
    stderr = result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception), stderr)
    assert result.exit_code in (0, 1, 2), (result.exit_code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if result.exit_code == 2:
        lines = stderr.strip().splitlines()  # warnings may come first; the error is one line, last
        assert lines and lines[-1].startswith("error: "), stderr
        assert all(line.startswith("warning: ") for line in lines[:-1]), stderr
        if existed:
            assert out.read_bytes() == b"earlier verdicts"
        else:
            assert not out.exists()
    else:
        assert out.exists() and out.read_bytes() != b"earlier verdicts"
    return result.exit_code


# --- agreements -------------------------------------------------------------------------------------

@FUZZ
@given(data=st.data())
def test_fuzz_agreement_yaml(work, data):
    source = data.draw(st.sampled_from(AGREEMENTS), label="agreement")
    text = source.read_bytes()
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        try:
            parsed = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError):
            parsed = None
        if parsed is not None and data.draw(st.booleans()):
            text = yaml.safe_dump(mutate_data(data, parsed), allow_unicode=True).encode()
        else:
            text = mutate_bytes(data, text)
    path = work / "agreement.yaml"
    path.write_bytes(text)
    check_property(data, work, ["check", str(OBS), "--pack", "golan", "-a", str(path)])


# --- observation tables -----------------------------------------------------------------------------

def example_rows() -> list[dict[str, str]]:
    with OBS.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


ROWS = example_rows()
GEOMETRIES = st.sampled_from([
    {"type": "Polygon",
     "coordinates": [[[35.9, 33.0], [36.1, 33.2], [36.1, 33.0], [35.9, 33.2], [35.9, 33.0]]]},
    {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [36, 33]}]},
    {"type": "LineString", "coordinates": [[35.9, 33.0], [36.1, 33.2]]},
    {"type": "Point", "coordinates": []}, {"type": "Point", "coordinates": [1e300, -1e300]},
    {"type": "MultiPolygon", "coordinates": [[[[35.9, 33.0], [36.0, 33.0], [36.0, 33.1], [35.9, 33.0]]]]},
    {"type": "Polygon", "coordinates": [[[179.9, 33.0], [-179.9, 33.0], [-179.9, 33.1], [179.9, 33.0]]]},
    None, [], "POINT (36 33)", 7,
])


def mutated_rows(data: st.DataObject) -> list[dict[str, Any]]:
    rows = [dict(r) for r in ROWS[: data.draw(st.integers(1, len(ROWS)), label="rows")]]
    for _ in range(data.draw(st.integers(1, 3), label="cell mutations")):
        row = data.draw(st.sampled_from(rows))
        column = data.draw(st.sampled_from([*ROWS[0], "geometry", "time_end"]))
        row[column] = data.draw(st.one_of(SCALARS.map(lambda v: "" if v is None else str(v)),
                                          st.text(max_size=30)))
    return rows


def geojson_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for r in rows:
        props = {k: v for k, v in r.items() if k not in ("lon", "lat", "geometry")}
        try:
            geometry: Any = {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]}
        except (KeyError, ValueError):
            geometry = None
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


@FUZZ
@given(data=st.data())
def test_fuzz_csv(work, data):
    rows = mutated_rows(data)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
    writer.writeheader()
    writer.writerows(rows)
    raw = buffer.getvalue().encode()
    if data.draw(st.booleans(), label="byte mutation"):
        raw = mutate_bytes(data, raw)
    path = work / "observations.csv"
    path.write_bytes(raw)
    check_property(data, work, ["check", str(path), "--pack", "golan"])


@FUZZ
@given(data=st.data())
def test_fuzz_geojson(work, data):
    doc = geojson_of(mutated_rows(data))
    if data.draw(st.booleans(), label="geometry"):
        feature = data.draw(st.sampled_from(doc["features"]))
        feature["geometry"] = data.draw(GEOMETRIES)
    if data.draw(st.booleans(), label="structure"):
        doc = mutate_data(data, doc)
    raw = json.dumps(doc, allow_nan=True, default=str).encode()
    if data.draw(st.booleans(), label="byte mutation"):
        raw = mutate_bytes(data, raw)
    path = work / "observations.geojson"
    path.write_bytes(raw)
    check_property(data, work, ["check", str(path), "--pack", "golan"])


def wkb_of(geometry: Any) -> bytes | None:
    try:
        return shapely.from_geojson(json.dumps(geometry)).wkb if isinstance(geometry, dict) else None
    except Exception:  # shapely refuses some of the odd geometries: then no geometry
        return None


@FUZZ
@given(data=st.data())
def test_fuzz_geoparquet(work, data):
    doc = geojson_of(mutated_rows(data))
    if data.draw(st.booleans(), label="geometry"):
        data.draw(st.sampled_from(doc["features"]))["geometry"] = data.draw(GEOMETRIES)
    columns: dict[str, Any] = {k: [str(f["properties"].get(k, "")) for f in doc["features"]]
                               for k in doc["features"][0]["properties"]}
    columns["geometry"] = [wkb_of(f["geometry"]) for f in doc["features"]]
    meta: Any = {"version": "1.0.0", "primary_column": "geometry",
                 "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}
    change = data.draw(st.sampled_from(["none", "column", "metadata", "wkb", "crs"]), label="change")
    if change == "column":
        name = data.draw(st.sampled_from(sorted(columns)))
        columns[name] = data.draw(st.sampled_from([
            None, [1.5] * len(columns[name]), [[1, 2]] * len(columns[name]), [None] * len(columns[name]),
            [b"\x00\x01"] * len(columns[name])]))
        if columns[name] is None:
            del columns[name]
    elif change == "metadata":
        meta = mutate_data(data, meta)
    elif change == "wkb":
        i = data.draw(st.integers(0, len(columns["geometry"]) - 1))
        columns["geometry"][i] = data.draw(st.binary(max_size=40))
    elif change == "crs":
        meta["columns"]["geometry"]["crs"] = data.draw(st.one_of(SCALARS, st.sampled_from(
            ["EPSG:3857", "EPSG:32636", {"type": "nonsense"}, "+proj=longlat +datum=WGS84"])))
    table = pa.table(columns) if columns else pa.table({"x": [1]})
    table = table.replace_schema_metadata({b"geo": json.dumps(meta, default=str).encode()})
    path = work / "observations.parquet"
    pq.write_table(table, path)
    if data.draw(st.booleans(), label="byte mutation"):
        path.write_bytes(mutate_bytes(data, path.read_bytes()))
    check_property(data, work, ["check", str(path), "--pack", "golan"])
