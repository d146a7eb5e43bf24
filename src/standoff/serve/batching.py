"""Group commit: the checked batches of requests that wait for the store go in as one append.

An append costs about the same for 100 reports as for 1,000 (a transaction, a handful of
statements and a commit), so while one append runs, the batches that arrive queue up and the
next append takes them all. A group holds only batches with disjoint report ids and the same
agreements, so the store sees exactly what appending them one by one would have given: each
report's revision and each verdict's new-or-changed test depend only on its own id. The
group's batches share one run.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pyarrow as pa

from standoff.engine import CheckResult
from standoff.engine.table import from_table
from standoff.model import ObservationSet, Pack

MAX_GROUP_REPORTS = 20_000  # one append takes at most this many reports


@dataclass(eq=False)  # batches are equal only to themselves
class Posted:
    """One request's batch, waiting for its check."""

    obs: ObservationSet
    key: tuple[str, ...]  # the agreements to check it against (empty: all)
    command: str
    future: Future[Any] = field(default_factory=Future)


@dataclass(eq=False)
class Job:
    """One request's checked batch, waiting for its append."""

    result: CheckResult
    table: pa.Table  # its verdict rows (ROW_SCHEMA)
    key: tuple[str, ...]  # the agreements it was checked against
    command: str
    future: Future[Any]  # set once the batch is committed (or failed)
    ids: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.ids = set(self.result.observations.id.tolist())


def take_group(pending: list[Job]) -> list[Job]:
    """Remove and return the oldest job and every later one that can share its append."""
    group, ids, reports = [pending[0]], set(pending[0].ids), len(pending[0].ids)
    for job in pending[1:]:
        if job.key == group[0].key and not (job.ids & ids) and reports + len(job.ids) <= MAX_GROUP_REPORTS:
            group.append(job)
            ids |= job.ids
            reports += len(job.ids)
    for job in group:
        pending.remove(job)
    return group


def concat_observations(sets: list[ObservationSet]) -> ObservationSet:
    """The reports of several sets as one, with the columns the store keeps (areas, spans,
    contexts and extra columns are left out: the store does not keep them)."""
    values: dict[str, Any] = {}
    for f in fields(ObservationSet):
        first = getattr(sets[0], f.name)
        if f.name == "activity":
            values[f.name] = np.concatenate([s.activities() for s in sets])
        elif isinstance(first, np.ndarray):
            values[f.name] = np.concatenate([getattr(s, f.name) for s in sets])
    return ObservationSet(**values, origin="serve")


def merge(group: list[Job], pack: Pack) -> CheckResult:
    """One result holding every job's reports and verdict rows (sentences as they were built)."""
    table = pa.concat_tables([job.table for job in group])
    meta = {"pack": group[0].result.pack_id, "agreements": group[0].result.agreements, "limits": []}
    return from_table(table, pack, meta, "serve",
                      observations=concat_observations([job.result.observations for job in group]))
