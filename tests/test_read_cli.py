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


def test_nothing_to_draft_exits_0_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    res = run("read", "-", "--pack", MINIPACK, "--draft-agreement", out,
              stdin="Hezbollah fighters were seen near Nawa.")
    assert res.exit_code == 0 and "nothing to draft" in res.stderr and not out.exists()


def test_unknown_output_suffix_exits_2(tmp_path: Path) -> None:
    res = run("read", PASTED, "--pack", MINIPACK, "-o", tmp_path / "out.xlsx")
    assert res.exit_code == 2 and "use .json or .csv" in res.stderr


#: Written for these tests: an area ("near the border"), a distance band from a line, points.
ROUND_TRIP = (
    "Iranian troops were seen near the border on Monday, residents said.\n\n"
    "Hezbollah fighters were deployed about 20 km from the border on Tuesday.\n\n"
    "Syrian army units entered the demilitarized zone on Wednesday.\n\n"
    "Iranian advisers were spotted in Nawa last week.\n"
)


def _verdicts(path: Path) -> dict[tuple[str, str], tuple[str, float | None, float]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(v["observation_id"], v["clause_id"]): (v["status"], v["margin_m"], v["tolerance_m"])
            for v in data["verdicts"]}


def test_csv_round_trip_gives_the_verdicts_of_read_check(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ROUND_TRIP, encoding="utf-8")
    common = ("read", article, "--pack", MINIPACK, "--published", PUB, "-q")
    assert run(*common, "--check", "-o", tmp_path / "direct.json").exit_code == 0
    assert run(*common, "-o", tmp_path / "obs.csv").exit_code == 0
    with (tmp_path / "obs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert any(r["geometry"].startswith("POLYGON ((") for r in rows)  # the border's area kept
    res = run("check", tmp_path / "obs.csv", "--pack", MINIPACK, "-q", "-o", tmp_path / "via.json")
    assert res.exit_code == 0, res.output
    direct, via = _verdicts(tmp_path / "direct.json"), _verdicts(tmp_path / "via.json")
    assert len(direct) >= 4 and direct.keys() == via.keys()
    for key, (status, margin, tolerance) in direct.items():
        assert via[key][0] == status, key
        assert via[key][1] == margin or abs(via[key][1] - margin) < 1e-6, key
        assert abs(via[key][2] - tolerance) < 1e-6, key


def test_check_verdicts_keep_span_and_sentence(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ROUND_TRIP, encoding="utf-8")
    out = tmp_path / "v.json"
    assert run("read", article, "--pack", MINIPACK, "--published", PUB, "-q", "--check",
               "-o", out).exit_code == 0
    verdicts = json.loads(out.read_text(encoding="utf-8"))["verdicts"]
    assert verdicts
    for v in verdicts:
        a, b = v["span"]
        assert ROUND_TRIP[a:b] == v["quote"] and v["quote"] in v["context"]
        assert v["context"].rstrip().endswith(".")


def test_check_without_observations_says_so() -> None:
    res = run("read", "-", "--pack", MINIPACK, "--published", PUB, "--check",
              stdin="Officials met in Amman on Monday to discuss the economy.")
    assert res.exit_code == 0
    assert "no observations" in res.stderr and "iran-40km" not in res.stderr
