"""End-to-end geoparsing on LGL and GeoVirus: find the place names, then place them.

Run: .venv/bin/python benchmarks/geoparse.py [--corpus lgl|geovirus|all] [--split all|dev|test]
     [--pack golan] [--limit N] [--write] [--errors N]

Scores `standoff.read.places` (the function behind `standoff read --places`) against the gold
toponyms of the corpora in ../shared/corpora/geoparsing (skips with a message when absent):

- recall: share of gold spans overlapped by a mention the reader found (resolved or not;
  a demonym it lists as a mention of its country, kind 'people', counts);
- places-only recall: the same without demonym gold spans and without 'people' mentions;
- acc@161: share of those found spans placed within 161 km of the gold point (an unresolved
  mention counts as a miss), distances on the WGS84 ellipsoid (pyproj.Geod);
- their product, the median error in km of the found spans, and the share of the reader's
  resolved mentions that overlap a gold span (a lower bound on precision: gold is not exhaustive);
- articles per second of wall time and per CPU second of this process (one process; spaCy
  and the gazetteer loaded before timing).

`--split dev` takes the even-numbered articles of each corpus, `--split test` the odd ones:
thresholds are tuned on dev only, and all three are reported.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyproj import Geod

ROOT = Path(__file__).resolve().parents[1]
#: The corpora; `$STANDOFF_CORPORA` names another folder (a git worktree has no ../shared).
CORPORA = Path(os.environ.get("STANDOFF_CORPORA") or ROOT.parent / "shared" / "corpora" / "geoparsing")
FILES = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}
GEOD = Geod(ellps="WGS84")


@dataclass
class Gold:
    """One gold toponym: character span in the article text, and its point."""

    start: int
    end: int
    lon: float
    lat: float


@dataclass
class Article:
    text: str
    gold: list[Gold]


def load(name: str) -> list[Article]:
    """The articles of one corpus with their gold toponyms (LGL and GeoVirus formats)."""
    root = ET.parse(CORPORA / FILES[name]).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        if name == "lgl":
            for t in art.iter("toponym"):
                g = t.find("gaztag")
                if g is None or g.findtext("lat") is None:
                    continue
                gold.append(Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                                 float(g.findtext("lon") or 0), float(g.findtext("lat") or 0)))
        else:
            for loc in art.iter("location"):
                gold.append(Gold(int(loc.findtext("start") or 0), int(loc.findtext("end") or 0),
                                 float(loc.findtext("lon") or 0), float(loc.findtext("lat") or 0)))
        out.append(Article(text, gold))
    return out


def score(articles: list[Article], pack: object, errors: list[str] | None = None) -> dict[str, float]:
    """Run the reader over the articles and score it against their gold toponyms.

    `errors`, when given, receives one line per found span placed more than 161 km off
    (or not placed), worst first is left to the caller."""
    from standoff.read import read_docs
    from standoff.read.sources import RawDoc

    docs = [RawDoc(f"a{i}", f"a{i}", a.text) for i, a in enumerate(articles)]
    t0, c0 = time.perf_counter(), time.process_time()
    result = read_docs(docs, pack, ner="all")  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    by_doc: dict[str, list] = {}
    for m in result.places:
        by_doc.setdefault(m.document, []).append(m)
    from standoff.read.gazetteer import fold_name
    from standoff.read.toponyms import is_demonym

    n_gold = found = right = predicted = true_pos = n_place = found_place = 0
    errors_km: list[float] = []
    for i, a in enumerate(articles):
        mentions = by_doc.get(f"a{i}", [])
        predicted += sum(m.resolved for m in mentions)
        true_pos += sum(m.resolved and any(m.span[0] < g.end and g.start < m.span[1]
                                           for g in a.gold) for m in mentions)
        for g in a.gold:
            n_gold += 1
            hits = [m for m in mentions if m.span[0] < g.end and g.start < m.span[1]]
            if not is_demonym(fold_name(a.text[g.start:g.end])):
                n_place += 1
                found_place += any(m.kind != "people" for m in hits)
            if not hits:
                continue
            found += 1
            m = next((h for h in hits if h.resolved), None)
            if m is None:
                errors_km.append(float("inf"))
                if errors is not None:
                    errors.append(_error_line(i, a, g, None, float("inf")))
                continue
            km = GEOD.inv(m.lon, m.lat, g.lon, g.lat)[2] / 1000
            errors_km.append(km)
            right += km <= 161
            if errors is not None and km > 161:
                errors.append(_error_line(i, a, g, m, km))
    recall = found / max(n_gold, 1)
    acc = right / max(found, 1)
    return {"articles": len(articles), "gold": n_gold, "recall": recall, "acc161": acc,
            "product": recall * acc, "median_km": statistics.median(errors_km) if errors_km else 0,
            "gold_share": true_pos / max(predicted, 1), "per_s": len(articles) / seconds,
            "place_recall": found_place / max(n_place, 1), "per_cpu_s": len(articles) / cpu}


def _error_line(i: int, a: Article, g: Gold, m: object, km: float) -> str:
    """One misplaced gold span: distance, article, the name in its context, what was chosen."""
    left = a.text[max(0, g.start - 40):g.start].replace("\n", " ")
    right = a.text[g.end:g.end + 30].replace("\n", " ")
    got = "unresolved" if m is None else (f"{m.name} [{m.kind} {m.country}] "  # type: ignore[attr-defined]
                                          f"({m.lat:.2f},{m.lon:.2f}) n={m.candidates}")  # type: ignore[attr-defined]
    return (f"{km:8.0f} km a{i}: ...{left}[[{a.text[g.start:g.end]}]]{right}... -> {got}; "
            f"gold ({g.lat:.2f},{g.lon:.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="all", choices=["all", *FILES])
    ap.add_argument("--split", default="all", choices=["all", "dev", "test", "each"])
    ap.add_argument("--pack", default=None, help="pack id or folder (default: none, world gazetteer)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles of each corpus")
    ap.add_argument("--write", action="store_true", help="write the report into RESULTS.md")
    ap.add_argument("--errors", type=int, default=0,
                    help="print the N worst placements of the dev half (dev only: test stays unseen)")
    args = ap.parse_args()
    if args.errors and args.split != "dev":
        ap.error("--errors needs --split dev (the test half is never inspected)")
    if not CORPORA.is_dir():
        print(f"skipped: {CORPORA} is absent (the geoparsing corpora live in ../shared)")
        return 0
    pack = None
    if args.pack:
        from standoff.packs import load_pack

        pack = load_pack(args.pack)
    from standoff.read import read_text
    from standoff.read.nlp import load_nlp

    t0 = time.perf_counter()
    load_nlp()
    read_text("Warm-up in Paris, France, near Lyon.", pack, ner="all")  # type: ignore[arg-type]
    startup = time.perf_counter() - t0
    names = list(FILES) if args.corpus == "all" else [args.corpus]
    splits = ["all", "dev", "test"] if args.split == "each" else [args.split]
    rows = []
    for name in names:
        arts = load(name)
        for split in splits:
            part = arts if split == "all" else arts[split == "test"::2]
            if args.limit:
                part = part[:args.limit]
            errors: list[str] | None = [] if args.errors else None
            r = score(part, pack, errors)
            rows.append((name, split, r))
            for line in sorted(errors or [], key=lambda x: -float(x.split()[0]))[:args.errors]:
                print(f"{name} {line}", file=sys.stderr)
            print(f"{name:9s} {split:4s} n={r['articles']:4.0f} gold={r['gold']:5.0f} "
                  f"recall={r['recall']:.3f} acc@161={r['acc161']:.3f} product={r['product']:.3f} "
                  f"median={r['median_km']:.1f} km gold-share={r['gold_share']:.3f} "
                  f"places-only={r['place_recall']:.3f} "
                  f"{r['per_s']:.1f} art/s {r['per_cpu_s']:.1f} art/CPU s", file=sys.stderr)
    report = _report(rows, args, startup)
    print(report)
    if args.write:
        _write(report)
    return 0


def _report(rows: list, args: argparse.Namespace, startup: float) -> str:
    load1, load5, _ = os.getloadavg()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cmd = " ".join(["benchmarks/geoparse.py", *sys.argv[1:]])
    lines = [
        "## geoparse: LGL and GeoVirus end to end (issue 10)", "",
        f"- date: {when}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load1:.2f} / {load5:.2f}",
        f"- command: `.venv/bin/python {cmd}`; pack: {args.pack or 'none (world gazetteer)'}",
        f"- start-up (spaCy, gazetteer index, warm-up): {startup:.1f} s",
        "- recall: gold spans overlapped by a found mention; acc@161: found spans within 161 km "
        "(pyproj.Geod); gold share: resolved mentions overlapping a gold span; places-only recall: "
        "without demonym gold spans and without the reader's demonym ('people') mentions", "",
        "| corpus | split | articles | gold | recall | acc@161 | product | median km | gold share "
        "| places-only recall | articles/s | per CPU s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, split, r in rows:
        lines.append(f"| {name} | {split} | {r['articles']} | {r['gold']} | {r['recall']:.3f} | "
                     f"{r['acc161']:.3f} | {r['product']:.3f} | {r['median_km']:.1f} | "
                     f"{r['gold_share']:.3f} | {r['place_recall']:.3f} | {r['per_s']:.1f} | "
                     f"{r['per_cpu_s']:.1f} |")
    return "\n".join(lines) + "\n"


def _write(report: str) -> None:
    path = Path(__file__).parent / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    title = report.splitlines()[0]
    if title in text:  # replace the old figures up to the end of their table; notes stay
        head, _, rest = text.partition(title)
        table = rest.find("\n|")
        end = rest.find("\n\n", table) if table >= 0 else -1
        text = head + report + (rest[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
