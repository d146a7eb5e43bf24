"""Zones on the map follow when their agreement AND clause are in force; zones coloured by clause.

Debian's Chromium driven by Playwright, offline, as in test_map_browser.py. The pack is made
here with `standoff init` plus one agreement whose bounds are days and instants.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import standoff
from standoff.engine.geojson import zones_geojson
from standoff.packs import init_pack, load_pack
from standoff.report.map import build_map
from standoff.report.mapdata import clause_colours
from standoff.report.pdf import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
LOCAL = ("file:", "data:", "about:", "blob:")

TRUCE = """\
id: truce
title: A truce in force for March 2020
status: signed
valid_from: 2020-03-01
valid_to: 2020-04-01
sources: [{id: text, title: Placeholder text, published: 2020-02-28}]
clauses:
  - id: near-line
    actor: RED*
    kind: must_not_enter
    zone: {within: {km: 10, of: LINE_X}}
    quote: "Red forces 10 km from Line X for the month."
    source: text
  - id: heavy-weapons
    actor: RED*
    kind: must_not_enter
    zone: {within: {km: 30, of: LINE_X}}
    quote: "From 00:01 on 6 March to noon on 20 March, 30 km."
    source: text
    valid_from: 2020-03-06T00:01+02:00
    valid_to: 2020-03-20T12:00+02:00
"""
REPORTS = """\
id,time,actor,lon,lat,radius_m
a,2020-02-20,RED,30.52,10.5,100
b,2020-03-10,RED,30.6,10.5,100
c,2020-04-10,RED,30.7,10.5,100
"""


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = init_pack(tmp_path_factory.mktemp("truce") / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "truce.yaml").write_text(TRUCE)
    (folder / "reports.csv").write_text(REPORTS)
    return folder


def test_zone_features_say_when_they_hold(pack_dir: Path):
    pack = load_pack(pack_dir)
    when = {f["properties"]["clause_id"]: (f["properties"]["valid_from"], f["properties"]["valid_to"])
            for f in zones_geojson(pack, "truce")["features"]}
    assert when == {"near-line": ("2020-03-01", "2020-04-01"),
                    "heavy-weapons": ("2020-03-06T00:01+02:00", "2020-03-20T12:00+02:00")}
    assert len(zones_geojson(pack, "truce", at=date(2020, 3, 10))["features"]) == 2
    assert len(zones_geojson(pack, "truce", at=date(2020, 3, 21))["features"]) == 1
    assert zones_geojson(pack, "truce", at=date(2020, 4, 1))["features"] == []


def test_clause_colours_are_distinct_and_labelled(pack_dir: Path):
    colours = clause_colours(load_pack(pack_dir), ["truce", "example-10km"])
    assert [c["clause_id"] for c in colours] == ["near-line", "heavy-weapons", "red-10km"]
    assert len({c["color"] for c in colours}) == 3
    assert "must not enter" in colours[0]["label"] and "A truce" in colours[0]["label"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():  # pragma: no cover - .ci/run installs it
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: Any, path: Path) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                  else (problems.append(route.request.url), route.abort()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("document.body.dataset.ready === 'true'")
    return context, page, problems


def _checked(pack_dir: Path) -> tuple[Any, Any]:
    pack = load_pack(pack_dir)
    return pack, standoff.check(standoff.read_observations(pack_dir / "reports.csv", pack), pack,
                                agreements=["truce"])


def _zones_on(page: Any, iso: str) -> int:
    page.evaluate("""iso => { const s = document.getElementById('so-date-slider');
        s.value = String(Math.round(Date.parse(iso + 'T00:00:00Z') / 86400000));
        s.dispatchEvent(new Event('input')); }""", iso)
    assert page.locator(".so-date").inner_text() == iso
    return int(page.locator("path.so-zone-truce").count())


@pytest.mark.browser
def test_slider_shows_zones_only_while_agreement_and_clause_are_in_force(
        browser: Any, pack_dir: Path, tmp_path: Path):
    pack, result = _checked(pack_dir)
    path = tmp_path / "map.html"
    path.write_text(build_map(result, pack), encoding="utf-8")
    context, page, problems = _open(browser, path)
    try:
        assert page.locator("#so-date-slider").get_attribute("max")  # the slider exists
        expected = {"2020-02-29": 0,  # the agreement is not yet in force
                    "2020-03-01": 1, "2020-03-05": 1,
                    "2020-03-06": 2,  # the clause starts at 00:01 that day
                    "2020-03-20": 2,  # ... and ends at noon on the 20th
                    "2020-03-21": 1, "2020-03-31": 1,
                    "2020-04-01": 0}  # the agreement has ended
        assert {day: _zones_on(page, day) for day in expected} == expected
        assert problems == []
    finally:
        context.close()


@pytest.mark.browser
def test_colour_by_clause_draws_each_clause_in_its_colour_with_a_legend(
        browser: Any, pack_dir: Path, tmp_path: Path):
    pack, result = _checked(pack_dir)
    colours = {c["clause_id"]: c["color"] for c in clause_colours(pack, ["truce"])}
    by_clause, by_agreement = tmp_path / "clause.html", tmp_path / "agreement.html"
    by_clause.write_text(build_map(result, pack, colour_by="clause"), encoding="utf-8")
    by_agreement.write_text(build_map(result, pack), encoding="utf-8")
    context, page, problems = _open(browser, by_clause)
    try:
        _zones_on(page, "2020-03-10")
        fills = page.eval_on_selector_all("path.so-zone-truce", "els => els.map(e => e.getAttribute('fill'))")
        assert sorted(fills) == sorted(colours.values())
        legend = page.locator(".so-legend-clause").all_inner_texts()
        assert len(legend) == 2 and any("heavy-weapons" in t for t in legend)
        assert problems == []
    finally:
        context.close()
    context, page, problems = _open(browser, by_agreement)
    try:
        _zones_on(page, "2020-03-10")
        fills = page.eval_on_selector_all("path.so-zone-truce", "els => els.map(e => e.getAttribute('fill'))")
        assert len(fills) == 2 and len(set(fills)) == 1  # one colour: the agreement's
        assert page.locator(".so-legend-clause").count() == 0
    finally:
        context.close()


def test_map_cli_colour_by(pack_dir: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from standoff.cli import app

    out = tmp_path / "m.html"
    args = ["map", str(pack_dir / "reports.csv"), "--pack", str(pack_dir), "--agreement", "truce"]
    done = CliRunner().invoke(app, [*args, "--colour-by", "clause", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert '"colour_by":"clause"' in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, [*args, "--colour-by", "actor", "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "choose agreement or clause" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.html").exists()


def test_the_report_states_each_clause_s_instant(pack_dir: Path):
    from standoff.report import build_report

    pack, result = _checked(pack_dir)
    page = build_report(result, pack)
    assert "from 2020-03-06T00:01+02:00 to 2020-03-20T12:00+02:00" in page
