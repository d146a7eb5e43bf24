"""The world gazetteer: countries, regions, abbreviations, the prior, transliterations."""

from __future__ import annotations

import pytest
from pyproj import Geod

from standoff.read import read_text
from standoff.read.gazetteer import Entry, fold_name, geonames, skeleton, translit

GEOD = Geod(ellps="WGS84")


def km(entry: Entry, lon: float, lat: float) -> float:
    return GEOD.inv(entry.lon, entry.lat, lon, lat)[2] / 1000


def top(name: str) -> Entry:
    return max(geonames().lookup(name), key=Entry.prior)


@pytest.mark.parametrize(("name", "iso", "lon", "lat"), [
    ("Syria", "SY", 38.0, 35.0), ("Russia", "RU", 100.0, 60.0), ("Georgia", "GE", 43.5, 42.0),
    ("United States", "US", -98.58, 39.83), ("France", "FR", 2.0, 46.0),
])
def test_countries_sit_at_their_geonames_points(name: str, iso: str, lon: float, lat: float) -> None:
    (country,) = [e for e in geonames().lookup(name) if e.kind == "country"]
    assert country.country == iso
    assert km(country, lon, lat) < 25


@pytest.mark.parametrize(("name", "iso", "kind", "lon", "lat"), [
    ("Daraa Governorate", "SY", "province", 36.25, 32.75),
    ("Quneitra Governorate", "SY", "province", 35.85, 33.05),
    ("Texas", "US", "state", -99.25, 31.25),
    ("Ontario", "CA", "province", -85.0, 49.25),
    ("Rapides Parish", "US", "district", -92.53, 31.20),
])
def test_first_and_second_level_regions(name: str, iso: str, kind: str, lon: float, lat: float) -> None:
    region = next(e for e in geonames().lookup(name) if e.kind == kind)
    assert region.country == iso
    # a centre derived from the region's towns: within the region's own radius of GeoNames' point
    assert km(region, lon, lat) < max(region.radius_m / 1000, 60)
    assert region.radius_m >= 10_000


@pytest.mark.parametrize(("abbr", "iso"), [
    ("US", "US"), ("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("U.K.", "GB"), ("UAE", "AE"),
])
def test_abbreviations_are_countries(abbr: str, iso: str) -> None:
    entry = geonames().abbreviation(abbr)
    assert entry is not None and entry.kind == "country" and entry.country == iso


def test_abbreviations_are_case_sensitive_and_state_ones_need_a_comma() -> None:
    gn = geonames()
    assert gn.abbreviation("us") is None and gn.abbreviation("Us") is None
    assert gn.abbreviation("EU") is not None and gn.abbreviation("EU").name == "European Union"  # type: ignore[union-attr]
    assert gn.abbreviation("Calif.") is None
    assert gn.abbreviation("Calif.", after_comma=True).name == "California"  # type: ignore[union-attr]


def test_abbreviations_in_text_resolve_to_the_country_not_a_hamlet() -> None:
    found = read_text("Talks between the US and the UAE, with U.S. and EU envoys, went on.").places
    by_text = {p.text: p for p in found}
    assert by_text["US"].country == "US" and by_text["US"].kind == "country"
    assert by_text["U.S."].geonames_id == by_text["US"].geonames_id
    assert by_text["UAE"].country == "AE" and by_text["EU"].name == "European Union"


def test_the_prior_prefers_big_and_famous_places() -> None:
    assert top("Paris").country == "FR" and top("Paris").kind == "capital"
    assert top("Damascus").country == "SY"
    assert top("Syria").kind == "country"
    # "Jordan" is a country before it is any village of that name
    assert top("Jordan").kind == "country"


def test_a_place_named_with_its_region_is_looked_for_inside_it() -> None:
    (london,) = [p for p in read_text("The fair opened in London, Ontario, on Friday.").places
                 if p.text == "London"]
    assert london.country == "CA"
    (paris,) = [p for p in read_text("She grew up in Paris, Texas, with her aunt.").places
                if p.text == "Paris"]
    assert paris.country == "US"


@pytest.mark.parametrize(("a", "b"), [
    ("Kanaker", "Kanakir"), ("Deraa", "Daraa"), ("Sweida", "Suwayda"), ("As-Suwayda", "Suwayda"),
    ("al-Kiswah", "el-Kiswah"), ("Idlib", "Edlib"),
])
def test_transliterations_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(fold_name(a)) == skeleton(fold_name(b))


@pytest.mark.parametrize(("text", "expected"), [
    ("Kanakir", "Kanākir"), ("Sweida", "As-Suwayda"), ("Edlib", "Idlib"),
])
def test_fuzzy_finds_transliterations(text: str, expected: str) -> None:
    assert expected in {e.name for e in geonames().fuzzy(text)}


@pytest.mark.parametrize("text", ["Gaza", "Homs", "Hartmann", "Pawlenty", "Zzyzxqk"])
def test_fuzzy_is_guarded(text: str) -> None:
    """Short names never match loosely; long ones only within one edit of the loose spelling."""
    for e in geonames().fuzzy(text):
        assert len(translit(fold_name(text))) >= 5
        assert skeleton(fold_name(e.name)) == skeleton(fold_name(text)) or any(
            skeleton(k) == skeleton(fold_name(text)) for k in [fold_name(e.name)])
    assert geonames().fuzzy("Gaza") == [] and geonames().fuzzy("Homs") == []


def test_fuzzy_matches_in_text_need_the_articles_country() -> None:
    near = read_text("Fighters were seen near Kanakir in southern Syria on Tuesday.").places
    assert [(p.name, p.country) for p in near if p.text == "Kanakir"] == [("Kanākir", "SY")]
    alone = read_text("Mr. Hartmann said the talks near Pawlenty had stalled.").places
    assert not [p for p in alone if p.text in ("Hartmann", "Pawlenty") and p.resolved]


def test_namesakes_near_each_other_support_each_other() -> None:
    """'Paris and Henry County': the Paris that lies in one of the Henry Counties (Tennessee)."""
    found = {p.text: p for p in read_text(
        "Residents of Paris and Henry County gathered at the courthouse on Monday.", ner="all").places}
    paris, county = found["Paris"], found["Henry County"]
    assert paris.country == "US" and county.country == "US"
    assert GEOD.inv(paris.lon, paris.lat, county.lon, county.lat)[2] < 50_000
    towns = {p.text: p for p in read_text(
        "Storms hit Springfield and Decatur, and roads near Champaign were closed.", ner="all").places}
    assert {p.country for p in towns.values()} == {"US"}
    assert max(GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] for a in towns.values()
               for b in towns.values()) < 200_000  # all three in Illinois
