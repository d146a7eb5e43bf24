"""Classes of geoparsing errors found on news corpora, each on sentences written for the test."""

from __future__ import annotations

import pytest
from pyproj import Geod

from standoff.read import PlaceMention, read_text
from standoff.read.gazetteer import geonames

GEOD = Geod(ellps="WGS84")


def found(text: str) -> dict[str, PlaceMention]:
    return {p.text: p for p in read_text(text, ner="all").places}


def km(p: PlaceMention, lon: float, lat: float) -> float:
    assert p.lon is not None and p.lat is not None
    return GEOD.inv(p.lon, p.lat, lon, lat)[2] / 1000


def test_a_demonym_is_a_mention_of_its_country_never_a_position() -> None:
    text = "Syrian troops entered Nawa on Monday, and Sri Lankan engineers met Arab envoys."
    result = read_text(text, ner="all")
    by_text = {p.text: p for p in result.places}
    assert by_text["Syrian"].kind == "people" and by_text["Syrian"].country == "SY"
    assert by_text["Sri Lankan"].country == "LK"
    assert "Arab" not in by_text  # the name of a people of many countries: no country
    assert km(by_text["Syrian"], 38.0, 35.0) < 25  # the country's GeoNames point
    assert [c.place.text for c in result.claims if c.place is not None] == ["Nawa"]
    assert not [p for p in result.unresolved if p.kind == "people"]


def test_a_list_of_states_is_states_not_towns_inside_the_next_one() -> None:
    places = found("Cases were confirmed in Ohio, Kansas, Louisiana, New Mexico, Michigan and Wyoming.")
    assert {places[n].kind for n in ("Kansas", "Louisiana", "New Mexico", "Wyoming")} == {"state"}
    # a town named with its state is still looked for inside it
    assert found("She grew up in Paris, Texas, with her aunt.")["Paris"].country == "US"


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The herd came from a Washington state dairy.", "Washington", "state"),
    ("The patient was treated in Hebei province last week.", "Hebei", "province"),
])
def test_the_word_after_a_name_says_its_kind(text: str, name: str, kind: str) -> None:
    assert found(text)[name].kind == kind


def test_a_country_is_near_the_towns_inside_it() -> None:
    places = found("Clinics in Guadalajara and Monterrey reported cases, and Mexico asked for vaccines.")
    assert places["Mexico"].kind == "country" and places["Mexico"].country == "MX"


@pytest.mark.parametrize(("text", "name", "lon", "lat"), [
    ("Prices rose across the Middle East after the strike.", "Middle East", 41.0, 29.0),
    ("Two ships sank in the Black Sea on Monday.", "Black Sea", 34.0, 43.4),
    ("Farmers in northern Luzon culled their pigs.", "Luzon", 121.0, 16.0),
    ("The virus reached the Americas in the spring.", "Americas", -90.0, 15.0),
])
def test_world_regions_seas_and_islands_are_not_namesake_villages(text: str, name: str, lon: float,
                                                                   lat: float) -> None:
    p = found(text)[name]
    assert p.kind == "feature" and p.gazetteer == "features" and p.geonames_id is None
    assert km(p, lon, lat) < 50
    assert p.uncertainty_m is not None and p.uncertainty_m >= 100_000


def test_region_abbreviations_and_congo_without_the() -> None:
    places = found("Horses were moved between NSW and Queensland. Aid reached the Democratic "
                   "Republic of Congo.")
    assert places["NSW"].name == "New South Wales" and places["NSW"].kind == "state"
    assert places["Democratic Republic of Congo"].country == "CD"
    assert geonames().abbreviation("nsw") is None  # case-sensitive, as the country ones


def test_a_lawmakers_party_tag_names_a_place() -> None:
    places = found("Rep. Ann Kerr, D-Charleston, and Sen. Tom Hale, R-N.D., and Rep. Jo Lind, "
                   "D-W. Va., voted against the bill.")
    assert places["Charleston"].country == "US"
    assert places["N.D."].name == "North Dakota" and places["W. Va."].name == "West Virginia"
    assert "D" not in places and "R" not in places


