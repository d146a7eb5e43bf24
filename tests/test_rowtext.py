"""Rows as text: a dictionary-coded column writes the same bytes as the plain column."""

import json

import numpy as np
import pyarrow as pa

from standoff.engine.assemble import FIXED, Text
from standoff.report.rowtext import csv_lines, json_lines


def _batches() -> tuple[pa.RecordBatch, pa.RecordBatch]:
    values = pa.array(['say "no"', "=SUM(A1)", "back\\slash", None, "tab\there"], pa.string())
    indices = pa.array([0, 1, None, 2, 3, 4, 0], pa.int32())
    coded = pa.DictionaryArray.from_arrays(indices, values)
    span = pa.nulls(7, pa.list_(pa.int64()))
    return (pa.RecordBatch.from_pydict({"clause_quote": coded, "span": span}),
            pa.RecordBatch.from_pydict({"clause_quote": values.take(indices), "span": span}))


def test_coded_column_writes_the_same_csv_and_json():
    coded, plain = _batches()
    assert csv_lines(coded).to_pylist() == csv_lines(plain).to_pylist()
    assert json_lines(coded).to_pylist() == json_lines(plain).to_pylist()
    rows = [json.loads(line) for line in json_lines(coded).to_pylist()]
    assert [r["clause_quote"] for r in rows] == ['say "no"', "=SUM(A1)", None, "back\\slash", None,
                                                  "tab\there", 'say "no"']
    assert all(r["span"] is None for r in rows)
    assert csv_lines(coded)[1].as_py() == "\"'=SUM(A1)\",\n"


def test_literals_in_a_row_are_one_slot_and_the_same_text():
    t = Text(3).lit("a").lit("b").number(np.array([1.5, np.nan, -2.25]), FIXED, 3, "null")
    t.lit(",", np.array([True, False, True])).lit("c").lit("d")
    assert len(t.codes) == 4
    assert t.build().to_pylist() == ["ab1.5,cd", "abnullcd", "ab-2.25,cd"]
