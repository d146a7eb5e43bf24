"""Past one machine: a GeoParquet dataset checked on a dask.distributed LocalCluster of 2 processes."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import standoff
from standoff.errors import StandoffError
from standoff.scale import check_stream
from standoff.scale.cluster import check_dask, partitions
from tests.test_stream import reports, write_geoparquet

distributed = pytest.importorskip("distributed")
KEY = ["observation_id", "agreement_id", "clause_id"]


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=40)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "in"
    folder.mkdir()
    table = reports(1500, seed=11)
    write_geoparquet(table.slice(0, 600), folder / "a.parquet", 200)
    write_geoparquet(table.slice(600), folder / "b.parquet", 300)
    return folder


def sorted_rows(table: pa.Table) -> pa.Table:
    return table.drop_columns(["geometry"]).sort_by([(k, "ascending") for k in KEY])


def test_partitions_are_whole_row_groups_in_input_order(dataset):
    parts = partitions(dataset, rows=400)
    assert [(p.file.name, p.row_groups, p.rows) for p in parts] == [
        ("a.parquet", [0, 1], 400), ("a.parquet", [2], 200), ("b.parquet", [0, 1], 600),
        ("b.parquet", [2], 300)]


def test_dask_verdicts_equal_the_single_process_run(golan, dataset, client, tmp_path):
    single = check_stream(dataset, golan, tmp_path / "single.parquet", batch_rows=256, grids=False)
    done = check_dask(dataset, golan, tmp_path / "out", scheduler=client, batch_rows=128, grids=False,
                      partition_rows=400)
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == [f"part-{i:05d}.parquet" for i in range(4)]  # no spills left
    parts = pa.concat_tables([pq.read_table(f) for f in files])
    whole = pq.read_table(tmp_path / "single.parquet")
    assert parts.num_rows == whole.num_rows == len(single)
    assert sorted_rows(parts).equals(sorted_rows(whole))
    assert done.summary() == single.summary()
    assert [x.model_dump() for x in done.limits] == [x.model_dump() for x in single.limits]
    assert any(x.status == "violation" for x in done.limits)  # windows summed across partitions
    assert pc.sum(pc.equal(parts.column("status"), "violation")).as_py() > 0
    # every part names the limits of the whole input, and reads back as a result
    meta = pq.read_schema(files[0]).metadata[b"standoff"]
    assert meta == pq.read_schema(tmp_path / "single.parquet").metadata[b"standoff"]
    back = standoff.load_result(files[1], golan)
    assert len(back) == pq.read_metadata(files[1]).num_rows


def test_a_bad_row_names_its_file_and_the_output_must_be_new(golan, client, tmp_path):
    table = reports(200)
    radius = table.column("radius_m").to_numpy().copy()
    radius[150] = -1.0
    folder = tmp_path / "bad"
    folder.mkdir()
    write_geoparquet(table.set_column(3, "radius_m", pa.array(radius)), folder / "x.parquet", 100)
    with pytest.raises(StandoffError, match=r"x\.parquet.*row 151.*radius_m"):
        check_dask(folder, golan, tmp_path / "out", scheduler=client, partition_rows=100)
    with pytest.raises(StandoffError, match="new or empty folder"):
        check_dask(folder, golan, folder, scheduler=client)


def test_cli_check_dask(golan, dataset, client, tmp_path):
    from typer.testing import CliRunner

    from standoff.cli import app

    out = CliRunner().invoke(app, ["check", str(dataset), "--pack", "golan", "--dask",
                                   client.scheduler.address, "-o", str(tmp_path / "v"), "-q"])
    assert out.exit_code == 0, out.output
    check_stream(dataset, golan, tmp_path / "single.parquet")
    parts = pa.concat_tables([pq.read_table(f) for f in sorted((tmp_path / "v").iterdir())])
    assert sorted_rows(parts).equals(sorted_rows(pq.read_table(tmp_path / "single.parquet")))
