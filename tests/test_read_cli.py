"""`standoff read` end to end: data to stdout or -o, summaries on stderr, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from standoff.cli import app
from standoff.packs import load_agreement
from tests.read_helpers import MINIPACK, PASTED, minipack

PUB = "2024-03-15"


def run(*args: Any, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def test_json_to_stdout() -> None:
    res = run("read", PASTED, "--pack", MINIPACK, "--published", PUB, "-q")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"documents", "claims", "observations", "places", "unresolved", "clauses"}
    assert data["documents"][0]["published"] == PUB and "raw" not in data["documents"][0]
    assert any(c["kind"] == "strength" and c["count"] == 3500 for c in data["claims"])


def test_json_file_and_summary_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "claims.json"
    res = run("read", PASTED, "--pack", MINIPACK, "--published", PUB, "-o", out)
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "claims" in res.stderr and "Khirbet Zubaydiyeh" in res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["observations"]) == 5
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


def test_csv_observations_read_back_by_check(tmp_path: Path) -> None:
    out = tmp_path / "obs.csv"
    assert run("read", PASTED, "--pack", MINIPACK, "--published", PUB, "-q", "-o",
               out).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5 and rows[0]["quote"] and rows[0]["lon"]
    res = run("check", out, "--pack", MINIPACK, "-q", "-o", tmp_path / "v.json")
    assert res.exit_code == 0, res.output


def test_places(tmp_path: Path) -> None:
    out = tmp_path / "places.json"
    res = run("read", PASTED, "--pack", MINIPACK, "--places", "-o", out)
    assert res.exit_code == 0, res.output
    places = json.loads(out.read_text(encoding="utf-8"))
    raw = PASTED.read_text(encoding="utf-8")
    assert {"span", "text", "name", "lon", "lat", "gazetteer_id", "geonames_id", "kind",
            "uncertainty_m"} <= set(places[0])
    for p in places:
        assert raw[p["span"][0]:p["span"][1]] == p["text"]
    assert "place mentions" in res.stderr


def test_check_prints_the_check_table(tmp_path: Path) -> None:
    out = tmp_path / "verdicts.json"
    res = run("read", PASTED, "--pack", MINIPACK, "--published", PUB, "--check", "-o", out)
    assert res.exit_code == 0, res.output
    assert "iran-40km" in res.stderr and "syria-out-of-aos" in res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = {(r["clause"], r["violation"]) for r in data["summary"]}
    assert ("syria-out-of-aos", 1) in rows


def test_draft_agreement(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    res = run("read", PASTED, "--pack", MINIPACK, "--published", PUB, "-q",
              "--draft-agreement", out, "-o", tmp_path / "x.json")
    assert res.exit_code == 0, res.output
    agreement = load_agreement(out, minipack())
    assert [c.zone.op for c in agreement.clauses] == ["within", "side"]


def test_stdin() -> None:
    res = run("read", "-", "--pack", MINIPACK, "--published", PUB, "-q",
              stdin="Hezbollah fighters were seen near Nawa on Tuesday.")
    assert res.exit_code == 0, res.output
    (claim,) = json.loads(res.stdout)["claims"]
    assert claim["time"] == "2024-03-12" and claim["source"] == "<stdin>"


def test_missing_file_exits_2() -> None:
    res = run("read", "nope.txt", "--pack", MINIPACK)
    assert res.exit_code == 2 and "nope.txt: no such file" in res.stderr


def test_bad_date_exits_2() -> None:
    res = run("read", PASTED, "--pack", MINIPACK, "--published", "yesterday")
    assert res.exit_code == 2 and "--published: 'yesterday' is not a date" in res.stderr


def test_nothing_to_draft_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    res = run("read", "-", "--pack", MINIPACK, "--draft-agreement", out,
              stdin="Hezbollah fighters were seen near Nawa.")
    assert res.exit_code == 2 and "nothing to draft" in res.stderr and not out.exists()


def test_unknown_output_suffix_exits_2(tmp_path: Path) -> None:
    res = run("read", PASTED, "--pack", MINIPACK, "-o", tmp_path / "out.xlsx")
    assert res.exit_code == 2 and "use .json or .csv" in res.stderr
