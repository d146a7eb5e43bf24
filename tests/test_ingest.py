"""Observation tables: CSV, GeoJSON and GeoParquet agree, and bad rows name file, line/row and field."""

from __future__ import annotations

import csv
import json
import re
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from pyproj import CRS, Geod, Transformer

import standoff
from standoff.errors import ObservationError, SwappedCoordinatesWarning

TOY = Path(__file__).parent / "data" / "toypack"
GEOD = Geod(ellps="WGS84")

ROWS: list[dict[str, Any]] = [
    {"id": "o1", "time": "2018-05-01", "time_end": "", "actor": "IRN.IRGC", "lon": 36.1, "lat": 33.0,
     "radius_m": 1000.0, "count": None, "unit": "", "source": "https://example.org/a",
     "quote": "IRGC seen, near the line", "attribution": "", "confidence": 1.0},
    {"id": "o2", "time": "2018-05-02", "time_end": "2018-05-04", "actor": "SYR.SAA", "lon": 36.45,
     "lat": 32.75, "radius_m": 0.0, "count": 40, "unit": "tank", "source": "https://example.org/c",
     "quote": "40 tanks", "attribution": "a \"monitor\"", "confidence": 0.5},
    {"id": "o3", "time": "", "time_end": "", "actor": "IRN", "lon": 36.3, "lat": 33.25,
     "radius_m": 2500.0, "count": None, "unit": "", "source": "", "quote": "Iranians, date unknown",
     "attribution": "", "confidence": 1.0},
]
PROPS = [k for k in ROWS[0] if k not in ("lon", "lat")]
COLUMNS = ["id", "actor", "lon", "lat", "radius_m", "time", "time_end", "count", "unit", "source",
           "quote", "attribution", "confidence"]


@pytest.fixture(scope="module")
def pack() -> standoff.Pack:
    return standoff.load_pack(TOY)


def at(path: Path) -> str:
    """The path as a regex that matches it literally."""
    return re.escape(str(path))


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    return path


def write_geojson(path: Path, rows: list[dict[str, Any]], geometries: list[dict] | None = None) -> Path:
    geometries = geometries or [{"type": "Point", "coordinates": [r["lon"], r["lat"]]} for r in rows]
    features = [{"type": "Feature", "geometry": g, "properties": {k: r[k] for k in PROPS if k in r}}
                for r, g in zip(rows, geometries, strict=True)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def write_geoparquet(path: Path, rows: list[dict[str, Any]], crs: str | None = None) -> Path:
    lon = np.array([r["lon"] for r in rows])
    lat = np.array([r["lat"] for r in rows])
    meta: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if crs is not None:
        lon, lat = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
        meta["crs"] = CRS.from_user_input(crs).to_json_dict()  # PROJJSON, as the spec says
    columns: dict[str, Any] = {k: [r[k] if r[k] != "" else None for r in rows] for k in PROPS}
    columns["time"] = pa.array([date.fromisoformat(t) if t else None for t in columns["time"]], pa.date32())
    columns["geometry"] = pa.array(list(shapely.to_wkb(shapely.points(lon, lat))), pa.binary())
    table = pa.table(columns)
    geo = {"version": "1.1.0", "primary_column": "geometry", "columns": {"geometry": meta}}
    pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), path)
    return path


def assert_same(a: standoff.ObservationSet, b: standoff.ObservationSet, *, atol: float = 0.0) -> None:
    for name in COLUMNS:
        x, y = getattr(a, name), getattr(b, name)
        if name in ("lon", "lat"):
            np.testing.assert_allclose(x, y, rtol=0, atol=atol, err_msg=name)
        elif x.dtype.kind in "fM":
            np.testing.assert_array_equal(x, y, err_msg=name)  # NaN == NaN and NaT == NaT here
        else:
            assert list(x) == list(y), name


def test_csv_values(tmp_path):
    obs = standoff.read_observations(write_csv(tmp_path / "obs.csv", ROWS))
    assert list(obs.id) == ["o1", "o2", "o3"]
    assert list(obs.actor) == ["IRN.IRGC", "SYR.SAA", "IRN"]
    np.testing.assert_array_equal(obs.lon, [36.1, 36.45, 36.3])
    np.testing.assert_array_equal(obs.radius_m, [1000, 0, 2500])
    assert list(obs.time.astype(str)) == ["2018-05-01", "2018-05-02", "NaT"]
    assert list(obs.time_end.astype(str)) == ["NaT", "2018-05-04", "NaT"]
    np.testing.assert_array_equal(obs.count, [np.nan, 40, np.nan])
    np.testing.assert_array_equal(obs.confidence, [1.0, 0.5, 1.0])
    assert obs.quote[0] == "IRGC seen, near the line" and obs.attribution[1] == 'a "monitor"'
    assert obs.origin == str(tmp_path / "obs.csv")


