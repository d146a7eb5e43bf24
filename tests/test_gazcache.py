"""The gazetteer cache is data, never code: planted files are ignored and rebuilt."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import numpy as np
import pytest

from standoff.read import gazcache

IDENTITY = {"format": 1, "sources": {"test": "1"}}


def arrays() -> dict[str, np.ndarray]:
    return {"ids": np.arange(5, dtype=np.int64), "names": np.frombuffer(b"a\nb", dtype=np.uint8)}


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STANDOFF_CACHE", str(tmp_path / "root"))
    return tmp_path


class Planted:
    """A pickle that, if ever unpickled, writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.write_text, (self.marker, "code ran"))


def build_counter() -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> dict[str, np.ndarray]:
        calls.append(1)
        return arrays()
    return calls, build


def test_round_trip_and_private_folder(cache: Path) -> None:
    path = gazcache.save_arrays("t", IDENTITY, arrays())
    assert path is not None and path.parent == cache / "root" / "standoff"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    got = gazcache.load_arrays("t", IDENTITY)
    assert got is not None and np.array_equal(got["ids"], np.arange(5))


def test_a_planted_pickle_never_runs_and_is_rebuilt(cache: Path) -> None:
    marker = cache / "pwned"
    path = gazcache.cache_path("t", IDENTITY)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(Planted(marker)))
    calls, build = build_counter()
    got = gazcache.cached_arrays("t", IDENTITY, build)  # type: ignore[arg-type]
    assert not marker.exists() and calls == [1] and np.array_equal(got["ids"], np.arange(5))
    assert gazcache.load_arrays("t", IDENTITY) is not None  # replaced by a good file
    gazcache.cached_arrays("t", IDENTITY, build)  # type: ignore[arg-type]
    assert calls == [1]  # and used from then on


def test_an_npz_holding_a_pickled_object_array_is_refused(cache: Path) -> None:
    marker = cache / "pwned"
    path = gazcache.cache_path("t", IDENTITY)
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        np.savez(fh, ids=np.array([Planted(marker)], dtype=object))
    assert gazcache.load_arrays("t", IDENTITY) is None
    assert not marker.exists()


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip", "identity"])
def test_damaged_or_foreign_files_are_ignored(cache: Path, damage: str) -> None:
    path = gazcache.save_arrays("t", IDENTITY, arrays())
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "garbage":
        path.write_bytes(os.urandom(2048))
    elif damage == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "flip":  # one byte of the ids array: the content hash no longer matches
        i = data.index(np.arange(5, dtype=np.int64).tobytes())
        data[i] ^= 0xFF
        path.write_bytes(bytes(data))
    else:  # another version's cache copied over this one's name
        other = gazcache.save_arrays("t", {"format": 2}, arrays())
        assert other is not None and other != path
        os.replace(other, path)
    assert gazcache.load_arrays("t", IDENTITY) is None


def test_versions_get_their_own_file_names() -> None:
    assert gazcache.cache_path("t", IDENTITY) != gazcache.cache_path("t", {"format": 2})
