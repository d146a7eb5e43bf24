"""`rows.sorted_search`: the merge pass finds what a binary search finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.engine.rows import sorted_search

ascending = st.lists(st.integers(0, 300), max_size=200).map(lambda v: np.array(sorted(v), np.int64))


@settings(max_examples=200, deadline=None)
@given(ascending, ascending)
def test_merge_finds_the_left_insertion_points(haystack, needles):
    assert np.array_equal(sorted_search(haystack, needles), np.searchsorted(haystack, needles))


def test_long_and_short_needle_lists_both_match_the_binary_search():
    haystack = np.arange(0, 3000, 3, dtype=np.int64)
    many = np.arange(5, 2900, 2, dtype=np.int64)
    few = np.array([7, 2999], np.int64)
    assert np.array_equal(sorted_search(haystack, many), np.searchsorted(haystack, many))
    assert np.array_equal(sorted_search(haystack, few), [3, 1000])
