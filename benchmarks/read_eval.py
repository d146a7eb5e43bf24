"""Score the news reader on the development set in benchmarks/devset/articles/.

    .venv/bin/python benchmarks/read_eval.py                 # table per theatre + misses/FPs
    .venv/bin/python benchmarks/read_eval.py --only 03 07    # articles whose file name starts so
    .venv/bin/python benchmarks/read_eval.py --write         # also write the RESULTS.md section
    .venv/bin/python benchmarks/read_eval.py --split blind   # the blind set: unseen, never tuned on
    .venv/bin/python benchmarks/read_eval.py --split blind2  # any split named in the files
    .venv/bin/python benchmarks/read_eval.py --split blind3  # third blind set (60-75)
    .venv/bin/python benchmarks/read_eval.py --split blind4  # fourth blind set (76-91)
    .venv/bin/python benchmarks/read_eval.py --split blind5  # fifth blind set (92-111)
    .venv/bin/python benchmarks/read_eval.py --split blind6  # sixth blind set (112-131)
    .venv/bin/python benchmarks/read_eval.py --split blind7  # seventh blind set (132-151)

Each article file (YAML) holds the kept passages of one real news article (`text`), its
`url`, `publisher`, `published` date, `title`, `theatre` and `pack`, and hand-written gold:
`positions` (who was where, when, per whom, at what stated distance, and the expected verdict
where clear) and `clauses` (demands, offers and agreed terms with their status and km).
`split: blind` marks an article kept out of development (gold written before the reader ran on
it); a file without `split` is `dev`. `--split NAME` scores the articles of any split named in
the files (dev by default, blind, blind2, ..., blind7); `--split all` scores every
article with a row per split.

The reader is called as `standoff.read.read_text(text, pack, published=published)`. An
article whose `pack` is null is read without a pack when the reader allows it; otherwise
with the golan pack (the report says which).

Scoring rules: see the docstring of benchmarks/devset_score.py (and benchmarks/README.md):
positions match on compatible actor codes and a place within max(25 km, gold radius) or the
same name; clauses on compatible actors and the same km; dates are right when the predicted
interval lies inside the gold one widened by a day; matching is one-to-one per article.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devset_score import (  # noqa: E402
    DocScore,
    Gold,
    Pred,
    Tally,
    date_ok,
    gold_from_dict,
    match_clauses,
    match_positions,
    tally_details,
    verdict_right,
    why_missed,
)

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "devset" / "articles"
SECTION = "## read: development set (issue 10)"
SECTIONS = {"dev": SECTION, "blind": "## read: blind set, scored by read_eval.py (issue 10)",
            "all": "## read: development and blind sets (issue 10)"}
SPLIT_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")  # "all" is reserved for --split
DETAIL_COLUMNS = ("date stated", "date no own time", "date (all gold)", "attribution",
                  "stated distance", "clause status", "verdict")
_STATUS = {"demand": "demand", "proposal": "proposal", "agreed": "agreed", "negated": "rejected"}


class BadInput(Exception):
    """A development-set file that does not parse; the message names file and field."""


@dataclass
class Article:
    path: Path
    title: str
    url: str
    publisher: str
    published: date
    theatre: str
    pack: str | None
    text: str
    gold: list[Gold]
    split: str = "dev"


def load_article(path: Path) -> Article:
    """One article file; BadInput names the file and the field on any problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise BadInput(f"{path}{line}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: expected a mapping")
    for key in ("title", "url", "publisher", "published", "theatre", "text"):
        if not raw.get(key):
            raise BadInput(f"{path}: field '{key}' is missing")
    if not isinstance(raw["published"], date):
        raise BadInput(f"{path}: field 'published' must be a date (YYYY-MM-DD)")
    split = str(raw.get("split", "dev"))
    if not SPLIT_NAME.fullmatch(split) or split == "all":
        raise BadInput(f"{path}: field 'split' must be a short lower-case name such as dev, "
                       f"blind or blind2 (not 'all'), got {split!r}")
    gold = []
    for kind, key in (("position", "positions"), ("clause", "clauses")):
        for i, item in enumerate(raw.get(key) or []):
            try:
                gold.append(gold_from_dict(item, kind))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                name = item.get("id", "?") if isinstance(item, dict) else "?"
                raise BadInput(f"{path}: {key}[{i}] ({name}): {exc}") from None
    return Article(path, str(raw["title"]), str(raw["url"]), str(raw["publisher"]),
                   raw["published"], str(raw["theatre"]), raw.get("pack", "golan"),
                   str(raw["text"]), gold, split)


