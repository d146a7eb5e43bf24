"""One verdict set from end to end: sentences per column, every file format out and back in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

import standoff
from standoff.engine.assemble import KM, Text, km_codes
from standoff.engine.sentences import km
from tests._observations import random_observations
from tests._sentence_oracle import sentence as oracle_sentence

HERE = Path(__file__).parent
TOY = HERE / "data" / "toypack"
FORMATS = ("json", "jsonl", "geojson", "csv", "parquet")


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


@pytest.fixture(scope="module")
def result(golan) -> standoff.CheckResult:
    return standoff.check(random_observations(golan, 1500), golan, every_pair=True)


def test_sentences_per_column_equal_the_row_by_row_oracle(result):
    built = result.sentences().to_pylist()
    assert len(built) == len(result) > 20_000
    statuses = set(result.status.tolist())
    assert statuses == {0, 1, 2, 3}
    assert set(result.reason.tolist()) >= {0, 1, 2, 3}
    wrong = [(r, built[r], oracle_sentence(result, r)) for r in range(len(result))
             if built[r] != oracle_sentence(result, r)]
    assert wrong == []


@pytest.mark.parametrize("metres", [0.0, 0.4, 0.5, 1.5, 2.5, 999.4, 999.5, 999.6, 1000.0, 1049.9, 1050.0,
                                    1150.0, 1250.0, 2450.0, 12_345.678, 1e7, -1250.0, -3.5, np.nan])
def test_distance_words_match_python_formatting(metres):
    text = Text(1).number(km_codes(np.array([metres])), KM).build()
    assert text[0].as_py() == km(metres)


def test_distance_words_random(golan):
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.uniform(-2e5, 2e5, 20_000), rng.integers(-2000, 2000, 4000) * 50.0])
    built = Text(len(values)).number(km_codes(values), KM).build().to_pylist()
    assert built == [km(v) for v in values]


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_back_and_written_again_gives_the_same_bytes(result, golan, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    standoff.write_result(result, first)
    back = standoff.load_result(first, golan)
    assert type(back) is type(result)
    standoff.write_result(back, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_the_same_verdicts(result, golan, tmp_path, fmt):
    path = tmp_path / f"v.{fmt}"
    standoff.write_result(result, path)
    back = standoff.load_result(path, golan)
    ids = result.observations.id
    assert list(back.observations.id[back.obs_index]) == list(ids[result.obs_index])
    assert [c.id for _, c in back.clauses] == [c.id for _, c in result.clauses]
    assert all(b is c for (_, b), (_, c) in zip(back.clauses, result.clauses, strict=True))  # the pack's
    for col in ("clause_index", "status", "reason", "window_end"):
        assert np.array_equal(getattr(back, col), getattr(result, col)), col
    assert back.sentences().to_pylist() == result.sentences().to_pylist()
    assert [back.labels[v] for v in back.versions] == [result.labels[v] for v in result.versions]
    assert [back.labels[v] for v in back.decider] == [result.labels[v] for v in result.decider]
    # GeoParquet keeps every float; the text formats write metres to the millimetre, degrees to 1e-9
    exact = fmt == "parquet"
    for col, tol in (("margin_m", 5e-4), ("tolerance_m", 5e-4), ("distance_m", 5e-4), ("foot_lon", 5e-10),
                     ("foot_lat", 5e-10), ("lower", 5e-4), ("upper", 5e-4)):
        a, b = getattr(back, col), getattr(result, col)
        assert np.array_equal(np.isnan(a), np.isnan(b)), col
        if exact:
            assert np.array_equal(a, b, equal_nan=True), col
        else:
            assert np.nanmax(np.abs(a - b), initial=0) <= tol, col
    assert back.limits == result.limits
    floats = {"margin_m", "tolerance_m", "nearest_lon", "nearest_lat"}
    assert [v.model_dump(exclude=set() if exact else floats) for v in back.verdicts[:60]] == [
        v.model_dump(exclude=set() if exact else floats) for v in result.verdicts[:60]]
    assert back.verdicts[1].span == (1, 10) and back.verdicts[1].context.startswith('He said: "')


def test_json_document_keeps_observations_without_verdicts(golan, tmp_path):
    obs = random_observations(golan, 300)
    result = standoff.check(obs, golan, agreements=["israel-demand-60km"])
    assert len(set(result.obs_index.tolist())) < len(obs)  # some reports bind no clause
    standoff.write_result(result, tmp_path / "v.json")
    back = standoff.load_result(tmp_path / "v.json")  # no pack: the file's own clause definitions
    assert list(back.observations.id) == list(obs.id)
    assert back.summary() == result.summary()
    assert [c.model_dump() for _, c in back.clauses] == [c.model_dump() for _, c in result.clauses]


def test_text_cells_are_escaped(result, tmp_path):
    standoff.write_result(result, tmp_path / "v.csv")
    text = (tmp_path / "v.csv").read_text(encoding="utf-8")
    assert "\"'@user\"" in text and "\"'-5 km\"" in text  # a spreadsheet shows them, never runs them
    assert '"said ""=1+2"" \\ here\n"' in text
    back = standoff.load_result(tmp_path / "v.csv", result.pack)
    assert list(back.observations.quote[:5]) == list(result.observations.quote[:5])  # read back as given
    standoff.write_result(result, tmp_path / "v.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "v.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["quote"] == 'said "=1+2" \\ here\n'
    assert all(r["margin_m"] is None or isinstance(r["margin_m"], float | int) for r in rows)


def test_numbers_are_written_to_the_millimetre():
    import pyarrow as pa

    from standoff.report.rowtext import json_lines

    line = json_lines(pa.table({"margin_m": [-0.0, 0.0, -0.0004, 1.5, -2.0]})).to_pylist()
    assert line == [f'{{"margin_m":{v}}}\n' for v in ("0", "0", "0", "1.5", "-2")]


def test_a_pack_with_seventy_feature_versions(tmp_path):
    pack_dir = tmp_path / "pack"
    shutil.copytree(TOY, pack_dir)
    features = yaml.safe_load((pack_dir / "features.yaml").read_text(encoding="utf-8"))
    line = next(f for f in features if f["id"] == "LINE_X")
    east = [y * 0.001 for y in range(70)]
    line["versions"] = [{"version": str(1950 + y),
                         "coords": [[36.0 + e, 32.5], [36.05 + e, 33.0], [36.0 + e, 33.5]]}
                        for y, e in enumerate(east)]
    for y, v in enumerate(line["versions"]):  # 70 versions: 69 cuts, 70 epochs
        v.update({"valid_from": f"{1950 + y}-01-01"} if y else {})
        v.update({"valid_to": f"{1951 + y}-01-01"} if y < 69 else {})
    (pack_dir / "features.yaml").write_text(yaml.safe_dump(features), encoding="utf-8")
    (pack_dir / "agreements" / "toy-deal.yaml").write_text(
        (TOY / "agreements" / "toy-deal.yaml").read_text(encoding="utf-8").replace(
            "valid_from: 2000-01-01\n", "valid_from: 1950-01-01\n"), encoding="utf-8")
    pack = standoff.load_pack(pack_dir)
    years = [1950, 1990, 2013, 2019]
    csv = "id,time,actor,lon,lat\n" + "".join(f"y{y},{y}-06-01,IRN.IRGC,36.1,33.0\n" for y in years)
    (tmp_path / "obs.csv").write_text(csv + "timeless,,IRN.IRGC,36.1,33.0\n", encoding="utf-8")
    result = standoff.check(standoff.read_observations(tmp_path / "obs.csv", pack), pack,
                            agreements=["toy-deal"])
    k = [c.id for _, c in result.clauses].index("no-iran-near-x")
    rows = result.clause_rows(k)
    ids = result.observations.id[result.obs_index[rows]]
    label = {str(i): result.labels[result.versions[r]] for i, r in zip(ids, rows, strict=True)}
    for y in years:
        assert label[f"y{y}"] == f"LINE_X@{y}"
    assert label["timeless"].split(" | ") == [f"LINE_X@{1950 + y}" for y in range(70)]
    margins = {str(result.observations.id[result.obs_index[r]]): result.margin_m[r] for r in rows}
    assert margins["y2019"] > margins["y1950"]  # the line moved east, toward the report


def test_an_unknown_suffix_is_refused(result, tmp_path):
    with pytest.raises(standoff.StandoffError, match=r"cannot write 'v\.xlsx': the suffix must be one of"):
        standoff.write_result(result, tmp_path / "v.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_map_and_report_read_every_format(golan, tmp_path, fmt):
    from standoff.report.output import load_input

    obs = standoff.read_observations(golan.examples[0], golan)
    result = standoff.check(obs, golan)
    standoff.write_result(result, tmp_path / f"v.{fmt}")
    back = load_input(tmp_path / f"v.{fmt}", golan)
    assert back.sentence_override is not None  # read back, not checked again
    assert back.sentences().to_pylist() == result.sentences().to_pylist()


def test_no_activity_and_excepted_actors_read_back(tmp_path):
    from standoff.packs import init_pack
    from tests.test_rule_language import ONLY_BLUE_PATROLS, REPORTS

    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "only-blue-patrols.yaml").write_text(ONLY_BLUE_PATROLS)
    (folder / "reports.csv").write_text(REPORTS)
    pack = standoff.load_pack(folder)
    result = standoff.check(standoff.read_observations(folder / "reports.csv", pack), pack, every_pair=True)
    assert result.sentences().to_pylist() == [oracle_sentence(result, r) for r in range(len(result))]
    for fmt in FORMATS:
        standoff.write_result(result, tmp_path / f"v.{fmt}")
        back = standoff.load_result(tmp_path / f"v.{fmt}", pack)
        assert list(back.observations.activities()) == list(result.observations.activities())
