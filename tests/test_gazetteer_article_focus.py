"""Article focus: an ambiguous name with no container prefers the namesake in the country the
article is about, and keeps the likeliest one when the article is about two countries.

Sentences written for these tests (issue 10, class 'article focus'); the namesakes are real
GeoNames entries (Kābūl in northern Israel, Safi in Jordan, Palmira in central Ukraine), their
points checked with pyproj.Geod against GeoNames' coordinates.
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from standoff.read import PlaceMention, read_text

GEOD = Geod(ellps="WGS84")


def place(text: str, name: str) -> PlaceMention:
    found = [p for p in read_text(text, ner="all").places if p.text == name]
    assert len(found) == 1, [(p.text, p.name, p.country) for p in read_text(text, ner="all").places]
    return found[0]


def km(p: PlaceMention, lon: float, lat: float) -> float:
    assert p.lon is not None and p.lat is not None
    return float(GEOD.inv(p.lon, p.lat, lon, lat)[2] / 1000)


@pytest.mark.parametrize(("text", "name", "lonlat"), [
    ("Israeli police raided homes across northern Israel on Monday. Officers arrested two men "
     "in Kabul, police said.", "Kabul", (35.212, 32.869)),
    ("Floods hit southern Jordan on Sunday, officials in Amman said. In Safi, dozens of homes "
     "were flooded.", "Safi", (35.465, 31.036)),
    ("Russian shelling hit central Ukraine on Monday. In Palmira, two homes burned, officials "
     "in Kyiv said.", "Palmira", (32.174, 49.769)),
])
def test_the_namesake_in_the_country_the_article_is_about_wins(
        text: str, name: str, lonlat: tuple[float, float]) -> None:
    assert km(place(text, name), *lonlat) < 5


def test_an_article_on_two_countries_keeps_the_likeliest_namesake() -> None:
    kabul = place("Envoys from Israel met Afghan officials in Kabul on Monday.", "Kabul")
    assert kabul.country == "AF" and km(kabul, 69.172, 34.528) < 20
