"""Text formats write each sentence straight into its line: the same bytes as from the column."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import numpy as np
import pyarrow as pa
import pytest

import standoff
from standoff.engine.assemble import INT, Text
from standoff.report.rowtext import csv_lines, json_lines
from standoff.report.verdicts import render
from tests._observations import random_observations

#: Names that must be escaped: formulas, quotes, a backslash, a tab and a control character.
ODD = ["=SUM(A1)", "-rebels", '@x "quoted"', "back\\slash", "\ttabbed", "bell\x07", "plain"]


@pytest.fixture(scope="module")
def result() -> standoff.CheckResult:
    pack = standoff.load_pack("golan")
    obs = random_observations(pack, 700)
    actors = np.array([*sorted(pack.actors), *ODD], dtype=object)
    obs = dataclasses.replace(obs, actor=actors[np.arange(len(obs)) % len(actors)],
                              unit=np.array(['"big" tank', "tank", "", "=gun"], dtype=object)[
                                  np.arange(len(obs)) % 4])
    return standoff.check(obs, pack, every_pair=True)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "json"])
def test_direct_sentences_give_the_bytes_of_the_built_column(result, fmt):
    built = dataclasses.replace(result, sentence_override=result.sentences())  # the column path
    direct = render(result, fmt)
    assert direct == render(built, fmt)
    assert "=SUM(A1)" in direct and "bell" in direct


def test_sentences_beginning_like_a_formula_are_defused_in_csv(result):
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"), newline="")))
    starts = {s["sentence"].split(" ")[0] for s in rows}
    assert {"'=SUM(A1)", "'-rebels", "'@x", "'\ttabbed", "bell\x07", "plain"} <= starts
    assert all(s[1] in "=-@\t" for s in starts if s.startswith("'"))  # only those, nothing else
    assert any('("big" tank)' in s["sentence"] for s in rows)  # quotes inside: doubled, read back
    lines = render(result, "jsonl").splitlines()
    sentences = [json.loads(line)["sentence"] for line in lines]
    assert sentences == result.sentences().to_pylist()  # JSON: escaped, and read back as built
    assert any(s.startswith("bell\x07") for s in sentences)


def _conditional(t: Text) -> None:
    """A sentence whose first slot is not on every row: its start cannot be told from one piece."""
    t.lit("=", np.array([True, False, True]))
    t.lit('say "').number(np.array([1.0, -2.0, 3.0]), INT).lit('"')


def test_csv_falls_back_to_the_whole_sentence_when_its_first_piece_does_not_decide():
    batch = pa.RecordBatch.from_pydict({"sentence": ['=say "1"', 'say "-2"', '=say "3"']})
    blank = pa.RecordBatch.from_pydict({"sentence": pa.nulls(3, pa.string())})
    expected = csv_lines(batch).to_pylist()
    assert expected[0] == "\"'=say \"\"1\"\"\"\n"
    assert csv_lines(blank, _conditional).to_pylist() == expected
    assert json_lines(blank, sentences=_conditional).to_pylist() == json_lines(batch).to_pylist()
