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


def test_a_slot_no_row_uses_is_not_kept_and_writes_nothing():
    none = np.zeros(3, bool)
    t = Text(3).lit("a").lit("x", none).piece(np.full(3, -1)).number(np.ones(3), FIXED, 0, "", none)
    t.lit("b").lit("!", np.array([False, True, False]))
    assert len(t.codes) == 2  # 'ab' on every row, '!' on one
    assert t.build().to_pylist() == ["ab", "ab!", "ab"]


def test_listed_pieces_are_escaped_by_each_text_own_escape():
    def shout(arr: pa.Array) -> pa.Array:
        return pa.array([s.upper() for s in arr.to_pylist()], pa.string())

    plain, loud = Text(2), Text(2).escaped(shout)
    for t in (plain, loud, plain, loud):  # the second of each reuses the kept pieces
        t.piece(np.array([0, 1]) + t.add_pieces(["ab", "c"]))
    assert plain.build().to_pylist() == ["abab", "cc"]
    assert loud.build().to_pylist() == ["ABAB", "CC"]


def test_a_formula_after_unused_slots_is_still_defused():

    def sentence(t: Text) -> None:
        t.lit("never ", np.zeros(2, bool)).piece(np.arange(2) + t.add_pieces(["=cmd", "Hezbollah"]))

    lines = csv_lines(pa.RecordBatch.from_pydict({"sentence": pa.array(["", ""])}), sentence)
    assert lines.to_pylist() == ["\"'=cmd\"\n", '"Hezbollah"\n']
