"""Namesakes abroad: a small place called like a big city elsewhere, said to lie in or near a place.

Sentences written for these tests (issue 10, class 'namesake abroad'). The pairs are real
GeoNames entries: Kābūl, a town in northern Israel (Kabul, Afghanistan); Safi, a town in
Jordan's Karak governorate (Safi, Morocco); Palmira, a village in central Ukraine (Palmira,
Colombia); Riyadh, a village in Sudan (Riyadh, Saudi Arabia). Points are checked with
pyproj.Geod against the coordinates GeoNames gives those places.
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.containers import relation

GEOD = Geod(ellps="WGS84")
KABUL_IL = (35.212, 32.869)
SAFI_JO = (35.465, 31.036)
KARAK_JO = (35.75, 31.167)  # GeoNames' point of the Karak governorate
PALMIRA_UA = (32.174, 49.769)
RIYADH_SD = (32.568, 15.583)


def place(text: str, name: str) -> PlaceMention:
    found = [p for p in read_text(text, ner="all").places if p.text == name]
    assert len(found) == 1, [(p.text, p.name, p.country) for p in read_text(text, ner="all").places]
    return found[0]


def km(p: PlaceMention, lonlat: tuple[float, float]) -> float:
    assert p.lon is not None and p.lat is not None
    return float(GEOD.inv(p.lon, p.lat, *lonlat)[2] / 1000)


@pytest.mark.parametrize(("text", "name", "where"), [
    ("Police arrested two men in Kabul in Israel on Monday.", "Kabul", KABUL_IL),
    ("Police arrested two men in Kabul, Israel, on Monday.", "Kabul", KABUL_IL),
    ("Crops failed in Palmira in central Ukraine after the frost.", "Palmira", PALMIRA_UA),
    ("Crops failed in Palmira in Ukraine after the frost.", "Palmira", PALMIRA_UA),
    ("Soldiers reached Riyadh in Sudan on Friday.", "Riyadh", RIYADH_SD),
    ("Shepherds gathered in Safi in the Karak countryside.", "Safi", SAFI_JO),
    ("Flooding hit Safi, near Karak, on Sunday.", "Safi", SAFI_JO),
    ("Flooding hit Safi in Karak province on Sunday.", "Safi", SAFI_JO),
    ("Flooding hit Safi in western Jordan on Sunday.", "Safi", SAFI_JO),
])
def test_the_namesake_in_or_near_the_named_place_wins(text: str, name: str,
                                                     where: tuple[float, float]) -> None:
    p = place(text, name)
    assert km(p, where) < 5, (p.name, p.country)
    assert (p.uncertainty_m or 0) <= 5_000  # the town itself, not the place it lies in


def test_without_a_container_the_big_namesake_still_wins() -> None:
    kabul = place("Police arrested two men in Kabul on Monday.", "Kabul")
    assert kabul.country == "AF" and km(kabul, KABUL_IL) > 2_000


def test_a_container_with_no_namesake_in_it_leaves_the_big_one() -> None:
    # no Kabul lies in Pakistan: the name keeps its likeliest sense
    kabul = place("The envoy flew from Kabul in the morning and landed in Pakistan.", "Kabul")
    assert kabul.country == "AF"


def test_an_unknown_name_near_a_place_is_placed_there_and_wider() -> None:
    near = place("Gunmen raided a farm in Wadi Zurqaan, near Karak, on Sunday.", "Wadi Zurqaan")
    karak = place("Gunmen raided a farm in Wadi Zurqaan, near Karak, on Sunday.", "Karak")
    assert km(near, KARAK_JO) < 1 and near.name == karak.name
    assert (near.uncertainty_m or 0) > (karak.uncertainty_m or 0)  # around Karak, not in it
    inside = place("Gunmen raided a farm in Wadi Zurqaan in the Karak countryside.", "Wadi Zurqaan")
    assert km(inside, KARAK_JO) < 1 and inside.candidates == 0


def test_a_person_named_like_a_country_is_not_made_a_place() -> None:
    assert not [p for p in read_text("Jordan Smith in London said so on Monday.", ner="all").places
                if p.country == "JO"]


@pytest.mark.parametrize(("between", "how"), [
    (", ", "comma"), (" in ", "in"), (" in the ", "in"), (" in western ", "in"),
    (", in southern ", "in"), (" in the north-eastern ", "in"), (", near ", "near"),
    (" outside ", "near"), (" on the outskirts of ", "near"), (", east of ", "near"),
    (" and ", None), (" from ", None), (" in the west of ", None),
])
def test_relation_reads_the_words_between_two_names(between: str, how: str | None) -> None:
    text = "Safi" + between + "Karak"
    assert relation(text, 4, len(text) - 5) == how


def test_a_province_named_with_its_kind_is_placed_whatever_ner_says() -> None:
    text = "Troops entered Mashhad in Afghanistan's Balkh province on Monday."
    balkh = place(text, "Balkh")
    assert balkh.country == "AF" and balkh.kind == "province"
    assert place(text, "Mashhad").country == "AF"  # not the Iranian city


def test_an_unknown_name_near_a_town_is_placed_around_the_town() -> None:
    text = "Gunmen raided a farm in Wadi Zurqaan, near Nawa, on Sunday, Syrian officials in Daraa said."
    near, nawa = place(text, "Wadi Zurqaan"), place(text, "Nawa")
    assert nawa.country == "SY" and near.coarse and near.name == nawa.name
    assert km(near, (36.039, 32.886)) < 1  # GeoNames' point of Nawa
    assert near.uncertainty_m == pytest.approx((nawa.uncertainty_m or 0) + 15_000)
