"""Countries and first-level regions sit at GeoNames' own points (issue 10), checked with pyproj.Geod."""

from __future__ import annotations

import pytest
from pyproj import Geod

from standoff.read import read_text

GEOD = Geod(ellps="WGS84")


def _km(text: str, name: str, lon: float, lat: float) -> float:
    place = {p.text: p for p in read_text(text, ner="all").places}[name]
    assert place.lon is not None and place.lat is not None
    return float(GEOD.inv(place.lon, place.lat, lon, lat)[2] / 1000)


@pytest.mark.parametrize(("text", "name", "lon", "lat"), [
    # GeoNames' records (ids 285570, 2921044, 2635167, 226074): the Factbook's points for
    # these lie 100-200 km away (Kuwait's in the desert west of the country)
    ("Kuwait raised its oil output on Sunday.", "Kuwait", 47.75, 29.5),
    ("Germany sent two field hospitals.", "Germany", 10.5, 51.5),
    ("The United Kingdom recalled its ambassador.", "United Kingdom", -2.69531, 54.75844),
    ("Uganda closed its borders to poultry.", "Uganda", 33.0, 2.0),
    # first-level regions with a GeoNames point (5332921, 6093943)
    ("Wildfires spread across California overnight.", "California", -119.75126, 37.25022),
    ("Ontario reported 40 new cases.", "Ontario", -84.49983, 49.25014),
])
def test_countries_and_states_at_their_geonames_point(text: str, name: str, lon: float,
                                                      lat: float) -> None:
    assert _km(text, name, lon, lat) < 2


def test_an_off_centre_geonames_point_gives_way_to_one_nearer_the_middle() -> None:
    # GeoNames puts Canada at 60.11 N 113.64 W, in Alberta; the Factbook's 60 N 95 W is central
    text = "Canada banned imports of live birds."
    assert _km(text, "Canada", -95.0, 60.0) < 2
    assert _km(text, "Canada", -113.642578, 60.108669) > 900
