"""Lines, zones and corridors of conflict news in the world gazetteer (`gazzones`), their gates,
and the claims read at them without a pack.

Sentences written for these tests; distances checked with pyproj.Geod.
"""

from __future__ import annotations

from datetime import date

import pytest
from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.gazetteer import geonames
from standoff.read.gazzones import ZONES, allowed
from standoff.read.records import Claim

GEOD = Geod(ellps="WGS84")
PUBLISHED = date(2024, 5, 29)  # a Wednesday


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000


def places(text: str) -> dict[str, PlaceMention]:
    return {p.text: p for p in read_text(text, ner="all").places}


def positions(text: str) -> list[Claim]:
    return [c for c in read_text(text, published=PUBLISHED).claims if c.kind == "position"]


@pytest.mark.parametrize("name", sorted({n for z in ZONES for n in (z[0], *z[1])}))
def test_every_name_of_a_zone_finds_it(name: str) -> None:
    zones = {z[0] for z in ZONES if name in (z[0], *z[1])}
    if name.isupper():  # 'DMZ', 'LAC': case-sensitive abbreviations, not names
        entry = geonames().abbreviation(name)
        found = {entry.name} if entry is not None else set()
        assert geonames().abbreviation(name.title()) is None
    else:
        found = {e.name for e in geonames().lookup(name) if e.kind == "feature"}
    assert zones <= found


@pytest.mark.parametrize(("name", "ends"), [
    # (lon, lat) of both ends of the line or corridor, from general atlases
    ("Korean Demilitarized Zone", [(126.55, 37.75), (128.36, 38.61)]),
    ("Line of Control", [(74.70, 32.90), (77.05, 35.05)]),
    ("Blue Line", [(35.10, 33.09), (35.79, 33.33)]),
    ("Philadelphi Corridor", [(34.22, 31.32), (34.28, 31.22)]),
    ("United Nations Buffer Zone in Cyprus", [(32.70, 35.17), (33.93, 35.08)]),
])
def test_a_zone_circle_covers_its_line_end_to_end(name: str, ends: list[tuple[float, float]]) -> None:
    entry = next(e for e in geonames().lookup(name) if e.kind == "feature" and e.name == name)
    for lon, lat in ends:
        assert km(entry.lon, entry.lat, lon, lat) <= entry.radius_m / 1000


def test_a_gated_zone_needs_one_of_its_countries() -> None:
    assert allowed("feature", "Korean Demilitarized Zone", {"KP"})
    assert not allowed("feature", "Korean Demilitarized Zone", {"SY", "TR"})
    assert allowed("feature", "Strait of Hormuz", set())  # specific enough alone
    assert allowed("village", "Pyla", set())  # only the table's own entries are gated


def test_the_dmz_is_korea_s_only_in_an_article_about_korea() -> None:
    korea = places("North Korea has moved artillery into the DMZ, the ministry in Seoul said.")
    assert korea["DMZ"].name == "Korean Demilitarized Zone"
    assert km(korea["DMZ"].lon, korea["DMZ"].lat, 127.0, 38.2) < 60  # type: ignore[arg-type]
    idlib = places("Turkish and Russian troops patrol the DMZ in Idlib, Ankara said.")
    assert "DMZ" not in idlib or idlib["DMZ"].name != "Korean Demilitarized Zone"


def test_the_green_line_is_the_line_of_the_country_the_article_names() -> None:
    cyprus = places("Turkish Cypriot troops moved into the Green Line near Nicosia, Cyprus said.")
    assert cyprus["Green Line"].name == "United Nations Buffer Zone in Cyprus"
    israel = places("Israeli troops deployed along the Green Line near Qalqilya, Israel said.")
    assert israel["Green Line"].name == "Green Line"
    assert israel["Green Line"].lon is not None and israel["Green Line"].lon < 35.6


def test_a_mountain_of_the_theatre_wins_over_a_namesake_village_abroad() -> None:
    got = positions("Israeli troops took up positions on Mount Hermon on Sunday, Israel said.")
    assert len(got) == 1 and got[0].place is not None and got[0].place.lon is not None
    assert km(got[0].place.lon, got[0].place.lat, 35.86, 33.42) < 15  # type: ignore[arg-type]
    # and a US article keeps its US village: the mountain is gated to the Levant
    us = places("The library in Mount Hermon, Virginia, reopened on Monday.")
    assert us["Mount Hermon"].country == "US"


def test_a_point_far_outside_the_area_of_the_same_statement_is_a_namesake() -> None:
    got = positions("On Tuesday Azerbaijan set up a checkpoint on the Lachin Corridor near the "
                    "Armenian border, next to the bridge over the Hakari river.")
    assert got, "no position claim"
    for c in got:  # not Hakkari in Turkey, 300 km away
        assert c.place is not None and c.place.lon is not None
        assert km(c.place.lon, c.place.lat, 46.55, 39.6) < 60  # type: ignore[arg-type]


def test_two_settlements_of_one_statement_are_both_kept() -> None:
    got = positions("Syrian government forces encircled a Turkish observation post in Morek on "
                    "Friday, drawing the anger of Ankara.")
    assert any(c.place is not None and c.place.name and "Ankara" not in c.place.name for c in got)


def test_a_gerund_subject_of_a_modal_is_no_sighting() -> None:
    assert not positions("Holding the Philadelphi Corridor could complicate Israel's ties with Egypt.")
    assert not positions("Keeping troops in Rafah would be a mistake, Egyptian officials said.")
    kept = positions("Moving into Rafah on Tuesday, Israeli tanks took up positions near the crossing.")
    assert [c.actor for c in kept] == ["ISR"]
