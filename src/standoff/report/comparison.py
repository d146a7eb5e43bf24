"""The report's comparison of versions: zones, stated distances, places and reports that change.

Zone areas, stated-versus-measured distances and places come from `engine.compare`; the
reports on which versions disagree come from the check result itself, so they match the
rest of the report exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from standoff.engine.compare import compare
from standoff.model import Pack
from standoff.report.columns import RANK_STATUS, VerdictRows, verdict_rows
from standoff.report.htmlparts import badge, h, img
from standoff.report.mapdata import Result

__all__ = ["comparison_section", "worst_by_version"]

MAX_ROWS = 200
MAX_PLACES = 40
_STATED = {"discrepancy": "violation", "consistent": "compliant", "not_measured": "not_applicable"}
_PLACE = {"inside": "violation", "edge": "possible", "outside": "compliant", "n/a": "not_applicable"}


def _rank_matrix(rows: VerdictRows, shown: list[str]) -> np.ndarray:
    """(observations x versions): the rank of each report's worst verdict under each version."""
    return np.stack([rows.worst_rank([a]) for a in shown], axis=1) if shown else \
        np.zeros((rows.n_obs, 0), np.int8)


def worst_by_version(result: Result, shown: list[str]) -> dict[str, dict[str, str]]:
    """For each report with a verdict, its most serious status under each version that has one."""
    rows = verdict_rows(result)
    ranks = _rank_matrix(rows, shown)
    seen = np.zeros((rows.n_obs, len(shown)), bool)
    for j, a in enumerate(shown):
        seen[rows.obs[(rows.agreement == a) & (rows.obs >= 0)], j] = True
    ids = result.observations.id
    return {str(ids[i]): {a: str(RANK_STATUS[ranks[i, j]]) for j, a in enumerate(shown) if seen[i, j]}
            for i in np.flatnonzero(seen.any(axis=1))}


def _reports(result: Result, pack: Pack, shown: list[str], rows: VerdictRows) -> str:
    obs = result.observations
    ranks = _rank_matrix(rows, shown)  # no verdict under a version counts as not_applicable
    differ = np.flatnonzero((ranks != ranks[:, :1]).any(axis=1)) if shown else np.zeros(0, int)
    differ = differ[np.argsort(obs.id[differ].astype(str), kind="stable")]
    head = "".join(f"<th>{h(pack.agreements[a].title)}</th>" for a in shown)
    totals = "".join(
        "<td>" + " ".join(f"{badge(s)} {int((ranks[:, j] == r).sum())}"
                          for s, r in (("violation", 3), ("possible", 2))) + "</td>"
        for j in range(len(shown)))
    body = "".join(
        f"<tr><td>{h(str(obs.id[i]))}</td>"
        f"<td>{h('no date' if np.isnat(obs.time[i]) else str(obs.time[i]))}</td>"
        f"<td>{h(str(obs.actor[i]))}</td>"
        + "".join(f"<td>{badge(str(RANK_STATUS[ranks[i, j]]))}</td>" for j in range(len(shown)))
        + "</tr>" for i in differ[:MAX_ROWS])
    more = (f"<p class=muted>{len(differ) - MAX_ROWS} more not shown.</p>"
            if len(differ) > MAX_ROWS else "")
    table = (f"<table class=disagree><thead><tr><th>report</th><th>date</th><th>actor</th>{head}"
             f"</tr></thead><tbody>{body}</tbody></table>{more}" if len(differ) else
             "<p class=muted>None.</p>")
    return f"""<h3>The same reports under each version</h3>
<p>A report counts once per version, with its most serious verdict.</p>
<table><thead><tr><th colspan=3></th>{head}</tr></thead>
<tbody><tr><td colspan=3>reports in violation / possibly</td>{totals}</tr></tbody></table>
<h3>Reports on which the versions disagree ({len(differ)})</h3>
{table}"""


