"""Charts for the report: violations per month (matplotlib, inline PNG)."""

from __future__ import annotations

from typing import Any

import numpy as np

from standoff.report.columns import VerdictRows, verdict_rows
from standoff.report.mapdata import COLORS, Result
from standoff.report.staticmap import figure_png

__all__ = ["monthly_counts", "timeline_png"]


def monthly_counts(result: Result, agreement_id: str, *, rows: VerdictRows | None = None
                   ) -> tuple[list[str], dict[str, list[int]], int]:
    """Reports per month (YYYY-MM) with a violation / possible as their worst verdict.

    Returns the months (every month from the first to the last, gaps included), the counts
    per status, and how many such reports have no date.
    """
    rank = (rows or verdict_rows(result)).worst_rank([agreement_id])
    hit = rank >= 2  # violation (3) or possible (2)
    month = result.observations.time.astype("datetime64[M]")
    undated = int((hit & np.isnat(month)).sum())
    hit &= ~np.isnat(month)
    if not hit.any():
        return [], {"violation": [], "possible": []}, undated
    first, last = month[hit].min(), month[hit].max()
    offset = (month[hit] - first).astype(np.int64)
    size = int((last - first).astype(np.int64)) + 1
    months = [str(m) for m in np.arange(first, last + 1)]
    counts = {s: np.bincount(offset[rank[hit] == r], minlength=size).tolist()
              for s, r in (("violation", 3), ("possible", 2))}
    return months, counts, undated


def timeline_png(result: Result, agreement_id: str, *, width_in: float = 7.0,
                 dpi: int = 130, rows: VerdictRows | None = None) -> bytes | None:
    """A bar chart of violations (and possible violations) per month; None when there are none."""
    from matplotlib.figure import Figure

    months, counts, undated = monthly_counts(result, agreement_id, rows=rows)
    if not months:
        return None
    fig = Figure(figsize=(width_in, 2.4))  # fixed margins: constrained layout costs 0.4 s a chart
    fig.subplots_adjust(left=0.6 / width_in, right=1 - 0.15 / width_in, bottom=0.3, top=0.88)
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
