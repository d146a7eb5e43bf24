"""Feature geometry from GIS files: GeoJSON, KML, GeoPackage and Shapefile, any CRS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer

import standoff
from standoff.errors import PackError
from standoff.packs import init_pack, load_pack
from tests.oracle import distance_to_polyline

M4 = [(30.45, 10.15), (30.5, 10.5), (30.55, 10.85)]
M5 = [(30.3, 10.2), (30.35, 10.8)]
DRIVERS = {"lines.geojson": "GeoJSON", "lines.kml": "KML", "lines.gpkg": "GPKG",
           "lines.shp": "ESRI Shapefile"}


def write_lines(path: Path, crs: str = "EPSG:4326", lines: dict[str, list] | None = None,
                kind: str = "LineString") -> None:
    lines = lines or {"M4": M4, "M5": M5}
    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    geoms = []
    for coords in lines.values():
        xy = np.array(coords)
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        line = kind == "LineString"
        geom = shapely.LineString(np.column_stack([x, y])) if line else shapely.Point(x[0], y[0])
        geoms.append(shapely.to_wkb(geom))
    pyogrio.raw.write(path, np.array(geoms, dtype=object), [np.array(list(lines), dtype=object)],
                      ["name"], geometry_type=kind, crs=crs, driver=DRIVERS[path.name])


def use_file(folder: Path, spec: str) -> None:
    features = folder / "features.yaml"
    text = features.read_text()
    line_x = text.index("- id: LINE_X")
    start = text.index("      coords:" if "      coords:" in text[line_x:] else "      geometry:", line_x)
    features.write_text(text[:start] + f"      geometry: {spec}\n")


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))


@pytest.mark.parametrize("name", list(DRIVERS))
def test_a_line_from_each_kind_of_file(pack_dir: Path, name: str):
    write_lines(pack_dir / name)
    use_file(pack_dir, f"{{file: {name}, where: {{name: M4}}}}")
    pack = load_pack(pack_dir)
    coords = pack.features["LINE_X"].versions[0].coords
    assert np.allclose(coords, M4, atol=1e-7)
    assert "geometry from " + name in pack.features["LINE_X"].versions[0].note


def test_a_file_in_another_crs_is_transformed_and_margins_match_the_oracle(pack_dir: Path):
    write_lines(pack_dir / "lines.gpkg", crs="EPSG:32636")  # UTM 36N
    use_file(pack_dir, "{file: lines.gpkg, where: {name: M4}}")
    pack = load_pack(pack_dir)
    assert np.allclose(pack.features["LINE_X"].versions[0].coords, M4, atol=1e-7)
    (pack_dir / "r.csv").write_text("id,time,actor,lon,lat\na,2020-06-01,RED,30.6,10.5\n"
                                    "b,2020-06-01,RED,30.9,10.6\n")
    result = standoff.check(standoff.read_observations(pack_dir / "r.csv", pack), pack)
    for v in result.verdicts:
        lon, lat = (30.6, 10.5) if v.observation_id == "a" else (30.9, 10.6)
        assert v.margin_m == pytest.approx(10_000 - distance_to_polyline(lon, lat, M4), abs=1.0)


@pytest.mark.parametrize("spec,message", [
    ("{file: lines.geojson, where: {name: M9}}", "0 of the file's 2 rows match name=M9; give `where` "
                                                  "so that exactly one does"),
    ("{file: lines.geojson}", "2 of the file's 2 rows match (no where); give `where` so that exactly "
                              "one does"),
    ("{file: lines.geojson, where: {label: M4}}", "the file has no field 'label'; its fields are name"),
])
def test_a_where_that_picks_no_single_row_is_refused(pack_dir: Path, spec: str, message: str):
    write_lines(pack_dir / "lines.geojson")
    use_file(pack_dir, spec)
    with pytest.raises(PackError) as err:
        load_pack(pack_dir)
    assert str(err.value) == f"{(pack_dir / 'lines.geojson').resolve()}: feature LINE_X: {message}"


def test_a_missing_file_and_a_wrong_geometry_are_refused(pack_dir: Path):
    use_file(pack_dir, "{file: nowhere.gpkg, where: {name: M4}}")
    with pytest.raises(PackError, match="feature LINE_X: no such geometry file 'nowhere.gpkg'"):
        load_pack(pack_dir)
    write_lines(pack_dir / "lines.geojson", kind="Point")
    use_file(pack_dir, "{file: lines.geojson, where: {name: M4}}")
    with pytest.raises(PackError, match="feature LINE_X: a line needs a LineString in its geometry "
                                        "file, not a Point"):
        load_pack(pack_dir)


def test_swapped_coordinates_in_a_file_are_caught(pack_dir: Path):
    write_lines(pack_dir / "lines.geojson", lines={"M4": [(lat, lon) for lon, lat in M4]})
    use_file(pack_dir, "{file: lines.geojson, where: {name: M4}}")
    with pytest.raises(PackError, match="lon and lat exchanged"):
        load_pack(pack_dir)