def test_hyphenated_names_are_cut_into_places() -> None:
    places = found("Diplomats doubted an EU-Israel summit. A Sligo-based charity agreed.")
    assert places["Israel"].kind == "country" and places["EU"].name == "European Union"
    assert places["Sligo"].country == "IE"
    assert found("The Paris-Henry County council met.")["Henry County"].kind == "district"
    winston = found("The fair moved to Winston-Salem on Friday.")
    assert "Winston-Salem" in winston and winston["Winston-Salem"].country == "US"  # still one name


def test_a_county_and_a_state_inside_an_organisations_name_are_places() -> None:
    places = found("Laurel County Clerk Dean Moss retired. She studied at the University of "
                   "Pennsylvania.")
    assert places["Laurel County"].kind == "district" and places["Laurel County"].country == "US"
    assert places["Pennsylvania"].kind == "state"


def test_a_dateline_in_capitals_is_a_place() -> None:
    places = found("CROMWELL - The third candidate entered the race on Monday.")
    assert places["CROMWELL"].country == "US"


def test_an_article_on_one_line_with_a_photo_credit_is_not_a_caption() -> None:
    words = " ".join(["Talks in Nicosia went on for a second day."] * 12)
    places = found(f"{words} Photo: AP {words}")
    assert places["Nicosia"].country == "CY"
    assert not found("Soldiers at a checkpoint outside Nicosia. Photo: AP")  # a real caption


def test_a_country_listed_with_others_is_a_place_whatever_ner_says() -> None:
    places = found("Cases rose in Benin, Ghana, Niger, and Senegal. Zambia, Malawi, and Mozambique "
                   "reported more.")
    assert {n: places[n].kind for n in ("Niger", "Malawi")} == {"Niger": "country", "Malawi": "country"}


def test_the_same_entry_under_a_longer_name_does_not_pull_the_short_one() -> None:
    """'Mexico City' near 'Mexico' is not a reason for 'Mexico' to be the city."""
    places = read_text("Violence in Acapulco, Guerrero, worried tourists. Schools in Mexico City "
                       "closed. The president of Mexico spoke, and Mexico asked for help.", ner="all").places
    assert {p.kind for p in places if p.text == "Mexico"} == {"country"}


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The herd was found in the state of Washington last year.", "Washington", "state"),
    ("Families fled parts of the Punjab province of Pakistan.", "Punjab", "province"),
])
def test_the_state_of_x_and_x_province(text: str, name: str, kind: str) -> None:
    assert found(text)[name].kind == kind


def test_names_joined_by_lower_case_words_stay_whole() -> None:
    places = found("Aid reached Port-au-Prince and Stratford-upon-Avon on Monday.")
    assert places["Port-au-Prince"].country == "HT"


def test_a_region_point_is_the_centre_of_its_towns_hull() -> None:
    """Near GeoNames' point even where the towns crowd one side (Virginia's east; GeoNames puts
    Virginia at 37.55 N, 77.45 W; the centre of the towns' bounding box was 175 km away)."""
    virginia = next(e for e in geonames().lookup("Virginia") if e.kind == "state")
    assert GEOD.inv(virginia.lon, virginia.lat, -77.45, 37.55)[2] / 1000 < 130


def test_st_mt_ft_names_keep_their_prefix() -> None:
    places = found("Flights from St. Petersburg and Ft. Worth landed in Mt. Pleasant on Monday.")
    assert places["St. Petersburg"].name in ("Saint Petersburg", "St. Petersburg")
    assert places["Ft. Worth"].name == "Fort Worth" and "Petersburg" not in places


def test_a_demonym_shared_by_territories_is_the_biggest_countrys() -> None:
    (french,) = [p for p in read_text("French officials agreed.", ner="all").places]
    assert french.country == "FR"


