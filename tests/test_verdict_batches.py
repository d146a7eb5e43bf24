"""Verdict files written in many small batches: each row keeps its own report's geometry, and
the file holds what one large batch would have written."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import shapely

import standoff
from standoff.report import verdicts, writers

#: Some reports are areas (a square and a triangle east of the lines), the others points.
SQUARE = [[36.3, 32.9], [36.5, 32.9], [36.5, 33.1], [36.3, 33.1], [36.3, 32.9]]
TRIANGLE = [[36.0, 32.6], [36.4, 32.7], [36.1, 33.2], [36.0, 32.6]]


def reports(folder: Path) -> Path:
    """A GeoJSON file of 30 reports; every fourth is an area."""
    features = []
    for i in range(30):
        lon, lat = 35.9 + 0.02 * i, 32.8 + 0.015 * i
        if i % 4 == 1:
            geometry = {"type": "Polygon", "coordinates": [SQUARE if i % 8 == 1 else TRIANGLE]}
        else:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        props = {"id": f"r{i:02d}", "time": "2018-06-01", "radius_m": 300.0 * (i % 3),
                 "actor": ["IRN.IRGC", "SYR.SAA", "IRN.PROXY.HEZBOLLAH"][i % 3]}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    path = folder / "reports.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[standoff.CheckResult, dict[str, object]]:
    folder = tmp_path_factory.mktemp("batches")
    pack = standoff.load_pack("golan")
    path = reports(folder)
    result = standoff.check(standoff.read_observations(path, pack), pack)
    expected = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        expected[f["properties"]["id"]] = shapely.geometry.shape(f["geometry"])
    return result, expected


def small_batches(monkeypatch) -> None:
    monkeypatch.setattr(verdicts, "BATCH_ROWS", 7)
    monkeypatch.setattr(verdicts, "TEXT_ROWS", 5)


def test_parquet_rows_keep_their_reports_geometry(checked, tmp_path, monkeypatch):
    result, expected = checked
    whole = pq.read_table(standoff.write_result(result, tmp_path / "whole.parquet"))
    small_batches(monkeypatch)
    table = pq.read_table(standoff.write_result(result, tmp_path / "small.parquet"))
    assert len(result) > 3 * 7 and pq.ParquetFile(tmp_path / "small.parquet").num_row_groups > 3
    ids = table.column("observation_id").to_pylist()
    shapes = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    assert len(set(ids)) == 30
    for rid, shape in zip(ids, shapes, strict=True):
        assert shapely.equals(shape, expected[rid]), rid
    assert table.equals(whole)


def test_geojson_in_small_batches_is_the_same_file(checked, tmp_path, monkeypatch):
    result, expected = checked
    whole = standoff.write_result(result, tmp_path / "whole.geojson").read_bytes()
    small_batches(monkeypatch)
    small = standoff.write_result(result, tmp_path / "small.geojson").read_bytes()
    assert small == whole
    features = json.loads(small)["features"]
    assert len(features) == len(result)
    kinds = set()
    for f in features:
        shape = shapely.geometry.shape(f["geometry"])
        kinds.add(shape.geom_type)
        # text keeps degrees to 1e-9
        assert shapely.equals_exact(shape, expected[f["properties"]["observation_id"]], tolerance=1e-9)
    assert kinds == {"Point", "Polygon"}


def test_parquet_with_its_encoder_in_a_thread_is_the_same_file(checked, tmp_path, monkeypatch):
    import threading

    result, _ = checked
    small_batches(monkeypatch)
    files, named = [], set()
    real_put = writers.ParquetWriter.put

    def put(self, encoded, rows):
        named.add(threading.current_thread().name.split("_")[0])
        real_put(self, encoded, rows)

    monkeypatch.setattr(writers.ParquetWriter, "put", put)
    for count in ("1", "2"):
        monkeypatch.setenv("STANDOFF_THREADS", count)
        files.append(standoff.write_result(result, tmp_path / f"{count}.parquet").read_bytes())
        assert named == ({"MainThread"} if count == "1" else {"standoff-encoder"})
        named.clear()
    assert files[0] == files[1]
    assert pq.ParquetFile(tmp_path / "2.parquet").num_row_groups > 3


def test_parquet_statistics_for_keys_and_numbers_not_for_sentences(checked, tmp_path):
    result, _ = checked
    meta = pq.ParquetFile(standoff.write_result(result, tmp_path / "v.parquet")).metadata
    names = meta.schema.to_arrow_schema().names
    group = meta.row_group(0)

    def stats(name: str):
        return group.column(names.index(name)).statistics

    for name in ("status", "clause_id", "observation_id", "margin_m", "time"):
        assert stats(name) is not None and stats(name).has_min_max, name
    assert stats("status").min in ("compliant", "not_applicable", "possible", "violation")
    for name in ("sentence", "clause_quote", "geometry"):
        assert stats(name) is None or not stats(name).has_min_max, name


def test_encoder_thread_for_large_files_on_more_than_one_core_whatever_the_load(monkeypatch):
    import os

    monkeypatch.delenv("STANDOFF_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (7.5, 7.5, 7.5))  # no longer read
    wanted = verdicts._encoder_thread_wanted
    assert wanted(10 * verdicts.BATCH_ROWS) and not wanted(verdicts.BATCH_ROWS)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not wanted(10 * verdicts.BATCH_ROWS)
    monkeypatch.setenv("STANDOFF_THREADS", "2")
    assert wanted(10 * verdicts.BATCH_ROWS)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setenv("STANDOFF_THREADS", "1")
    assert not wanted(10 * verdicts.BATCH_ROWS)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_error_in_the_writer_thread_leaves_the_old_file_and_no_temporary(checked, tmp_path, monkeypatch, fmt):
    import threading

    result, _ = checked
    small_batches(monkeypatch)
    monkeypatch.setenv("STANDOFF_THREADS", "2")
    target = tmp_path / f"v.{fmt}"
    target.write_bytes(b"the old file")
    where: list[str] = []
    writer = writers.ParquetWriter if fmt == "parquet" else writers.CsvWriter
    real = writer.put if fmt == "parquet" else writer.encode
    calls = iter(range(100))

    def failing(self, *args):
        where.append(threading.current_thread().name)
        if next(calls) == 2:  # the third batch, after two were written into the temporary file
            raise OSError(28, "No space left on device")
        return real(self, *args)

    monkeypatch.setattr(writer, "put" if fmt == "parquet" else "encode", failing)
    with pytest.raises(standoff.StandoffError, match="cannot write: No space left"):
        standoff.write_result(result, target)
    assert any(w.startswith(("standoff-encoder", "standoff-writer")) for w in where)
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
