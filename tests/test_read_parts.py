"""Parts of an area named by a direction ('southern Syria', 'northern Idlib', 'South Lebanon').

Sentences written for these tests (issue 10, class 'headline and summary sentences'), read
without a pack. Points and radii checked with pyproj.Geod against GeoNames' points of the
provinces (Dar'a, Quneitra, Suwayda, Aleppo, Damascus, Idlib).
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from pyproj import Geod

from standoff.read import Claim, read_text
from standoff.read.gazetteer import Entry
from standoff.read.parts import area_part, compass_vector

GEOD = Geod(ellps="WGS84")
PUBLISHED = date(2024, 12, 4)
DARAA = (36.17, 33.0)
QUNEITRA = (35.83, 33.0)
SUWAYDA = (36.75, 32.75)
ALEPPO = (37.5, 36.25)
DAMASCUS = (36.3, 33.5)


def km(lon: float, lat: float, where: tuple[float, float]) -> float:
    return float(GEOD.inv(lon, lat, *where)[2] / 1000)


def one_position(text: str) -> Claim:
    got = [c for c in read_text(text, published=PUBLISHED).claims if c.kind == "position"]
    assert len(got) == 1, [(c.actor, c.place) for c in got]
    return got[0]


def test_southern_syria_is_the_south_not_the_country_centre() -> None:
    text = "Israeli troops were deployed in southern Syria on Monday."
    result = read_text(text, published=PUBLISHED)
    claim = one_position(text)
    assert claim.place is not None and claim.place.text == "southern Syria"
    assert claim.place.kind == "region" and claim.place.country == "SY"
    (obs,) = result.observations  # a region-scale position: placed, with the part's radius
    for province in (DARAA, QUNEITRA, SUWAYDA, DAMASCUS):
        assert km(obs.lon, obs.lat, province) <= obs.radius_m / 1000
    assert km(obs.lon, obs.lat, ALEPPO) > obs.radius_m / 1000
    # the place list keeps the toponym's own place: 'Syria' is the country
    assert [p.kind for p in result.places if p.text == "Syria"] == ["country"]


def test_northern_syria_is_a_claim_too_wide_for_a_position() -> None:
    text = "Turkish troops were deployed across northern Syria on Tuesday."
    claim = one_position(text)
    assert claim.place is not None and claim.place.name == "northern Syria"
    assert claim.place.lon is not None and claim.place.lat is not None
    assert claim.place.lat > 35.5 and km(claim.place.lon, claim.place.lat, ALEPPO) < 150
    assert km(claim.place.lon, claim.place.lat, DAMASCUS) > (claim.place.uncertainty_m or 0) / 1000
    assert read_text(text, published=PUBLISHED).observations == []  # wider than 100 km


def test_the_north_of_a_province_is_half_of_it_moved_north() -> None:
    claim = one_position("Turkish troops were deployed in northern Idlib on Monday.")
    place = claim.place
    assert place is not None and place.lon is not None and place.lat is not None
    idlib = [p for p in read_text("Troops were seen in Idlib.").places if p.text == "Idlib"][0]
    assert idlib.lon is not None and idlib.lat is not None and idlib.uncertainty_m is not None
    az, _, d_m = GEOD.inv(idlib.lon, idlib.lat, place.lon, place.lat)
    assert abs(az) < 1 and d_m == pytest.approx(idlib.uncertainty_m / 2, rel=1e-6)
    assert place.uncertainty_m == pytest.approx(idlib.uncertainty_m / 2)


def test_south_lebanon_is_not_a_namesake_village_abroad() -> None:
    result = read_text("Israeli troops were deployed in South Lebanon on Monday.", published=PUBLISHED)
    (p,) = [p for p in result.places if p.text == "South Lebanon"]
    assert p.country == "LB" and p.lon is not None and p.lat is not None
    assert p.lat < 33.83  # south of GeoNames' point of Lebanon
    # named with its US state, the village stays the village
    town = [p for p in read_text("A diner in South Lebanon, Ohio, closed on Monday.").places
            if p.text == "South Lebanon"]
    assert town and town[0].country == "US"


def test_compass_words_and_central_parts() -> None:
    east, north = compass_vector("south-eastern") or (0.0, 0.0)
    assert east == pytest.approx(math.sqrt(0.5)) and north == pytest.approx(-math.sqrt(0.5))
    assert compass_vector("Central") == (0.0, 0.0) and compass_vector("upper") is None
    syria = Entry(163843, "Syria", 38.0, 35.0, 0, "SY", "country", 300_000.0)
    central = area_part("central", syria)
    south = area_part("southern", syria)
    assert central is not None and south is not None
    assert south.lat < central.lat and south.name == "southern Syria"
    town = Entry(1, "Safi", 35.465, 31.036, 15200, "JO", "town", 5_000.0)
    assert area_part("northern", town) is None  # a town has no parts named so


def test_a_part_that_only_says_where_a_place_lies_is_no_claim_of_its_own() -> None:
    claim = one_position("Israeli troops entered Nawa, in southern Syria, on Monday.")
    assert claim.place is not None and claim.place.text == "Nawa" and claim.place.kind == "town"
