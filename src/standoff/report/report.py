"""`build_report`: one HTML page (or PDF) with a section per agreement and a comparison.

Every section has a static map, a table of clauses with their counts, limit bounds against
their maxima, a timeline of violations per month and the findings with their sentences.
All text is escaped with `html.escape`; images are inline PNG (data: URIs), so the page
needs no network and prints as it shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal, overload

import numpy as np

from standoff.model import STATUSES, Agreement, Pack, Verdict
from standoff.model.days import moment_text
from standoff.report.basemap import map_bbox
from standoff.report.charts import timeline_png
from standoff.report.columns import VerdictRows, verdict_rows
from standoff.report.comparison import comparison_section
from standoff.report.htmlparts import LABEL, badge, describe, h, img, km
from standoff.report.mapdata import Result, select_agreements
from standoff.report.staticmap import Layers, geometry_layers, static_map_png
from standoff.report.vendor import asset_text

__all__ = ["build_report", "clause_counts"]

MAX_FINDINGS = 200
DPI = 120  # figures: sharp on screen and in A4 print, small enough to inline
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def clause_counts(verdicts: Sequence[Verdict], agreement_id: str) -> dict[str, Counter[str]]:
    """Per clause of one agreement: how many verdicts of each status."""
    out: dict[str, Counter[str]] = {}
    for v in verdicts:
        if v.agreement_id == agreement_id:
            out.setdefault(v.clause_id, Counter())[v.status] += 1
    return out


def _clause_table(agreement: Agreement, counts: dict[str, Counter[str]]) -> str:
    rows = []
    for c in agreement.clauses:
        n = counts.get(c.id, Counter())
        cells = "".join(
            f'<td class="n{" hit-" + s if s in ("violation", "possible") and n[s] else ""}">'
            f"{n[s]}</td>" for s in STATUSES)
        when = ""
        if c.valid_from or c.valid_to:
            start, end = (moment_text(m) if m else "…" for m in (c.valid_from, c.valid_to))
            when = f"<br><span class=muted>from {h(start)} to {h(end)}"
            when += "</span>"
        stated = f"<br><span class=muted>stated: {c.stated_km:g} km</span>" if c.stated_km else ""
        rows.append(
            f"<tr><td><b>{h(c.id)}</b>{when}</td><td>{h(c.kind)}</td><td>{h(', '.join(c.actor))}"
            f"</td><td>{h(describe(c.zone, agreement))}{stated}</td>"
            f"<td class=quote>{h(c.quote)}</td>"
            f"{cells}</tr>")
    head = "".join(f'<th class="n">{h(LABEL[s])}</th>' for s in STATUSES)
    return (f"<table class=clauses><thead><tr><th>clause</th><th>kind</th><th>actors</th>"
            f"<th>zone</th><th>words of the source</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _limit_table(result: Result, agreement_id: str) -> str:
    limits = [lim for lim in result.limits if lim.agreement_id == agreement_id]
    if not limits:
        return ""
    rows = "".join(
        f"<tr><td>{h(lim.clause_id)}</td><td>{h(lim.unit)}</td>"
        f"<td>{h(lim.window_start or '…')} – {h(lim.window_end or '…')}</td>"
        f'<td class="n">{lim.lower}</td><td class="n">{lim.upper}</td>'
        f'<td class="n">{lim.maximum}</td><td>{badge(lim.status)}</td>'
        f"<td class=sentence>{h(lim.sentence)}</td></tr>" for lim in limits)
    return ("<h3>Limits: counts in the zone against the maximum</h3>"
            "<table class=limits><thead><tr><th>clause</th><th>unit</th><th>window</th>"
            '<th class="n">at least</th><th class="n">at most</th><th class="n">maximum</th>'
            "<th>status</th><th>finding</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _findings_table(result: Result, agreement_id: str, rows: VerdictRows) -> str:
    obs = result.observations
    hit = np.flatnonzero((rows.agreement == agreement_id) & (rows.status <= 1) & (rows.obs >= 0))
    if not len(hit):
        return "<p class=muted>No report is in violation or possibly in violation.</p>"
    day = obs.time[rows.obs[hit]].astype("datetime64[D]").astype(np.int64)  # NaT (no date) first
    hit = hit[np.lexsort((day, rows.status[hit]))]  # violations first, then by date
    shown = hit[:MAX_FINDINGS]
    out = []  # sentences built together, only for the rows shown
    for r, sentence, margin in zip(shown, rows.sentences(shown), rows.margins_m(shown), strict=True):
        i = int(rows.obs[r])
        t = obs.time[i]
        status = STATUSES[int(rows.status[r])]
        out.append(
            f"<tr><td>{badge(status)}</td><td>{h(str(obs.id[i]))}</td>"
            f"<td>{h('no date' if np.isnat(t) else str(t))}</td><td>{h(str(obs.actor[i]))}</td>"
            f"<td>{h(str(rows.clause[r]))}</td><td class=n>{h(km(margin))}</td>"
            f"<td class=sentence>{h(sentence)}</td><td class=quote>{h(str(obs.quote[i]))}</td></tr>")
    more = (f"<p class=muted>{len(hit) - MAX_FINDINGS} more not shown; see the verdicts file."
            "</p>" if len(hit) > MAX_FINDINGS else "")
    return ("<table class=findings><thead><tr><th>status</th><th>report</th><th>date</th>"
            "<th>actor</th><th>clause</th><th class=n>margin</th><th>finding</th>"
            f"<th>quote</th></tr></thead><tbody>{''.join(out)}</tbody></table>{more}")


def _agreement_section(result: Result, pack: Pack, aid: str, rows: VerdictRows,
                       bbox: Any, layers: Layers) -> str:
    a = pack.agreements[aid]
    counts = rows.clause_counts(aid)
    for c in a.clauses:  # every pair without a finding is not_applicable, as in `standoff check`'s n/a
        n = counts.setdefault(c.id, Counter())
        n["not_applicable"] = len(result.observations) - (n["violation"] + n["possible"] + n["compliant"])
    total = Counter[str]()
    for by_status in counts.values():
        total.update(by_status)
    sources = "; ".join(h(s.title) + (f" ({h(s.published)})" if s.published else "")
                        for s in a.sources)
    png = static_map_png(result, pack, agreements=[aid], bbox=bbox, title=a.title,
                         layers=({aid: layers[0][aid]}, layers[1]), dpi=DPI, rows=rows)
    timeline = timeline_png(result, aid, rows=rows)
    chart = (f"<figure>{img(timeline, 'violations per month')}</figure>" if timeline else
             "<p class=muted>No dated violation to chart.</p>")
    return f"""
