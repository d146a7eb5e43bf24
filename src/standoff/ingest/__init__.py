"""Tabular observation readers."""

from standoff.ingest.tabular import read_observations

__all__ = ["read_observations"]
