"""What `map` and `report` read: a verdicts file written by `standoff check`, or raw observations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from standoff.engine import CheckResult, check
from standoff.errors import StandoffError
from standoff.ingest import read_observations
from standoff.model import Pack
from standoff.report.loaders import looks_like_verdicts
from standoff.report.verdicts import load_result

__all__ = ["load_input"]


def _is_verdicts_file(path: Path) -> bool:
    """Whether `path` is a verdicts JSON written by `standoff check -o verdicts.json`."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as f:
            head = f.read(4096).lstrip()
    except OSError as exc:
        raise StandoffError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    if not head.startswith(b"{"):
        return False
    if b'"FeatureCollection"' in head:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and "verdicts" in data


def load_input(path: str | Path, pack: Pack, *, agreements: Sequence[str] | None = None
               ) -> CheckResult:
    """A check result from a verdicts JSON (read back) or from observations (checked now)."""
    path = Path(path)
    if not path.exists():
        raise StandoffError("no such file", file=str(path))
    if _is_verdicts_file(path) or looks_like_verdicts(path):
        return load_result(path, pack)
    observations = read_observations(path, pack)
    return check(observations, pack, agreements=list(agreements) if agreements else None)
