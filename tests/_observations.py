"""Random reports over the golan theatre, for tests of verdict files and the store."""

from __future__ import annotations

import numpy as np

import standoff
from standoff.model import ObservationSet


def random_observations(pack: standoff.Pack, n: int, seed: int = 7) -> ObservationSet:
    """Reports spread over the theatre's box, some without a time, with units and counts."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(35.4, 36.9, n)
    lat = rng.uniform(32.4, 33.8, n)
    days = np.datetime64("2016-01-01") + rng.integers(0, 4 * 365, n)
    time = np.where(rng.random(n) < 0.1, np.datetime64("NaT"), days).astype("datetime64[D]")
    units = np.array(["", "tank", "artillery", "sam", "soldier"], dtype=object)
    count = np.where(rng.random(n) < 0.5, np.nan, rng.integers(0, 60, n)).astype(np.float64)
    return ObservationSet(
        id=np.array([f"r{i}" for i in range(n)], dtype=object),
        actor=np.array([*sorted(pack.actors), "UNKNOWN"], dtype=object)[
            rng.integers(0, len(pack.actors) + 1, n)],
        lon=lon, lat=lat, radius_m=np.where(rng.random(n) < 0.5, 0.0, rng.uniform(0, 8000, n)),
        time=time, time_end=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"), count=count,
        unit=units[rng.integers(0, len(units), n)], source=np.full(n, "", dtype=object),
        quote=np.array(['said "=1+2" \\ here\n', "@user", "", "-5 km", "plain"], dtype=object)[
            np.arange(n) % 5],
        attribution=np.full(n, "", dtype=object), confidence=np.ones(n),
        span=[(i, i + 9) if i % 3 else None for i in range(n)],
        context=[f'He said: "line {i}",\nthen left.' if i % 3 else "" for i in range(n)])
