"""The map and the report in a real browser: Debian's Chromium driven by Playwright, offline.

Every request that is not file:, data: or about: is recorded and aborted; the tests assert
there are none (unless a test turns the online tiles on). Screenshots go to tests/artifacts/
and, for the README, to docs/.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from standoff.report.map import build_map
from standoff.report.mapdata import COLORS
from standoff.report.pdf import CHROMIUM_ARGS
from tests import _mapfixtures as fx

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS = ROOT / "docs"
LOCAL = ("file:", "data:", "about:", "blob:")

if not Path(CHROMIUM).is_file():  # pragma: no cover - .ci/run installs it
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = build_map(fx.result(), fx.pack(), title="standoff test map")
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(page, encoding="utf-8")
    return path


class Page:
    """A page with every outside request recorded and aborted, and page errors kept."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 860) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: None if r.url.startswith(LOCAL) else
                     self.outside.append(r.url))
        self.context.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(LOCAL) else route.abort())

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_function("document.body.dataset.ready === 'true'")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, map_file: Path) -> Iterator[Any]:
    p = Page(browser)
    yield p.open(map_file)
    assert p.outside == [], f"requests left the machine: {p.outside}"
    assert p.errors == [], f"errors in the page: {p.errors}"
    p.close()


def _markers(page: Any) -> dict[str, int]:
    return {s: page.locator(f"path.so-obs-{s}").count() for s in COLORS}


def test_map_loads_offline(page: Any) -> None:
    assert page.title() == "standoff test map"
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator("path.so-zone").count() >= 3  # 2 zones of sixty, 1 of m5
    assert page.locator(".so-place-label").count() >= 1
    assert page.locator("path.so-unc").count() == 5  # four circles and o3's area; o6 has none
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()


def test_markers_per_verdict_colour(page: Any) -> None:
    assert _markers(page) == fx.EXPECTED_ALL
    for status, colour in COLORS.items():
        fills = page.eval_on_selector_all(f"path.so-obs-{status}",
                                          "els => els.map(e => e.getAttribute('fill'))")
        assert set(fills) <= {colour}
    legend = {s: int(page.locator(f".so-legend-{s} .so-count").inner_text()) for s in COLORS}
    assert legend == fx.EXPECTED_ALL


def test_toggling_an_agreement_hides_its_zones(page: Any) -> None:
    assert page.locator("path.so-zone-sixty").count() == 2
    page.locator("#so-agreement-sixty").uncheck()
    assert page.locator("path.so-zone-sixty").count() == 0
    assert page.locator("path.so-zone-m5").count() == 1
    assert _markers(page) == fx.EXPECTED_WITHOUT_SIXTY  # reports take m5's verdicts
    page.locator("#so-agreement-sixty").check()
    assert page.locator("path.so-zone-sixty").count() == 2
    assert _markers(page) == fx.EXPECTED_ALL
    page.locator("#so-agreements-none").click()
    assert page.locator("path.so-zone").count() == 0
    assert _markers(page)["not_applicable"] == 6
    page.locator("#so-agreements-all").click()
    assert _markers(page) == fx.EXPECTED_ALL


def _slide_to(page: Any, iso: str) -> None:
    page.evaluate("""iso => { const s = document.getElementById('so-date-slider');
        s.value = String(Math.round(Date.parse(iso + 'T00:00:00Z') / 86400000));
        s.dispatchEvent(new Event('input')); }""", iso)


def test_date_slider_changes_what_is_shown(page: Any) -> None:
    assert page.locator("path.so-zone-m5").count() == 1
    _slide_to(page, "2017-12-31")
    assert page.locator(".so-date").inner_text() == "2017-12-31"
    # o1 (2017-11-10) and o6 (no date: always shown); m5's clause starts on 2018-01-01
    assert sum(_markers(page).values()) == 2
    assert page.locator("path.so-zone-m5").count() == 0
    assert page.locator("path.so-zone-sixty").count() == 2
    _slide_to(page, "2018-05-01")
    assert sum(_markers(page).values()) == 4  # o1, o2, o5, o6
    assert page.locator("path.so-zone-m5").count() == 1


def test_popup_shows_the_quote_escaped(page: Any) -> None:
    page.locator("path.so-obs-possible").first.click()
    popup = page.locator(".leaflet-popup-content .so-popup")
    popup.wait_for()
    assert popup.locator(".so-quote").inner_text() == fx.PAYLOAD
    text = popup.inner_text()
    assert "IRN" in text and "2018-05-01" in text and "https://example.org/o5" in text
    assert "inside by 4.75 km" in text  # 60 km less o5's 55.25 km from Line A (pyproj.Geod)
    assert "Iran reported 55.2 km (±11.0 km) from Line A" in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0  # the payload's <img> was never created
    assert page.locator("script").count() == 4