def test_geojson_and_geoparquet_match_csv(tmp_path, pack):
    ref = standoff.read_observations(write_csv(tmp_path / "obs.csv", ROWS), pack)
    assert_same(ref, standoff.read_observations(write_geojson(tmp_path / "obs.geojson", ROWS), pack))
    assert_same(ref, standoff.read_observations(write_geoparquet(tmp_path / "obs.parquet", ROWS), pack))
    wgs84 = write_geoparquet(tmp_path / "wgs84.parquet", ROWS, crs="EPSG:4326")
    assert_same(ref, standoff.read_observations(wgs84, pack), atol=1e-9)


def test_geoparquet_projected_crs_is_transformed(tmp_path, pack):
    path = write_geoparquet(tmp_path / "utm.parquet", ROWS, crs="EPSG:32637")
    x = pq.read_table(path).column("geometry").to_pylist()
    assert shapely.from_wkb(x[0]).x > 1000  # really metres in the file
    obs = standoff.read_observations(path, pack)
    back_lon, back_lat = Transformer.from_crs("EPSG:32637", "EPSG:4326", always_xy=True).transform(
        [shapely.from_wkb(g).x for g in x], [shapely.from_wkb(g).y for g in x])
    np.testing.assert_allclose(obs.lon, back_lon, atol=1e-12)
    np.testing.assert_allclose(obs.lat, back_lat, atol=1e-12)
    ref = standoff.read_observations(write_csv(tmp_path / "obs.csv", ROWS), pack)
    assert_same(ref, obs, atol=1e-8)  # round trip through UTM: well under a millimetre


def test_plain_parquet_with_lon_lat_columns(tmp_path):
    path = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "actor": ["IRN", "SYR"], "lon": [36.1, 36.2],
                             "lat": [33.0, 33.1]}), path)
    obs = standoff.read_observations(path)
    np.testing.assert_array_equal(obs.lat, [33.0, 33.1])
    assert list(obs.actor) == ["IRN", "SYR"]


SQUARE = [[36.3, 32.9], [36.5, 32.9], [36.5, 33.1], [36.3, 33.1], [36.3, 32.9]]
TRIANGLE = [[36.0, 32.6], [36.4, 32.7], [36.1, 33.2], [36.0, 32.6]]


