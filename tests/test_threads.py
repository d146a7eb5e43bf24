"""The threaded kernels give the same bits as the single-threaded ones, and threads wait for a free core."""

from __future__ import annotations

import numpy as np
import pytest

from standoff.geo import kernels, threads
from standoff.geo.polyline import Polylines


def _line() -> Polylines:
    return Polylines.from_parts([np.array([[35.87, 33.43], [35.82, 33.41], [35.76, 33.33], [35.80, 33.25],
                                           [35.86, 32.99], [35.76, 32.74]])])


def _args(lines: Polylines, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, ...]:
    n = len(lon)
    return (lat, lon, np.radians(lines.lat), np.radians(lines.lon), lines.kind, lines.prev_seg,
            lines.next_seg, lines.az_start, lines.az_end, lines.seg_len, np.empty(n), np.empty(n, bool),
            np.empty(n), np.empty(n))


def test_threaded_and_serial_kernels_agree_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(34.5, 37.5, 5000), rng.uniform(31.5, 34.5, 5000)
    lines = _line()
    serial, threaded = _args(lines, lon, lat), _args(lines, lon, lat)
    kernels._polyline_serial(*serial)
    kernels._polyline_threads(*threaded)
    for a, b in zip(serial[-4:], threaded[-4:], strict=True):
        assert np.array_equal(a, b)
    flat_serial, flat_threads = np.empty(5000), np.empty(5000)
    kernels._planar_serial(lat, lon, np.radians(lines.lat), np.radians(lines.lon), lines.kind, flat_serial)
    kernels._planar_threads(lat, lon, np.radians(lines.lat), np.radians(lines.lon), lines.kind, flat_threads)
    assert np.array_equal(flat_serial, flat_threads)


def test_small_batches_stay_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDOFF_THREADS", "2")
    assert not threads.wanted(threads.MIN_POINTS - 1)
    assert threads.wanted(threads.MIN_POINTS)
    monkeypatch.setenv("STANDOFF_THREADS", "1")
    assert not threads.wanted(10 * threads.MIN_POINTS)


def test_threads_wait_for_a_free_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STANDOFF_THREADS", raising=False)
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (1.9, 1.0, 1.0))
    assert not threads.wanted(10 * threads.MIN_POINTS)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (0.2, 1.0, 1.0))
    assert threads.wanted(10 * threads.MIN_POINTS)
