"""Report day intervals and the reports an epoch meets, compiled, against plain numpy."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=60, deadline=None)
@given(days=st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 3)), min_size=0, max_size=12),
       open_start=st.booleans(), lo=st.integers(-6, 6), width=st.integers(0, 6), open_end=st.booleans())
def test_overlapping_with_spans_is_the_plain_search(days, open_start, lo, width, open_end):
    from standoff.engine.epochs import NEVER, SINCE_EVER, overlapping, overlaps, spans

    start = np.array([s for s, _ in days], np.int64)
    end = start + np.array([w for _, w in days], np.int64)
    if len(days) and open_start:
        start[0] = SINCE_EVER
    if len(days) and open_end:
        end[-1] = NEVER
    hi = lo + width
    want = np.flatnonzero(overlaps(start, end, lo, hi))
    assert np.array_equal(overlapping(start, end, lo, hi, spans(start, end)), want)
    assert np.array_equal(overlapping(start, end, lo, hi), want)
