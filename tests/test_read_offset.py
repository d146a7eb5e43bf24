"""'N km east of X' moves the point along the geodesic and widens the radius."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod

from standoff.read import read_text
from standoff.read.offset import bearing_deg, offset_point, offset_radius_m
from tests.read_helpers import minipack

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(("facing", "az"), [
    ("north", 0), ("east", 90), ("south-west", 225), ("northeastern", 45), ("West", 270),
])
def test_offset_matches_the_geodesic_direct_problem(facing: str, az: float) -> None:
    lon, lat = offset_point(36.10, 32.62, 25.0, facing)
    elon, elat, _ = GEOD.fwd(36.10, 32.62, az, 25_000)
    assert GEOD.inv(lon, lat, elon, elat)[2] < 0.01
    fwd_az, _, dist = GEOD.inv(36.10, 32.62, lon, lat)
    assert dist == pytest.approx(25_000, abs=0.01)
    assert bearing_deg(facing) == az and (fwd_az - az + 180) % 360 - 180 == pytest.approx(0, abs=1e-6)


def test_offset_radius_covers_the_compass_sector() -> None:
    r = offset_radius_m(5_000, 20.0)
    across = 20_000 * math.tan(math.radians(22.5))
    assert r == pytest.approx(5_000 + math.hypot(2_000, across))
    assert offset_radius_m(5_000, 20.0, approximate=True) > r > 5_000


def test_a_claim_n_km_east_of_a_place_is_observed_there() -> None:
    text = "On Tuesday, Hezbollah fighters were seen 10 km east of Quneitra, local sources said."
    result = read_text(text, minipack(), ner="all")
    place = next(p for p in result.places if p.text == "Quneitra")
    (obs,) = result.observations
    elon, elat, _ = GEOD.fwd(place.lon, place.lat, 90, 10_000)
    assert GEOD.inv(obs.lon, obs.lat, elon, elat)[2] < 1.0
    assert obs.radius_m == pytest.approx(offset_radius_m(place.uncertainty_m or 0, 10.0))
    assert obs.radius_m > (place.uncertainty_m or 0)