def enclosing_radius(ring: list[list[float]]) -> tuple[float, float, float]:
    """Planar centroid (shoelace) and the largest geodesic distance from it to the densified outline."""
    xy = np.array(ring)
    x, y = xy[:-1, 0], xy[:-1, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    cx, cy = ((x + x1) * cross).sum() / (6 * area), ((y + y1) * cross).sum() / (6 * area)
    t = np.linspace(0, 1, 201)[:, None]
    dense = np.concatenate([a + t * (b - a) for a, b in zip(xy[:-1], xy[1:], strict=True)])
    _, _, d = GEOD.inv(np.full(len(dense), cx), np.full(len(dense), cy), dense[:, 0], dense[:, 1])
    return cx, cy, float(d.max())


@pytest.mark.parametrize("ring", [SQUARE, TRIANGLE], ids=["square", "triangle"])
def test_geojson_area_becomes_centroid_and_enclosing_radius(tmp_path, ring):
    rows = [{**ROWS[0], "radius_m": 0.0}, {**ROWS[1], "radius_m": 500.0}]
    geoms = [{"type": "Point", "coordinates": [36.1, 33.0]}, {"type": "Polygon", "coordinates": [ring]}]
    obs = standoff.read_observations(write_geojson(tmp_path / "area.geojson", rows, geoms))
    cx, cy, radius = enclosing_radius(ring)
    assert obs.lon[1] == pytest.approx(cx, abs=1e-9) and obs.lat[1] == pytest.approx(cy, abs=1e-9)
    assert obs.radius_m[1] == pytest.approx(500.0 + radius, abs=1.0)  # stated radius plus the area's
    assert obs.radius_m[0] == 0.0
    assert obs.area[0] is None
    assert [list(p) for p in obs.area[1]] == ring


def test_csv_wkt_area_matches_geojson_area(tmp_path):
    poly = "POLYGON ((" + ", ".join(f"{x} {y}" for x, y in SQUARE) + "))"
    csv_path = tmp_path / "wkt.csv"
    csv_path.write_text(f'id,actor,geometry\na,IRN,"{poly}"\n', encoding="utf-8")
    gj = write_geojson(tmp_path / "a.geojson", [{"id": "a", "actor": "IRN"}],
                       [{"type": "Polygon", "coordinates": [SQUARE]}])
    a, b = standoff.read_observations(csv_path), standoff.read_observations(gj)
    assert (a.lon[0], a.lat[0], a.radius_m[0]) == (b.lon[0], b.lat[0], b.radius_m[0])
    assert a.radius_m[0] == pytest.approx(enclosing_radius(SQUARE)[2], abs=1.0)


H = "id,time,actor,lon,lat,radius_m\n"
OK = "a,2018-01-01,IRN,36.1,33.0,0\n"

# (name, csv text, line, field, message regex)
CSV_ERRORS = [
    ("non-numeric-lat", H + OK + "b,2018-01-01,IRN,36.1,north,0\n", 3, "lat", r"'north' is not a number$"),
    ("lat-95", H + "a,2018-01-01,IRN,36.1,95,0\n", 2, "lat", r"95 is outside \[-90, 90\]$"),
    ("lon-minus-200", H + "a,2018-01-01,IRN,-200,33,0\n", 2, "lon", r"-200 is outside \[-180, 180\]$"),
    ("lat-nan", H + "a,2018-01-01,IRN,36.1,nan,0\n", 2, "lat", r"nan is outside \[-90, 90\]$"),
    ("negative-radius", H + "a,2018-01-01,IRN,36.1,33,-5\n", 2, "radius_m", r"-5 is outside \[0, "),
    ("missing-id", H + OK + ",2018-01-01,IRN,36.1,33,0\n", 3, "id", r"every row needs an id$"),
    ("duplicate-id", H + OK + "b,2018-01-01,IRN,36.1,33,0\n" + OK, 4, "id",
     r"'a' repeats the id of row 1$"),
    ("missing-actor", H + "a,2018-01-01,,36.1,33,0\n", 2, "actor", r"every row needs an actor code$"),
    ("date-dmy", H + "a,23/07/2018,IRN,36.1,33,0\n", 2, "time",
     r"'23/07/2018' is not an ISO date such as 2018-07-23$"),
    ("date-invalid", H + "a,2018-02-30,IRN,36.1,33,0\n", 2, "time", r"'2018-02-30' is not a valid date$"),
    ("missing-lat", "id,actor,lon\na,IRN,36\n", 2, "lat", r"missing: give lon and lat"),
    ("blank-lines", H + "\n" + OK + "\nb,2018-01-01,IRN,36.1,x,0\n", 5, "lat", r"'x' is not a number$"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), [c[1:] for c in CSV_ERRORS],
                         ids=[c[0] for c in CSV_ERRORS])
def test_csv_row_errors(tmp_path, text, line, field, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ObservationError, match=rf"^{at(path)}:{line}: field '{field}': {message}") as info:
        standoff.read_observations(path)
    assert (info.value.file, info.value.line, info.value.field) == (str(path), line, field)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("obs.xlsx", "id\n", r": unknown format '\.xlsx': use \.csv, \.geojson or \.parquet$"),
    ("empty.csv", "", r": the file is empty: expected a header row$"),
    ("empty.geojson", "", r":1: not valid JSON: Expecting value$"),
    ("list.geojson", "[1, 2]", r": expected a GeoJSON FeatureCollection$"),
    ("broken.parquet", "not parquet", r": not a readable Parquet file: "),
])
def test_file_errors(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ObservationError, match=rf"^{at(path)}{message}"):
        standoff.read_observations(path)


def test_missing_file(tmp_path):
    with pytest.raises(ObservationError, match=rf"^{at(tmp_path / 'absent.csv')}: no such file$"):
        standoff.read_observations(tmp_path / "absent.csv")


