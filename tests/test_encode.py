"""Dictionary encoding of large string columns (engine.rows.encode) against a plain Python reference."""

from __future__ import annotations

import numpy as np
import pytest

from standoff.engine.rows import FEW, SMALL, encode

N = SMALL + 1_000


def reference(values: np.ndarray) -> tuple[list[int], list[str]]:
    """Codes by first appearance of each distinct string; None and NaN get -1."""
    names: dict[str, int] = {}
    codes = [names.setdefault(v, len(names)) if isinstance(v, str) else -1 for v in values]
    return codes, list(names)


def shared(words: list[object], n: int, seed: int) -> np.ndarray:
    """A column that repeats the same few objects (as readers and fancy indexing give)."""
    pool = np.array(words, dtype=object)
    return pool[np.random.default_rng(seed).integers(0, len(pool), n)]


@pytest.mark.parametrize("values", [
    shared(["IRN.IRGC", "SYR.4", "", None, np.nan], N, 1),
    shared([f"unit {k}" for k in range(FEW - 1)] + [None], N, 2),
    shared([f"unit {k}" for k in range(3 * FEW)], N, 3),  # more distinct objects than the table
    np.array([f"actor {k % 7}" for k in range(N)], dtype=object),  # equal strings, distinct objects
    np.concatenate([np.full(N // 2, "a", object), shared([f"late {k}" for k in range(2 * FEW)], N // 2, 4)]),
    np.full(N, "IRN.IRGC", dtype=object),  # one string, a distinct object in every cell
    np.concatenate([np.full(N - 1, "IRN.IRGC", object), np.array(["IRN.IRGC "], object)]),
    np.concatenate([np.full(N - 1, "", object), np.array([None], object)]),
], ids=["few", "table-full", "over-table", "distinct-objects", "many-late", "one-string", "one-differs",
        "one-missing"])
def test_large_columns_match_the_reference(values: np.ndarray) -> None:
    codes, names = encode(values)
    want_codes, want_names = reference(values)
    assert names == want_names
    assert codes.tolist() == want_codes


def test_a_column_encoded_again_follows_a_changed_cell() -> None:
    values = np.array([f"actor {k % 5}" for k in range(N)], dtype=object)
    first = encode(values)
    again = encode(values)
    assert again[0] is first[0] and again[1] == first[1]  # the same column: the kept encoding
    assert not again[0].flags.writeable
    values[7] = "someone else"  # a cell replaced: encoded afresh
    codes, names = encode(values)
    assert (codes.tolist(), names) == reference(values)
    values[7] = None
    values[8] = "actor " + str(3)  # an equal string in a new object: the same codes either way
    codes, names = encode(values)
    assert (codes.tolist(), names) == reference(values)


def test_an_equal_column_in_another_array_is_encoded_on_its_own() -> None:
    values = np.array([f"actor {k % 5}" for k in range(N)], dtype=object)
    encode(values)
    other = values.copy()
    other[0] = "first"
    codes, names = encode(other)
    assert (codes.tolist(), names) == reference(other)
    assert encode(values)[1] == reference(values)[1]
