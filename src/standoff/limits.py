"""Caps that keep a small hostile input from taking the machine (documented in the README).

`LIMITS` holds the values in force; the CLI's `--max-input-mb` and `--max-field-kb` raise the
two a real user may hit, and Python callers can use `raised(...)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

MB = 1024 * 1024


@dataclass
class Limits:
    """Caps on input size, nesting and counts."""

    max_input_bytes: int = 2048 * MB  # an observation table
    max_yaml_bytes: int = 16 * MB  # an agreement or pack file
    max_field_bytes: int = 1 * MB  # one CSV field
    max_depth: int = 64  # YAML and JSON nesting
    max_yaml_nodes: int = 200_000  # values of one YAML file after alias expansion
    max_zones: int = 1_000  # named zones in one agreement
    max_clauses: int = 1_000  # clauses in one agreement

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


LIMITS = Limits()


@contextmanager
def raised(**changes: Any) -> Iterator[Limits]:
    """Run a block with some limits changed, e.g. `raised(max_input_bytes=8 * 1024**3)`."""
    saved = replace(LIMITS)
    for name, value in changes.items():
        setattr(LIMITS, name, value)
    try:
        yield LIMITS
    finally:
        for name, value in saved.as_dict().items():
            setattr(LIMITS, name, value)


def check_size(path: Path, limit: int, error: type, **where: Any) -> None:
    """Refuse a file over `limit` bytes before reading it."""
    from standoff.errors import message

    size = path.stat().st_size
    if size > limit:
        raise error(message("too-large", size_mb=size / MB, limit_mb=limit // MB), file=str(path),
                    code="too-large", **where)