def test_header_only_csv_is_empty_set(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(H, encoding="utf-8")
    assert len(standoff.read_observations(path)) == 0


def test_geojson_errors_name_the_feature(tmp_path):
    rows = [dict(ROWS[0]), {**ROWS[1], "time": "01/05/2018"}]
    path = write_geojson(tmp_path / "bad.geojson", rows)
    with pytest.raises(ObservationError, match=r": row 2: field 'time': '01/05/2018' is not an ISO") as info:
        standoff.read_observations(path)
    assert (info.value.row, info.value.field, info.value.line) == (2, "time", None)
    geoms = [{"type": "Point", "coordinates": [36.1, 33.0]}, {"type": "Pointy", "coordinates": [1, 2]}]
    path = write_geojson(tmp_path / "geom.geojson", ROWS[:2], geoms)
    with pytest.raises(ObservationError, match=r": row 2: field 'geometry': not a valid GeoJSON geometry$"):
        standoff.read_observations(path)


def test_geoparquet_errors_name_the_row(tmp_path):
    rows = [dict(ROWS[0]), {**ROWS[1], "id": "o1"}]
    path = write_geoparquet(tmp_path / "dup.parquet", rows)
    message = rf"^{at(path)}: row 2: field 'id': 'o1' repeats the id of row 1$"
    with pytest.raises(ObservationError, match=message):
        standoff.read_observations(path)


@pytest.mark.parametrize("fmt", ["geojson", "wkt", "geoparquet"])
def test_geometry_out_of_range_is_refused(tmp_path, fmt):
    if fmt == "geoparquet":
        path = write_geoparquet(tmp_path / "far.parquet", [{**ROWS[0], "lon": 200.0, "lat": 95.0}])
    elif fmt == "geojson":
        path = write_geojson(tmp_path / "far.geojson", [{"id": "a", "actor": "IRN"}],
                             [{"type": "Point", "coordinates": [200.0, 95.0]}])
    else:
        path = tmp_path / "far.csv"
        path.write_text("id,actor,geometry\na,IRN,POINT (200 95)\n", encoding="utf-8")
    with pytest.raises(ObservationError, match=r"outside"):
        standoff.read_observations(path)


def test_bad_wkt_names_the_line(tmp_path):
    path = tmp_path / "wkt.csv"
    path.write_text('id,actor,geometry\na,IRN,POINT (36 33)\nb,IRN,"POLYGON ((36.3 32.9, 36.5"\n')
    with pytest.raises(ObservationError, match=r"field 'geometry': not valid WKT") as info:
        standoff.read_observations(path)
    assert info.value.line == 3


def test_csv_mixing_lon_lat_and_wkt_rows(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("id,actor,lon,lat,geometry\na,IRN,36.1,33,\nb,IRN,,,POINT (36.2 33)\n")
    obs = standoff.read_observations(path)
    np.testing.assert_array_equal(obs.lon, [36.1, 36.2])


def test_error_in_multiline_row_names_its_first_line(tmp_path):
    path = tmp_path / "ml.csv"
    path.write_text('id,actor,lon,lat,quote\na,IRN,36.1,x,"two\nlines"\n', encoding="utf-8")
    with pytest.raises(ObservationError, match=rf"^{at(path)}:2: field 'lat'"):
        standoff.read_observations(path)


def swapped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "lon": r["lat"], "lat": r["lon"]} for r in rows]


def test_swapped_coordinates_warn(tmp_path, pack):
    path = write_csv(tmp_path / "swapped.csv", swapped(ROWS))
    with pytest.warns(SwappedCoordinatesWarning, match=r"swapped\.csv: no observation lies in the toy "
                      r"theatre, but 3 of 3 would with lat and lon exchanged"):
        obs = standoff.read_observations(path, pack)
    assert obs.lon[0] == 33.0  # a warning, not a correction
    gj = write_geojson(tmp_path / "swapped.geojson", swapped(ROWS))
    with pytest.warns(SwappedCoordinatesWarning):
        standoff.read_observations(gj, pack)


def test_no_swap_warning_for_normal_or_packless_or_partly_inside(tmp_path, pack):
    normal = write_csv(tmp_path / "normal.csv", ROWS)
    flipped = write_csv(tmp_path / "swapped.csv", swapped(ROWS))
    one_inside = write_csv(tmp_path / "mixed.csv", swapped(ROWS[:2]) + ROWS[2:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        standoff.read_observations(normal, pack)
        standoff.read_observations(flipped)  # no pack, no theatre to judge by
        standoff.read_observations(one_inside, pack)
