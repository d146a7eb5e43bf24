"""The article's focus places names: compass words, 'the <sea>', villages NER calls organisations.

Sentences written for these tests; points checked with pyproj.Geod against GeoNames' own.
"""

from __future__ import annotations

from collections import Counter

from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.compass import compass_base, compass_candidates
from standoff.read.gazetteer import Entry
from standoff.read.geoparse import _in_focus
from standoff.read.resolve import Hit

GEOD = Geod(ellps="WGS84")


def found(text: str) -> list[PlaceMention]:
    return read_text(text, ner="all").places


def by_text(text: str) -> dict[str, PlaceMention]:
    return {p.text: p for p in found(text)}


def km(p: PlaceMention, lon: float, lat: float) -> float:
    assert p.lon is not None and p.lat is not None
    return GEOD.inv(p.lon, p.lat, lon, lat)[2] / 1000


def test_the_north_and_the_south_are_the_sister_countries_the_article_names() -> None:
    places = by_text("Envoys of the South met in Seoul on Friday, and the North tested a rocket. "
                     "North Korea called the meeting a provocation.")
    assert places["South"].country == "KR" and places["South"].kind == "country"
    assert places["North"].country == "KP" and places["North"].kind == "country"


def test_a_compass_word_is_never_a_namesake_region_of_an_unnamed_country() -> None:
    places = found("Heavy rain hit the South on Sunday, and Alabama and Mississippi closed schools.")
    south = [p for p in places if p.text == "South"]
    assert all(not p.resolved for p in south)  # no region of its own in the United States
    assert not [p for p in places if p.country == "CM"]  # Cameroon's 'South' region


def test_the_south_of_a_named_country_is_its_southern_governorate() -> None:
    places = found("Lebanon's army sent two brigades to the south after the truce, officers in Beirut said.")
    south = [p for p in places if p.text == "south"]
    assert len(south) == 1 and south[0].country == "LB" and south[0].kind == "province"
    assert km(south[0], 35.5, 33.3) < 60  # GeoNames' point of the South Governorate (Sidon area)


def test_the_south_is_dropped_when_the_article_names_no_country_with_such_a_region() -> None:
    assert not [p for p in found("Farmers moved their herds to the south before the winter.")
                if p.text == "south"]
    # two countries named: whose south is not said; 'the south of' a town is part of the town
    assert not [p for p in found("Israeli troops moved to the south, Syrian officials in Damascus said.")
                if p.text == "south"]
    assert not [p for p in found("Shells fell in the south of Sidon, Lebanon's army said.")
                if p.text == "south"]


def test_compass_candidates_prefer_the_country_named_most() -> None:
    south = compass_candidates("south", Counter({"LB": 3, "IL": 1}))
    assert [c.country for c in south][:2] == ["LB", "IL"]
    assert compass_candidates("south", Counter({"LB": 3, "IL": 1}), only="IL")[0].country == "IL"
    assert compass_base("Southern") == "south" and compass_base("the North") == "north"
    assert compass_base("Southport") is None


def test_the_atlantic_is_the_ocean_not_a_namesake_village() -> None:
    places = by_text("The trawler sank in the Atlantic, two days out of Portland, Maine.")
    assert places["Atlantic"].kind == "feature" and places["Atlantic"].name == "Atlantic Ocean"
    # a town of that name named with its state stays the town
    town = by_text("A diner in Atlantic, Iowa, closed after the flood.")["Atlantic"]
    assert town.country == "US" and km(town, -95.01, 41.40) < 10


def test_villages_ner_takes_for_organisations_are_placed_by_the_article_focus() -> None:
    places = by_text("Government artillery shelled Kafr Nabl and Saraqib in Idlib province overnight.")
    assert km(places["Kafr Nabl"], 36.56, 35.61) < 10  # GeoNames: Kafranbel
    assert km(places["Saraqib"], 36.81, 35.86) < 10


def _hit(country: str, start: int, text: str) -> Hit:
    e = Entry(1, "Saraqib", 36.8, 35.9, 30_000, country, "town")
    return Hit(start, start + len(text), text, "geonames", candidates=[e], whole=True)


def test_focus_acceptance_needs_the_country_a_cue_and_no_institution() -> None:
    text = "Shells hit Saraqib overnight, and Saraqib Police reported losses."
    a, b = text.index("Saraqib"), text.rindex("Saraqib")
    first, police = _hit("SY", a, "Saraqib"), _hit("SY", b, "Saraqib")
    ents = [(a, a + 7, "ORG"), (b, b + 7, "ORG")]
    assert _in_focus(text, [], [first, police], ents, {"SY"}) == [first]
    assert _in_focus(text, [], [first], ents, {"TR"}) == []  # namesake outside the article's countries
    assert _in_focus(text, [], [first], [(a, a + 7, "PERSON")], {"SY"}) == []
    assert _in_focus("Saraqib won the match.", [], [_hit("SY", 0, "Saraqib")], [], {"SY"}) == []  # no cue


def test_a_transliteration_with_another_article_inside_matches() -> None:
    from standoff.read.gazetteer import geonames, translit

    assert translit("maarat al numan") == translit("maarrat an numan")
    assert any(e.country == "SY" for e in geonames().fuzzy("Maarat al-Numan"))
    assert translit("dar es salaam") != translit("dar salaam x")  # only whole words are articles


def test_a_village_transliteration_is_taken_only_in_a_country_the_article_names() -> None:
    from standoff.read.geoparse import _try_fuzzy

    text = "Troops entered Maarat al-Numan on Monday."
    s, e = text.index("Maarat"), text.index(" on")
    assert _try_fuzzy(text, s, e) is None  # a village (no population in GeoNames): too loose alone
    hit = _try_fuzzy(text, s, e, focus=frozenset({"SY"}))
    assert hit is not None and hit.how == "fuzzy" and {c.country for c in hit.candidates} == {"SY"}
