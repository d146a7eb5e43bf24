"""A report's own columns written once per report and taken per row: the same text as column by column."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

import standoff
from standoff.engine.table import OBSERVATION_FIELDS, ArrowColumns, row_schema
from standoff.report import verdicts
from standoff.report.rowtext import csv_header, csv_lines, csv_run, json_lines, json_run
from tests._observations import random_observations

NAMES = [name for name, _ in OBSERVATION_FIELDS]


def _reports() -> pa.Table:
    """Five reports whose own columns need escaping, defusing or the null text."""
    return pa.table({
        "observation_id": ['=HYPERLINK("x")', 'say "no"', "back\\slash", "tab\there", "ünï-5"],
        "time": pa.array([0, None, 19_000, 20_000, -1], pa.int32()).cast(pa.date32()),
        "time_end": pa.nulls(5, pa.date32()),
        "actor": ["HEZ", "+972", None, "@user", "SYR"],
        "lon": [35.123456789, -0.0, None, 1e-9, 180.0],
        "lat": [33.0, 33.5, 0.1234567894, None, -90.0],
        "radius_m": [0.0, 1500.25, None, 2.0005, 1e7],
        "count": [None, 12.0, 1.0, 0.0, None],
        "unit": pa.array(["tank", "tank", "-1", None, "2S1 Gvozdika"]).dictionary_encode(),
        "activity": ["", "patrol", 'fire "live"', None, "\n"],
    })


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_report_text_taken_per_row_is_the_text_column_by_column(fmt):
    reports = _reports()
    rows = np.array([4, 0, 0, 2, 1, 3, 3, 4])
    plain = pa.RecordBatch.from_pydict({
        **{n: reports.column(n).combine_chunks().take(pa.array(rows)) for n in NAMES},
        "status": pa.array(["violation"] * len(rows))})
    given = pa.RecordBatch.from_pydict({
        **{n: pa.nulls(len(rows), reports.column(n).type) for n in NAMES}, "status": plain.column("status")})
    text = (csv_run if fmt == "csv" else json_run)(reports).take(pa.array(rows))
    segments = {NAMES[0]: (len(NAMES), text)}
    if fmt == "csv":
        assert csv_lines(given, segments=segments).to_pylist() == csv_lines(plain).to_pylist()
        assert csv_lines(given, segments=segments)[1].as_py().startswith("\"'=HYPERLINK(\"\"x\"\")\",")
    else:
        lines = json_lines(given, segments=segments).to_pylist()
        assert lines == json_lines(plain).to_pylist()
        assert [json.loads(line)["observation_id"] for line in lines[:2]] == ["ünï-5", '=HYPERLINK("x")']


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "json"])
def test_files_written_with_report_text_equal_rows_written_column_by_column(fmt, monkeypatch):
    golan = standoff.load_pack("golan")
    result = standoff.check(random_observations(golan, 300), golan, every_pair=True)
    monkeypatch.setattr(verdicts, "TEXT_ROWS", 1000)  # several batches
    written = verdicts.render(result, fmt).encode()
    arrow = ArrowColumns(result, extra=True)
    batches = [arrow.batch(np.arange(s, min(len(result), s + 1000))) for s in range(0, len(result), 1000)]
    if fmt == "csv":
        lines = "".join("".join(csv_lines(b).to_pylist()) for b in batches)
        assert written == csv_header(row_schema(result).names) + lines.encode()
    elif fmt == "jsonl":
        assert written == "".join("".join(json_lines(b).to_pylist()) for b in batches).encode()
    else:  # each row's object is somewhere in the document, whole
        for line in json_lines(batches[0]).to_pylist()[:200]:
            assert line.rstrip("\n")[1:-1].encode() in written