def select_split(articles: list[Article], split: str) -> list[Article]:
    """The articles of one split, or all of them for `all`."""
    return [a for a in articles if split in ("all", a.split)]


def section_title(split: str) -> str:
    """The RESULTS.md section of a run over one split (or all)."""
    return SECTIONS.get(split, f"## read: split {split}, scored by read_eval.py (issue 10)")


def pred_from_claim(claim: Any, verdicts: dict[tuple[str, str, str], str] | None = None) -> Pred:
    """The fields of a reader Claim that the scorer compares (and the verdicts of its
    observation, keyed (agreement, clause))."""
    place = claim.place
    names = [n for n in ((place.name, place.text) if place else ()) if n]
    kms: list[float] = []
    feature = claim.feature
    for m in claim.modifiers:
        if m.km is not None:
            kms.append(m.km)
        else:
            kms += [k for k in (m.from_km, m.to_km) if k is not None]
        feature = feature or m.feature
    status = getattr(claim, "status", None) or _STATUS.get(claim.modality, claim.modality)
    when = (claim.time, claim.time_end or claim.time) if claim.time else None
    actors = list(claim.actors) if claim.kind == "clause" and claim.actors else [claim.actor]
    return Pred(id=claim.id, kind=claim.kind, actors=actors, actor_text=claim.actor_text,
                place_names=names, lat=place.lat if place else None,
                lon=place.lon if place else None, feature=feature, time=when, kms=kms,
                status=status, attribution=claim.attribution, quote=claim.quote,
                modality=claim.modality, sentence=claim.sentence,
                verdicts={(a, c): v for (o, a, c), v in (verdicts or {}).items() if o == claim.id})


def _packs(articles: list[Article]) -> tuple[dict[str | None, Any], str]:
    from standoff.packs import load_pack
    from standoff.read import read_text

    packs: dict[str | None, Any] = {}
    for name in sorted({a.pack for a in articles if a.pack}):
        packs[name] = load_pack(name)
    note = "articles without a pack read with pack=None"
    try:
        read_text("Troops were seen in Beirut.", None, published=date(2020, 1, 1))
        packs[None] = None
    except Exception as exc:  # the reader may not take pack=None yet
        packs[None] = packs.get("golan") or load_pack("golan")
        note = f"pack=None not supported by the reader ({type(exc).__name__}): golan pack used"
    return packs, note


def verdicts_of(result: Any, pack: Any) -> dict[tuple[str, str, str], str]:
    """(observation id = claim id, agreement, clause) -> status, from `standoff.check` on the
    observations the reader made; empty without a pack that has agreements."""
    from standoff.engine import check
    from standoff.read import observation_set

    if pack is None or not pack.agreements or not result.observations:
        return {}
    found = check(observation_set(result), pack)
    return {(v.observation_id, v.agreement_id, v.clause_id): v.status for v in found.verdicts}


def run(articles: list[Article]) -> tuple[list[tuple[Article, DocScore, DocScore]], float, str]:
    """Read every article; return its matchings, the total read seconds and the pack note."""
    from standoff.read import read_text

    packs, note = _packs(articles)
    read_text("Warm-up.", packs.get("golan") or next(iter(packs.values())), published=date(2020, 1, 1))
    out, seconds = [], 0.0
    for art in articles:
        t0 = time.perf_counter()
        result = read_text(art.text, packs[art.pack], source=art.path.name, published=art.published)
        seconds += time.perf_counter() - t0
        verdicts = verdicts_of(result, packs[art.pack]) if any(g.verdict for g in art.gold) else {}
        preds = [pred_from_claim(c, verdicts) for c in result.claims]
        out.append((art, match_positions(art.gold, preds), match_clauses(art.gold, preds)))
    return out, seconds, note


