"""Report day intervals and the reports an epoch meets, compiled, against plain numpy."""

from __future__ import annotations

import numpy as np

from standoff.engine import epochs as ep
from standoff.model import ObservationSet


def _reports(n: int, seed: int) -> ObservationSet:
    rng = np.random.default_rng(seed)
    first = np.datetime64("2017-01-01")
    time = (first + rng.integers(0, 900, n)).astype("datetime64[D]")
    time[rng.random(n) < 0.2] = np.datetime64("NaT")
    time_end = time + rng.integers(0, 40, n)
    time_end[rng.random(n) < 0.5] = np.datetime64("NaT")
    blank = np.full(n, "", dtype=object)
    return ObservationSet(id=blank, actor=blank, lon=np.zeros(n), lat=np.zeros(n), radius_m=np.zeros(n),
                          time=time, time_end=time_end, count=np.full(n, np.nan), unit=blank,
                          source=blank, quote=blank, attribution=blank, confidence=np.ones(n))


def test_intervals_and_overlapping_equal_the_plain_numpy_expressions():
    obs = _reports(5000, 2)
    start, end = ep.intervals(obs)
    unknown = np.isnat(obs.time)
    assert np.array_equal(start, np.where(unknown, ep.SINCE_EVER, obs.time.astype(np.int64)))
    last = np.where(np.isnat(obs.time_end), obs.time, obs.time_end).astype(np.int64)
    assert np.array_equal(end, np.where(unknown, ep.NEVER, last))
    assert (end[~unknown] >= start[~unknown]).all() and (~np.isnat(obs.time_end) & ~unknown).any()
    for lo, hi in ((17_300, 17_500), (ep.SINCE_EVER, 17_400), (17_600, ep.NEVER), (0, 1)):
        expected = np.flatnonzero((start < hi) & (end >= lo))
        assert np.array_equal(ep.overlapping(start, end, lo, hi), expected)
    assert len(ep.overlapping(start, end, 0, 1)) == int(unknown.sum())  # only the open reports
