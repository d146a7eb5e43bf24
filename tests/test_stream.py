"""Inputs larger than memory: `check_stream` reads in batches and writes the same bytes as a whole check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import StandoffError
from standoff.model import ObservationSet
from standoff.report.writers import point_wkb
from standoff.scale import check_stream

N = 1200
STREAMED = ("parquet", "csv", "jsonl", "geojson")


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


def reports(n: int, seed: int = 3) -> pa.Table:
    """Reports near the 1974 lines within two months, many of counted units: limit windows that
    hold reports of several batches, some over their maximum, some reports without a time."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(35.55, 36.15, n), rng.uniform(32.75, 33.4, n)
    day = (np.datetime64("2018-03-01") + rng.integers(0, 60, n)).astype("datetime64[D]")
    time = pa.array(day, pa.date32(), mask=rng.random(n) < 0.05)
    actors = np.array(["SYR.SAA", "ISR.IDF", "IRN.IRGC", "SYR"], dtype=object)
    units = np.array(["tank", "artillery", "soldier", "sam", ""], dtype=object)
    count = pa.array(rng.integers(1, 40, n).astype(float), mask=rng.random(n) < 0.1)
    return pa.table({
        "id": pa.array([f"r{i:05d}" for i in range(n)]), "time": time,
        "actor": pa.array(actors[rng.integers(0, len(actors), n)], pa.string()),
        "radius_m": np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 6000, n)), "count": count,
        "unit": pa.array(units[rng.integers(0, len(units), n)], pa.string()),
        "note": pa.array([f"seen by {i % 7}" for i in range(n)]), "score": rng.integers(0, 9, n),  # kept
        "geometry": point_wkb(lon, lat)})


def write_geoparquet(table: pa.Table, path: Path, row_group_rows: int | None = None) -> Path:
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path,
                   row_group_size=row_group_rows)
    return path


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    return write_geoparquet(reports(N), tmp_path_factory.mktemp("stream") / "in.parquet", 500)


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_in_small_batches_writes_the_bytes_of_the_whole_check(golan, dataset, tmp_path, fmt):
    whole = standoff.check(standoff.read_observations(dataset, golan), golan, grids=False)
    assert any(lim.status == "violation" for lim in whole.limits)  # windows over their maximum
    standoff.write_result(whole, tmp_path / f"whole.{fmt}")
    streamed = check_stream(dataset, golan, tmp_path / f"streamed.{fmt}", batch_rows=97, grids=False)
    assert (tmp_path / f"streamed.{fmt}").read_bytes() == (tmp_path / f"whole.{fmt}").read_bytes()
    assert b"seen by 6" in (tmp_path / f"streamed.{fmt}").read_bytes() or fmt == "parquet"
    assert streamed.summary() == whole.summary()
    assert [x.model_dump() for x in streamed.limits] == [x.model_dump() for x in whole.limits]
    assert len(streamed) == len(whole) and streamed.reports == N
    assert not list(tmp_path.glob(".standoff-spill-*"))  # the spills are gone


def test_windows_span_batches(golan, dataset):
    """A limit row's window holds reports of other batches: checked batch by batch alone, the
    windows come out lower than streamed, which sums them across batches."""
    whole = standoff.check(standoff.read_observations(dataset, golan), golan, grids=False)
    obs = standoff.read_observations(dataset, golan)
    first = ObservationSet(**{k: (v[:97] if isinstance(v, np.ndarray) else v)
                              for k, v in obs.__dict__.items()})
    alone = standoff.check(first, golan, grids=False)
    upper = {(int(alone.clause_index[r]), str(first.id[alone.obs_index[r]])): alone.upper[r]
             for r in range(len(alone))}
    key = [(int(whole.clause_index[r]), str(obs.id[whole.obs_index[r]])) for r in range(len(whole))]
    wider = [r for r in range(len(whole)) if whole.upper[r] > upper.get(key[r], 1e18)]
    assert wider  # the first batch's reports are counted with later ones


