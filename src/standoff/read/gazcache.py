"""A cache of plain NumPy arrays that can never run code: no pickle, checked before use.

A cache file is an uncompressed `.npz` written atomically into a folder created 0700. It is
loaded with `allow_pickle=False` (object arrays are refused), and used only when its stored
identity (format version, versions of the data it came from) equals the caller's and the
SHA-256 of its arrays equals the one it stores. Anything else (a planted pickle, garbage, a
truncated or edited file, another version's cache) is ignored, and the caller rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["cache_dir", "cache_path", "cached_arrays", "content_hash", "load_arrays", "save_arrays"]

_META = "__meta__"


def cache_dir() -> Path:
    """`$STANDOFF_CACHE/standoff`, else `$XDG_CACHE_HOME/standoff`, else `~/.cache/standoff`."""
    base = os.environ.get("STANDOFF_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "standoff"


def cache_path(name: str, identity: dict[str, object]) -> Path:
    """The file of one cache: its name carries a digest of the identity, so versions never collide."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]
    return cache_dir() / f"{name}-{digest}.npz"


def content_hash(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 over the arrays' names, dtypes, shapes and bytes, in name order."""
    h = hashlib.sha256()
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(f"{key}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def load_arrays(name: str, identity: dict[str, object]) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when the file is missing or fails any check."""
    path = cache_path(name, identity)
    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None
    meta_raw = arrays.pop(_META, None)
    if meta_raw is None or meta_raw.dtype != np.uint8:
        return None
    try:
        meta = json.loads(meta_raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(meta, dict) or meta.get("identity") != identity:
        return None
    if meta.get("sha256") != content_hash(arrays):
        return None
    return arrays


def save_arrays(name: str, identity: dict[str, object], arrays: dict[str, np.ndarray]) -> Path | None:
    """Write the arrays atomically (temp file, then rename); None when the folder is not writable."""
    path = cache_path(name, identity)
    meta = json.dumps({"identity": identity, "sha256": content_hash(arrays)}).encode()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.parent.stat().st_uid == os.getuid():
            path.parent.chmod(0o700)  # a folder left by an older version may be wider
        with tmp.open("wb") as fh:
            np.savez(fh, allow_pickle=False, **arrays,
                     **{_META: np.frombuffer(meta, dtype=np.uint8)})
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return None  # a read-only home: rebuild next time
    return path


def cached_arrays(name: str, identity: dict[str, object],
                  build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The cached arrays when they pass every check, else `build()` (then cached for next time)."""
    arrays = load_arrays(name, identity)
    if arrays is None:
        arrays = build()
        save_arrays(name, identity, arrays)
    return arrays
