"""Checks past one batch and one machine: streamed (`check_stream`) and on Dask (`check_dask`)."""

from standoff.scale.stream import StreamResult, check_stream

__all__ = ["StreamResult", "check_stream"]
