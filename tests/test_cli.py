"""The `standoff` command end to end: data on stdout or -o, people-facing text on stderr, exit codes."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app

TOY = Path(__file__).parent / "data" / "toypack"
OBS = TOY / "observations.csv"
CLAUSES = ["no-iran-near-x", "army-east", "only-un-in-area", "tank-limit", "no-sam"]
N_OBS = 8
BOUND = 18  # (observation, clause) pairs whose actor, time and unit type a toy clause binds


def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def check(*args: Any, obs: Path = OBS) -> Any:
    return run("check", obs, "--pack", TOY, *args)


def error_line(result: Any) -> str:
    """The one line an input error prints, after checking the exit code and the streams."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def pack() -> standoff.Pack:
    return standoff.load_pack(TOY)


# --- check ------------------------------------------------------------------------------------------

def test_check_prints_table_on_stderr_only():
    result = check()
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "8 observations, pack toy" in result.stderr
    table = {line.split("│")[2].strip(): line for line in result.stderr.splitlines() if "│ toy-deal" in line}
    assert list(table) == CLAUSES
    cells = [c.strip() for c in table["no-iran-near-x"].split("│")[1:-1]]
    assert cells == ["toy-deal", "no-iran-near-x", "must_not_enter", "1", "1", "1", "5"]
    assert "limit toy-deal/tank-limit: 30–50 tank" in result.stderr


