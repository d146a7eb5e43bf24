"""The compiled number writer against Python's own formatting: fixed decimals, integers, dates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from standoff.engine.assemble import DATE, FIXED, INT, Text


def _trimmed(x: float, dec: int) -> str:
    """Python's f'{x:.{dec}f}' with trailing zeros (and a bare point) left off; '-0' is '0'."""
    text = f"{x:.{dec}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@pytest.mark.parametrize("dec", range(10))
def test_fixed_decimals_match_python(dec):
    rng = np.random.default_rng(dec)
    # k / 10**dec for integers k: the decimal text of each value is k's digits (k small enough that
    # scaling back by 10**dec is exact to well under half a unit)
    top = 2**52 if dec == 0 else 2**40
    k = np.concatenate([rng.integers(-top, top, 3000), rng.integers(-10**6, 10**6, 3000),
                        rng.integers(-120, 120, 500), [0, 1, -1, 9, 10, 99, 100, 101, 10**dec, 10**dec + 1]])
    values = k / 10.0**dec
    built = Text(len(values)).number(values, FIXED, dec, "null").build().to_pylist()
    assert built == [_trimmed(v, dec) for v in values]


def test_fixed_missing_and_infinite_values_write_the_null_text():
    values = np.array([np.nan, np.inf, -np.inf, 1.25, -0.0, -0.0004])
    built = Text(len(values)).number(values, FIXED, 3, "n/a").build().to_pylist()
    assert built == ["n/a", "n/a", "n/a", "1.25", "0", "0"]


def test_integers_every_width():
    widths = [s * (10**w + d) for w in range(1, 18) for d in (-1, 0, 3) for s in (1, -1)]
    values = np.array([0, 7, -7, *widths], np.float64)
    built = Text(len(values)).number(values, INT).build().to_pylist()
    assert built == [str(int(v)) for v in values]


def test_dates_match_the_calendar():
    rng = np.random.default_rng(5)
    days = np.concatenate([rng.integers(-719162, 2932896, 5000), [0, -1, 59, 60, 11016, 19782]])
    built = Text(len(days)).number(days.astype(np.float64), DATE).build().to_pylist()
    assert built == [(date(1970, 1, 1) + timedelta(days=int(d))).isoformat() for d in days]
