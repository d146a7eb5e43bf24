"""One warning, with counts, for observation actors and units the pack does not know."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from standoff.errors import InputWarning, did_you_mean
from standoff.model import Pack
from standoff.model.unit import unit_names

__all__ = ["unknown_codes", "warn_unknown_codes"]


def unknown_codes(actor: np.ndarray, unit: np.ndarray, pack: Pack) -> dict[str, Counter[str]]:
    """Actor codes not in the pack, and unit words not in its units.yaml (when it has one), counted."""
    out: dict[str, Counter[str]] = {"actor": Counter(), "unit": Counter()}
    for value, n in _counts(actor):
        if value and value not in pack.actors:
            out["actor"][value] = n
    if pack.units:
        names = unit_names(pack.units)
        for value, n in _counts(unit):
            if value and value.casefold() not in names:
                out["unit"][value] = n
    return out


def _counts(values: np.ndarray) -> list[tuple[str, int]]:
    """Each distinct value as text with its count, in text order (hashed, not sorted row by row)."""
    counted: Counter[str] = Counter()
    for value, n in Counter(values.tolist()).items():
        counted[str(value)] += n
    return sorted(counted.items())


def warn_unknown_codes(actor: np.ndarray, unit: np.ndarray, pack: Pack, path: str | Path, *,
                       names: bool = False, skipped: str = "") -> None:
    """An InputWarning listing unknown actors and units with counts (`--strict`: exit 2).

    `names`: the actors are names from event data (ACLED, GDELT) that no alias of the pack
    matched; `skipped` says which rows of the file were left out, and why.
    """
    found = unknown_codes(actor, unit, pack)
    known = {"actor": list(pack.actors), "unit": list(unit_names(pack.units))}
    parts = [skipped] if skipped else []
    for kind, counter in found.items():
        if not counter:
            continue
        as_names = names and kind == "actor"  # event data's names: a close code is no help
        listed = ", ".join(f"{name} ({n}){'' if as_names else did_you_mean(name, known[kind])}"
                           for name, n in counter.most_common(8))
        more = f" and {len(counter) - 8} more" if len(counter) > 8 else ""
        what = f"actor names that no alias of the pack {pack.id} matches" if as_names else \
            f"{kind}s the pack {pack.id} does not know"
        parts.append(f"{sum(counter.values())} observations with {what}: {listed}{more}")
    if parts:
        end = "; no clause binds them" if any(found.values()) else ""
        hint = " (add them to the aliases in the pack's actors.yaml)" if names and found["actor"] else ""
        warnings.warn(f"{path}: " + "; ".join(parts) + end + hint, InputWarning, stacklevel=3)