def test_the_european_union_is_at_its_geonames_point() -> None:
    (eu,) = [p for p in read_text("EU ministers met on Monday.", ner="all").places]
    assert eu.geonames_id == 6695072 and km(eu, 4.376, 50.839) < 5  # GeoNames: Brussels


def test_each_name_of_a_list_of_counties_is_its_county() -> None:
    places = found("Storms hit Harvey, Harper and Kingman counties in Kansas. Small Hitchcock and "
                   "Hayes counties in Nebraska lost people.")
    for name in ("Harvey", "Harper", "Kingman", "Hitchcock", "Hayes"):
        assert places[name].kind == "district" and places[name].country == "US", name
    assert "Small" not in places


def test_a_big_city_that_ner_calls_an_organisation_is_a_place_after_a_locative_word() -> None:
    place = found("Inspectors took samples from Tacloban last week and sent them to a laboratory.")
    assert place["Tacloban"].country == "PH"
    assert km(place["Tacloban"], 125.0, 11.24) < 10


def test_a_big_city_listed_with_places_is_one_whatever_ner_says() -> None:
    places = found("Officials said the outbreak had reached Cairo, Giza, and Aswan by Friday.")
    assert places["Giza"].country == "EG"


def test_a_city_ending_an_organisations_name_after_of_is_a_place() -> None:
    places = found("A pediatrician at the University Hospital of Pittsburgh said the trial would end.")
    assert places["Pittsburgh"].country == "US"
    assert "University" not in places  # a common word opening NER's organisation: no town
    assert km(places["Pittsburgh"], -79.996, 40.441) < 10


@pytest.mark.parametrize(("text", "name", "lon", "lat"), [
    ("Monitors reported shelling in South Ossetia on Sunday.", "South Ossetia", 43.97, 42.35),
    ("Talks on Nagorno-Karabakh resumed in Moscow.", "Nagorno-Karabakh", 46.75, 39.8),
    ("Fishermen in the Danube Delta found dead swans on Tuesday.", "Danube Delta", 29.2, 45.1),
    ("Heavy snow closed schools across New England.", "New England", -71.5, 44.0),
])
def test_regions_of_the_news_that_no_subdivision_list_has(text: str, name: str, lon: float,
                                                          lat: float) -> None:
    assert km(found(text)[name], lon, lat) < 100


def test_a_states_own_name_is_the_state_not_a_village_near_the_other_places() -> None:
    # a village called Florida lies in New York state, near New York City: unqualified, the
    # name is the state ('Florida, N.Y.' would say otherwise)
    places = found("Letters with the powder were mailed to senators in Washington and to newsrooms"
                   " in New York City and Florida. Police in New York said more letters may"
                   " follow, and New York officials agreed.")
    assert places["Florida"].kind == "state"
    assert km(places["Florida"], -81.5, 28.0) < 200


def test_a_demonym_after_a_capitalised_word_is_still_a_people() -> None:
    text = "The Cypriot coast guard stopped the ship. Nobody in the Sri Lankan cabinet spoke."
    result = read_text(text, ner="all")
    people = {p.text: p.country for p in result.places if p.kind == "people"}
    assert people == {"Cypriot": "CY", "Sri Lankan": "LK"}
    assert not result.unresolved  # NER's 'Sri Lankan' (GPE) is not an unknown place
    assert not [p for p in read_text("The New Mexican desert was hot.", ner="all").places
                if p.country == "MX"]


def test_america_alone_is_the_united_states_but_not_inside_a_longer_name() -> None:
    result = read_text("Donors gave to the Bank of America fund. Prices rose across Latin America,"
                       " and in America they fell.", ner="all")
    by_text = [(p.text, p.kind, p.country) for p in result.places]
    assert by_text.count(("America", "country", "US")) == 2
    assert ("Latin America", "feature", "") in by_text


def test_a_dateline_in_capitals_keeps_its_saint() -> None:
    places = found("ST. PAUL -- The council voted on Tuesday to close the bridge.")
    assert km(places["ST. PAUL"], -93.09, 44.94) < 15