<section class="agreement" id="agreement-{h(aid)}" data-agreement="{h(aid)}">
<h2>{h(a.title)}</h2>
<p class=meta>{badge('not_applicable', a.status)} id <code>{h(aid)}</code>
{('· parties: ' + h(', '.join(a.parties))) if a.parties else ''}
{('· signed ' + h(a.signed)) if a.signed else ''} · sources: {sources}</p>
{f'<p>{h(a.summary)}</p>' if a.summary else ''}
<div class=summary>{''.join(f'<div>{badge(s)}<b>{total[s]}</b>verdicts</div>' for s in STATUSES)}
</div>
<figure class=map>{img(png, 'map of ' + a.title)}<figcaption>Zones of this version, reports coloured by
their most serious verdict under it; dashed circles show location uncertainty.</figcaption>
</figure>
<h3>Clauses</h3>
{_clause_table(a, counts)}
{_limit_table(result, aid)}
<h3>Timeline</h3>
{chart}
<h3>Findings</h3>
{_findings_table(result, aid, rows)}
</section>"""


def _version() -> str:
    from standoff.report.map import _version as version

    return version()


@overload
def build_report(result: Result, pack: Pack, *, agreements: Sequence[str] | None = ...,
                 pdf: Literal[False] = ..., title: str | None = ...) -> str: ...
@overload
def build_report(result: Result, pack: Pack, *, agreements: Sequence[str] | None = ...,
                 pdf: Literal[True], title: str | None = ...) -> bytes: ...
def build_report(result: Result, pack: Pack, *, agreements: Sequence[str] | None = None,
                 pdf: bool = False, title: str | None = None) -> str | bytes:
    """The report of a check result: HTML text, or PDF bytes when `pdf=True`.

    One section per agreement (map, clauses with counts, limits, timeline, findings) and a
    comparison when several versions are given. PDF needs Playwright and Debian's chromium.
    """
    shown = select_agreements(result, pack, agreements)
    bbox = map_bbox(pack)
    rows = verdict_rows(result)
    title = title or f"standoff report: {pack.title}"
    n_obs = len(result.observations)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    origin = result.observations.origin or ""
    layers = geometry_layers(pack, shown)
    sections = [_agreement_section(result, pack, aid, rows, bbox, layers) for aid in shown]
    if len(shown) > 1:
        overview = static_map_png(result, pack, agreements=shown, bbox=bbox,
                                  title="All versions", layers=layers, dpi=DPI, rows=rows)
        sections.append(comparison_section(result, pack, shown, overview, rows=rows))
    toc = "".join(f'<li><a href="#agreement-{h(a)}">{h(pack.agreements[a].title)}</a></li>'
                  for a in shown)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{h(title)}</title><style>{asset_text('report.css')}</style></head>
<body><main>
<h1>{h(title)}</h1>
<p class=meta>Pack <code>{h(pack.id)}</code> · {n_obs} reports{(' from ' + h(origin)) if origin else ''}
· {len(shown)} version(s) · made {h(stamp)} by standoff {h(_version())}</p>
<p class=note>Distances are geodesic (WGS84). A <b>possible</b> verdict means the report's
uncertainty straddles the zone boundary. Every finding cites its report and the clause's words.</p>
<ul>{toc}{'<li><a href="#comparison">Comparing the versions</a></li>' if len(shown) > 1 else ''}</ul>
{''.join(sections)}
<footer>Basemap: Natural Earth 1:10m (public domain). Made by standoff; verdicts are
reproducible from the reports, the agreement files and the feature versions.</footer>
</main></body></html>
"""
    if pdf:
        from standoff.report.pdf import html_to_pdf

        return html_to_pdf(page)
    return page
