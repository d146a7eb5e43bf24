"""GeoParquet of points read column by column equals the row-by-row reader of the same table."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import standoff
from standoff.report.writers import point_wkb
from tests._observations import random_observations

COLUMNS = ("id", "actor", "radius_m", "count", "unit", "source", "quote", "attribution", "confidence")


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


def tables(golan, n: int = 500):
    obs = random_observations(golan, n)
    cols = {"id": pa.array(obs.id, pa.string()), "time": pa.array(obs.time),
            "actor": pa.array(obs.actor, pa.string()), "radius_m": obs.radius_m,
            "count": pa.array(obs.count, mask=np.isnan(obs.count)),
            "unit": pa.array(obs.unit, pa.string()), "source": pa.array(obs.source, pa.string()),
            "quote": pa.array([f"  {q}  " for q in obs.quote], pa.string()),
            "attribution": pa.array(obs.attribution, pa.string()), "confidence": obs.confidence}
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    points = pa.table({**cols, "geometry": point_wkb(obs.lon, obs.lat)}).replace_schema_metadata(
        {"geo": json.dumps(geo)})
    plain = pa.table({**cols, "lon": obs.lon, "lat": obs.lat})
    return obs, points, plain


def test_points_read_by_columns_equal_the_row_reader(golan, tmp_path):
    from standoff.ingest.columnar import read_points_parquet

    obs, points, plain = tables(golan)
    pq.write_table(points, tmp_path / "points.parquet")
    pq.write_table(plain, tmp_path / "plain.parquet")
    with pytest.warns(standoff.errors.InputWarning, match=r"actors the pack golan does not know: UNKNOWN"):
        fast = standoff.read_observations(tmp_path / "points.parquet", golan)
    assert read_points_parquet(tmp_path / "points.parquet", points, {"column": "geometry", "crs": None})
    # the row-by-row reader of the same table (a CSV of it) gives the same columns
    import pyarrow.csv as pcsv

    pcsv.write_csv(plain, tmp_path / "plain.csv")
    with pytest.warns(standoff.errors.InputWarning, match=r"actors the pack golan does not know: UNKNOWN"):
        slow = standoff.read_observations(tmp_path / "plain.csv", golan)
    for name in (*COLUMNS, "lon", "lat", "time", "time_end"):
        a, b = getattr(fast, name), getattr(slow, name)
        assert np.array_equal(a, b, equal_nan=True) if a.dtype != object else list(a) == list(b), name
    also = standoff.read_observations(tmp_path / "plain.parquet")
    assert np.array_equal(also.lon, obs.lon) and list(also.quote) == list(slow.quote)


def test_anything_unusual_goes_to_the_row_reader(golan, tmp_path):
    _, points, _ = tables(golan, 20)
    bad = points.set_column(points.column_names.index("radius_m"), "radius_m",
                            pa.array([-5.0] + [0.0] * 19))
    pq.write_table(bad, tmp_path / "bad.parquet")
    with pytest.raises(standoff.StandoffError, match=r"bad\.parquet.*radius_m"):
        standoff.read_observations(tmp_path / "bad.parquet")
    dup = points.set_column(0, "id", pa.array(["same"] * 20))
    pq.write_table(dup, tmp_path / "dup.parquet")
    with pytest.raises(standoff.StandoffError, match=r"dup\.parquet.*'same' repeats the id of row 1"):
        standoff.read_observations(tmp_path / "dup.parquet")
