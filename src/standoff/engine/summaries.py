"""Per-clause summaries of a check: the worst window of each limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from standoff.engine.rows import Encoded, encode, is_in
from standoff.engine.sentences import STATUS_WORD, zone_phrase
from standoff.model import STATUSES, LimitResult
from standoff.model.days import SINCE_EVER, day_date

if TYPE_CHECKING:
    from standoff.engine.result import CheckResult


def limit_results(result: CheckResult, units: Encoded | None = None) -> list[LimitResult]:
    """For each limit clause and unit type, the window with the most units against the maximum.

    `units` is the observations' unit column, dictionary-encoded, when the caller has it.
    """
    out: list[LimitResult] = []
    obs = result.observations
    if not any(c.kind == "limit" for _, c in result.clauses):
        return out
    codes, names = units or encode(obs.unit)
    for k, (agreement_id, clause) in enumerate(result.clauses):
        if clause.kind != "limit":
            continue
        rows = result.clause_rows(k)
        for unit, maximum in (clause.max or {}).items():
            of_unit = is_in((codes, names), [unit])[result.obs_index[rows]]
            mine = rows[of_unit & (result.reason[rows] == 0)
                        & (result.margin_m[rows] >= -result.tolerance_m[rows])]
            if len(mine) == 0:
                out.append(LimitResult(
                    agreement_id=agreement_id, clause_id=clause.id, unit=unit, window_start=None,
                    window_end=None, lower=0, upper=0, maximum=maximum, status="compliant",
                    observation_ids=[], sentence=f"No {unit} reported in "
                    f"{zone_phrase(result.pack, clause)} — compliant."))
                continue
            worst = mine[np.lexsort((-result.upper[mine], result.status[mine]))[0]]
            end = int(result.window_end[worst])
            begin = end - clause.window_days + 1
            days = result.observations.time[result.obs_index[mine]].astype(np.int64)
            inside = mine[((days >= begin) & (days <= end)) | (days == SINCE_EVER)
                          | np.isnat(obs.time[result.obs_index[mine]])]
            lower, upper = int(result.lower[worst]), int(result.upper[worst])
            status = STATUSES[int(result.status[worst])]
            span = f"{lower}" if lower == upper else f"{lower}–{upper}"
            out.append(LimitResult(
                agreement_id=agreement_id, clause_id=clause.id, unit=unit,
                window_start=day_date(begin), window_end=day_date(end), lower=lower, upper=upper,
                maximum=maximum, status=status,
                observation_ids=[str(obs.id[i]) for i in result.obs_index[inside]],
                sentence=f"{span} {unit} in {zone_phrase(result.pack, clause)} between "
                f"{day_date(begin)} and {day_date(end)} against a maximum of {maximum} — "
                f"{STATUS_WORD[int(result.status[worst])]}."))
    return out