def test_measure_is_geodesic(page: Any) -> None:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    pairs = [(33.0, 35.8, 33.5, 36.3), (33.126, 35.824, 33.126, 35.825), (0.0, 0.0, 0.0, 1.0),
             (32.0, 35.0, 36.0, 40.0), (-33.9, 18.4, 51.5, -0.1), (60.0, 10.0, 60.0, 10.0)]
    for lat1, lon1, lat2, lon2 in pairs:
        got = page.evaluate("a => window.standoffMap.geodesicDistance(...a)",
                            [lat1, lon1, lat2, lon2])
        want = geod.inv(lon1, lat1, lon2, lat2)[2]
        assert abs(got - want) < 1e-3, (lat1, lon1, lat2, lon2, got, want)
    page.locator("#so-measure").click()
    box = page.locator("#map").bounding_box()
    for x, y in ((500, 600), (700, 650), (760, 420)):
        page.mouse.click(box["x"] + x, box["y"] + y)
    points = page.evaluate("window.standoffMap.measure.points()")
    assert len(points) == 3
    want = sum(geod.inv(a[1], a[0], b[1], b[0])[2] for a, b in itertools.pairwise(points))
    assert abs(page.evaluate("window.standoffMap.measure.total()") - want) < 1e-2
    readout = page.locator(".so-measure-out").inner_text()
    assert readout.startswith(f"Total {want / 1000:.1f} km")


def test_online_tiles_only_when_asked(browser: Any, map_file: Path) -> None:
    p = Page(browser)
    page = p.open(map_file)
    assert p.outside == []
    page.locator("#so-toggle-tiles").check()
    page.wait_for_timeout(300)
    assert p.outside and all(u.startswith("https://tile.openstreetmap.org/") for u in p.outside)
    p.close()


def _save(page: Any, name: str, **kwargs: Any) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    page.screenshot(path=str(shot), **kwargs)
    if os.environ.get("STANDOFF_DOCS_SHOTS"):  # refresh the README's pictures only when asked
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / name)
    return shot


def _golan_result() -> tuple[Any, Any, list[str]]:
    """The golan pack's example with two competing versions, or the test pack without it."""
    import standoff

    try:
        pack = standoff.load_pack("golan")
        example = pack.examples[0]
        chosen = ["israel-demand-60km", "israel-demand-m5"]
        if not example.is_file() or not set(chosen) <= set(pack.agreements):
            raise LookupError
    except (LookupError, standoff.StandoffError):
        pack, example, chosen = fx.pack(), fx.PACK_DIR / "reports.csv", ["sixty", "m5"]
    obs = standoff.read_observations(example, pack)
    return standoff.check(obs, pack, agreements=chosen), pack, chosen


def test_screenshots_for_the_readme(browser: Any, tmp_path: Path) -> None:
    from standoff.report.report import build_report

    result, pack, chosen = _golan_result()
    map_path = tmp_path / "map.html"
    map_path.write_text(build_map(result, pack, agreements=chosen), encoding="utf-8")
    p = Page(browser)
    page = p.open(map_path)
    assert sum(page.evaluate("window.standoffMap.counts()").values()) == len(result.observations)
    shot = _save(page, "map.png")
    assert shot.stat().st_size > 50_000
    assert p.outside == [] and p.errors == []
    p.close()

    report_path = tmp_path / "report.html"
    report_path.write_text(build_report(result, pack, agreements=chosen), encoding="utf-8")
    p = Page(browser, width=1000, height=1400)
    page = p.page
    page.goto(report_path.as_uri(), wait_until="load")
    assert page.locator("section.agreement").count() == len(chosen)
    assert page.locator("section.comparison").count() == 1
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.locator("section.agreement h2").first.scroll_into_view_if_needed()
    page.evaluate("document.querySelector('section.agreement').scrollIntoView()")
    _save(page, "report.png")
    assert p.outside == [] and p.errors == []
    p.close()


def test_report_pdf_through_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from standoff.cli import app

    res = CliRunner().invoke(app, ["report", str(fx.PACK_DIR / "reports.csv"), "-p",
                                   str(fx.PACK_DIR), "-a", "sixty", "-o",
                                   str(tmp_path / "r.html"), "--pdf", str(tmp_path / "r.pdf")])
    assert res.exit_code == 0, res.output
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.pdf"]