def _areas(cmp: Any) -> str:
    rows = "".join(
        f"<tr><td>{h(a.title)} {badge('not_applicable', a.status)}</td><td>{h(a.zone)}</td>"
        f'<td class="n">{a.area_km2:,.0f}</td><td class="n">{a.places_inside}</td></tr>'
        for a in cmp.areas)
    return ("<h3>Forbidden zone of each version</h3><table class=areas><thead><tr>"
            '<th>version</th><th>forbidden zone</th><th class="n">area in the theatre (km²)</th>'
            f'<th class="n">places inside</th></tr></thead><tbody>{rows}</tbody></table>')


def _stated(cmp: Any, pack: Pack) -> str:
    if not cmp.stated:
        return ""
    rows = []
    for s in cmp.stated:
        measured = ("not measured" if s.min_km is None else
                    f"{s.min_km:.1f} km" if abs((s.max_km or s.min_km) - s.min_km) < 0.05 else
                    f"{s.min_km:.1f}–{s.max_km:.1f} km")
        title = pack.agreements[s.agreement_id].title if s.agreement_id in pack.agreements else ""
        rows.append(
            f"<tr><td>{h(title or s.agreement_id)}</td><td>{h(s.clause_id)}</td>"
            f"<td>{h(s.zone)}</td><td class=n>{s.stated_km:g} km</td><td class=n>{h(measured)}"
            f"</td><td>{badge(_STATED.get(s.status, 'not_applicable'), s.status)}</td>"
            f"<td class=sentence>{h(s.note)}</td></tr>")
    return ("<h3>Stated versus measured distances</h3>"
            "<p>What each source says the distance is, against where the zone's boundary really "
            "lies (geodesic, from the reference lines).</p><table class=stated><thead><tr>"
            "<th>version</th><th>clause</th><th>zone</th><th class=n>stated</th>"
            "<th class=n>measured</th><th>status</th><th>note</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _places(cmp: Any, pack: Pack, shown: list[str]) -> str:
    if not cmp.places:
        return ""
    head = "".join(f"<th>{h(pack.agreements[a].title)}</th>" for a in shown)
    rows = "".join(
        f"<tr><td>{h(p.name)}</td>" + "".join(
            f"<td>{badge(_PLACE.get(p.statuses.get(a, 'n/a'), 'not_applicable'), p.statuses.get(a, 'n/a'))}"
            f"</td>" for a in shown) + "</tr>"
        for p in cmp.places[:MAX_PLACES])
    more = (f"<p class=muted>{len(cmp.places) - MAX_PLACES} more not shown.</p>"
            if len(cmp.places) > MAX_PLACES else "")
    return (f"<h3>Places inside one version's zone and not another's ({len(cmp.places)} of "
            f"{cmp.place_count})</h3><table class=places><thead><tr><th>place</th>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table>{more}")


def _from_compare(pack: Pack, shown: list[str]) -> str:
    """Sections built on `compare`: zone areas, stated distances, places."""
    cmp = compare(pack, shown)
    notes = "".join(f"<li>{h(n)}</li>" for n in cmp.notes)
    return (_areas(cmp) + _stated(cmp, pack) + _places(cmp, pack, shown)
            + (f"<details><summary class=muted>How these are computed</summary>"
               f"<ul class=muted>{notes}</ul></details>" if notes else ""))


def comparison_section(result: Result, pack: Pack, shown: list[str], overview: bytes, *,
                       rows: VerdictRows | None = None) -> str:
    """The comparison section of the report, for two or more versions."""
    return f"""
<section class="comparison" id="comparison">
<h2>Comparing the versions</h2>
<figure class=map>{img(overview, 'map of all versions')}<figcaption>Every version's zones
laid over each other; reports coloured by their most serious verdict under any of them.
</figcaption></figure>
{_from_compare(pack, shown)}
{_reports(result, pack, shown, rows or verdict_rows(result))}
</section>"""
