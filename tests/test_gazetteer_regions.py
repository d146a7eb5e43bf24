"""Regions where their land is, what lies in them, and namesakes chosen by the region named.

Each class of error found on the geoparsing corpora's development halves, on sentences written
for the test; distances checked with pyproj.Geod against GeoNames' points (facts).
"""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.gazetteer import geonames
from standoff.read.gazshapes import kept_members, weighted_point

GEOD = Geod(ellps="WGS84")


def found(text: str) -> dict[str, PlaceMention]:
    return {p.text: p for p in read_text(text, ner="all").places}


def km(p: PlaceMention, lon: float, lat: float) -> float:
    assert p.lon is not None and p.lat is not None
    return float(GEOD.inv(p.lon, p.lat, lon, lat)[2]) / 1000


@pytest.mark.parametrize(("name", "kind", "lon", "lat"), [
    # GeoNames' points; the towns of each crowd one side (the south, one coast)
    ("Ontario", "province", -84.5, 49.25),
    ("Saskatchewan", "province", -106.0, 54.0),
    ("Alaska", "state", -150.0, 64.0),
    ("Hebei", "province", 116.0, 39.0),  # five towns in Tibet misfiled under it are left out
])
def test_a_region_lies_where_its_land_is_not_where_its_towns_crowd(
        name: str, kind: str, lon: float, lat: float) -> None:
    region = next(e for e in geonames().lookup(name) if e.kind == kind)
    assert GEOD.inv(region.lon, region.lat, lon, lat)[2] / 1000 < 161


def test_a_lone_group_of_towns_far_from_the_rest_is_left_out() -> None:
    lon = np.r_[np.linspace(114, 118, 60), [94.1, 94.3, 95.2]]
    lat = np.r_[np.linspace(37, 41, 60), [31.5, 31.7, 30.9]]
    keep = kept_members(lon, lat)
    assert keep[:60].all() and not keep[60:].any()
    # a region of scattered towns (no group is large) keeps them all
    assert kept_members(np.array([0.0, 10, 20, 30]), np.array([60.0, 62, 64, 66])).all()


def test_the_weighted_point_follows_the_larger_cell() -> None:
    x, y = weighted_point(np.array([3.0, 1.0]), np.array([10.0, 20.0]), np.array([0.0, 4.0]))  # type: ignore[misc]
    assert (x, y) == (12.5, 1.0)
    assert weighted_point(np.zeros(2), np.zeros(2), np.zeros(2)) is None
    across = weighted_point(np.ones(2), np.array([179.0, -179.0]), np.zeros(2))
    assert across is not None and abs(abs(across[0]) - 180) < 1e-9  # not 0: the short way round


def test_towns_and_counties_know_their_first_level_region() -> None:
    illinois = next(e for e in geonames().lookup("Illinois") if e.kind == "state")
    fulton = [e for e in geonames().lookup("Fulton County") if e.kind == "district"]
    assert sum(e.admin1 == illinois.geonames_id for e in fulton) == 1
    peoria = next(e for e in geonames().lookup("Peoria") if e.population > 100_000)
    assert peoria.admin1 == illinois.geonames_id


def test_a_town_named_with_its_state_is_inside_that_state() -> None:
    places = found("Doctors in Indiana and Kentucky asked a nurse from Nashville, Tennessee, "
                   "about the clinic in Scott County, Indiana.")
    assert km(places["Nashville"], -86.78, 36.17) < 30  # not Nashville, Indiana


def test_a_county_is_looked_for_in_the_state_the_article_names() -> None:
    places = found("The dead ducks were found near the river in Fulton County, in central "
                   "Illinois, the state said.")
    assert km(places["Fulton County"], -90.2, 40.47) < 50


def test_a_name_in_a_list_of_states_is_the_state() -> None:
    places = found("Outbreaks were reported in Idaho, Oregon, Washington, West Virginia and Utah.")
    assert places["Washington"].kind == "state"
    assert km(places["Washington"], -120.5, 47.5) < 300


def test_a_name_in_a_list_of_countries_is_the_country() -> None:
    places = found("The drug is sold in China, Japan, Brazil and India.")
    assert {places[n].kind for n in ("China", "Japan", "Brazil", "India")} == {"country"}
    places = found("Exports went to Iraq, Iran and Syria.")
    assert places["Iraq"].country == "IQ" and places["Iraq"].kind == "country"


def test_a_world_region_beats_a_namesake_neighbourhood() -> None:
    places = found("A Baltimore clinic in Maryland sent nurses to the Middle East and to "
                   "South America.")
    assert places["Middle East"].kind == "feature"
    assert places["South America"].kind == "continent"  # GeoNames' continent, not a copy


@pytest.mark.parametrize(("text", "name", "state"), [
    ("Mass. legislators put off a vote on the fuel tax.", "Mass.", "Massachusetts"),
    ("A driver died on Friday, the S.C. Highway Patrol said.", "S.C.", "South Carolina"),
])
def test_a_state_abbreviation_outside_a_dateline_is_the_state(text: str, name: str, state: str) -> None:
    assert found(text)[name].name == state


def test_a_sentence_ending_in_mass_is_not_massachusetts() -> None:
    mass = found("On Sunday she went to Mass. Then she drove to Ohio.").get("Mass.")
    assert mass is None or not mass.resolved


def test_a_direction_word_moves_the_point_into_that_part_of_the_area() -> None:
    places = found("Storms hit homes throughout Western Massachusetts on Monday.")
    state = next(e for e in geonames().lookup("Massachusetts") if e.kind == "state")
    west = places["Western Massachusetts"]
    assert west.name == "Massachusetts" and west.lon is not None and west.lon < state.lon
    assert west.uncertainty_m == pytest.approx(state.uncertainty_m / 2, rel=1e-3)  # half the area
    moved = float(GEOD.inv(state.lon, state.lat, west.lon, west.lat)[2])
    assert moved == pytest.approx(state.radius_m / 2, rel=1e-3)  # half its spread, due west


def test_a_people_named_after_a_state_points_at_the_state() -> None:
    result = read_text("Ohioans and Texans voted early, and Ontarians watched; Syrian "
                       "officials said nothing.", ner="all")
    people = {p.text: p for p in result.places if p.kind == "people"}
    assert (people["Ohioans"].name, people["Ohioans"].country) == ("Ohio", "US")
    assert people["Texans"].name == "Texas" and people["Ontarians"].name == "Ontario"
    assert people["Syrian"].name == "Syria"  # a country's people: still its country
    ohio = next(e for e in geonames().lookup("Ohio") if e.kind == "state")
    assert km(people["Ohioans"], ohio.lon, ohio.lat) < 1
    assert not [c for c in result.claims if c.place is not None and c.place.kind == "people"]
