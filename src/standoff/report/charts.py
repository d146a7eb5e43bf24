"""Charts for the report: violations per month (matplotlib, inline PNG)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from standoff.report.mapdata import COLORS, Result
from standoff.report.staticmap import figure_png

__all__ = ["monthly_counts", "timeline_png"]


def monthly_counts(result: Result, agreement_id: str) -> tuple[list[str], dict[str, list[int]],
                                                               int]:
    """Reports per month (YYYY-MM) with a violation / possible as their worst verdict.

    Returns the months (every month from the first to the last, gaps included), the counts
    per status, and how many such reports have no date.
    """
    obs = result.observations
    when = {str(obs.id[i]): obs.time[i] for i in range(len(obs))}
    worst: dict[str, str] = {}
    for v in result.verdicts:
        if v.agreement_id != agreement_id or v.status not in ("violation", "possible"):
            continue
        if worst.get(v.observation_id) != "violation":
            worst[v.observation_id] = v.status
    per: dict[str, Counter[str]] = {"violation": Counter(), "possible": Counter()}
    undated = 0
    for oid, status in worst.items():
        t = when.get(oid, np.datetime64("NaT"))
        if np.isnat(t):
            undated += 1
            continue
        per[status][str(t.astype("datetime64[M]"))] += 1
    found = sorted(set(per["violation"]) | set(per["possible"]))
    if not found:
        return [], {"violation": [], "possible": []}, undated
    months = [str(m) for m in np.arange(np.datetime64(found[0], "M"),
                                         np.datetime64(found[-1], "M") + 1)]
    return months, {s: [per[s][m] for m in months] for s in per}, undated


def timeline_png(result: Result, agreement_id: str, *, width_in: float = 7.0,
                 dpi: int = 130) -> bytes | None:
    """A bar chart of violations (and possible violations) per month; None when there are none."""
    from matplotlib.figure import Figure

    months, counts, undated = monthly_counts(result, agreement_id)
    if not months:
        return None
    fig = Figure(figsize=(width_in, 2.4), layout="constrained")
    ax: Any = fig.add_subplot()
    x = np.arange(len(months))
    ax.bar(x, counts["violation"], color=COLORS["violation"], label="violation", width=0.8)
    ax.bar(x, counts["possible"], bottom=counts["violation"], color=COLORS["possible"],
           label="possible", width=0.8)
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step], months[::step], rotation=45 if len(months) > 6 else 0, fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("reports", fontsize=8)
    note = f" ({undated} without a date not shown)" if undated else ""
    ax.set_title(f"Reports in violation per month{note}", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    return figure_png(fig, dpi=dpi)
