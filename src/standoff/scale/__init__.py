"""Checks past one batch and one machine: streamed (`check_stream`) and on Dask (`check_dask`)."""

from __future__ import annotations

from typing import Any

from standoff.scale.stream import StreamResult, check_stream

__all__ = ["StreamResult", "check_dask", "check_stream"]


def __getattr__(name: str) -> Any:
    if name == "check_dask":  # imports dask.distributed only when asked
        from standoff.scale.cluster import check_dask

        return check_dask
    raise AttributeError(f"module 'standoff.scale' has no attribute '{name}'")
