"""Columns standoff does not read are kept: from any table through to every verdict file, and back."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import standoff
from standoff.errors import InputWarning
from standoff.packs import load_pack
from standoff.report.verdicts import load_result

FORMATS = ("csv", "jsonl", "json", "geojson", "parquet")
AGREEMENT = ["israel-demand-60km"]
# two reports of IRN inside and outside 60 km of Line A, with columns of the analyst's own
CSV_TEXT = """\
id,time,actor,lon,lat,radius_m,fatalities,admin1,status,note
k1,2018-05-10,IRN.IRGC,36.24,33.36,2000,3,Rural Damascus,confirmed,"=SUM(A1)"
k2,2018-09-05,IRN,36.69,33.64,2000,,Rural Damascus,,"two, with a comma"
"""


@pytest.fixture(scope="module")
def golan():
    return load_pack("golan")


def _round_trip(result, folder: Path, golan) -> dict[str, Path]:
    """Write every format, read each back and write it again: the same bytes."""
    paths = {}
    for fmt in FORMATS:
        first, second = folder / f"a.{fmt}", folder / f"b.{fmt}"
        standoff.write_result(result, first)
        standoff.write_result(load_result(first, golan), second)
        assert first.read_bytes() == second.read_bytes(), fmt
        paths[fmt] = first
    return paths


def test_csv_columns_reach_every_verdict_file(golan, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    obs = standoff.read_observations(path, golan)
    assert list(obs.extra) == ["fatalities", "admin1", "status", "note"]
    paths = _round_trip(standoff.check(obs, golan, agreements=AGREEMENT), tmp_path, golan)
    with paths["csv"].open(newline="", encoding="utf-8") as f:
        rows = {r["observation_id"]: r for r in csv.DictReader(f)}
    # after the verdict's columns; 'status' is the verdict's, so the input's is input_status
    assert (rows["k1"]["status"], rows["k1"]["input_status"]) == ("violation", "confirmed")
    assert (rows["k1"]["fatalities"], rows["k2"]["fatalities"]) == ("3", "")
    assert rows["k1"]["note"] == "'=SUM(A1)"  # defused for spreadsheets, read back as it was
    assert load_result(paths["csv"], golan).observations.extra["note"].to_pylist()[0] == "=SUM(A1)"
    assert rows["k2"]["note"] == "two, with a comma"
    lines = [json.loads(x) for x in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert [x["admin1"] for x in lines] == ["Rural Damascus"] * 2
    assert list(lines[0])[-4:] == ["fatalities", "admin1", "input_status", "note"]
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert doc["observations"][0]["fatalities"] == "3"  # the observations keep them too
    assert doc["verdicts"][0]["input_status"] == "confirmed"
    features = json.loads(paths["geojson"].read_text(encoding="utf-8"))["features"]
    assert features[0]["properties"]["note"] == "=SUM(A1)"
    table = pq.read_table(paths["parquet"])
    assert table.column("fatalities").to_pylist() == ["3", ""]


def test_geojson_properties_keep_their_kinds(golan, tmp_path):
    def feature(fid: str, lon: float, lat: float, **props: object) -> dict[str, object]:
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"id": fid, "time": "2018-05-10", "actor": "IRN", **props}}

    path = tmp_path / "obs.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature("g1", 36.24, 33.36, fatalities=3, tone=-2.5, verified=True, tags=["a", "b"], mixed=1),
        feature("g2", 36.69, 33.64, fatalities=None, tone=1.0, verified=False, tags=[], mixed="x"),
    ]}), encoding="utf-8")
    paths = _round_trip(standoff.check(standoff.read_observations(path, golan), golan, agreements=AGREEMENT),
                        tmp_path, golan)
    table = pq.read_table(paths["parquet"])
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("tone").type == pa.float64()
    assert table.schema.field("verified").type == pa.bool_()
    assert table.column("tags").to_pylist() == ['["a", "b"]', "[]"]  # lists as JSON text
    assert table.column("mixed").to_pylist() == ["1", "x"]  # mixed kinds as text
    props = json.loads(paths["geojson"].read_text(encoding="utf-8"))["features"][0]["properties"]
    assert (props["fatalities"], props["tone"]) == (3, -2.5)


def test_geoparquet_columns_keep_their_types(golan, tmp_path):
    from standoff.report.writers import point_wkb

    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    table = pa.table({
        "id": ["p1", "p2"], "actor": ["IRN", "IRN"], "time": pa.array([17661, 17779], pa.date32()),
        "geometry": point_wkb(pa.array([36.24, 36.69]).to_numpy(), pa.array([33.36, 33.64]).to_numpy()),
        "fatalities": pa.array([3, None], pa.int32()), "seen_at": pa.array([0, 10**9], pa.timestamp("s")),
    }).replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    path = tmp_path / "obs.parquet"
    pq.write_table(table, path)
    obs = standoff.read_observations(path, golan)
    assert list(obs.extra) == ["fatalities", "seen_at"]
    paths = _round_trip(standoff.check(obs, golan, agreements=AGREEMENT), tmp_path, golan)
    out = pq.read_table(paths["parquet"])
    assert out.schema.field("fatalities").type == pa.int64()
    assert out.column("fatalities").to_pylist() == [3, None]
    assert out.column("seen_at").to_pylist()[0].startswith("1970-01-01")  # timestamps as text


@pytest.mark.parametrize(("column", "meant"), [("radius", "radius_m"), ("Latitude", "lat"),
                                               ("confidance", "confidence")])
def test_a_column_close_to_ours_is_kept_with_a_warning(tmp_path, column, meant):
    path = tmp_path / "obs.csv"
    path.write_text(f"id,actor,geometry,{column}\na,IRN,POINT (36.2 33.3),5\n", encoding="utf-8")
    with pytest.warns(InputWarning, match=rf"column '{column}' is not one standoff reads \(did you mean "
                                          rf"{meant}\?\); it is kept as it is in the verdict files"):
        obs = standoff.read_observations(path)
    assert list(obs.extra[column]) == ["5"]


def test_unrelated_columns_pass_silently(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("id,actor,lon,lat,colour\na,IRN,36.2,33.3,red\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(standoff.read_observations(path).extra["colour"]) == ["red"]


def test_acled_columns_reach_the_verdicts(golan, tmp_path):
    source = Path(__file__).parent / "data" / "events" / "acled_golan.csv"
    with pytest.warns(InputWarning):
        obs = standoff.read_observations(source, golan)
    paths = _round_trip(standoff.check(obs, golan, agreements=AGREEMENT), tmp_path, golan)
    with paths["csv"].open(newline="", encoding="utf-8") as f:
        rows = {r["observation_id"]: r for r in csv.DictReader(f)}
    row = rows["SYR90001/actor2"]
    assert row["actor"] == "IRN.IRGC"
    assert row["actor_name"] == "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"
    assert (row["actor_role"], row["event_id_cnty"], row["location"]) == ("actor2", "SYR90001", "Al Kiswah")
    assert row["sub_event_type"] == "Air/drone strike"
