"""Writing report files atomically, and reading what `standoff check` wrote or raw observations."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from standoff.errors import StandoffError
from standoff.model import Pack

__all__ = ["load_input", "write_atomic"]


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and os.replace."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StandoffError(f"cannot write {path}: the folder {folder} does not exist")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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


def load_input(path: str | Path, pack: Pack, *, agreements: Sequence[str] | None = None) -> Any:
    """A check result from a verdicts JSON (read back) or from observations (checked now)."""
    import standoff

    path = Path(path)
    if not path.exists():
        raise StandoffError("no such file", file=str(path))
    if _is_verdicts_file(path):
        return standoff.load_result(path, pack)
    observations = standoff.read_observations(path, pack)
    return standoff.check(observations, pack, agreements=list(agreements) if agreements else None)