def test_check_quiet_prints_nothing():
    result = check("-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("out")
    out = {}
    for fmt in ("json", "geojson", "csv"):
        out[fmt] = folder / f"verdicts.{fmt}"
        result = check("-o", out[fmt])
        assert result.exit_code == 0, result.stderr
        assert f"wrote {BOUND} verdicts to {out[fmt]}" in result.stderr
    return out


def test_check_every_pair_writes_unbound_pairs_with_reasons(tmp_path):
    out = tmp_path / "all.json"
    result = check("-o", out, "--every-pair")
    assert result.exit_code == 0, result.stderr
    verdicts = json.loads(out.read_text(encoding="utf-8"))["verdicts"]
    assert len(verdicts) == N_OBS * len(CLAUSES)
    unbound = [v for v in verdicts if v["status"] == "not_applicable"]
    assert len(unbound) == N_OBS * len(CLAUSES) - BOUND
    assert all("not applicable" in v["sentence"] and v["margin_m"] is None for v in unbound)


def test_check_json_output(written):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    assert (data["pack"], data["agreements"]) == ("toy", ["toy-deal"])
    assert len(data["observations"]) == N_OBS
    assert len(data["verdicts"]) == BOUND
    pairs = {(v["observation_id"], v["clause_id"]) for v in data["verdicts"]}
    assert len(pairs) == BOUND  # one row per pair a clause binds
    assert "not_applicable" not in {v["status"] for v in data["verdicts"]}
    assert sum(r["violation"] + r["possible"] + r["compliant"] for r in data["summary"]) == BOUND
    assert sum(r["not_applicable"] for r in data["summary"]) == N_OBS * len(CLAUSES) - BOUND
    assert [row["clause"] for row in data["summary"]] == CLAUSES
    v = next(v for v in data["verdicts"] if (v["observation_id"], v["clause_id"]) == ("o1", "no-iran-near-x"))
    assert v["status"] == "violation" and v["feature_versions"] == "LINE_X@1974"
    assert v["sentence"].startswith("IRGC reported 4.7 km (±1.0 km) from Line X")


def test_check_geojson_output(written):
    data = json.loads(written["geojson"].read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == BOUND
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [36.1, 33.0]}
    assert first["properties"]["observation_id"] == "o1" and first["properties"]["radius_m"] == 1000


def test_check_csv_output(written):
    with written["csv"].open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == BOUND
    assert {"observation_id", "clause_id", "status", "margin_m", "sentence"} <= set(rows[0])
    statuses = json.loads(written["json"].read_text(encoding="utf-8"))["verdicts"]
    assert [r["status"] for r in rows] == [v["status"] for v in statuses]


def test_load_result_reads_back_what_check_wrote(written, pack):
    direct = standoff.check(standoff.read_observations(OBS, pack), pack)
    back = standoff.load_result(written["json"], pack)
    assert len(back) == len(direct) == BOUND
    assert list(back.status_names()) == list(direct.status_names())
    assert [v.sentence for v in back.verdicts] == [v.sentence for v in direct.verdicts]
    assert [v.feature_versions for v in back.verdicts] == [v.feature_versions for v in direct.verdicts]
    assert back.summary() == direct.summary()
    assert [lim.sentence for lim in back.limits] == [lim.sentence for lim in direct.limits]
    assert list(back.observations.id) == [f"o{i}" for i in range(1, N_OBS + 1)]
    # rows per clause: by offsets in a fresh result, by sorting in one read back
    assert back.clause_offsets is None and direct.clause_offsets is not None
    for k in range(len(CLAUSES)):
        ids = [str(direct.observations.id[i]) for i in direct.obs_index[direct.clause_rows(k)]]
        assert [str(back.observations.id[i]) for i in back.obs_index[back.clause_rows(k)]] == ids
    assert np.array_equal(back.grid("status"), direct.grid("status"))


def test_load_result_refuses_other_files(written):
    with pytest.raises(standoff.StandoffError, match=r"observations\.csv: not a verdicts file written by"
                       r".*no column 'observation_id'"):
        standoff.load_result(OBS)


def test_load_result_of_a_csv_needs_the_pack(written):
    with pytest.raises(standoff.StandoffError, match=r"clause 'no-iran-near-x' of agreement 'toy-deal' is "
                       r"not in the pack \(none given\): give the pack the verdicts were checked with"):
        standoff.load_result(written["csv"])


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("violation", 1), ("possible", 1)])
def test_fail_on_with_violations(fail_on, code):
    result = check("-q", *(["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("violation", 0), ("possible", 1)])
def test_fail_on_with_only_possibles(tmp_path, fail_on, code):
    # o7 has no time: compliant under LINE_X@1974, inside 20 km of LINE_X@2020, so `possible`
    lines = OBS.read_text(encoding="utf-8").splitlines()
    obs = tmp_path / "possible.csv"
    obs.write_text("\n".join([lines[0], lines[7]]) + "\n", encoding="utf-8")
    out = tmp_path / "v.json"
    result = check("-q", "-a", "toy-deal", "-o", out, *(["--fail-on", fail_on] if fail_on else []), obs=obs)
    assert result.exit_code == code
    statuses = {v["status"] for v in json.loads(out.read_text(encoding="utf-8"))["verdicts"]}
    assert "possible" in statuses and "violation" not in statuses


def test_fail_on_bad_value():
    result = check("--fail-on", "sometimes")
    assert result.exit_code == 2
    assert "--fail-on" in result.stderr and "sometimes" in result.stderr


def test_at_changes_the_feature_version(tmp_path):
    def versions(*args: str) -> dict[str, str]:
        out = tmp_path / "v.json"
        assert check("-q", "-o", out, *args).exit_code == 0
        return {v["observation_id"]: v["feature_versions"]
                for v in json.loads(out.read_text(encoding="utf-8"))["verdicts"]
                if v["clause_id"] == "no-iran-near-x"}

    assert versions()["o1"] == "LINE_X@1974"
    assert versions()["o7"] == "LINE_X@1974 | LINE_X@2020"  # no time: every version, and says so
    at = versions("--at", "2021-06-01")
    assert set(at.values()) == {"LINE_X@2020"}


def test_agreement_by_id_and_misspelt():
    assert check("-q", "--agreement", "toy-deal").exit_code == 0
    line = error_line(check("--agreement", "toy-dael"))
    assert line == "error: no agreement 'toy-dael' in pack toy (did you mean toy-deal?)"


def test_unknown_agreement_is_exit_2():
    assert error_line(check("--agreement", "nope")).startswith("error: no agreement 'nope' in pack toy")


def test_unknown_agreement_lists_the_choices():
    assert "toy-deal" in error_line(check("--agreement", "nope"))


@pytest.mark.parametrize("bad", ["2021-13-01", "yesterday", "01/06/2021"])
def test_bad_at(bad):
    assert error_line(check("--at", bad)) == f"error: --at: '{bad}' is not a date such as 2018-07-23"


def test_check_input_errors(tmp_path):
    assert error_line(check(obs=tmp_path / "none.csv")) == f"error: {tmp_path / 'none.csv'}: no such file"
    assert error_line(run("check", OBS, "--pack", "no-such-pack")).startswith("error: no pack 'no-such-pack'")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,actor,lon,lat\na,IRN,36.1,95\n", encoding="utf-8")
    assert error_line(check(obs=bad)) == f"error: {bad}:2: field 'lat': 95 is outside [-90, 90]"
    out = tmp_path / "v.txt"
    line = error_line(check("-o", out))
    assert line == ("error: cannot write 'v.txt': the suffix must be one of .json, .jsonl, .ndjson, "
                    ".geojson, .csv, .parquet, .geoparquet")
    # refused before any work: the missing input is not even looked at
    assert error_line(check("-o", out, obs=tmp_path / "none.csv")) == line
    assert list(tmp_path.iterdir()) == [bad]


# --- atomic output ------------------------------------------------------------------------------------

def test_failed_check_leaves_existing_output_untouched(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "verdicts.json"
    out.write_text("previous run", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,actor,lon,lat\na,IRN,36.1,33\nb,IRN,north,33\n", encoding="utf-8")
    assert error_line(check("-o", out, obs=bad)) == f"error: {bad}:3: field 'lon': 'north' is not a number"
    assert out.read_text(encoding="utf-8") == "previous run"
    assert list(folder.iterdir()) == [out]


def test_interrupted_write_leaves_no_temp_file(tmp_path, monkeypatch):
    out = tmp_path / "verdicts.json"
    out.write_text("previous run", encoding="utf-8")

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = check("-o", out)
    assert result.exit_code == 130
    assert "interrupted: nothing was written" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous run"
    assert list(tmp_path.iterdir()) == [out]


def test_output_into_missing_folder(tmp_path):
    out = tmp_path / "missing" / "verdicts.json"
    line = error_line(check("-o", out))
    assert line == f"error: cannot write {out}: the folder {out.parent} does not exist"
    assert not out.parent.exists()


# --- zones, packs, agreements, schema -----------------------------------------------------------------

def test_zones_every_epoch(tmp_path):
    out = tmp_path / "zones.geojson"
    result = run("zones", "--pack", TOY, "--agreement", "toy-deal", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote 10 zones to {out}" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    props = [f["properties"] for f in data["features"]]
    assert sorted((p["clause_id"], p["valid_from"] or "") for p in props) == sorted(
        [(c, "2000-01-01") for c in CLAUSES] + [(c, "2020-01-01") for c in CLAUSES])  # from when in force
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}


def test_zones_at_one_date(tmp_path):
    out = tmp_path / "zones.geojson"
    result = run("zones", "--pack", TOY, "--agreement", "toy-deal", "--at", "2021-06-01", "-o", out)
    assert result.exit_code == 0, result.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["clause_id"] for f in features] == CLAUSES


def test_zones_errors(tmp_path):
    out = tmp_path / "z.geojson"
    line = error_line(run("zones", "--pack", TOY, "--agreement", "nope", "-o", out))
    assert line.startswith("error: no agreement 'nope' in pack toy")
    line = error_line(run("zones", "--pack", TOY, "--agreement", "toy-deal", "--at", "June", "-o", out))
    assert line == "error: --at: 'June' is not a date such as 2018-07-23"
    missing = tmp_path / "no" / "z.geojson"
    line = error_line(run("zones", "--pack", TOY, "--agreement", "toy-deal", "-o", missing))
    assert line == f"error: cannot write {missing}: the folder {missing.parent} does not exist"
    assert list(tmp_path.iterdir()) == []


def test_packs_lists_builtin_packs(tmp_path, monkeypatch):
    shutil.copytree(TOY, tmp_path / "toy")
    monkeypatch.setattr("standoff.packs.loader.BUILTIN", tmp_path)
    result = run("packs")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # the table is data: stdout, for `standoff packs | grep`
    row = next(line for line in result.stdout.splitlines() if "│ toy " in line)
    assert [c.strip() for c in row.split("│")[1:-1]] == ["toy", "Toy theatre for tests", "1", "0"]


def test_agreements_lists_the_pack():
    result = run("agreements", "--pack", TOY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    row = next(line for line in result.stdout.splitlines() if "toy-deal" in line)
    assert [c.strip() for c in row.split("│")[1:-1]] == ["toy-deal", "signed", "2000-01-01", "Toy deal", "5"]
    assert error_line(run("agreements", "--pack", "nowhere")).startswith("error: no pack 'nowhere'")


@pytest.mark.parametrize("kind", ["agreement", "observation", "verdict"])
def test_schema_prints_json_to_stdout(kind):
    result = run("schema", kind)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == standoff.schema(kind)


def test_schema_nope():
    line = error_line(run("schema", "nope"))
    assert line == ("error: no schema 'nope': choose one of agreement, observation, verdict, pack, features, "
                    "actors, places, units")


@pytest.mark.parametrize("command", ["check", "zones", "packs", "agreements", "schema"])
def test_help_names_the_python_twin(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Python: standoff." in result.stdout
