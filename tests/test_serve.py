"""`standoff serve` against a real uvicorn server on a free loopback port, with an httpx client."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

import standoff
from standoff.serve import app
from tests._server import LiveServer

EXAMPLES = Path(standoff.__file__).parent / "packs" / "golan" / "examples" / "observations.csv"
TOKEN = "test-token-of-serve"
AUTH = {"authorization": f"Bearer {TOKEN}"}
LIMIT_BYTES = 256 * 1024
CLI = [sys.executable, "-c", "from standoff.cli import main; main()"]


def records(prefix: str = "", rows: slice = slice(None)) -> list[dict[str, Any]]:
    """The golan example reports as JSON records (empty cells left out), ids prefixed."""
    out = []
    for row in list(csv.DictReader(io.StringIO(EXAMPLES.read_text(encoding="utf-8"))))[rows]:
        record: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        record["id"] = prefix + record["id"]
        for name in ("lon", "lat", "radius_m", "confidence"):
            if name in record:
                record[name] = float(record[name])
        out.append(record)
    return out


@pytest.fixture(scope="module")
def pack() -> standoff.Pack:
    return standoff.load_pack("golan")


@pytest.fixture
def server(tmp_path: Path, pack: standoff.Pack) -> Iterator[tuple[httpx.Client, Path]]:
    store = tmp_path / "monitor.duckdb"
    live = LiveServer(app(store, pack, token=TOKEN, max_request_bytes=LIMIT_BYTES))
    try:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            yield client, store
    finally:
        live.stop()


def test_a_write_needs_the_token(server: tuple[httpx.Client, Path]) -> None:
    client, store = server
    body = records(rows=slice(0, 3))
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN}):
        refused = client.post("/observations", json=body, headers=headers)
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer" in refused.json()["detail"]
    assert not store.exists() or client.get("/verdicts").json() == []  # nothing was stored
    assert client.post("/read", content=b"text", headers={"content-type": "text/plain"}).status_code == 401
    stored = client.post("/observations", json=body, headers=AUTH)
    assert stored.status_code == 200
    assert stored.json()["observations"] == 3 and stored.json()["observations_added"] == 3


def test_a_body_over_the_limit_is_413(server: tuple[httpx.Client, Path]) -> None:
    client, _ = server
    big = EXAMPLES.read_bytes() + b"x" * LIMIT_BYTES
    by_length = client.post("/observations", content=big, headers={**AUTH, "content-type": "text/csv"})
    assert by_length.status_code == 413
    assert by_length.json()["detail"] == ("the request body is over the 0.2 MB limit "
                                          "(raise it with standoff serve --max-request-mb)")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        for _ in range(2 * LIMIT_BYTES // 65536):
            yield b"y" * 65536

    streamed = client.post("/observations", content=chunks(), headers={**AUTH, "content-type": "text/csv"})
    assert streamed.status_code == 413
    assert "limit" in streamed.json()["detail"]
    assert client.get("/verdicts").json() == []


def test_a_bad_field_is_told_in_the_cli_words(server: tuple[httpx.Client, Path], tmp_path: Path) -> None:
    client, _ = server
    text = EXAMPLES.read_text(encoding="utf-8").replace("35.845,33.230", "35.845,95")
    answer = client.post("/observations", content=text.encode(), headers={**AUTH, "content-type": "text/csv"})
    assert answer.status_code == 422
    assert answer.json()["field"] == "lat"
    (tmp_path / "request.csv").write_text(text, encoding="utf-8")
    cli = subprocess.run(CLI + ["check", "request.csv", "--pack", "golan"],
                         cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert cli.returncode == 2
    assert cli.stderr.strip() == "error: " + answer.json()["detail"]
    assert answer.json()["detail"] == "request.csv:2: field 'lat': 95 is outside [-90, 90]"

    bad = records(rows=slice(0, 2))
    bad[1]["radius_m"] = "wide"
    answer = client.post("/observations", json=bad, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json() == {"detail": "request.json: row 2: field 'radius_m': 'wide' is not a number",
                             "field": "radius_m", "row": 2}
    nested = client.post("/observations", json=[{"id": "a", "actor": "SYR.SAA", "lon": [1]}], headers=AUTH)
    assert nested.status_code == 422 and nested.json()["field"] == "lon"
    near = [{"id": "a", "actor": "SYR.SAA", "lon": 35.9, "latitude": 33}]
    missing = client.post("/observations", json=near, headers=AUTH)
    assert missing.status_code == 422
    assert missing.json()["detail"] == ("request.json: row 1: field 'lat': missing: give lon and lat "
                                        "(degrees) or a geometry")
    near[0].update(lat=33.0, radius=500)  # columns of the user's own: kept, a near miss warned of
    kept = client.post("/observations", json=near, headers=AUTH).json()
    assert kept["warnings"] == ["request.json: column 'radius' is not one standoff reads (did you mean "
                                "radius_m?); it is kept as it is in the verdict files"]
    odd = client.post("/observations", content=b"<x/>", headers={**AUTH, "content-type": "application/xml"})
    assert odd.status_code == 415
    assert {v["observation_id"] for v in client.get("/verdicts").json()} == {"a"}  # nothing half-stored


def test_round_trip_post_then_get(server: tuple[httpx.Client, Path]) -> None:
    client, store = server
    posted = client.post("/observations", json=records("rt-"), headers=AUTH).json()
    assert posted["run_id"] == 1 and posted["observations_added"] == 56
    worst = next(v for v in posted["verdicts"] if v["status"] == "violation")
    one = client.get(f"/observations/{worst['observation_id']}").json()
    assert one["revisions"][0]["observation_id"] == worst["observation_id"]
    judged = next(v for v in one["verdicts"] if v["clause_id"] == worst["clause_id"])
    assert judged["sentence"] == worst["sentence"] and judged["status"] == "violation"
    assert judged["clause_quote"] and judged["clause_source"] and judged["feature_versions"]
    assert one["revisions"][0]["quote"] and one["revisions"][0]["source"]
    latest = client.get("/verdicts", params={"status": "violation"}).json()
    assert {(v["observation_id"], v["clause_id"]) for v in latest} == {
        (v["observation_id"], v["clause_id"]) for v in posted["verdicts"] if v["status"] == "violation"}

    again = client.post("/observations", json=records("rt-"), headers=AUTH).json()
    assert (again["observations_added"], again["verdicts_added"]) == (0, 0)
    moved = records("rt-", slice(0, 1))
    moved[0]["lat"] = 32.0  # far south: a new revision
    changed = client.post("/observations", json=moved, headers=AUTH).json()
    assert changed["observations_added"] == 1
    since = client.get("/verdicts", params={"since": "2"}).json()
    assert {v["observation_id"] for v in since} == {moved[0]["id"]}
    assert client.get(f"/observations/{moved[0]['id']}").json()["revisions"][-1]["revision"] == 2
    with duckdb.connect(str(store), read_only=False) as con:  # the server holds it; same process
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 3
    assert client.get("/observations/nope").status_code == 404
    assert client.get("/zones/israel-demand-60km.geojson").json()["features"]
    wrong = client.get("/zones/israel-demand-60.geojson")
    assert wrong.status_code == 404 and "did you mean israel-demand-60km" in wrong.json()["detail"]
    assert client.get("/verdicts", params={"status": "bad"}).json()["field"] == "status"


def test_the_map_is_the_map_command_page(server: tuple[httpx.Client, Path], pack: standoff.Pack) -> None:
    client, store = server
    empty = client.get("/map")
    assert empty.status_code == 200 and "<html" in empty.text.lower()
    client.post("/observations", json=records("map-"), headers=AUTH)
    page = client.get("/map")
    assert page.headers["content-type"].startswith("text/html")
    assert "map-ex-aos-01" in page.text
    from standoff.report.map import build_map
    from standoff.store import load

    assert page.text == build_map(load(store, pack), pack)


def test_agreements_and_openapi(server: tuple[httpx.Client, Path], pack: standoff.Pack) -> None:
    client, _ = server
    listed = client.get("/agreements").json()
    assert [a["id"] for a in listed] == list(pack.agreements)
    assert all(a["clauses"] for a in listed)
    spec = client.get("/openapi.json").json()
    assert {"/verdicts", "/observations", "/observations/{observation_id}", "/agreements", "/map", "/read",
            "/zones/{agreement}.geojson"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_read_gives_the_claims_and_verdicts_of_the_read_package(server: tuple[httpx.Client, Path],
                                                                pack: standoff.Pack) -> None:
    client, _ = server
    from standoff.read import observation_set, read_text

    text = (Path(__file__).parent / "articles" / "golan-short.txt").read_text(encoding="utf-8")
    answer = client.post("/read", content=text.encode(), params={"source": "golan-short.txt"},
                         headers={**AUTH, "content-type": "text/plain"})
    assert answer.status_code == 200
    found = read_text(text, pack, source="golan-short.txt")
    expected = standoff.check(observation_set(found), pack)
    assert [c["id"] for c in answer.json()["claims"]] == [c.id for c in found.claims]
    assert {(v["observation_id"], v["clause_id"], v["status"]) for v in answer.json()["verdicts"]} == {
        (v.observation_id, v.clause_id, v.status) for v in expected.verdicts}
    assert any(v["status"] == "violation" for v in answer.json()["verdicts"])
    empty = client.post("/read", content=b"  ", headers={**AUTH, "content-type": "text/plain"})
    assert empty.status_code == 422 and empty.json()["field"] == "body"
    assert client.get("/verdicts").json() == []  # /read stores nothing
