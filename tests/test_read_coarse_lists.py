"""Coarse places: lists of names no gazetteer knows, said to lie in or near a known place (each
name a claim at that place, marked coarse), and places not named at all ('several hamlets east
of Y').

Sentences written for these tests (issue 10, class 'coarse lists'), read without a pack; the
village names are made up, so no gazetteer knows them. Points checked with pyproj.Geod
against GeoNames' points of the Quneitra and Dar'a governorates.
"""

from __future__ import annotations

from datetime import date

import pytest
from pyproj import Geod

from standoff.read import Claim, PlaceMention, ReadResult, read_text

GEOD = Geod(ellps="WGS84")
PUBLISHED = date(2024, 12, 4)
QUNEITRA = (35.833, 33.0)
DARAA = (36.167, 33.0)


def read(text: str) -> ReadResult:
    return read_text(text, published=PUBLISHED)


def positions(result: ReadResult) -> list[Claim]:
    return [c for c in result.claims if c.kind == "position"]


def named(result: ReadResult, text: str) -> PlaceMention:
    (p,) = [p for p in result.places if p.text == text]
    return p


def km(lon: float, lat: float, where: tuple[float, float]) -> float:
    return float(GEOD.inv(lon, lat, *where)[2] / 1000)


@pytest.mark.parametrize(("where", "holder", "point"), [
    ("in the Quneitra countryside", "Quneitra", QUNEITRA),
    ("in Daraa province", "Daraa", DARAA),
])
def test_unknown_villages_listed_in_a_place_are_placed_there_coarse(
        where: str, holder: str, point: tuple[float, float]) -> None:
    result = read(f"Israeli troops entered the villages of Umm Zirqa, Khirbet Fulan and Tell Zawra {where} "
                  "on Monday.")
    got = positions(result)
    # one claim per village (as the gold of the development set counts them), none for the container
    assert [c.place.text for c in got if c.place] == ["Umm Zirqa", "Khirbet Fulan", "Tell Zawra"]
    container = named(result, holder)
    for claim in got:
        place = claim.place
        assert place is not None and place.coarse and place.resolved
        assert place.name == container.name and place.uncertainty_m == container.uncertainty_m
    assert len(result.observations) == 3
    for obs in result.observations:
        assert km(obs.lon, obs.lat, point) < 1 and obs.radius_m == container.uncertainty_m


def test_in_the_north_of_a_place_the_list_is_in_that_part_of_it() -> None:
    result = read("Israeli troops entered the villages of Umm Zirqa and Tell Zawra in the northern "
                  "Quneitra countryside on Monday.")
    claim = positions(result)[0]
    quneitra = named(result, "Quneitra")
    assert claim.place is not None and claim.place.coarse and quneitra.uncertainty_m is not None
    assert claim.place.lon is not None and claim.place.lat is not None
    az, _, d_m = GEOD.inv(*QUNEITRA, claim.place.lon, claim.place.lat)
    assert abs(az) < 1 and d_m == pytest.approx(quneitra.uncertainty_m / 2, rel=1e-3)
    assert claim.place.uncertainty_m == pytest.approx(quneitra.uncertainty_m / 2)


def test_near_a_place_the_list_is_wider_than_the_place() -> None:
    result = read("Iranian fighters were seen in the villages of Umm Zirqa and Tell Zawra near Daraa.")
    daraa = named(result, "Daraa")
    for claim in positions(result):
        assert claim.place is not None and claim.place.coarse
        assert claim.place.uncertainty_m == pytest.approx((daraa.uncertainty_m or 0) + 15_000)


def test_a_list_with_no_container_stays_unplaced_names() -> None:
    for text in ("ISIS fighters raided the villages of Umm Zirqa and Tell Zawra on Monday.",
                 "ISIS fighters raided the villages of Umm Zirqa and Tell Zawra in Syria on Monday."):
        result = read(text)
        got = positions(result)
        assert {c.place.text for c in got if c.place} == {"Umm Zirqa", "Tell Zawra"}
        assert all(c.place is not None and not c.place.resolved for c in got)
        assert result.observations == []  # a country is too coarse to place them


def test_hamlets_east_of_a_province_are_near_it_not_half_a_theatre() -> None:
    result = read("Russian military police deployed in several hamlets east of Quneitra on Sunday.")
    (claim,) = positions(result)
    assert claim.place is not None and claim.modifiers[0].kind == "near"
    assert claim.modifiers[0].facing == "east"
    (obs,) = result.observations
    quneitra = named(result, "Quneitra")
    assert km(obs.lon, obs.lat, QUNEITRA) < 1 and obs.radius_m > (quneitra.uncertainty_m or 0)


def test_east_of_a_named_line_is_still_a_side() -> None:
    result = read("Israeli troops were seen east of the Alpha line on Sunday.")
    assert result.observations == []  # not a village called Alpha


def test_an_unknown_place_near_a_known_one_is_marked_coarse() -> None:
    result = read("Gunmen raided a farm in Wadi Zurqaan, near Karak, on Sunday.")
    assert named(result, "Wadi Zurqaan").coarse and not named(result, "Karak").coarse