def _rate(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def report(scored: list[tuple[Article, DocScore, DocScore]], seconds: float, note: str,
           command: str, section: str = SECTION) -> tuple[str, str]:
    """(summary markdown, misses and false positives markdown)."""
    theatres = sorted({a.theatre for a, _, _ in scored})
    splits = sorted({a.split for a, _, _ in scored})
    groups = [(th, [s for s in scored if s[0].theatre == th]) for th in theatres]
    if len(splits) > 1:
        groups += [(f"split {sp}", [s for s in scored if s[0].split == sp]) for sp in splits]
    rows, details = [], ["### Misses and false positives", ""]
    for th, group in [*groups, ("all", scored)]:
        pos, cla, extra = Tally(), Tally(), Tally()
        for _, p, c in group:
            pos.add(p)
            cla.add(c)
            tally_details(extra, p, c)
        ex = {k: f"{h}/{n} = {h / n:.2f}" for k, (h, n) in extra.extra.items()}
        cells = [th, len(group), pos.tp + pos.fn, _rate(pos.precision), _rate(pos.recall),
                 cla.tp + cla.fn, _rate(cla.precision), _rate(cla.recall),
                 *(ex.get(k, "–") for k in DETAIL_COLUMNS)]
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    for art, p, c in scored:
        lines = []
        for doc in (p, c):
            lines += [f"- MISS {doc.kind} {g.id}: {'/'.join(g.actors)} @ {_where(g)}: "
                      f"{why_missed(g, doc)}{' — ' + g.note if g.note else ''}" for g in doc.misses]
            lines += [f"- FP {doc.kind} {q.id}: {'/'.join(q.actors)} @ "
                      f"{', '.join(dict.fromkeys(q.place_names)) or '-'} «{q.quote[:100]}»"
                      for q in doc.false_pos]
            lines += [f"- DATE {doc.kind} {m.gold.id} ({m.pred.id}): gold {_span(m.gold.time)}"
                      f"{' (no own time)' if m.gold.time_inferred else ''}, read "
                      f"{_span(m.pred.time)}" for m in doc.matches
                      if m.gold.time and not date_ok(m.gold, m.pred)]
            lines += [f"- VERDICT {m.gold.id} ({m.pred.id}): expected {m.gold.verdict[2]} under "
                      f"{m.gold.verdict[0]}/{m.gold.verdict[1]}, got "
                      f"{m.pred.verdicts.get(m.gold.verdict[:2], 'no verdict')}" for m in doc.matches
                      if m.gold.verdict and not verdict_right(m.gold, m.pred)]
        if lines:
            details += [f"**{art.path.stem}** ({art.published})", *lines, ""]
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    head = [
        section, "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} logical cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        f"- load average (1/5/15 min) at the end: {' '.join(load)}",
        f"- command: `{command}` (from the repository root, its src/ first on PYTHONPATH)",
        f"- code: commit {_commit()}",
        f"- articles: {len(scored)}; reading took {seconds:.1f} s in all "
        f"({len(scored) / seconds if seconds else 0:.1f} articles/s, one process, shared machine: "
        f"not a speed figure); {note}",
        "- rules: benchmarks/devset_score.py (place within max(25 km, gold radius) or same name, "
        "same sentence where gold says so; stated dates inside the gold interval ± 1 day, dates with "
        "no own time overlapping it)", "",
        "| theatre | articles | gold pos. | pos. P | pos. R | gold clauses | clause P | clause R | "
        + " | ".join(DETAIL_COLUMNS) + " |",
        "|---|" + "---:|" * (7 + len(DETAIL_COLUMNS)),
        *rows, ""]
    return "\n".join(head), "\n".join(details)


def _commit() -> str:
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def _where(g: Gold) -> str:
    return ", ".join(g.place) or g.feature or "-" + (f" ({g.km:g} km)" if g.km else "")


def _span(t: tuple[date, date] | None) -> str:
    if t is None:
        return "no time"
    return str(t[0]) if t[0] == t[1] else f"{t[0]}..{t[1]}"


def write_results(section: str, path: Path) -> None:
    """Replace (or append) the section of the same title (its first line) in RESULTS.md."""
    title = section.split("\n", 1)[0]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = text.find(title)
    if start >= 0:
        nxt = text.find("\n## ", start + len(title))
        text = text[:start] + section.rstrip() + "\n" + (text[nxt:] if nxt >= 0 else "")
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=ARTICLES, help="folder of article YAML files")
    ap.add_argument("--only", nargs="*", default=[], help="file-name prefixes to keep")
    ap.add_argument("--write", action="store_true", help="write the section into RESULTS.md")
    ap.add_argument("--quiet", action="store_true", help="no list of misses and false positives")
    ap.add_argument("--split", default="dev",
                    help="dev (default), blind (unseen, never tuned on), any other split named "
                         "in the files (e.g. blind2), or all")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.dir.glob("*.yaml") if not args.only
                   or any(p.name.startswith(o) for o in args.only))
    try:
        articles = [load_article(p) for p in files]
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    present = sorted({a.split for a in articles})
    articles = select_split(articles, args.split)
    if not articles:
        print(f"error: {args.dir}: no article files of split {args.split} (splits present: "
              f"{', '.join(present) or 'none'})", file=sys.stderr)
        return 2
    scored, seconds, note = run(articles)
    command = ".venv/bin/python benchmarks/read_eval.py" + (" " + " ".join(argv or sys.argv[1:])).rstrip()
    summary, details = report(scored, seconds, note, command, section_title(args.split))
    print(summary)
    if not args.quiet:
        print(details)
    if args.write:
        write_results(summary, HERE / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