def test_every_pair_and_at(golan, dataset, tmp_path):
    day = date(2018, 3, 20)
    whole = standoff.check(standoff.read_observations(dataset, golan), golan, at=day, every_pair=True,
                           grids=False, agreements=["disengagement-1974"])
    standoff.write_result(whole, tmp_path / "whole.jsonl")
    check_stream(dataset, golan, tmp_path / "streamed.jsonl", at=day, every_pair=True, batch_rows=250,
                 grids=False, agreements=["disengagement-1974"])
    assert (tmp_path / "streamed.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_a_folder_is_one_dataset_and_a_csv_streams_too(golan, dataset, tmp_path):
    table = pq.read_table(dataset)
    folder = tmp_path / "parts"
    folder.mkdir()
    write_geoparquet(table.slice(0, 700), folder / "a.parquet")
    write_geoparquet(table.slice(700), folder / "b.parquet")
    check_stream(folder, golan, tmp_path / "folder.csv", batch_rows=300, grids=False)
    whole = standoff.check(standoff.read_observations(dataset, golan), golan, grids=False)
    standoff.write_result(whole, tmp_path / "whole.csv")
    assert (tmp_path / "folder.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    # the same reports as a CSV file, read as a stream of records
    standoff.write_result(whole, tmp_path / "whole.parquet")
    csv_in = tmp_path / "in.csv"
    obs = standoff.read_observations(dataset, golan)
    def cell(x: float) -> str:
        return "" if np.isnan(x) else repr(float(x))

    lines = ["id,time,actor,lon,lat,radius_m,count,unit"] + [
        ",".join([obs.id[i], "" if np.isnat(obs.time[i]) else str(obs.time[i]), obs.actor[i],
                  cell(obs.lon[i]), cell(obs.lat[i]), cell(obs.radius_m[i]), cell(obs.count[i]), obs.unit[i]])
        for i in range(len(obs))]
    csv_in.write_text("\n".join(lines) + "\n")
    from_csv = standoff.check(standoff.read_observations(csv_in, golan), golan, grids=False)
    standoff.write_result(from_csv, tmp_path / "from_csv.parquet")
    check_stream(csv_in, golan, tmp_path / "streamed_csv.parquet", batch_rows=128, grids=False)
    assert (tmp_path / "streamed_csv.parquet").read_bytes() == (tmp_path / "from_csv.parquet").read_bytes()


def test_a_bad_row_in_a_later_batch_is_named_and_nothing_is_written(golan, tmp_path):
    table = reports(300)
    radius = table.column("radius_m").to_numpy().copy()
    radius[257] = -5.0
    bad = write_geoparquet(table.set_column(3, "radius_m", pa.array(radius)), tmp_path / "bad.parquet")
    with pytest.raises(StandoffError, match=r"bad\.parquet.*row 258.*radius_m"):
        check_stream(bad, golan, tmp_path / "out.parquet", batch_rows=100)
    csv_in = tmp_path / "bad.csv"
    csv_in.write_text("id,actor,lon,lat\n" + "".join(f"r{i},SYR,36.0,33.0\n" for i in range(150))
                      + "r150,SYR,361.0,33.0\n")
    with pytest.raises(StandoffError, match=r"bad\.csv:152: field 'lon'"):
        check_stream(csv_in, golan, tmp_path / "out.csv", batch_rows=40)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "bad.parquet"]


def test_the_json_document_is_refused_before_any_work(golan, dataset, tmp_path):
    with pytest.raises(StandoffError, match="JSON document"):
        check_stream(dataset, golan, tmp_path / "out.json")


def test_cli_streams_a_folder(golan, dataset, tmp_path):
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "in.parquet").write_bytes(dataset.read_bytes())
    runner = CliRunner()
    out = runner.invoke(app, ["check", str(folder), "--pack", "golan", "-q", "-o", str(tmp_path / "v.jsonl")])
    assert out.exit_code == 0, out.output
    check_stream(dataset, golan, tmp_path / "api.jsonl", grids=False)
    assert (tmp_path / "v.jsonl").read_bytes() == (tmp_path / "api.jsonl").read_bytes()
    out = runner.invoke(app, ["check", str(folder), "--pack", "golan", "-q"])
    assert out.exit_code == 2
    assert "give -o" in out.output and "Traceback" not in out.output


@pytest.mark.parametrize("fmt", ("json", "jsonl", "geojson", "csv", "parquet"))
def test_margin_exact_is_written_and_read_back(golan, dataset, tmp_path, fmt):
    """Rows decided by cell (interpolated margins) say so in every format, as true/false, and the
    file reads back as the same flags and rewrites to the same bytes."""
    result = standoff.check(standoff.read_observations(dataset, golan), golan, grids=True)
    assert result.margin_exact is not None and not result.margin_exact.all() and result.margin_exact.any()
    path = tmp_path / f"v.{fmt}"
    standoff.write_result(result, path)
    if fmt != "parquet":
        text = path.read_text(encoding="utf-8")
        assert ('"margin_exact":false' in text) if fmt != "csv" else (",false," in text)
    back = standoff.load_result(path, golan)
    located = ~np.isnan(result.margin_m)
    assert (back.margin_exact[located] == result.margin_exact[located]).all()
    standoff.write_result(back, tmp_path / f"again.{fmt}")
    assert (tmp_path / f"again.{fmt}").read_bytes() == path.read_bytes()
