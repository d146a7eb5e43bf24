"""Places the gazetteer lacks: never a namesake elsewhere, never a town's point for its province.

Sentences written for these tests; areas checked with pyproj.Geod; region facts from GeoNames.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.gazetteer import geonames
from standoff.read.gazshapes import cover_radius_m

GEOD = Geod(ellps="WGS84")


def found(text: str) -> dict[str, PlaceMention]:
    return {p.text: p for p in read_text(text, ner="all").places}


def test_a_region_radius_covers_the_area_of_its_cells() -> None:
    # a 1° × 1° square on the equator cut into 10 × 10 equal cells (weights deg² × cos lat)
    step = 0.1
    cx, cy = np.meshgrid(np.arange(10) * step + step / 2, np.arange(10) * step + step / 2)
    cx, cy = cx.ravel(), cy.ravel()
    weight = np.full(cx.size, step * step) * np.cos(np.radians(cy))
    radius_km = cover_radius_m(weight, cx, cy, (0.5, 0.5)) / 1000
    area_km2 = abs(GEOD.polygon_area_perimeter([0, 1, 1, 0], [0, 0, 1, 1])[0]) / 1e6
    # never smaller than the disc of the same area; about the disc through the square's
    # middle of sides and corners (half side 55.7 km, half diagonal 78.7 km)
    assert radius_km >= np.sqrt(area_km2 / np.pi) * 0.99
    assert 55.7 < radius_km < 78.7
    assert cover_radius_m(np.zeros(3), cx[:3], cy[:3], (0.5, 0.5)) == 0.0


def test_a_province_radius_is_at_least_its_area() -> None:
    # Al Hudaydah governorate, Yemen: about 17,500 km² (a disc of 75 km); its towns crowd the coast
    prov = [e for e in geonames().lookup("Al Hudaydah") if e.kind == "province"]
    assert prov and prov[0].uncertainty_m / 1000 >= 60


def test_x_province_with_only_a_town_of_that_name_is_the_province() -> None:
    places = found("Fighters moved into Hodeidah province on Monday, residents said.")
    p = places["Hodeidah"]
    assert p.kind == "province" and p.country == "YE"
    assert p.uncertainty_m is not None and p.uncertainty_m >= 50_000
    # the town alone stays the town
    town = found("Fighters moved into Hodeidah on Monday, residents said.")["Hodeidah"]
    assert town.kind == "city" and town.uncertainty_m is not None and town.uncertainty_m <= 15_000


def test_x_district_with_only_a_town_of_that_name_is_as_wide_as_a_district() -> None:
    p = found("The patrol was ambushed in Kallam district on Friday.")["Kallam"]
    assert p.country == "IN" and p.uncertainty_m is not None and p.uncertainty_m >= 25_000


def test_a_town_said_to_lie_in_an_area_is_no_namesake_outside_it() -> None:
    # GeoNames has a Kallam in India only: in a Pakistani district it is not that one
    places = found("The convoy reached Kallam in the Swat district of Pakistan on Sunday.")
    assert places["Swat"].country == "PK"
    assert "Kallam" not in places or places["Kallam"].resolved is False
    assert all(p.country != "IN" for p in places.values())
    # the same name said to lie in its own country's region is still placed
    places = found("Police said the bus stopped in the town of Kallam in Maharashtra.")
    assert places["Kallam"].resolved and places["Kallam"].country == "IN"


def test_a_town_the_gazetteer_lacks_is_placed_at_the_area_it_is_said_to_lie_in() -> None:
    # Bunagana is no GeoNames city (population >= 500): placed at the province, as wide as it
    places = found("Fighters attacked Kisoro in Uganda and Bunagana in North Kivu province.")
    p, prov = places["Bunagana"], places["North Kivu"]
    assert p.resolved and p.name == prov.name and p.candidates == 0
    assert p.uncertainty_m == prov.uncertainty_m and prov.uncertainty_m is not None
    assert prov.uncertainty_m >= 150_000  # Nord-Kivu: about 59,500 km², a disc of 138 km
    assert places["Kisoro"].country == "UG"  # a known town in a country stays itself
    # a list of names is peers, not one inside the next
    listed = found("Shelling hit Kafr Zeita, Latamneh and Morek in Hama province.")
    assert "Latamneh" not in listed or not listed["Latamneh"].resolved


def test_a_pass_gorge_or_ridge_named_after_a_district_is_in_that_district() -> None:
    places = found("Militants were seen near the Khyber Pass on Monday, police said.")
    assert places["Khyber"].country == "PK" and places["Khyber"].kind == "district"
